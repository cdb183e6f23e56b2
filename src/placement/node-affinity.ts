/**
 * Required node affinity: `nodeaffinity.GetRequiredNodeAffinity`, `LazyErrorNodeSelector`,
 * `NodeSelector`, and `corev1.MatchNodeSelectorTerms`.
 *
 * Ports of staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go
 * and staging/src/k8s.io/component-helpers/scheduling/corev1/helpers.go (MatchNodeSelectorTerms)
 * of Kubernetes 1.28. Terms are ORed; within a term, matchExpressions (a label selector) AND
 * matchFields (only `metadata.name` has a value); an empty term matches nothing; a term that
 * fails to parse does not match (the error is reported only when no term matched, and callers
 * ignore it). Compile once, match per node. Internal module.
 */
import { aggregateString, childPath, FieldError, fieldErrorString, indexPath, invalid, notSupported } from './field-errors';
import { newRequirement, NOTHING, Requirement, SelectionOperator, Selector, selectorFromSet, selectorOf } from './labels';
import { Labels, Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from './types';

/** `metav1.ObjectNameField`. */
export const OBJECT_NAME_FIELD = 'metadata.name';

/** `validSelectorOperators` of nodeaffinity.go. */
export const VALID_SELECTOR_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
/** `validFieldSelectorOperators` of nodeaffinity.go. */
export const VALID_FIELD_SELECTOR_OPERATORS: readonly string[] = ['In', 'NotIn'];

const NODE_OP_TO_SELECTION: Record<string, string> = {
  In: SelectionOperator.IN,
  NotIn: SelectionOperator.NOT_IN,
  Exists: SelectionOperator.EXISTS,
  DoesNotExist: SelectionOperator.DOES_NOT_EXIST,
  Gt: SelectionOperator.GREATER_THAN,
  Lt: SelectionOperator.LESS_THAN,
};

/** The fields a node exposes to matchFields (`extractNodeFields`). */
export type NodeFields = Record<string, string>;

/** `extractNodeFields`: `metadata.name` when the name is non-empty. */
export function extractNodeFields(node: Node): NodeFields {
  const name = node.metadata?.name;
  return name ? { [OBJECT_NAME_FIELD]: name } : {};
}

/** `nodeSelectorRequirementsAsSelector`: a label selector, or the parse errors. */
export function nodeSelectorRequirementsAsSelector(
  nsm: readonly NodeSelectorRequirement[] | undefined,
  path = '',
): { selector?: Selector; errors: FieldError[] } {
  if (!nsm || nsm.length === 0) return { selector: NOTHING, errors: [] };
  const errors: FieldError[] = [];
  const reqs: Requirement[] = [];
  nsm.forEach((expr, i) => {
    const p = indexPath(path, i);
    const op = NODE_OP_TO_SELECTION[expr.operator];
    if (op === undefined) {
      errors.push(notSupported(childPath(p, 'operator'), String(expr.operator), VALID_SELECTOR_OPERATORS));
      return;
    }
    const vals = expr.values === undefined || expr.values === null ? undefined : expr.values.map(String);
    const r = newRequirement(String(expr.key ?? ''), op, vals, p);
    if (r.errors.length > 0) errors.push(...r.errors);
    else reqs.push(r.requirement);
  });
  if (errors.length > 0) return { errors };
  return { selector: selectorOf(reqs), errors: [] };
}

/** A parsed field selector: ANDed `key == value` / `key != value` terms. */
export interface FieldSelector {
  matches(fields: NodeFields): boolean;
}

/** `fields.Nothing()`. */
const FIELDS_NOTHING: FieldSelector = { matches: () => false };

/** `nodeSelectorRequirementsAsFieldSelector`: In/NotIn with exactly one value each. */
export function nodeSelectorRequirementsAsFieldSelector(
  nsr: readonly NodeSelectorRequirement[] | undefined,
  path = '',
): { selector?: FieldSelector; errors: FieldError[] } {
  if (!nsr || nsr.length === 0) return { selector: FIELDS_NOTHING, errors: [] };
  const errors: FieldError[] = [];
  const terms: Array<{ key: string; value: string; equal: boolean }> = [];
  nsr.forEach((expr, i) => {
    const p = indexPath(path, i);
    const values = expr.values === undefined || expr.values === null ? undefined : expr.values.map(String);
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (!values || values.length !== 1) {
        errors.push(invalid(childPath(p, 'values'), { kind: 'strings', value: values }, 'must have one element'));
      } else {
        terms.push({ key: String(expr.key ?? ''), value: values[0], equal: expr.operator === 'In' });
      }
    } else {
      errors.push(notSupported(childPath(p, 'operator'), String(expr.operator), VALID_FIELD_SELECTOR_OPERATORS));
    }
  });
  if (errors.length > 0) return { errors };
  return {
    selector: {
      matches: (fields) => {
        for (const t of terms) {
          const v = fields[t.key] ?? '';
          if (t.equal ? v !== t.value : v === t.value) return false;
        }
        return true;
      },
    },
    errors: [],
  };
}

/** `isEmptyNodeSelectorTerm`. */
export function isEmptyNodeSelectorTerm(term: NodeSelectorTerm | undefined | null): boolean {
  return !term || ((term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0);
}

interface ParsedTerm {
  matchLabels?: Selector;
  matchFields?: FieldSelector;
  parseErrors: FieldError[];
}

function newNodeSelectorTerm(term: NodeSelectorTerm, path: string): ParsedTerm {
  const parsed: ParsedTerm = { parseErrors: [] };
  if ((term.matchExpressions ?? []).length !== 0) {
    const r = nodeSelectorRequirementsAsSelector(term.matchExpressions, childPath(path, 'matchExpressions'));
    parsed.matchLabels = r.selector;
    parsed.parseErrors.push(...r.errors);
  }
  if ((term.matchFields ?? []).length !== 0) {
    const r = nodeSelectorRequirementsAsFieldSelector(term.matchFields, childPath(path, 'matchFields'));
    parsed.matchFields = r.selector;
    parsed.parseErrors.push(...r.errors);
  }
  return parsed;
}

function termMatches(t: ParsedTerm, labels: Labels | undefined, fields: NodeFields): { match: boolean; errors: FieldError[] } {
  if (t.parseErrors.length > 0) return { match: false, errors: t.parseErrors };
  if (t.matchLabels && !t.matchLabels.matches(labels ?? {})) return { match: false, errors: [] };
  if (t.matchFields && Object.keys(fields).length > 0 && !t.matchFields.matches(fields)) return { match: false, errors: [] };
  return { match: true, errors: [] };
}

/** The result of matching a node: `errors` (Go's messages) only when no term matched. */
export interface MatchResult {
  readonly match: boolean;
  readonly errors: string[];
}

/**
 * `LazyErrorNodeSelector`: parse errors are kept per term and surface only when no other
 * term matches.
 */
export class LazyErrorNodeSelector {
  private readonly terms: ParsedTerm[];

  constructor(ns: NodeSelector | undefined, path = '') {
    const p = childPath(path, 'nodeSelectorTerms');
    this.terms = [];
    (ns?.nodeSelectorTerms ?? []).forEach((term, i) => {
      if (isEmptyNodeSelectorTerm(term)) return;
      this.terms.push(newNodeSelectorTerm(term, indexPath(p, i)));
    });
  }

  /** `Match(node)`. */
  public match(node: Node | undefined | null): MatchResult {
    if (!node) return { match: false, errors: [] };
    return this.matchLabelsAndFields(node.metadata?.labels, extractNodeFields(node));
  }

  /** Matches given labels and fields (what `Match` extracts from a node). */
  public matchLabelsAndFields(labels: Labels | undefined, fields: NodeFields): MatchResult {
    const errs: FieldError[] = [];
    for (const t of this.terms) {
      const r = termMatches(t, labels, fields);
      if (r.errors.length > 0) {
        errs.push(...r.errors);
        continue;
      }
      if (r.match) return { match: true, errors: [] };
    }
    return { match: false, errors: errs.map(fieldErrorString) };
  }
}

/**
 * `nodeaffinity.NodeSelector` (`NewNodeSelector`): fails on the first parse error instead of
 * deferring it.
 * @throws Error with Go's aggregated message when a term cannot be parsed
 */
export function newNodeSelector(ns: NodeSelector, path = ''): LazyErrorNodeSelector {
  const p = childPath(path, 'nodeSelectorTerms');
  const errs: FieldError[] = [];
  (ns.nodeSelectorTerms ?? []).forEach((term, i) => {
    if (isEmptyNodeSelectorTerm(term)) return;
    errs.push(...newNodeSelectorTerm(term, indexPath(p, i)).parseErrors);
  });
  if (errs.length > 0) throw new Error(aggregateString(errs.map(fieldErrorString)));
  return new LazyErrorNodeSelector(ns, path);
}

/**
 * `corev1.MatchNodeSelectorTerms(node, nodeSelector)`: true when any term matches; parse
 * errors are dropped (a bad term does not match).
 */
export function matchNodeSelectorTerms(node: Node | undefined, nodeSelector: NodeSelector | undefined): boolean {
  if (!node) return false;
  return new LazyErrorNodeSelector(nodeSelector).match(node).match;
}

/**
 * `RequiredNodeAffinity`: the pod's `spec.nodeSelector` (every entry present with that value)
 * AND `requiredDuringSchedulingIgnoredDuringExecution`. Preferred terms are ignored.
 */
export class RequiredNodeAffinity {
  /** `GetRequiredNodeAffinity(pod)`. */
  public static fromPodSpec(spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>): RequiredNodeAffinity {
    const sel = spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0 ? selectorFromSet(spec.nodeSelector) : undefined;
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const aff = required ? new LazyErrorNodeSelector(required) : undefined;
    return new RequiredNodeAffinity(sel, aff);
  }

  private constructor(
    private readonly labelSelector: Selector | undefined,
    private readonly nodeSelector: LazyErrorNodeSelector | undefined,
  ) {}

  /** `Match(node)`: whether the node satisfies both; `errors` are the deferred parse errors. */
  public match(node: Node): MatchResult {
    if (this.labelSelector && !this.labelSelector.matches(node.metadata?.labels ?? {})) {
      return { match: false, errors: [] };
    }
    if (this.nodeSelector) return this.nodeSelector.match(node);
    return { match: true, errors: [] };
  }
}

/** `GetRequiredNodeAffinity(pod)`. */
export function getRequiredNodeAffinity(pod: { spec: Pick<PodSpec, 'nodeSelector' | 'affinity'> }): RequiredNodeAffinity {
  return RequiredNodeAffinity.fromPodSpec(pod.spec);
}
