/**
 * The per-DaemonSet placement simulation: for every node, what Kubernetes 1.28's DaemonSet
 * controller decides (pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod`) and
 * which default scheduler filters reject the pod it would create
 * (pkg/scheduler/framework/plugins/: NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
 * NodePorts, NodeResourcesFit, run as pkg/scheduler/framework/runtime/framework.go runs
 * PreFilter + Filter), plus the rollout budget (pkg/controller/daemon/util/daemonset_util.go
 * `SurgeCount`/`UnavailableCount`, pkg/controller/daemon/update.go `updatedDesiredNodeCounts`).
 *
 * Inputs are taken as the apiserver stores them: quantities rounded up to milli precision
 * (`SetDefaults_ResourceList`), a Node without `status.allocatable` uses its capacity
 * (`SetDefaults_NodeStatus`), and Pods get `SetDefaults_Pod` (requests from limits; with
 * hostNetwork, hostPort from containerPort). The evaluated daemon pod is the template with the
 * injected tolerations and its own node affinity, defaulted the same way, with init containers'
 * `restartPolicy` dropped (SidecarContainers is off in 1.28).
 *
 * Where the controller wants a pod that a filter rejects, the verdict also says what the
 * scheduler's preemption does for it (./preemption.ts: the victims, or why there are none),
 * with the priorities of the cluster's PriorityClasses and its PodDisruptionBudgets.
 *
 * The cluster is indexed once (`buildClusterState`: one NodeInfo per node from the pods bound to
 * it, skipping finished pods); each DaemonSet is compiled once and its own pods are subtracted
 * from their nodes, so a simulation costs O(nodes + own pods), plus the pods of each node where
 * preemption is simulated. Internal module.
 */
import { DaemonSetPredicates } from './daemon-controller';
import { PlacementInputError } from './errors';
import { NodeAffinityPlugin } from './filters/node-affinity';
import { ERR_REASON_NODE_NAME, NODE_NAME } from './filters/node-name';
import { getContainerPorts, nodePortsFilterCompiled } from './filters/node-ports';
import { nodeResourcesFitFilterCompiled } from './filters/node-resources-fit';
import { nodeUnschedulableFilterCompiled, toleratesUnschedulable } from './filters/node-unschedulable';
import { TAINT_TOLERATION, untoleratedTaintReason } from './filters/taint-toleration';
import { FilterCode, FilterStatus, status } from './filters/types';
import { LabelSelectorError, labelSelectorAsSelector, Requirement, SelectionOperator, Selector } from './labels';
import { NodeInfo, podHostPorts, podNodeUsage, PodNodeUsage } from './node-info';
import {
  admitPodPriority, DisruptionBudgets, existingPodPriority, isInt32, notPossible, podStartTime, preemptOnNode, PreemptionVerdict,
  PriorityClassIndex, selectVictimsOnNode, VictimCandidate,
} from './preemption';
import { QuantityError } from './quantity';
import { computePodResourceRequest, ResourceQuantities, parseResourceList, podRequests, ResourceQuantityError } from './resources';
import { rolloutNumbers } from './rollout';
import { DaemonSet, Labels, Node, Pod, PodDisruptionBudget, PriorityClass } from './types';

export { PlacementInputError } from './errors';

/** What Kubernetes decides for one DaemonSet on one node. */
export interface NodeVerdict {
  node: string;
  /** `NodeShouldRunDaemonPod` shouldRun: the controller creates a pod here. */
  shouldRun: boolean;
  /** `NodeShouldRunDaemonPod` shouldContinueRunning: an existing pod may stay. */
  shouldContinueRunning: boolean;
  /** shouldRun and every filter passes. */
  schedulable: boolean;
  /** Every failing check's exact Kubernetes message, in filter order, deduplicated. */
  reasons: string[];
  /** The failing filter plugins, in filter order. */
  failedFilters: string[];
  /** Where shouldRun and a filter fails: what the scheduler's preemption does for the pod. */
  preemption?: PreemptionVerdict;
}

/** The rollout budget after defaulting, scaled against desiredNumberScheduled. */
export interface RolloutSummary {
  strategy: 'RollingUpdate' | 'OnDelete';
  maxSurge: number;
  maxUnavailable: number;
  /** The controller's error when maxSurge/maxUnavailable cannot be scaled (that value is then 0). */
  error?: string;
}

/** The simulation of one DaemonSet over every node. */
export interface DaemonSetPlacement {
  namespace: string;
  name: string;
  /** Nodes with shouldRun (`status.desiredNumberScheduled`). */
  desiredNumberScheduled: number;
  rollout: RolloutSummary;
  /**
   * Why the apiserver refuses every pod the controller creates (the Priority admission plugin:
   * an unknown PriorityClass, or a priority or preemptionPolicy the class contradicts).
   */
  podCreationError?: string;
  /** Every node, in input order. */
  nodes: NodeVerdict[];
}

/** A pod counted on a node (bound, not finished, on a known node). */
interface CountedPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** `spec.priority` and `spec.priorityClassName` (resolved when preemption needs them). */
  readonly priority: number | undefined;
  readonly priorityClassName: string | undefined;
  /** `status.startTime`, milliseconds since the epoch. */
  readonly startTime: number | undefined;
  /** `Kind=DaemonSet` owner references: names and uids. */
  readonly dsOwnerNames: readonly string[];
  readonly dsOwnerUids: readonly string[];
  readonly nodeName: string;
  readonly usage: PodNodeUsage;
}

/** A node and the scheduler's view of it with every counted pod. */
interface NodeEntry {
  readonly node: Node;
  readonly name: string;
  readonly info: NodeInfo;
}

/**
 * The indexed cluster. Opaque to callers: build it with {@link buildClusterState} and pass it to
 * {@link simulateDaemonSet} as often as needed.
 */
export interface ClusterState {
  /** @internal */
  readonly _nodes: readonly NodeEntry[];
  /** @internal counted pods by namespace */
  readonly _podsByNamespace: ReadonlyMap<string, readonly CountedPod[]>;
  /** @internal counted pods by `namespace\0ownerName` of a DaemonSet owner reference */
  readonly _podsByOwnerName: ReadonlyMap<string, readonly CountedPod[]>;
  /** @internal counted pods by DaemonSet owner uid */
  readonly _podsByOwnerUid: ReadonlyMap<string, readonly CountedPod[]>;
  /** @internal lazily built: `namespace\0key` → label value → pods */
  readonly _labelIndex: Map<string, Map<string, CountedPod[]>>;
  /** @internal counted pods by node name, in inventory order (`NodeInfo.Pods`) */
  readonly _podsByNode: ReadonlyMap<string, readonly CountedPod[]>;
  /** @internal the PriorityClasses (the built-in ones when the inventory has none) */
  readonly _priorityClasses: PriorityClassIndex;
  /** @internal the PodDisruptionBudgets */
  readonly _pdbs: DisruptionBudgets;
}

function objectName(kind: string, meta: { name?: string; namespace?: string } | undefined, namespaced: boolean): string {
  const name = meta?.name ?? '';
  return namespaced ? `${kind}/${meta?.namespace || 'default'}/${name}` : `${kind}/${name}`;
}

function quantityFailure(object: string, e: unknown): never {
  if (e instanceof ResourceQuantityError) {
    throw new PlacementInputError(object, e.field, e.quantityError.message);
  }
  if (e instanceof QuantityError) throw new PlacementInputError(object, '', e.message);
  throw e;
}

/** A node's allocatable as the scheduler reads it (capacity when allocatable is absent). */
function nodeAllocatable(node: Node): ResourceQuantities {
  const object = objectName('Node', node.metadata, false);
  try {
    const capacity = parseResourceList(node.status?.capacity, 'status.capacity');
    const alloc = node.status?.allocatable;
    if (alloc === undefined || alloc === null) return capacity;
    return parseResourceList(alloc, 'status.allocatable');
  } catch (e) {
    return quantityFailure(object, e);
  }
}

function isFinished(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/**
 * Indexes nodes and pods once. Pods are counted on the node named by `spec.nodeName`; pods
 * without one, finished pods (phase Succeeded/Failed) and pods on unknown nodes are not counted
 * (their quantities are still checked).
 * @throws PlacementInputError for a malformed quantity in a node's allocatable/capacity or a pod's resources
 */
export function buildClusterState(nodes: Node[], pods: Pod[]): ClusterState {
  const builder = new ClusterStateBuilder(nodes);
  for (const pod of pods) builder.addPod(pod);
  return builder.build();
}

/** Shared by the many pods without DaemonSet owners or labels (never modified). */
const NONE: readonly string[] = Object.freeze([]);
const NO_LABELS: Labels = Object.freeze({});

/**
 * {@link buildClusterState} one pod at a time: each pod is reduced to what the
 * simulation reads (its namespace, labels, DaemonSet owners and node usage) as
 * it is added, so a caller reading pods file by file never holds them all
 * (bench/README.md: peak RSS and scaling at 150,000-300,000 pods).
 */
export class ClusterStateBuilder {
  private readonly nodes: Node[];
  /** Node names, and namespaces and PriorityClass names seen: one string each, however many pods name it. */
  private readonly names = new Map<string, string>();
  private readonly namespaces = new Map<string, string>();
  private readonly podsByNode = new Map<string, CountedPod[]>();
  private readonly byNamespace = new Map<string, CountedPod[]>();
  private readonly byOwnerName = new Map<string, CountedPod[]>();
  private readonly byOwnerUid = new Map<string, CountedPod[]>();
  private priorityClasses = PriorityClassIndex.of(undefined);
  private pdbs = DisruptionBudgets.NONE;

  constructor(nodes: Node[]) {
    this.nodes = nodes;
    for (const n of nodes) {
      const name = n.metadata?.name ?? '';
      this.names.set(name, name);
    }
  }

  /**
   * Counts one pod on its node.
   * @throws PlacementInputError for a malformed quantity in the pod's resources
   */
  public addPod(pod: Pod): void {
    const spec = pod.spec ?? { containers: [] };
    let requests: ResourceQuantities;
    try {
      requests = podRequests(spec, { requestsFromLimits: true });
    } catch (e) {
      quantityFailure(objectName('Pod', pod.metadata, true), e);
    }
    const nodeName = spec.nodeName ? this.names.get(spec.nodeName) : undefined;
    if (!nodeName || isFinished(pod)) return;
    const namespace = this.intern(pod.metadata?.namespace || 'default');
    let dsOwnerNames: readonly string[] = NONE;
    let dsOwnerUids: readonly string[] = NONE;
    for (const ref of pod.metadata?.ownerReferences ?? []) {
      if (ref?.kind !== 'DaemonSet') continue;
      if (ref.name !== undefined) dsOwnerNames = [...dsOwnerNames, ref.name];
      if (ref.uid) dsOwnerUids = [...dsOwnerUids, ref.uid];
    }
    const object = () => objectName('Pod', pod.metadata, true);
    const priority = spec.priority ?? undefined;
    if (priority !== undefined && !isInt32(priority)) {
      throw new PlacementInputError(object(), 'spec.priority', `must be a 32-bit integer, got ${JSON.stringify(priority)}`);
    }
    const cp: CountedPod = {
      namespace,
      name: pod.metadata?.name ?? '',
      labels: pod.metadata?.labels ?? NO_LABELS,
      priority,
      priorityClassName: spec.priorityClassName ? this.intern(spec.priorityClassName) : undefined,
      startTime: podStartTime(pod.status?.startTime, object),
      dsOwnerNames,
      dsOwnerUids,
      nodeName,
      usage: podNodeUsage(requests, podHostPorts(spec, true)),
    };
    pushTo(this.podsByNode, nodeName, cp);
    pushTo(this.byNamespace, namespace, cp);
    for (const n of new Set(dsOwnerNames)) pushTo(this.byOwnerName, `${namespace}\0${n}`, cp);
    for (const u of new Set(dsOwnerUids)) pushTo(this.byOwnerUid, u, cp);
  }

  /**
   * The cluster's PriorityClasses (`kubectl get priorityclasses -o json`). Without them only
   * the built-in `system-node-critical` and `system-cluster-critical` are known.
   * @throws PlacementInputError for a class without a name or an integer value
   */
  public setPriorityClasses(classes: readonly PriorityClass[]): void {
    this.priorityClasses = PriorityClassIndex.of(classes);
  }

  /**
   * The cluster's PodDisruptionBudgets (`kubectl get pdb -A -o json`), read by preemption.
   * @throws PlacementInputError for a non-integer `status.disruptionsAllowed`
   */
  public setPodDisruptionBudgets(pdbs: readonly PodDisruptionBudget[]): void {
    this.pdbs = DisruptionBudgets.of(pdbs);
  }

  /** One string per namespace or PriorityClass name, however many pods name it. */
  private intern(name: string): string {
    const known = this.namespaces.get(name);
    if (known !== undefined) return known;
    this.namespaces.set(name, name);
    return name;
  }

  /**
   * The indexed cluster with every pod added so far.
   * @throws PlacementInputError for a malformed quantity in a node's allocatable/capacity
   */
  public build(): ClusterState {
    const entries: NodeEntry[] = this.nodes.map((node) => {
      const name = node.metadata?.name ?? '';
      const alloc = nodeAllocatable(node);
      return { node, name, info: NodeInfo.of(node, alloc, (this.podsByNode.get(name) ?? []).map((p) => p.usage)) };
    });
    return {
      _nodes: entries,
      _podsByNamespace: this.byNamespace,
      _podsByOwnerName: this.byOwnerName,
      _podsByOwnerUid: this.byOwnerUid,
      _labelIndex: new Map(),
      _podsByNode: this.podsByNode,
      _priorityClasses: this.priorityClasses,
      _pdbs: this.pdbs,
    };
  }
}

function labelIndex(state: ClusterState, namespace: string, key: string): Map<string, CountedPod[]> {
  const k = `${namespace}\0${key}`;
  let idx = state._labelIndex.get(k);
  if (!idx) {
    idx = new Map();
    for (const p of state._podsByNamespace.get(namespace) ?? []) {
      if (Object.prototype.hasOwnProperty.call(p.labels, key)) pushTo(idx, String(p.labels[key]), p);
    }
    state._labelIndex.set(k, idx);
  }
  return idx;
}

/** The counted pods that belong to the DaemonSet (owner reference, or namespace + selector). */
function ownedPods(state: ClusterState, namespace: string, name: string, uid: string | undefined, selector: Selector): Set<CountedPod> {
  const owned = new Set<CountedPod>();
  for (const p of state._podsByOwnerName.get(`${namespace}\0${name}`) ?? []) owned.add(p);
  if (uid) {
    for (const p of state._podsByOwnerUid.get(uid) ?? []) if (p.namespace === namespace) owned.add(p);
  }
  if (selector.empty || selector.requirements.length === 0) return owned;
  // Narrow the candidates with an equality requirement when there is one.
  const eq: Requirement | undefined = selector.requirements.find((r) =>
    (r.operator === SelectionOperator.EQUALS || r.operator === SelectionOperator.DOUBLE_EQUALS || r.operator === SelectionOperator.IN));
  let candidates: readonly CountedPod[];
  if (eq) {
    const idx = labelIndex(state, namespace, eq.key);
    const c: CountedPod[] = [];
    for (const v of new Set(eq.values)) c.push(...(idx.get(v) ?? []));
    candidates = c;
  } else {
    candidates = state._podsByNamespace.get(namespace) ?? [];
  }
  for (const p of candidates) if (selector.matches(p.labels)) owned.add(p);
  return owned;
}

/** The pods on a node other than the DaemonSet's own, as preemption reads them (`NodeInfo.Pods`). */
function victimCandidates(state: ClusterState, nodeName: string, owned: ReadonlySet<CountedPod>): VictimCandidate[] {
  const out: VictimCandidate[] = [];
  for (const p of state._podsByNode.get(nodeName) ?? []) {
    if (owned.has(p)) continue;
    out.push({
      namespace: p.namespace,
      name: p.name,
      labels: p.labels,
      priority: existingPodPriority(p.priority, p.priorityClassName, state._priorityClasses),
      startTime: p.startTime,
      usage: p.usage,
    });
  }
  return out;
}

/** An IntOrString field must decode: a string, or an integer within int32 (else the apiserver rejects the object). */
function checkIntOrString(object: string, field: string, v: unknown): void {
  if (v === undefined || v === null || typeof v === 'string') return;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return;
  throw new PlacementInputError(object, `spec.updateStrategy.rollingUpdate.${field}`,
    `must be an integer (a 32-bit int) or a percentage string such as "25%", got ${JSON.stringify(v)}`);
}

/**
 * Simulates one DaemonSet on every node of the cluster.
 * @throws PlacementInputError for an invalid label selector or a malformed quantity in the pod template
 */
export function simulateDaemonSet(ds: DaemonSet, state: ClusterState): DaemonSetPlacement {
  const namespace = ds.metadata?.namespace || 'default';
  const name = ds.metadata?.name ?? '';
  const object = `DaemonSet/${namespace}/${name}`;

  checkIntOrString(object, 'maxUnavailable', ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable);
  checkIntOrString(object, 'maxSurge', ds.spec?.updateStrategy?.rollingUpdate?.maxSurge);

  let selector: Selector;
  try {
    selector = labelSelectorAsSelector(ds.spec?.selector);
  } catch (e) {
    if (e instanceof LabelSelectorError) throw new PlacementInputError(object, 'spec.selector', `invalid label selector: ${e.message}`);
    throw e;
  }

  // The evaluated pod: NewPod(ds, node) defaulted as the apiserver defaults the created Pod.
  const spec = ds.spec?.template?.spec ?? { containers: [] };
  const initContainers = (spec.initContainers ?? []).map((c) => {
    const { restartPolicy: _dropped, ...rest } = c;
    return rest as typeof c;
  });
  let requests: ResourceQuantities;
  try {
    requests = podRequests({ ...spec, initContainers }, { requestsFromLimits: true, field: 'spec.template.spec' });
  } catch (e) {
    quantityFailure(object, e);
  }
  const podRequest = computePodResourceRequest(requests);
  const wantPorts = getContainerPorts(spec, true);
  const predicates = DaemonSetPredicates.compile({ ...ds, metadata: { ...ds.metadata, namespace } });
  const podToleratesUnschedulable = toleratesUnschedulable(predicates.tolerations);
  const nodeAffinity = new NodeAffinityPlugin();
  const affinityPre = nodeAffinity.preFilter(spec);
  const templateNodeName = spec.nodeName ?? '';

  // This DaemonSet's own pods are not counted on their nodes.
  const owned = ownedPods(state, namespace, name, ds.metadata?.uid, selector);
  const ownedByNode = new Map<string, PodNodeUsage[]>();
  for (const p of owned) pushTo(ownedByNode, p.nodeName, p.usage);
  // The priority the created pods get (the Priority admission plugin), for preemption.
  const admitted = admitPodPriority(spec, state._priorityClasses);
  const fitsAfterPreemption = (ni: NodeInfo): FilterStatus | null =>
    nodePortsFilterCompiled(wantPorts, ni) ?? nodeResourcesFitFilterCompiled(podRequest, false, ni);

  let desired = 0;
  const verdicts: NodeVerdict[] = [];
  for (const entry of state._nodes) {
    const node = entry.node;
    let info = entry.info;
    const own = ownedByNode.get(entry.name);
    if (own) info = info.without(own);
    const fitsNodeName = predicates.fitsNodeName(node);
    const fitsAffinity = predicates.fitsNodeAffinity(node);
    const untolerated = predicates.untoleratedTaint(node);
    const decision = predicates.decide(node, fitsNodeName, fitsAffinity, untolerated);
    if (decision.shouldRun) desired++;

    const failed: FilterStatus[] = [];
    const unsched = nodeUnschedulableFilterCompiled(podToleratesUnschedulable, info);
    if (unsched) failed.push(unsched);
    if (templateNodeName !== '' && templateNodeName !== entry.name) {
      failed.push(status(NODE_NAME, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_NODE_NAME));
    }
    if (untolerated) {
      failed.push(status(TAINT_TOLERATION, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, untoleratedTaintReason(untolerated)));
    }
    if (affinityPre.status) {
      failed.push(affinityPre.status);
    } else if (!affinityPre.skip) {
      const aff = nodeAffinity.filter(affinityPre.state, spec, info, fitsAffinity);
      if (aff) failed.push(aff);
    }
    const ports = nodePortsFilterCompiled(wantPorts, info);
    if (ports) failed.push(ports);
    const fit = nodeResourcesFitFilterCompiled(podRequest, false, info);
    if (fit) failed.push(fit);

    const reasons: string[] = [];
    const failedFilters: string[] = [];
    for (const f of failed) {
      failedFilters.push(f.plugin);
      for (const r of f.reasons) if (!reasons.includes(r)) reasons.push(r);
    }
    let preemption: PreemptionVerdict | undefined;
    if (decision.shouldRun && failed.length > 0) {
      preemption = admitted.admitted
        ? preemptOnNode(admitted, entry.name, failed[0], () => selectVictimsOnNode(
          admitted.priority, node, info.allocatable, victimCandidates(state, entry.name, owned), state._pdbs, fitsAfterPreemption))
        : notPossible(admitted.message);
    }
    verdicts.push({
      node: entry.name,
      shouldRun: decision.shouldRun,
      shouldContinueRunning: decision.shouldContinueRunning,
      schedulable: decision.shouldRun && failed.length === 0,
      reasons,
      failedFilters,
      ...(preemption ? { preemption } : {}),
    });
  }

  const rollout = rolloutNumbers(ds, desired);
  return {
    namespace,
    name,
    desiredNumberScheduled: desired,
    rollout: {
      strategy: rollout.strategy as RolloutSummary['strategy'],
      maxSurge: rollout.maxSurge,
      maxUnavailable: rollout.maxUnavailable,
      ...(rollout.error !== undefined ? { error: rollout.error } : {}),
    },
    ...(!admitted.admitted && admitted.refused ? { podCreationError: admitted.message } : {}),
    nodes: verdicts,
  };
}
