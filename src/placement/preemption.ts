/**
 * Preemption for a daemon pod that does not fit its node: what Kubernetes 1.28's scheduler does
 * next (the DefaultPreemption PostFilter plugin), for the one node the pod is pinned to.
 *
 * Ports of pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go
 * (`SelectVictimsOnNode`, `PodEligibleToPreemptOthers`, `filterPodsWithPDBViolation`),
 * pkg/scheduler/framework/preemption/preemption.go (`Evaluator.Preempt`,
 * `nodesWherePreemptionMightHelp`, `DryRunPreemption`, `prepareCandidate`),
 * pkg/scheduler/util/utils.go (`MoreImportantPod`, `GetPodStartTime`),
 * k8s.io/component-helpers/scheduling/corev1 (`PodPriority`), the Priority admission plugin
 * (plugin/pkg/admission/priority/admission.go `admitPod`, `getDefaultPriorityClass`) that gives
 * a created pod its `spec.priority` and `spec.preemptionPolicy`, and the built-in classes of
 * pkg/apis/scheduling/v1/helpers.go (`SystemPriorityClasses`) and
 * pkg/apis/scheduling/v1/defaults.go (`SetDefaults_PriorityClass`).
 *
 * A DaemonSet pod is pinned to its node (a `matchFields metadata.name` node affinity), so that
 * node is its only candidate: `pickOneNodeForPreemption` never has a choice to make, and the
 * victims are the ones `SelectVictimsOnNode` picks there. Not modelled: nominated pods (the
 * snapshot has none waiting), extenders, and pods already terminating on a nominated node (a
 * new daemon pod has no nominated node). Internal module.
 */
import { PlacementInputError } from './errors';
import { FilterCode, FilterStatus, status } from './filters/types';
import { LabelSelectorError, labelSelectorAsSelector, Selector } from './labels';
import { NodeInfo, PodNodeUsage } from './node-info';
import { Resource } from './resources';
import { Labels, Node, PodDisruptionBudget, PodSpec, PriorityClass } from './types';
import { goSortSlice } from '../util/go-sort';

/** `names.DefaultPreemption`. */
export const DEFAULT_PREEMPTION = 'DefaultPreemption';
/** `SelectVictimsOnNode` when no pod on the node has a lower priority (UnschedulableAndUnresolvable). */
export const ERR_NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';
/** `nodesWherePreemptionMightHelp` for a node whose filter status is UnschedulableAndUnresolvable. */
export const ERR_PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** `PodEligibleToPreemptOthers` for a pod with `preemptionPolicy: Never`. */
export const ERR_PREEMPT_NEVER = 'not eligible due to preemptionPolicy=Never.';

/** The event `prepareCandidate` records on each victim (reason `Preempted`). */
export function preemptedEventMessage(nodeName: string): string {
  return `Preempted by a pod on node ${nodeName}`;
}

/** `DryRunPreemption` when a node is a candidate but `SelectVictimsOnNode` chose no victim. */
export function noVictimError(nodeName: string): string {
  return `expected at least one victim pod on node ${JSON.stringify(nodeName)}`;
}

/** `v1.PreemptLowerPriority`, `v1.PreemptNever`. */
export const PREEMPT_LOWER_PRIORITY = 'PreemptLowerPriority';
export const PREEMPT_NEVER = 'Never';

/** pkg/apis/scheduling: `HighestUserDefinablePriority`, `SystemCriticalPriority`. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
/** The built-in classes every cluster has (`SystemPriorityClasses`). */
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';
export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';
export const SYSTEM_PRIORITY_CLASSES: ReadonlyArray<{ readonly name: string; readonly value: number }> = [
  { name: SYSTEM_NODE_CRITICAL, value: SYSTEM_CRITICAL_PRIORITY + 1000 },
  { name: SYSTEM_CLUSTER_CRITICAL, value: SYSTEM_CRITICAL_PRIORITY },
];

/** A PriorityClass after `SetDefaults_PriorityClass`. */
export interface ResolvedPriorityClass {
  readonly name: string;
  readonly value: number;
  readonly globalDefault: boolean;
  readonly preemptionPolicy: string;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** A 32-bit integer (`int32` fields: priorities, `disruptionsAllowed`). */
export function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
}

/**
 * The cluster's PriorityClasses as the Priority admission plugin reads them: the inventory's
 * classes, plus the two built-in system classes when the inventory does not list them.
 */
export class PriorityClassIndex {
  /**
   * @param classes the cluster's PriorityClasses; undefined when the inventory has none (then
   *   only the built-in classes are known, and an unknown class name cannot be resolved)
   * @throws PlacementInputError for a class without a name or an integer value
   */
  public static of(classes: readonly PriorityClass[] | undefined): PriorityClassIndex {
    const byName = new Map<string, ResolvedPriorityClass>();
    for (const c of SYSTEM_PRIORITY_CLASSES) {
      byName.set(c.name, { name: c.name, value: c.value, globalDefault: false, preemptionPolicy: PREEMPT_LOWER_PRIORITY });
    }
    for (const pc of classes ?? []) {
      const name = pc.metadata?.name ?? '';
      const object = `PriorityClass/${name}`;
      if (!name) throw new PlacementInputError(object, 'metadata.name', 'a PriorityClass needs a name');
      if (!isInt32(pc.value)) {
        throw new PlacementInputError(object, 'value', `must be a 32-bit integer, got ${JSON.stringify(pc.value)}`);
      }
      const policy = pc.preemptionPolicy ?? PREEMPT_LOWER_PRIORITY;
      if (policy !== PREEMPT_LOWER_PRIORITY && policy !== PREEMPT_NEVER) {
        throw new PlacementInputError(object, 'preemptionPolicy',
          `must be "${PREEMPT_LOWER_PRIORITY}" or "${PREEMPT_NEVER}", got ${JSON.stringify(policy)}`);
      }
      byName.set(name, { name, value: pc.value, globalDefault: pc.globalDefault === true, preemptionPolicy: policy });
    }
    return new PriorityClassIndex(byName, classes !== undefined);
  }

  private readonly defaultClass: ResolvedPriorityClass | undefined;

  private constructor(
    private readonly byName: ReadonlyMap<string, ResolvedPriorityClass>,
    /** Whether the inventory listed the cluster's PriorityClasses. */
    public readonly inventoried: boolean,
  ) {
    // getDefaultPriorityClass: among global defaults, the lowest value (the first in inventory order on a tie).
    let d: ResolvedPriorityClass | undefined;
    for (const c of byName.values()) if (c.globalDefault && (d === undefined || d.value > c.value)) d = c;
    this.defaultClass = d;
  }

  /** The class of that name. */
  public get(name: string): ResolvedPriorityClass | undefined {
    return this.byName.get(name);
  }

  /** `getDefaultPriority`: the global default class's value and policy, else 0 and PreemptLowerPriority. */
  public defaultPriority(): { value: number; preemptionPolicy: string } {
    if (this.defaultClass) return { value: this.defaultClass.value, preemptionPolicy: this.defaultClass.preemptionPolicy };
    return { value: 0, preemptionPolicy: PREEMPT_LOWER_PRIORITY };
  }
}

/** The priority a new pod gets, or why the apiserver refuses to create it. */
export type AdmittedPriority =
  | { readonly admitted: true; readonly priority: number; readonly preemptionPolicy: string }
  | {
    readonly admitted: false;
    readonly message: string;
    /** The apiserver refuses the pod (false: its class is not in an inventory that lists none). */
    readonly refused: boolean;
  };

/**
 * The Priority admission plugin on Create (`admitPod`): `spec.priority` and
 * `spec.preemptionPolicy` from the pod's PriorityClass (or the global default class, or 0 and
 * PreemptLowerPriority), refusing a pod whose own values differ. The messages are the
 * apiserver's (the DaemonSet controller's `FailedCreate` event shows them after `pods "…" is
 * forbidden: `). An unknown class when the inventory has no PriorityClasses cannot be judged and
 * gets a message saying so.
 */
export function admitPodPriority(spec: Pick<PodSpec, 'priorityClassName' | 'priority' | 'preemptionPolicy'>, classes: PriorityClassIndex): AdmittedPriority {
  let priority: number;
  let preemptionPolicy: string;
  const className = spec.priorityClassName ?? '';
  if (className === '') {
    const d = classes.defaultPriority();
    priority = d.value;
    preemptionPolicy = d.preemptionPolicy;
  } else {
    const pc = classes.get(className);
    if (!pc) {
      if (classes.inventoried) return { admitted: false, refused: true, message: `no PriorityClass with name ${className} was found` };
      return {
        admitted: false,
        refused: false,
        message: `unknown PriorityClass ${JSON.stringify(className)}: give the cluster's PriorityClasses (kubectl get priorityclasses -o json) to simulate preemption`,
      };
    }
    priority = pc.value;
    preemptionPolicy = pc.preemptionPolicy;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    return {
      admitted: false,
      refused: true,
      message: `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    };
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null && spec.preemptionPolicy !== preemptionPolicy) {
    return {
      admitted: false,
      refused: true,
      message: `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
    };
  }
  return { admitted: true, priority, preemptionPolicy };
}

/**
 * The priority of a pod already in the cluster: `spec.priority` (`PodPriority`). A pod without
 * one (an inventory written by hand) gets what admission would have given it: its class's value
 * when the class is known, the global default's when it names none, else 0.
 */
export function existingPodPriority(priority: number | undefined, priorityClassName: string | undefined, classes: PriorityClassIndex): number {
  if (priority !== undefined) return priority;
  if (priorityClassName) return classes.get(priorityClassName)?.value ?? 0;
  return classes.defaultPriority().value;
}

/** RFC 3339, as `metav1.Time` decodes it (fractional seconds allowed). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A pod's `status.startTime` in milliseconds since the epoch (undefined when absent).
 * @param object names the pod for the error (`Pod/ns/name`)
 * @throws PlacementInputError for a value that is not an RFC 3339 time
 */
export function podStartTime(v: unknown, object: () => string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const ms = typeof v === 'string' && RFC3339.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) {
    throw new PlacementInputError(object(), 'status.startTime', `must be an RFC 3339 time such as "2024-05-12T08:00:00Z", got ${JSON.stringify(v)}`);
  }
  return ms;
}

/** A pod on the node, as preemption reads it. */
export interface VictimCandidate {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** `PodPriority`. */
  readonly priority: number;
  /**
   * `status.startTime` in milliseconds since the epoch; undefined for a pod that has not started
   * (`GetPodStartTime` then takes "now": later than every recorded start).
   */
  readonly startTime: number | undefined;
  readonly usage: PodNodeUsage;
}

/**
 * `MoreImportantPod`: the higher priority; on equal priority the earlier start, a pod without a
 * start time having started "now" (after every recorded start). Go takes "now" once per pod per
 * comparison, the first argument's first, so of two pods without a start time the first one
 * is the more important: so it is here (it holds both ways, and `sort.Slice` orders such pods
 * as Go does: {@link goSortSlice}).
 */
export function moreImportantPod(a: Pick<VictimCandidate, 'priority' | 'startTime'>, b: Pick<VictimCandidate, 'priority' | 'startTime'>): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.startTime === undefined) return b.startTime === undefined;
  return b.startTime === undefined || a.startTime < b.startTime;
}

/** A PodDisruptionBudget as `filterPodsWithPDBViolation` reads it. */
interface CompiledPDB {
  readonly namespace: string;
  /** Undefined when the selector is invalid, nil or empty: it matches no pod. */
  readonly selector: Selector | undefined;
  readonly disruptionsAllowed: number;
  readonly disruptedPods: ReadonlySet<string>;
}

/** The cluster's PodDisruptionBudgets, indexed by namespace. */
export class DisruptionBudgets {
  /** No budgets. */
  public static readonly NONE = new DisruptionBudgets([], new Map());

  /**
   * @throws PlacementInputError for a `status.disruptionsAllowed` that is not an integer
   */
  public static of(pdbs: readonly PodDisruptionBudget[]): DisruptionBudgets {
    const list: CompiledPDB[] = [];
    const byNamespace = new Map<string, number[]>();
    for (const pdb of pdbs) {
      const namespace = pdb.metadata?.namespace || 'default';
      const object = `PodDisruptionBudget/${namespace}/${pdb.metadata?.name ?? ''}`;
      const allowed = pdb.status?.disruptionsAllowed ?? 0;
      if (!isInt32(allowed)) {
        throw new PlacementInputError(object, 'status.disruptionsAllowed', `must be a 32-bit integer, got ${JSON.stringify(allowed)}`);
      }
      let selector: Selector | undefined;
      try {
        selector = labelSelectorAsSelector(pdb.spec?.selector);
      } catch (e) {
        // "This object has an invalid selector, it does not match the pod".
        if (!(e instanceof LabelSelectorError)) throw e;
      }
      // "A PDB with a nil or empty selector matches nothing."
      if (selector && selector.empty) selector = undefined;
      const index = list.length;
      list.push({ namespace, selector, disruptionsAllowed: allowed, disruptedPods: new Set(Object.keys(pdb.status?.disruptedPods ?? {})) });
      const l = byNamespace.get(namespace);
      if (l) l.push(index);
      else byNamespace.set(namespace, [index]);
    }
    return new DisruptionBudgets(list, byNamespace);
  }

  private constructor(
    private readonly list: readonly CompiledPDB[],
    private readonly byNamespace: ReadonlyMap<string, readonly number[]>,
  ) {}

  /** How many budgets there are. */
  public get size(): number {
    return this.list.length;
  }

  /**
   * `filterPodsWithPDBViolation`: splits `pods` (order kept) into those whose eviction would
   * take a matching budget below zero, counting down each budget's `disruptionsAllowed` as
   * pods match it (a pod listed in the budget's `disruptedPods` is not counted), and the others.
   */
  public filterPodsWithPDBViolation<T extends Pick<VictimCandidate, 'namespace' | 'name' | 'labels'>>(pods: readonly T[]): { violating: T[]; nonViolating: T[] } {
    const allowed = this.list.map((p) => p.disruptionsAllowed);
    const violating: T[] = [];
    const nonViolating: T[] = [];
    for (const pod of pods) {
      let violated = false;
      // "A pod with no labels will not match any PDB."
      if (Object.keys(pod.labels).length !== 0) {
        for (const i of this.byNamespace.get(pod.namespace) ?? []) {
          const pdb = this.list[i];
          if (!pdb.selector || !pdb.selector.matches(pod.labels)) continue;
          if (pdb.disruptedPods.has(pod.name)) continue;
          allowed[i]--;
          if (allowed[i] < 0) violated = true;
        }
      }
      (violated ? violating : nonViolating).push(pod);
    }
    return { violating, nonViolating };
  }
}

/** What `SelectVictimsOnNode` returns. */
export interface SelectVictimsResult<T extends VictimCandidate = VictimCandidate> {
  /** The pods to evict, in the order they were picked (PDB-violating ones first). */
  readonly victims: T[];
  readonly numViolatingVictim: number;
  /** Null for success; otherwise why the pod cannot fit even after preemption. */
  readonly status: FilterStatus | null;
}

/**
 * `SelectVictimsOnNode`: removes every pod with a lower priority than the preemptor; if the
 * preemptor still does not fit, the node is no use. Otherwise adds the removed pods back, most
 * important first (`sort.Slice` by `MoreImportantPod`, which leaves equally important pods where
 * Go's pdqsort puts them given the node's order), PDB-violating ones before the others; a pod
 * whose return makes the preemptor not fit
 * is removed again and becomes a victim.
 *
 * @param preemptorPriority the preemptor's `PodPriority`
 * @param node the node
 * @param allocatable its allocatable (`NodeInfo.Allocatable`)
 * @param pods the pods on the node (`NodeInfo.Pods`)
 * @param pdbs the cluster's PodDisruptionBudgets
 * @param runFilters the scheduler's filters for the preemptor on a node state
 *   (`RunFilterPluginsWithNominatedPods`): null when the pod fits
 */
export function selectVictimsOnNode<T extends VictimCandidate>(
  preemptorPriority: number,
  node: Node,
  allocatable: Resource,
  pods: readonly T[],
  pdbs: DisruptionBudgets,
  runFilters: (nodeInfo: NodeInfo) => FilterStatus | null,
): SelectVictimsResult<T> {
  const nodeInfo = NodeInfo.withAllocatable(node, allocatable, pods.map((p) => p.usage), false);
  const potentialVictims: T[] = [];
  for (const p of pods) {
    if (p.priority < preemptorPriority) {
      potentialVictims.push(p);
      nodeInfo.removePod(p.usage);
    }
  }
  if (potentialVictims.length === 0) {
    const noVictims = status(DEFAULT_PREEMPTION, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_NO_PREEMPTION_VICTIMS);
    return { victims: [], numViolatingVictim: 0, status: noVictims };
  }
  const s = runFilters(nodeInfo);
  if (s) return { victims: [], numViolatingVictim: 0, status: s };

  goSortSlice(potentialVictims, moreImportantPod);
  const { violating, nonViolating } = pdbs.filterPodsWithPDBViolation(potentialVictims);
  const victims: T[] = [];
  const reprievePod = (p: T): boolean => {
    nodeInfo.addPod(p.usage);
    const fits = runFilters(nodeInfo) === null;
    if (!fits) {
      nodeInfo.removePod(p.usage);
      victims.push(p);
    }
    return fits;
  };
  let numViolatingVictim = 0;
  for (const p of violating) if (!reprievePod(p)) numViolatingVictim++;
  for (const p of nonViolating) reprievePod(p);
  return { victims, numViolatingVictim, status: null };
}

/** What preemption does for a daemon pod on its node. */
export interface PreemptionVerdict {
  /** The scheduler evicts `victims` and nominates this node for the pod. */
  readonly possible: boolean;
  /** `namespace/name` of each pod the scheduler deletes, in the order it picked them. */
  readonly victims: string[];
  /** How many victims take a PodDisruptionBudget below zero (`NumPDBViolations`). */
  readonly pdbViolations: number;
  /**
   * When possible, the event each victim gets (`Preempted by a pod on node <node>`); otherwise
   * the scheduler's reason: `not eligible due to preemptionPolicy=Never.`,
   * `Preemption is not helpful for scheduling`, `No preemption victims found for incoming pod`,
   * or the filters' reasons with every lower-priority pod gone (e.g. `Insufficient cpu`).
   */
  readonly reason: string;
}

/** The preemptor: a pod whose priority admission accepted. */
export interface Preemptor {
  readonly priority: number;
  readonly preemptionPolicy: string;
}

/**
 * `Evaluator.Preempt` for a pod that only one node can take: `PodEligibleToPreemptOthers`
 * (preemptionPolicy), `nodesWherePreemptionMightHelp` (the node's filter status: the first
 * failing filter's code, as `RunFilterPlugins` stops there), then `SelectVictimsOnNode`.
 *
 * @param preemptor the pod's admitted priority and policy
 * @param nodeName the node
 * @param nodeStatus the node's filter status for the pod (the first failing filter)
 * @param selectVictims runs `SelectVictimsOnNode` on the node
 */
export function preemptOnNode(
  preemptor: Preemptor,
  nodeName: string,
  nodeStatus: FilterStatus,
  selectVictims: () => SelectVictimsResult,
): PreemptionVerdict {
  if (preemptor.preemptionPolicy === PREEMPT_NEVER) return notPossible(ERR_PREEMPT_NEVER);
  if (nodeStatus.code === FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE) return notPossible(ERR_PREEMPTION_NOT_HELPFUL);
  const r = selectVictims();
  if (r.status) return notPossible(r.status.reasons.join(', '));
  if (r.victims.length === 0) return notPossible(noVictimError(nodeName));
  return {
    possible: true,
    victims: r.victims.map((v) => `${v.namespace}/${v.name}`),
    pdbViolations: r.numViolatingVictim,
    reason: preemptedEventMessage(nodeName),
  };
}

/** A verdict of no preemption, with the reason. */
export function notPossible(reason: string): PreemptionVerdict {
  return { possible: false, victims: [], pdbViolations: 0, reason };
}
