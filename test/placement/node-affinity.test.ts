import helperTables from './k8s-tables/corev1_helpers_test.json';
import tables from './k8s-tables/nodeaffinity_test.json';
import { aggregateString, fieldErrorString } from '../../src/placement/field-errors';
import { selectorString } from '../../src/placement/labels';
import {
  getRequiredNodeAffinity, LazyErrorNodeSelector, matchNodeSelectorTerms, newNodeSelector, nodeSelectorRequirementsAsSelector,
} from '../../src/placement/node-affinity';
import { Node, NodeSelector, NodeSelectorRequirement, Pod } from '../../src/placement/types';

/** The upstream tests ignore field.Error's BadValue: blank it on both sides. */
function ignoreBadValue(msg: string): string {
  return msg.replace(/(Invalid value|Unsupported value): ("(?:[^"\\]|\\.)*"|\[\]string(?:\{[^}]*\}|\(nil\))|null)/g, '$1: <bad value>');
}

interface SelectorMatchCase { name: string; nodeSelector: NodeSelector; node?: Node; wantMatch?: boolean; wantErr?: string }

describe(`TestNodeSelectorMatch (${tables.TestNodeSelectorMatch.source})`, () => {
  const cases = tables.TestNodeSelectorMatch.cases as unknown as SelectorMatchCase[];
  test('has all 5 upstream cases', () => expect(cases).toHaveLength(5));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.wantErr) {
      expect(() => newNodeSelector(c.nodeSelector)).toThrow();
      try {
        newNodeSelector(c.nodeSelector);
      } catch (e) {
        expect(ignoreBadValue((e as Error).message)).toBe(ignoreBadValue(c.wantErr));
      }
      return;
    }
    expect(newNodeSelector(c.nodeSelector).match(c.node).match).toBe(c.wantMatch ?? false);
  });
});

interface AsSelectorCase { index: number; in?: NodeSelectorRequirement[]; out?: string; wantErr?: string }

describe(`TestNodeSelectorRequirementsAsSelector (${tables.TestNodeSelectorRequirementsAsSelector.source})`, () => {
  const cases = tables.TestNodeSelectorRequirementsAsSelector.cases as unknown as AsSelectorCase[];
  test('has all 7 upstream cases', () => expect(cases).toHaveLength(7));
  test.each(cases.map((c) => [c.index, c] as const))('case %d', (_i, c) => {
    const r = nodeSelectorRequirementsAsSelector(c.in, 'root');
    if (c.wantErr) {
      expect(r.selector).toBeUndefined();
      expect(ignoreBadValue(aggregateString(r.errors.map(fieldErrorString)))).toBe(ignoreBadValue(c.wantErr));
    } else {
      expect(r.errors).toEqual([]);
      expect(selectorString(r.selector!)).toBe(c.out);
    }
  });
});

interface PodMatchCase { name: string; pod: Pod; nodeName?: string; labels?: Record<string, string>; want?: boolean }

describe(`TestPodMatchesNodeSelectorAndAffinityTerms (${tables.TestPodMatchesNodeSelectorAndAffinityTerms.source})`, () => {
  const cases = tables.TestPodMatchesNodeSelectorAndAffinityTerms.cases as unknown as PodMatchCase[];
  test('has all 27 upstream cases', () => expect(cases).toHaveLength(27));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const node: Node = { metadata: { name: c.nodeName ?? '', labels: c.labels } };
    expect(getRequiredNodeAffinity(c.pod).match(node).match).toBe(c.want ?? false);
  });
});

interface TermsCase { name: string; node?: Node; nodeSelector?: NodeSelector; want?: boolean }

describe(`TestMatchNodeSelectorTerms (${helperTables.TestMatchNodeSelectorTerms.source})`, () => {
  const cases = helperTables.TestMatchNodeSelectorTerms.cases as unknown as TermsCase[];
  test('has all 10 upstream cases', () => expect(cases).toHaveLength(10));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(matchNodeSelectorTerms(c.node, c.nodeSelector)).toBe(c.want ?? false);
  });
});

describe('node affinity details (component-helpers nodeaffinity.go)', () => {
  const node: Node = { metadata: { name: 'n1', labels: { size: '007', zone: 'a', empty: '' } } };
  const affinity = (...terms: any[]): Pod => ({ metadata: {}, spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } });
  test.each([
    ['Gt parses the label with ParseInt (007 > 5)', affinity({ matchExpressions: [{ key: 'size', operator: 'Gt', values: ['5'] }] }), true],
    ['Lt is strict', affinity({ matchExpressions: [{ key: 'size', operator: 'Lt', values: ['7'] }] }), false],
    ['a negative Gt value is not a valid label value: the term never matches', affinity({ matchExpressions: [{ key: 'size', operator: 'Gt', values: ['-1'] }] }), false],
    ['a "+4" Gt value is not a valid label value either', affinity({ matchExpressions: [{ key: 'size', operator: 'Gt', values: ['+4'] }] }), false],
    ['a non-integer Gt value is a parse error: no match', affinity({ matchExpressions: [{ key: 'size', operator: 'Gt', values: ['abc'] }] }), false],
    ['a bad term does not stop another term from matching', affinity({ matchExpressions: [{ key: 'size', operator: 'Gt', values: ['abc'] }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }), true],
    ['an empty term matches nothing', affinity({}), false],
    ['empty nodeSelectorTerms match nothing', affinity(), false],
    ['NotIn matches a missing label', affinity({ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['x'] }] }), true],
    ['matchFields on another field reads ""', affinity({ matchFields: [{ key: 'metadata.namespace', operator: 'In', values: [''] }] }), true],
    ['matchFields In needs exactly one value', affinity({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1', 'n2'] }] }), false],
    ['an unknown operator is a parse error', affinity({ matchExpressions: [{ key: 'zone', operator: 'Foo', values: ['a'] }] }), false],
    ['nodeSelector {k: ""} needs the label present and empty', { metadata: {}, spec: { containers: [], nodeSelector: { empty: '' } } }, true],
    ['nodeSelector {k: ""} does not match a missing label', { metadata: {}, spec: { containers: [], nodeSelector: { missing: '' } } }, false],
  ] as Array<[string, Pod, boolean]>)('%s', (_name, pod, want) => {
    expect(getRequiredNodeAffinity(pod).match(node).match).toBe(want);
  });
  test('parse errors are reported only when no term matched', () => {
    const sel = new LazyErrorNodeSelector({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'size', operator: 'Gt', values: ['abc'] }] }] });
    expect(sel.match(node)).toEqual({
      match: false,
      errors: ["nodeSelectorTerms[0].matchExpressions[0].values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' operators, the value must be an integer"],
    });
  });
  test('matchFields are skipped for a node without a name', () => {
    const sel = new LazyErrorNodeSelector({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['x'] }] }] });
    expect(sel.match({ metadata: {} }).match).toBe(true);
  });
});
