/**
 * Label selectors: `labels.Requirement`, `labels.Selector` and `metav1.LabelSelectorAsSelector`.
 *
 * Ports of staging/src/k8s.io/apimachinery/pkg/labels/selector.go (NewRequirement,
 * Requirement.Matches, SelectorFromSet, Everything, Nothing) and
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector) of
 * Kubernetes 1.28. Internal module.
 */
import { aggregateString, childPath, FieldError, fieldErrorString, indexPath, invalid, keyPath, notSupported } from './field-errors';
import { LabelSelector, Labels } from './types';
import { isQualifiedName, isValidLabelValue } from '../util/validation';

/** `selection.Operator` values (Go's spelling). */
export enum SelectionOperator {
  DOES_NOT_EXIST = '!',
  EQUALS = '=',
  DOUBLE_EQUALS = '==',
  IN = 'in',
  NOT_EQUALS = '!=',
  NOT_IN = 'notin',
  EXISTS = 'exists',
  GREATER_THAN = 'gt',
  LESS_THAN = 'lt',
}

/** `validRequirementOperators`, in Go's order. */
export const VALID_REQUIREMENT_OPERATORS: readonly string[] = [
  SelectionOperator.IN, SelectionOperator.NOT_IN,
  SelectionOperator.EQUALS, SelectionOperator.DOUBLE_EQUALS, SelectionOperator.NOT_EQUALS,
  SelectionOperator.EXISTS, SelectionOperator.DOES_NOT_EXIST,
  SelectionOperator.GREATER_THAN, SelectionOperator.LESS_THAN,
];

/** A parsed `labels.Requirement`. */
export interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** Thrown when a label selector cannot be built; `errors` are Go's field errors. */
export class LabelSelectorError extends Error {
  public readonly errors: FieldError[];
  constructor(message: string, errors: FieldError[]) {
    super(message);
    this.name = 'LabelSelectorError';
    this.errors = errors;
  }
}

/** The result of `labels.NewRequirement`: the requirement and Go's errors (empty when valid). */
export interface RequirementResult {
  readonly requirement: Requirement;
  readonly errors: FieldError[];
}

const INT64_RE = /^[+-]?[0-9]+$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** `strconv.ParseInt(s, 10, 64)`: undefined when Go returns an error. */
export function parseInt64(s: string): bigint | undefined {
  if (!INT64_RE.test(s)) return undefined;
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX) return undefined;
  return v;
}

/**
 * `labels.NewRequirement(key, op, vals, field.WithPath(path))`: checks the key is a qualified
 * name, the value count suits the operator, Gt/Lt values are int64, and every value is a valid
 * label value. All errors are collected.
 */
export function newRequirement(key: string, op: string, values: readonly string[] | undefined, path = ''): RequirementResult {
  const errors: FieldError[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) {
    errors.push(invalid(childPath(path, 'key'), { kind: 'string', value: key }, keyErrs.join('; ')));
  }
  const vals = values ?? [];
  const valuePath = childPath(path, 'values');
  const badVals = { kind: 'strings' as const, value: values === undefined ? undefined : [...values] };
  switch (op) {
    case SelectionOperator.IN:
    case SelectionOperator.NOT_IN:
      if (vals.length === 0) {
        errors.push(invalid(valuePath, badVals, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case SelectionOperator.EQUALS:
    case SelectionOperator.DOUBLE_EQUALS:
    case SelectionOperator.NOT_EQUALS:
      if (vals.length !== 1) {
        errors.push(invalid(valuePath, badVals, 'exact-match compatibility requires one single value'));
      }
      break;
    case SelectionOperator.EXISTS:
    case SelectionOperator.DOES_NOT_EXIST:
      if (vals.length !== 0) {
        errors.push(invalid(valuePath, badVals, 'values set must be empty for exists and does not exist'));
      }
      break;
    case SelectionOperator.GREATER_THAN:
    case SelectionOperator.LESS_THAN:
      if (vals.length !== 1) {
        errors.push(invalid(valuePath, badVals, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errors.push(invalid(indexPath(valuePath, i), { kind: 'string', value: v }, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
    default:
      errors.push(notSupported(childPath(path, 'operator'), op, VALID_REQUIREMENT_OPERATORS));
  }
  vals.forEach((v, i) => {
    const valErrs = isValidLabelValue(v);
    if (valErrs.length > 0) {
      errors.push(invalid(keyPath(indexPath(valuePath, i), key), { kind: 'string', value: v }, valErrs.join('; ')));
    }
  });
  return { requirement: { key, operator: op, values: [...vals] }, errors };
}

/** `Requirement.Matches(labels)`. */
export function requirementMatches(r: Requirement, labels: Labels | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case SelectionOperator.IN:
    case SelectionOperator.EQUALS:
    case SelectionOperator.DOUBLE_EQUALS:
      return has && r.values.includes(String(labels![r.key]));
    case SelectionOperator.NOT_IN:
    case SelectionOperator.NOT_EQUALS:
      return !has || !r.values.includes(String(labels![r.key]));
    case SelectionOperator.EXISTS:
      return has;
    case SelectionOperator.DOES_NOT_EXIST:
      return !has;
    case SelectionOperator.GREATER_THAN:
    case SelectionOperator.LESS_THAN: {
      if (!has) return false;
      const lv = parseInt64(String(labels![r.key]));
      if (lv === undefined || r.values.length !== 1) return false;
      const rv = parseInt64(r.values[0]);
      if (rv === undefined) return false;
      return r.operator === SelectionOperator.GREATER_THAN ? lv > rv : lv < rv;
    }
    default:
      return false;
  }
}

const OPERATOR_TEXT: Record<string, string> = {
  [SelectionOperator.EQUALS]: '=',
  [SelectionOperator.DOUBLE_EQUALS]: '==',
  [SelectionOperator.NOT_EQUALS]: '!=',
  [SelectionOperator.IN]: ' in ',
  [SelectionOperator.NOT_IN]: ' notin ',
  [SelectionOperator.GREATER_THAN]: '>',
  [SelectionOperator.LESS_THAN]: '<',
};

/** `Requirement.String()`: e.g. `x in (a,b)`, `!y`, `z>1`; several values are printed sorted. */
export function requirementString(r: Requirement): string {
  let s = r.operator === SelectionOperator.DOES_NOT_EXIST ? `!${r.key}` : r.key;
  if (r.operator === SelectionOperator.EXISTS || r.operator === SelectionOperator.DOES_NOT_EXIST) return s;
  s += OPERATOR_TEXT[r.operator] ?? '';
  const inSet = r.operator === SelectionOperator.IN || r.operator === SelectionOperator.NOT_IN;
  if (inSet) s += '(';
  s += r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  if (inSet) s += ')';
  return s;
}

/** `Selector.String()`: the requirements joined by commas ('' for Everything and Nothing). */
export function selectorString(sel: Selector): string {
  return sel.requirements.map(requirementString).join(',');
}

/** A compiled `labels.Selector`. */
export interface Selector {
  /** `Selector.Empty()`: true for Everything (no requirements); false for Nothing. */
  readonly empty: boolean;
  /** The requirements (empty for Everything and Nothing). */
  readonly requirements: readonly Requirement[];
  /** `Selector.Matches`. */
  matches(labels: Labels | undefined): boolean;
}

/** `labels.Everything()`. */
export const EVERYTHING: Selector = { matches: () => true, empty: true, requirements: [] };
/** `labels.Nothing()`. */
export const NOTHING: Selector = { matches: () => false, empty: false, requirements: [] };

/** A selector ANDing `requirements`, sorted by key as `internalSelector.Add` does. */
export function selectorOf(requirements: readonly Requirement[]): Selector {
  if (requirements.length === 0) return EVERYTHING;
  const reqs = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    matches: (labels) => {
      for (const r of reqs) if (!requirementMatches(r, labels)) return false;
      return true;
    },
    empty: false,
    requirements: reqs,
  };
}

/** `labels.SelectorFromSet` / `SelectorFromValidatedSet`: every entry must be present with that value (no validation). */
export function selectorFromSet(set: Labels | undefined): Selector {
  if (set === undefined || set === null) return EVERYTHING;
  const keys = Object.keys(set);
  if (keys.length === 0) return EVERYTHING;
  return selectorOf(keys.map((k) => ({ key: k, operator: SelectionOperator.EQUALS, values: [String(set[k])] })));
}

/** Go's LabelSelectorOperator → selection.Operator mapping. */
const LABEL_SELECTOR_OPS: Record<string, string> = {
  In: SelectionOperator.IN,
  NotIn: SelectionOperator.NOT_IN,
  Exists: SelectionOperator.EXISTS,
  DoesNotExist: SelectionOperator.DOES_NOT_EXIST,
};

/**
 * `metav1.LabelSelectorAsSelector`: nil selects nothing, `{}` selects everything, otherwise
 * matchLabels (Equals) AND matchExpressions (In/NotIn/Exists/DoesNotExist only).
 * @throws LabelSelectorError with Go's message for an invalid selector
 */
export function labelSelectorAsSelector(ps: LabelSelector | undefined | null): Selector {
  if (ps === undefined || ps === null) return NOTHING;
  const matchLabels = ps.matchLabels ?? {};
  const matchExpressions = ps.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels);
  if (labelKeys.length + matchExpressions.length === 0) return EVERYTHING;
  const requirements: Requirement[] = [];
  // Go ranges over a map here (random order) and returns the first error; sort for determinism.
  for (const k of [...labelKeys].sort()) {
    const r = newRequirement(k, SelectionOperator.EQUALS, [String(matchLabels[k])]);
    if (r.errors.length > 0) throw new LabelSelectorError(aggregateString(r.errors.map(fieldErrorString)), r.errors);
    requirements.push(r.requirement);
  }
  for (const expr of matchExpressions) {
    const op = LABEL_SELECTOR_OPS[expr.operator];
    if (op === undefined) {
      throw new LabelSelectorError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`, []);
    }
    const vals = expr.values && expr.values.length > 0 ? expr.values.map(String) : undefined;
    const r = newRequirement(expr.key, op, vals);
    if (r.errors.length > 0) throw new LabelSelectorError(aggregateString(r.errors.map(fieldErrorString)), r.errors);
    requirements.push(r.requirement);
  }
  return selectorOf(requirements);
}

/**
 * Compiles a `metav1.LabelSelector` once into a matcher.
 * @throws LabelSelectorError for an invalid selector
 */
export function compileLabelSelector(sel: LabelSelector | undefined | null): (labels: Labels | undefined) => boolean {
  const s = labelSelectorAsSelector(sel);
  return (labels) => s.matches(labels);
}
