import {
  compileLabelSelector, EVERYTHING, LabelSelectorError, labelSelectorAsSelector, newRequirement, NOTHING,
  Requirement, requirementMatches, SelectionOperator, selectorOf, selectorString,
} from '../../src/placement/labels';
import { LabelSelector } from '../../src/placement/types';

/** `field.Error` without Detail, as the upstream test compares them (`ignoreDetail`). */
type WantError = { type: 'FieldValueInvalid' | 'FieldValueNotSupported'; field: string; badValue: string | string[] };

const a254 = 'a'.repeat(254);
const requirementConstructorTests: Array<{ key: string; op: string; vals?: string[]; wantErr?: WantError[] }> = [
  { key: 'x1', op: SelectionOperator.IN, wantErr: [{ type: 'FieldValueInvalid', field: 'values', badValue: [] }] },
  { key: 'x2', op: SelectionOperator.NOT_IN, vals: [], wantErr: [{ type: 'FieldValueInvalid', field: 'values', badValue: [] }] },
  { key: 'x3', op: SelectionOperator.IN, vals: ['foo'] },
  { key: 'x4', op: SelectionOperator.NOT_IN, vals: ['foo'] },
  { key: 'x5', op: SelectionOperator.EQUALS, vals: ['bar', 'foo'], wantErr: [{ type: 'FieldValueInvalid', field: 'values', badValue: ['bar', 'foo'] }] },
  { key: 'x6', op: SelectionOperator.EXISTS },
  { key: 'x7', op: SelectionOperator.DOES_NOT_EXIST },
  { key: 'x8', op: SelectionOperator.EXISTS, vals: ['foo'], wantErr: [{ type: 'FieldValueInvalid', field: 'values', badValue: ['foo'] }] },
  { key: 'x9', op: SelectionOperator.IN, vals: ['bar'] },
  { key: 'x10', op: SelectionOperator.IN, vals: ['bar'] },
  { key: 'x11', op: SelectionOperator.GREATER_THAN, vals: ['1'] },
  { key: 'x12', op: SelectionOperator.LESS_THAN, vals: ['6'] },
  { key: 'x13', op: SelectionOperator.GREATER_THAN, wantErr: [{ type: 'FieldValueInvalid', field: 'values', badValue: [] }] },
  { key: 'x14', op: SelectionOperator.GREATER_THAN, vals: ['bar'], wantErr: [{ type: 'FieldValueInvalid', field: 'values[0]', badValue: 'bar' }] },
  { key: 'x15', op: SelectionOperator.LESS_THAN, vals: ['bar'], wantErr: [{ type: 'FieldValueInvalid', field: 'values[0]', badValue: 'bar' }] },
  { key: a254, op: SelectionOperator.EXISTS, wantErr: [{ type: 'FieldValueInvalid', field: 'key', badValue: a254 }] },
  { key: 'x16', op: SelectionOperator.EQUALS, vals: [a254], wantErr: [{ type: 'FieldValueInvalid', field: 'values[0][x16]', badValue: a254 }] },
  { key: 'x17', op: SelectionOperator.EQUALS, vals: ['a b'], wantErr: [{ type: 'FieldValueInvalid', field: 'values[0][x17]', badValue: 'a b' }] },
  { key: 'x18', op: 'unsupportedOp', wantErr: [{ type: 'FieldValueNotSupported', field: 'operator', badValue: 'unsupportedOp' }] },
];

describe('TestRequirementConstructor (staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go)', () => {
  test('has all 19 upstream cases', () => expect(requirementConstructorTests).toHaveLength(19));
  test.each(requirementConstructorTests.map((c) => [c.key.length > 20 ? `${c.key.slice(0, 8)}…(${c.key.length})` : c.key, c] as const))('%s', (_k, c) => {
    // sets.String.List() is sorted; absent values are an empty set.
    const { errors } = newRequirement(c.key, c.op, [...(c.vals ?? [])].sort());
    expect(errors.map((e) => ({ type: e.type, field: e.field, badValue: e.badValue.value ?? [] }))).toEqual(c.wantErr ?? []);
  });
});

function req(key: string, op: string, vals?: string[]): Requirement {
  const r = newRequirement(key, op, vals ? [...vals].sort() : undefined);
  expect(r.errors).toEqual([]);
  return r.requirement;
}

describe('TestRequirementSelectorMatching (staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go)', () => {
  const cases: Array<[string, Record<string, string>, () => Requirement[], boolean]> = [
    ['zero requirement', { x: 'foo', y: 'baz' }, () => [{ key: '', operator: '', values: [] }], false],
    ['x in (foo), y notin (alpha)', { x: 'foo', y: 'baz' }, () => [req('x', SelectionOperator.IN, ['foo']), req('y', SelectionOperator.NOT_IN, ['alpha'])], true],
    ['x in (foo), y in (alpha)', { x: 'foo', y: 'baz' }, () => [req('x', SelectionOperator.IN, ['foo']), req('y', SelectionOperator.IN, ['alpha'])], false],
    ['x notin (""), y', { y: '' }, () => [req('x', SelectionOperator.NOT_IN, ['']), req('y', SelectionOperator.EXISTS)], true],
    ['!x, y', { y: '' }, () => [req('x', SelectionOperator.DOES_NOT_EXIST), req('y', SelectionOperator.EXISTS)], true],
    ['x notin (""), !y', { y: '' }, () => [req('x', SelectionOperator.NOT_IN, ['']), req('y', SelectionOperator.DOES_NOT_EXIST)], false],
    ['x in ("")', { y: 'baz' }, () => [req('x', SelectionOperator.IN, [''])], false],
    ['z>1 on z=2', { z: '2' }, () => [req('z', SelectionOperator.GREATER_THAN, ['1'])], true],
    ['z>1 on z=v2', { z: 'v2' }, () => [req('z', SelectionOperator.GREATER_THAN, ['1'])], false],
  ];
  test.each(cases)('%s', (_name, set, reqs, match) => {
    // internalSelector{...} literal: requirements used as given.
    const rs = reqs();
    expect(rs.every((r) => requirementMatches(r, set))).toBe(match);
  });
});

describe('TestLabelSelectorAsSelector (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers_test.go)', () => {
  const matchLabels = { foo: 'bar' };
  const matchExpressions = [{ key: 'baz', operator: 'In', values: ['qux', 'norf'] }];
  const cases: Array<[string, LabelSelector | undefined, string | undefined]> = [
    ['nil', undefined, ''],
    ['empty', {}, ''],
    ['matchLabels', { matchLabels }, 'foo=bar'],
    ['matchExpressions', { matchExpressions }, 'baz in (norf,qux)'],
    ['both', { matchLabels, matchExpressions }, 'baz in (norf,qux),foo=bar'],
    ['Exists with values', { matchExpressions: [{ key: 'baz', operator: 'Exists', values: ['qux', 'norf'] }] }, undefined],
  ];
  test.each(cases)('%s', (_name, input, out) => {
    const before = JSON.stringify(input);
    if (out === undefined) {
      expect(() => labelSelectorAsSelector(input)).toThrow(LabelSelectorError);
    } else {
      expect(selectorString(labelSelectorAsSelector(input))).toBe(out);
    }
    expect(JSON.stringify(input)).toBe(before);
  });
  test('nil selects nothing, {} selects everything', () => {
    expect(labelSelectorAsSelector(undefined)).toBe(NOTHING);
    expect(labelSelectorAsSelector({})).toBe(EVERYTHING);
    expect(compileLabelSelector(undefined)({ a: 'b' })).toBe(false);
    expect(compileLabelSelector({})({})).toBe(true);
  });
  test('invalid selectors throw with Go\'s messages', () => {
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }))
      .toThrow('"Gt" is not a valid label selector operator');
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }))
      .toThrow("values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
    expect(() => labelSelectorAsSelector({ matchLabels: { 'bad key!': 'x' } })).toThrow(/^key: Invalid value: "bad key!": name part must consist of/);
  });
  test('matchExpressions NotIn matches a missing key; requirements are ANDed', () => {
    const m = compileLabelSelector({ matchLabels: { app: 'a' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] });
    expect(m({ app: 'a' })).toBe(true);
    expect(m({ app: 'a', tier: 'x' })).toBe(false);
    expect(m({ app: 'b' })).toBe(false);
  });
  test('selectorOf sorts by key', () => {
    expect(selectorString(selectorOf([req('b', SelectionOperator.EXISTS), req('a', SelectionOperator.DOES_NOT_EXIST)]))).toBe('!a,b');
  });
});
