/**
 * The NodeAffinity filter plugin: the pod's `spec.nodeSelector` AND required node affinity must
 * match the node (parse errors count as no match), after the profile's `addedAffinity` if any.
 * PreFilter skips pods with nothing to check, and fails with "pod affinity terms conflict" when
 * every required term pins `metadata.name` and the pinned sets are all empty; otherwise it
 * returns the pinned node names (the PreFilterResult).
 * Port of pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go (Kubernetes 1.28).
 * Internal module.
 */
import { FilterCode, FilterStatus, status } from './types';
import { LazyErrorNodeSelector, newNodeSelector, OBJECT_NAME_FIELD, RequiredNodeAffinity } from '../node-affinity';
import { NodeInfo } from '../node-info';
import { NodeAffinity, Pod, PodSpec } from '../types';

/** `names.NodeAffinity`. */
export const NODE_AFFINITY = 'NodeAffinity';
/** `ErrReasonPod`. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** `errReasonEnforced`. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
/** `errReasonConflict`. */
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

/** `NodeAffinityArgs`. */
export interface NodeAffinityArgs {
  /** The profile's `addedAffinity` (only its required terms filter). */
  readonly addedAffinity?: NodeAffinity;
}

/** What PreFilter returns. */
export interface NodeAffinityPreFilterResult {
  /** `Skip`: the pod has nothing for this plugin to check; Filter is not run. */
  readonly skip: boolean;
  /** A PreFilter failure (the conflict); null on success. */
  readonly status: FilterStatus | null;
  /** The PreFilterResult's node names; undefined means every node. */
  readonly nodeNames?: ReadonlySet<string>;
  /** The cycle state Filter reads: `GetRequiredNodeAffinity(pod)`. */
  readonly state?: RequiredNodeAffinity;
}

/** The NodeAffinity plugin (`New(args)`). */
export class NodeAffinityPlugin {
  private readonly addedNodeSelector?: LazyErrorNodeSelector;

  /** @throws Error when `addedAffinity` has a term that cannot be parsed (as `New` fails). */
  constructor(args: NodeAffinityArgs = {}) {
    const ns = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (ns) this.addedNodeSelector = newNodeSelector(ns);
  }

  /** `PreFilter`. */
  public preFilter(spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>): NodeAffinityPreFilterResult {
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const noNodeAffinity = required === undefined || required === null;
    if (noNodeAffinity && !this.addedNodeSelector && (spec.nodeSelector === undefined || spec.nodeSelector === null)) {
      return { skip: true, status: null };
    }
    const state = RequiredNodeAffinity.fromPodSpec(spec);
    const terms = required?.nodeSelectorTerms ?? [];
    if (noNodeAffinity || terms.length === 0) return { skip: false, status: null, state };
    let nodeNames: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t?.matchFields ?? []) {
        if (r.key === OBJECT_NAME_FIELD && r.operator === 'In') {
          const s = new Set((r.values ?? []).map(String));
          termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
        }
      }
      if (termNames === undefined) return { skip: false, status: null, state };
      nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
    }
    if (nodeNames !== undefined && nodeNames.size === 0) {
      return { skip: false, status: status(NODE_AFFINITY, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_CONFLICT), state };
    }
    return { skip: false, status: null, nodeNames: nodeNames && nodeNames.size > 0 ? nodeNames : undefined, state };
  }

  /**
   * `Filter`: the added affinity first, then the pod's (from PreFilter's state, or computed
   * from the pod when PreFilter did not run). `podMatches` lets a caller pass a match result it
   * already computed for this node.
   */
  public filter(state: RequiredNodeAffinity | undefined, spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>, nodeInfo: NodeInfo, podMatches?: boolean): FilterStatus | null {
    const node = nodeInfo.node;
    if (this.addedNodeSelector && !this.addedNodeSelector.match(node).match) {
      return status(NODE_AFFINITY, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_ENFORCED);
    }
    const match = podMatches ?? (state ?? RequiredNodeAffinity.fromPodSpec(spec)).match(node).match;
    if (!match) return status(NODE_AFFINITY, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_POD);
    return null;
  }

  /**
   * PreFilter then Filter for one node, as the framework runs them: a skipped PreFilter passes,
   * a failed PreFilter is the result.
   */
  public run(spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>, nodeInfo: NodeInfo, podMatches?: boolean): FilterStatus | null {
    const pre = this.preFilter(spec);
    if (pre.skip) return null;
    if (pre.status) return pre.status;
    return this.filter(pre.state, spec, nodeInfo, podMatches);
  }
}

/** PreFilter then Filter with the default profile (no added affinity). */
export function nodeAffinityFilter(pod: Pod, nodeInfo: NodeInfo): FilterStatus | null {
  return new NodeAffinityPlugin().run(pod.spec ?? {}, nodeInfo);
}
