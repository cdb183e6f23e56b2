/**
 * The DaemonSet controller's placement decision.
 *
 * Ports of pkg/controller/daemon/daemon_controller.go (`NewPod`, `NodeShouldRunDaemonPod`,
 * `predicates`) and pkg/controller/daemon/util/daemonset_util.go
 * (`ReplaceDaemonSetPodNodeNameNodeAffinity`, `GetTargetNodeName`) of Kubernetes 1.28. The
 * controller looks at the template's `nodeName`, `nodeSelector` + required node affinity, and
 * NoSchedule/NoExecute taints (after its injected tolerations) — never at resources, ports,
 * `spec.unschedulable` or node conditions. Internal module.
 */
import { RequiredNodeAffinity } from './node-affinity';
import {
  addOrUpdateDaemonPodTolerations, doNotScheduleTaintsFilter, findMatchingUntoleratedTaint, noExecuteTaintsFilter,
} from './taints';
import { Affinity, DaemonSet, Node, NodeSelectorTerm, Pod, Taint, Toleration } from './types';

/** `(shouldRun, shouldContinueRunning)`. */
export interface ShouldRunResult {
  /** Create a daemon pod on this node when none exists. */
  readonly shouldRun: boolean;
  /** An existing daemon pod may stay. */
  readonly shouldContinueRunning: boolean;
}

/**
 * `NewPod(ds, nodeName)`: the template's spec and metadata, the DaemonSet's namespace, `nodeName`
 * set, and the injected daemon tolerations. The DaemonSet is not changed.
 */
export function newPod(ds: DaemonSet, nodeName: string): Pod {
  const template = ds.spec?.template ?? { spec: { containers: [] } };
  const spec = addOrUpdateDaemonPodTolerations({ ...(template.spec ?? { containers: [] }), nodeName });
  return {
    metadata: { ...(template.metadata ?? {}), namespace: ds.metadata?.namespace ?? '' },
    spec,
  };
}

/** The per-DaemonSet part of `NodeShouldRunDaemonPod`, compiled once and evaluated per node. */
export class DaemonSetPredicates {
  /** Compiles the template of `ds`. */
  public static compile(ds: DaemonSet): DaemonSetPredicates {
    const pod = newPod(ds, '');
    return new DaemonSetPredicates(
      ds.spec?.template?.spec?.nodeName ?? '',
      RequiredNodeAffinity.fromPodSpec(pod.spec),
      pod.spec.tolerations ?? [],
    );
  }

  private constructor(
    /** The template's `spec.nodeName` ('' when unset). */
    public readonly templateNodeName: string,
    /** `GetRequiredNodeAffinity(NewPod(ds, node))`. */
    public readonly affinity: RequiredNodeAffinity,
    /** The template's tolerations plus the injected ones. */
    public readonly tolerations: readonly Toleration[],
  ) {}

  /** Whether the template's nodeName allows this node. */
  public fitsNodeName(node: Node): boolean {
    return this.templateNodeName === '' || this.templateNodeName === (node.metadata?.name ?? '');
  }

  /** `GetRequiredNodeAffinity(pod).Match(node)`, parse errors ignored. */
  public fitsNodeAffinity(node: Node): boolean {
    return this.affinity.match(node).match;
  }

  /** The first untolerated NoSchedule/NoExecute taint. */
  public untoleratedTaint(node: Node): Taint | undefined {
    return findMatchingUntoleratedTaint(node.spec?.taints, this.tolerations, doNotScheduleTaintsFilter);
  }

  /**
   * `NodeShouldRunDaemonPod` from precomputed parts (the simulation computes them once per node
   * and reuses them for the scheduler filters).
   */
  public decide(node: Node, fitsNodeName: boolean, fitsNodeAffinity: boolean, untolerated: Taint | undefined): ShouldRunResult {
    if (!fitsNodeName || !fitsNodeAffinity) return { shouldRun: false, shouldContinueRunning: false };
    if (untolerated) {
      const noExecute = findMatchingUntoleratedTaint(node.spec?.taints, this.tolerations, noExecuteTaintsFilter);
      return { shouldRun: false, shouldContinueRunning: noExecute === undefined };
    }
    return { shouldRun: true, shouldContinueRunning: true };
  }

  /** `NodeShouldRunDaemonPod(node, ds)`. */
  public evaluate(node: Node): ShouldRunResult {
    return this.decide(node, this.fitsNodeName(node), this.fitsNodeAffinity(node), this.untoleratedTaint(node));
  }
}

/** `NodeShouldRunDaemonPod(node, ds)`: `(shouldRun, shouldContinueRunning)`. */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): ShouldRunResult {
  return DaemonSetPredicates.compile(ds).evaluate(node);
}

/**
 * `ReplaceDaemonSetPodNodeNameNodeAffinity(affinity, nodeName)`: the created pod's required node
 * affinity becomes the single term `matchFields metadata.name In [nodeName]`; every user term is
 * dropped (not merged). Preferred terms, pod (anti-)affinity and `nodeSelector` are kept.
 * Returns a new object.
 */
export function replaceDaemonSetPodNodeNameNodeAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const term: NodeSelectorTerm = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  if (!affinity) {
    return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } };
  }
  if (!affinity.nodeAffinity) {
    return { ...affinity, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } };
  }
  const na = affinity.nodeAffinity;
  if (!na.requiredDuringSchedulingIgnoredDuringExecution) {
    return { ...affinity, nodeAffinity: { ...na, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } };
  }
  return {
    ...affinity,
    nodeAffinity: {
      ...na,
      requiredDuringSchedulingIgnoredDuringExecution: { ...na.requiredDuringSchedulingIgnoredDuringExecution, nodeSelectorTerms: [term] },
    },
  };
}

/**
 * `GetTargetNodeName(pod)`: `spec.nodeName`, else the value of the first
 * `metadata.name In [...]` matchFields requirement; undefined where Go returns an error (none,
 * or that requirement has other than one value).
 */
export function getTargetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) {
    for (const r of t.matchFields ?? []) {
      if (r.key === 'metadata.name' && r.operator === 'In') {
        return (r.values ?? []).length === 1 ? r.values![0] : undefined;
      }
    }
  }
  return undefined;
}
