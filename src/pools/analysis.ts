/**
 * The fleet analysis behind `FleetCheck`, `AgentVariants` and the placement
 * report: every DaemonSet simulated on every node class of every pool, then
 * the fleet-level checks Kubernetes itself does not make.
 *
 * Per node the verdicts come from the placement engine (src/placement/simulate.ts:
 * pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod` and the
 * scheduler's Filter plugins). Nodes that are identical apart from their
 * name (every node of a pool declared in code; inventory nodes with the same
 * labels, taints, unschedulable flag and allocatable as the scheduler reads
 * it) form a class that is simulated once on a representative node; counts
 * are reported per node. DaemonSets that look at node names (`spec.nodeName`,
 * `matchFields`, the `kubernetes.io/hostname` label) are simulated on every node.
 *
 * A pool is whatever its grouping label puts together: an inventory pool
 * grouped by instance type, zone or node group may mix Linux and Windows,
 * amd64 and arm64, tainted and untainted, large and small nodes. Nothing
 * below takes one node for the pool: OS, architecture, labels, taints and
 * allocatable are read per node class, and so are expectations:
 * - an agent without an explicit expectation that is a CNI or CSI agent, or
 *   tolerates every taint, is meant for every Linux node (`kubernetes.io/os=linux`),
 *   or every node of the OS its own `kubernetes.io/os` requirement names (a Windows CNI);
 * - `FleetCheck.expect(agent, { pools })` means every node of those pools on
 *   the agent's platform: the nodes its own `kubernetes.io/os` and
 *   `kubernetes.io/arch` node selector / required affinity admits (every
 *   node of a pool when it admits none of them, so that a Linux agent
 *   expected on a Windows pool is still reported).
 * Nodes outside the agent's platform that it is not meant for are reported
 * as "not its platform", not as misses.
 *
 * Checks (finding ids):
 * - `landing`: an agent does not land (shouldRun and schedulable) on a node
 *   it is meant for; `control-plane`: the same for a CNI/CSI agent on a control-plane node;
 * - `not-ready`: a CNI/CSI agent would not be created on a NotReady node of a
 *   pool it is meant for (the node lifecycle controller's
 *   `node.kubernetes.io/not-ready` NoSchedule taint; the controller injects only the NoExecute toleration);
 * - `resources`: the agents that should run on a node request more than its
 *   allocatable (NodeResourcesFit compares each pod alone; the sum is what the node must hold),
 *   or more than a configured per-node budget;
 * - `host-port`: two agents claim the same host port on one node (NodePorts `HostPortInfo.CheckConflict`);
 * - `surge-host-port`: RollingUpdate with maxSurge > 0 and host ports (pkg/controller/daemon/update.go:
 *   the surge pod stays Pending on the port its predecessor holds and the rollout stalls; validation accepts it);
 * - `os`: an agent with no `kubernetes.io/os` requirement lands on non-Linux nodes it is not meant for;
 * - `partition-overlap`, `partition-gap`, `partition-affinity`: agent variants do not partition the nodes;
 * - `expectation`: an expectation names a pool the fleet does not have;
 * - `admission`: the apiserver refuses the agent's pods (the Priority admission plugin:
 *   an unknown PriorityClass, or a priority or preemptionPolicy its class contradicts).
 *
 * With a workload (the pods already running and the cluster's PriorityClasses and
 * PodDisruptionBudgets, `Fleet.workload`), each agent is also simulated on every node beside
 * those pods (src/placement/preemption.ts: pkg/scheduler/framework/plugins/defaultpreemption):
 * - `preemption`: the agent's pod fits only by evicting lower-priority pods: a warning (the
 *   scheduler does it, and it is what priorities are for; the report lists the pods), an error
 *   when an eviction takes a PodDisruptionBudget below zero (the scheduler evicts as a last
 *   resort, breaking the budget the owner set);
 * - `crowded`: on a node the agent is meant for, its pod would fit an empty node but not
 *   beside the running pods, and the scheduler evicts nothing (an error, like `landing`).
 * Agents are simulated one at a time against the workload (their sum on a node is `resources`).
 *
 * Internal module: not part of the jsii API.
 */
import { Fleet } from './fleet';
import {
  formatPlatform, isControlPlaneNode, LABEL_ARCH, LABEL_HOSTNAME, LABEL_OS, nodeArch, nodeOs, NodePool, schedulerAllocatable,
  TAINT_NOT_READY,
} from './node-pool';
import { formatHostPort, formatResource, HostPort, hostPorts, hostPortsConflict, orderedResourceNames, daemonPodRequests, PodResourceError, Requests } from './pod-resources';
import { InputError } from '../input/load';
import { RequiredNodeAffinity } from '../placement/node-affinity';
import { DaemonSetPlacementResult, PlacementNodeVerdict, PlacementReport } from '../placement/placement';
import { Quantity, QuantityError } from '../placement/quantity';
import { rolloutNumbers } from '../placement/rollout';
import { buildClusterState, PlacementInputError, simulateDaemonSet } from '../placement/simulate';
import { DaemonSet, Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Toleration } from '../placement/types';
import { describeEvictions } from '../report/text';

/** Role annotation values (src/agent/role.ts `AgentRole`). */
const ROLE_CNI = 'cni';
const ROLE_CSI = 'csi';

/** One DaemonSet of an agent. */
export interface DaemonSetInput {
  /** The manifest as synthesized. */
  readonly manifest: DaemonSet;
  /** Where it comes from (construct path), for messages. */
  readonly source: string;
  /** Name of the variant it implements, for agent variants. */
  readonly variant?: string;
}

/** How agent variants split the pools. */
export interface VariantPlan {
  /** The node label pools are selected by. */
  readonly poolLabel: string;
  /** One entry per DaemonSet of the agent, in the same order. */
  readonly entries: ReadonlyArray<{
    readonly variant: string;
    /** Pools the variant is meant for; for the catch-all: every pool no other variant names. */
    readonly pools: readonly string[];
    readonly isDefault: boolean;
    /** The requirement the library generated for it. */
    readonly requirement: NodeSelectorRequirement;
  }>;
}

/** An agent: one DaemonSet, or the DaemonSets of its variants. */
export interface AgentInput {
  /** Display name (the DaemonSet's name, or the variants' base name). */
  readonly name: string;
  /** `cdk8s-node-agents.io/role`, when known. */
  readonly role?: string;
  readonly daemonSets: readonly DaemonSetInput[];
  /** Pools the agent is meant for, when the user said so. */
  readonly expectedPools?: readonly string[];
  readonly variants?: VariantPlan;
}

/** Per-node limits on what all agents together may request. */
export interface FleetAnalysisOptions {
  readonly maxAgentCpuPerNode?: string;
  readonly maxAgentMemoryPerNode?: string;
}

/** Finding ids. */
export type FindingCheck =
  | 'landing' | 'control-plane' | 'not-ready' | 'resources' | 'host-port' | 'surge-host-port' | 'os'
  | 'partition-overlap' | 'partition-gap' | 'partition-affinity' | 'expectation'
  | 'admission' | 'preemption' | 'crowded';

/** A problem found by a fleet check. */
export interface Finding {
  readonly check: FindingCheck;
  /** `warning` does not fail synth (FleetCheck prints it); absent means an error. */
  readonly severity?: 'warning';
  /** The agent concerned (the first one for host-port clashes). */
  readonly agent?: string;
  /** The pools concerned, in fleet order (empty when the finding is not about pools). */
  readonly pools: readonly string[];
  /** One line, naming the agent, the pool and node count, and Kubernetes' reason. */
  readonly message: string;
}

/** What an agent's pod on one node of a pool gets. */
export type CellStatus = 'runs' | 'pending' | 'excluded';

/** Nodes of a pool that share a status and reason. */
export interface CellGroup {
  readonly status: CellStatus;
  /** Kubernetes' reasons joined with `; ` (empty when it runs). */
  readonly reason: string;
  /** The DaemonSet the verdict is about. */
  readonly daemonSet: string;
  readonly count: number;
  readonly nodes: readonly string[];
  /** The nodes' OS and architecture, e.g. `linux/amd64` (`?` for a missing label). */
  readonly platform: string;
  /** Whether the agent is meant for these nodes (a miss here is a finding). */
  readonly expected: boolean;
  /**
   * Whether these nodes are on the agent's platform: its `kubernetes.io/os` and
   * `kubernetes.io/arch` node selector / required affinity admits them.
   */
  readonly onPlatform: boolean;
}

/** One agent on one pool. */
export interface Cell {
  readonly agent: string;
  readonly pool: string;
  readonly nodes: number;
  readonly runs: number;
  readonly pending: number;
  readonly excluded: number;
  /**
   * `runs`, `pending: <reason>`, `excluded: <reason>`, `k of m`, `no nodes`; in a
   * pool that mixes platforms, about the nodes on the agent's platform, with the
   * rest named (`runs on 10 linux/amd64 nodes; 3 windows/amd64 nodes are not its platform`).
   */
  readonly verdict: string;
  /** `runs`, `pending`, `excluded`, `partial` or `empty`: for styling. */
  readonly kind: 'runs' | 'pending' | 'excluded' | 'partial' | 'empty';
  readonly groups: readonly CellGroup[];
  /** Variants that run on the pool (for agent variants). */
  readonly variants: readonly string[];
  /** What one pod of the agent requests on a node of this pool (resource → formatted quantity). */
  readonly requests: Readonly<Record<string, string>>;
  /** Whether the agent is meant for some node of the pool. */
  readonly expected: boolean;
  /** Nodes of the pool the agent is meant for. */
  readonly expectedNodes: number;
  /** Nodes the agent is meant for where it does not run (pending or excluded). */
  readonly missed: number;
  /** Nodes that are not the agent's platform and that it is not meant for (left out of the verdict). */
  readonly offPlatform: number;
  /**
   * When `offPlatform > 0`: the nodes the verdict is about, per platform
   * (`10 linux/amd64`); empty otherwise.
   */
  readonly scope: string;
}

/** Nodes of a pool with one OS and architecture. */
export interface PlatformCount {
  readonly os: string;
  readonly arch: string;
  readonly count: number;
}

/** A taint that only some nodes of a pool carry. */
export interface PartialTaint {
  /** `key[=value]:Effect`. */
  readonly taint: string;
  readonly count: number;
}

/** A pool as the report shows it. */
export interface PoolSummary {
  readonly name: string;
  readonly count: number;
  /** The OS of every node; empty when they differ (see `platforms`) or lack the label. */
  readonly os: string;
  /** The architecture of every node; empty when they differ or lack the label. */
  readonly arch: string;
  /** Nodes per OS and architecture, most first (one entry for a uniform pool). */
  readonly platforms: readonly PlatformCount[];
  /** Whether every node runs the control plane. */
  readonly controlPlane: boolean;
  /** Nodes that run the control plane. */
  readonly controlPlaneNodes: number;
  /** The smallest allocatable of each resource across the nodes. */
  readonly allocatable: Readonly<Record<string, string>>;
  /** The largest allocatable of each resource across the nodes (same keys). */
  readonly allocatableLargest: Readonly<Record<string, string>>;
  /** Taints on every node, `key[=value]:Effect`. */
  readonly taints: readonly string[];
  /** Taints on some nodes only, with their node counts. */
  readonly partialTaints: readonly PartialTaint[];
}

/** An agent as the report shows it. */
export interface AgentSummary {
  readonly name: string;
  readonly role?: string;
  readonly daemonSets: readonly string[];
  readonly expectedPools: readonly string[];
  /** Where the expectation comes from: `explicit`, `role` (CNI/CSI), `tolerates-all`, `none`. */
  readonly expectation: 'explicit' | 'role' | 'tolerates-all' | 'none';
  /**
   * For `role` and `tolerates-all`: the OS of the nodes the agent is meant for
   * (every node of it): what its `kubernetes.io/os` requirement admits, `linux`
   * without one. Empty otherwise.
   */
  readonly os: readonly string[];
}

/** The agents' requests on the nodes of one pool. */
export interface PoolOverhead {
  readonly pool: string;
  readonly nodes: number;
  /** Agent pods on the busiest node. */
  readonly podsPerNode: number;
  /** Requests on the busiest node (cpu, memory). */
  readonly cpuPerNode: string;
  readonly memoryPerNode: string;
  /** Requests summed over the pool's nodes. */
  readonly cpuTotal: string;
  readonly memoryTotal: string;
  /** Exact values (millicores, bytes) for sorting and sums. */
  readonly cpuTotalMilli: bigint;
  readonly memoryTotalBytes: bigint;
}

/** Everything the checks and the reports need. */
export interface FleetAnalysis {
  readonly clusterName: string;
  readonly nodeCount: number;
  readonly pools: readonly PoolSummary[];
  readonly agents: readonly AgentSummary[];
  /** One per agent × pool, agent by agent, pools in fleet order. */
  readonly cells: readonly Cell[];
  readonly overhead: readonly PoolOverhead[];
  readonly totalCpu: string;
  readonly totalMemory: string;
  readonly findings: readonly Finding[];
  /** Per DaemonSet and node (every node of the fleet), as `place` reports it. */
  readonly placement: PlacementReport;
  /** With a workload: what each agent does beside the running pods. */
  readonly workload?: WorkloadAnalysis;
}

/** An agent's pods beside the running pods of one pool's nodes, nodes with the same outcome. */
export interface WorkloadGroup {
  readonly agent: string;
  readonly pool: string;
  /** `evicts`: the scheduler makes room by preemption; `pending`: it cannot. */
  readonly outcome: 'evicts' | 'pending';
  /** The nodes, in inventory order. */
  readonly nodes: readonly string[];
  /** `namespace/name` of the pods evicted on those nodes. */
  readonly victims: readonly string[];
  /** Evictions that take a PodDisruptionBudget below zero. */
  readonly pdbViolations: number;
  /** For `pending`: Kubernetes' reasons and the scheduler's preemption reason. */
  readonly reason: string;
  /** Whether the agent is meant for these nodes. */
  readonly expected: boolean;
}

/** The agents beside the pods already running (a fleet with a workload). */
export interface WorkloadAnalysis {
  /** Per agent and pool, the nodes where its pod does not fit beside the running pods: evicting or pending. */
  readonly groups: readonly WorkloadGroup[];
}

/** Nodes that are simulated together. */
interface NodeClass {
  readonly pool: NodePool;
  readonly representative: Node;
  readonly members: string[];
  /** The representative's `kubernetes.io/os` and `kubernetes.io/arch` (every member's). */
  readonly os: string;
  readonly arch: string;
  readonly controlPlane: boolean;
}

/** Which node classes an agent is meant for, and why. */
interface Expectation {
  /** The pools named (explicit) or the pools with a Linux node (implicit). */
  readonly pools: string[];
  readonly source: AgentSummary['expectation'];
  /** By class index. */
  readonly classes: readonly boolean[];
  /** Implicit expectations: the OS of the nodes meant (see `AgentSummary.os`). */
  readonly os: readonly string[];
}

interface DsState {
  readonly input: DaemonSetInput;
  readonly agent: AgentInput;
  readonly index: number;
  readonly name: string;
  readonly namespace: string;
  readonly requests: Requests;
  readonly ports: HostPort[];
  /** Verdict per class, by class index. */
  readonly verdicts: PlacementNodeVerdict[];
  /** Per class: whether the DaemonSet's OS/architecture requirements admit it (`platformAffinity`). */
  readonly onPlatform: boolean[];
  /** Its `kubernetes.io/os` requirement, when it has one. */
  readonly os?: RequiredNodeAffinity;
  readonly rollout: { strategy: string; maxSurge: number; maxUnavailable: number };
  /** Why the apiserver refuses its pods (Priority admission), if it does. */
  readonly podCreationError?: string;
}

/** An error in a DaemonSet the analysis cannot read (bad quantity, bad selector), naming its source. */
export class FleetAnalysisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FleetAnalysisError';
  }
}

/**
 * Runs the placement engine for every agent over the fleet and every fleet check.
 */
export function analyzeFleet(fleet: Fleet, agents: readonly AgentInput[], options: FleetAnalysisOptions = {}): FleetAnalysis {
  const budget = parseBudget(options);
  const allDs = agents.flatMap((a) => a.daemonSets);
  const perNode = allDs.some((d) => readsNodeNames(d.manifest));
  const classes = nodeClasses(fleet, perNode);
  const state = buildClusterState(classes.map((c) => c.representative), []);

  const dsStates: DsState[] = [];
  agents.forEach((agent) => agent.daemonSets.forEach((input, index) => {
    dsStates.push(simulateOne(agent, input, index, classes, state));
  }));
  const byAgent = new Map<AgentInput, DsState[]>();
  for (const d of dsStates) {
    const list = byAgent.get(d.agent) ?? [];
    list.push(d);
    byAgent.set(d.agent, list);
  }

  const poolNames = new Set(fleet.pools.map((p) => p.name));
  const findings: Finding[] = [];
  const summaries: AgentSummary[] = [];
  const cells: Cell[] = [];
  for (const agent of agents) {
    const ds = byAgent.get(agent) ?? [];
    const expectation = expectationOf(agent, ds, fleet, classes);
    for (const p of expectation.pools) {
      if (!poolNames.has(p)) {
        findings.push({
          check: 'expectation',
          agent: agent.name,
          pools: [],
          message: `${agent.name}: expected on pool ${JSON.stringify(p)}, but the fleet has no such pool (pools: ${fleet.pools.map((x) => x.name).join(', ')})`,
        });
      }
    }
    summaries.push({
      name: agent.name,
      role: agent.role,
      daemonSets: ds.map((d) => `${d.namespace}/${d.name}`),
      expectedPools: expectation.pools.filter((p) => poolNames.has(p)),
      expectation: expectation.source,
      os: expectation.os,
    });
    const expected = expectation.classes;
    for (const pool of fleet.pools) {
      cells.push(buildCell(agent, ds, pool, classes, expected));
    }
    findings.push(...landingFindings(agent, ds, classes, expected, fleet));
    findings.push(...notReadyFindings(agent, ds, classes, expected));
    findings.push(...partitionFindings(agent, ds, classes, fleet));
    findings.push(...osFindings(agent, ds, classes, expected));
  }
  findings.push(...surgeFindings(dsStates));
  findings.push(...resourceFindings(dsStates, classes, fleet, budget));
  findings.push(...hostPortFindings(dsStates, classes, fleet));
  const workload = fleet.workload ? analyzeWorkload(fleet, agents, byAgent, classes) : undefined;
  findings.push(...admissionFindings(dsStates, workload?.creationErrors));
  if (workload) findings.push(...workload.findings);

  const overhead = fleet.pools.map((p) => poolOverhead(p, classes, dsStates));
  const totalCpu = overhead.reduce((s, o) => s + o.cpuTotalMilli, 0n);
  const totalMemory = overhead.reduce((s, o) => s + o.memoryTotalBytes, 0n);

  return {
    clusterName: fleet.clusterName,
    nodeCount: fleet.nodeCount,
    pools: fleet.pools.map((p) => poolSummary(p, classes)),
    agents: summaries,
    cells,
    overhead,
    totalCpu: formatResource('cpu', Quantity.fromScaled(totalCpu, -3)),
    totalMemory: formatResource('memory', Quantity.fromScaled(totalMemory, 0)),
    findings,
    placement: placementReport(dsStates, classes, fleet),
    ...(workload ? { workload: { groups: workload.groups } } : {}),
  };
}

function parseBudget(options: FleetAnalysisOptions): { cpu?: Quantity; memory?: Quantity } {
  const parse = (field: string, v: string | undefined): Quantity | undefined => {
    if (v === undefined) return undefined;
    try {
      const q = Quantity.parse(v);
      if (q.sign() < 0) throw new QuantityError(v, 'must be greater than or equal to 0');
      return q;
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      throw new FleetAnalysisError(`${field}: ${e.message}`);
    }
  };
  return { cpu: parse('maxAgentCpuPerNode', options.maxAgentCpuPerNode), memory: parse('maxAgentMemoryPerNode', options.maxAgentMemoryPerNode) };
}

/** Whether the DaemonSet's placement depends on a node's name (then every node is simulated). */
function readsNodeNames(ds: DaemonSet): boolean {
  const spec = ds.spec?.template?.spec;
  if (!spec) return false;
  if (spec.nodeName) return true;
  if (spec.nodeSelector && LABEL_HOSTNAME in spec.nodeSelector) return true;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return terms.some((t) => (t.matchFields ?? []).length > 0 || (t.matchExpressions ?? []).some((e) => e.key === LABEL_HOSTNAME));
}

/** Node classes: per pool, nodes identical apart from their name. */
function nodeClasses(fleet: Fleet, perNode: boolean): NodeClass[] {
  const classes: NodeClass[] = [];
  const newClass = (pool: NodePool, representative: Node, members: string[]): NodeClass => ({
    pool,
    representative,
    members,
    os: nodeOs(representative),
    arch: nodeArch(representative),
    controlPlane: isControlPlaneNode(representative),
  });
  for (const pool of fleet.pools) {
    const nodes = pool._nodeObjects;
    if (pool.uniform && !perNode) {
      if (nodes.length > 0) classes.push(newClass(pool, nodes[0], nodes.map((n) => n.metadata.name!)));
      continue;
    }
    const bySignature = new Map<string, NodeClass>();
    for (const n of nodes) {
      const key = perNode ? n.metadata.name! : signature(n);
      const c = bySignature.get(key);
      if (c) {c.members.push(n.metadata.name!);} else {
        const created = newClass(pool, n, [n.metadata.name!]);
        bySignature.set(key, created);
        classes.push(created);
      }
    }
  }
  return classes;
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Everything about a node that the placement engine and the checks read,
 * apart from its name: labels (but `kubernetes.io/hostname`), taints in
 * order (the first untolerated one is the reason Kubernetes gives), the
 * unschedulable flag, and allocatable as the scheduler reads it (capacity
 * when allocatable is absent). Conditions are not read (the DaemonSet
 * controller and these filters ignore them; NotReady is seen through its taints).
 */
function signature(n: Node): string {
  const labels = Object.entries(n.metadata.labels ?? {}).filter(([k]) => k !== LABEL_HOSTNAME).sort(byKey);
  const taints = (n.spec?.taints ?? []).map((t) => [t.key, t.value ?? '', t.effect]);
  const alloc = Object.entries(schedulerAllocatable(n)).map(([k, v]) => [k, String(v)] as [string, string]).sort(byKey);
  return JSON.stringify([labels, taints, alloc, n.spec?.unschedulable === true]);
}

/** The node labels that name a node's OS, stable and deprecated. */
const OS_LABELS: readonly string[] = [LABEL_OS, `beta.${LABEL_OS}`];
/** The node labels that name a node's platform (OS, CPU architecture), stable and deprecated. */
const PLATFORM_LABELS: readonly string[] = [...OS_LABELS, LABEL_ARCH, `beta.${LABEL_ARCH}`];

/**
 * The part of a pod's required node affinity (`GetRequiredNodeAffinity`:
 * `nodeSelector` AND `requiredDuringSchedulingIgnoredDuringExecution`) that
 * is about the node labels `keys`; `constrains` when it says anything about
 * them. A term with no requirement on `keys` admits every node, so it drops
 * the whole required affinity (the terms are ORed).
 */
function requirementOn(spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>, keys: readonly string[]): { affinity: RequiredNodeAffinity; constrains: boolean } {
  const nodeSelector = Object.fromEntries(Object.entries(spec.nodeSelector ?? {}).filter(([k]) => keys.includes(k)));
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const reduced = terms.map((t) => ({ matchExpressions: (t.matchExpressions ?? []).filter((e) => keys.includes(e.key)) }));
  const inTerms = reduced.length > 0 && reduced.every((t) => t.matchExpressions.length > 0);
  const affinity = RequiredNodeAffinity.fromPodSpec({
    nodeSelector,
    affinity: inTerms ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: reduced } } } : undefined,
  });
  return { affinity, constrains: inTerms || Object.keys(nodeSelector).length > 0 };
}

/**
 * What an agent says it can run on: the part of its required node affinity
 * about the node's OS and architecture (`kubernetes.io/os`, `kubernetes.io/arch`
 * and their deprecated `beta.` forms).
 */
export function platformAffinity(spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>): RequiredNodeAffinity {
  return requirementOn(spec, PLATFORM_LABELS).affinity;
}

function simulateOne(
  agent: AgentInput,
  input: DaemonSetInput,
  index: number,
  classes: NodeClass[],
  state: ReturnType<typeof buildClusterState>,
): DsState {
  const manifest = input.manifest;
  const name = manifest.metadata?.name ?? '(unnamed)';
  const namespace = manifest.metadata?.namespace || 'default';
  let result;
  try {
    result = simulateDaemonSet(manifest, state);
  } catch (e) {
    if (e instanceof PlacementInputError) {
      const detail = e.message.startsWith(`${e.object}: `) ? e.message.slice(e.object.length + 2) : e.message;
      throw new FleetAnalysisError(`${input.source}: DaemonSet ${namespace}/${name}: ${detail}`);
    }
    throw e;
  }
  const byNode = new Map(result.nodes.map((v) => [v.node, v]));
  const verdicts = classes.map((c) => byNode.get(c.representative.metadata.name!)!);
  const podSpec = manifest.spec?.template?.spec ?? {};
  const platform = platformAffinity(podSpec);
  const onPlatform = classes.map((c) => platform.match(c.representative).match);
  const osRequirement = requirementOn(podSpec, OS_LABELS);
  let requests: Requests;
  try {
    requests = daemonPodRequests(manifest.spec.template.spec);
  } catch (e) {
    if (e instanceof PodResourceError) throw new FleetAnalysisError(`${input.source}: DaemonSet ${namespace}/${name}: ${e.message}`);
    throw e;
  }
  const desired = classes.reduce((n, c, i) => n + (verdicts[i].shouldRun ? c.members.length : 0), 0);
  return {
    input,
    agent,
    index,
    name,
    namespace,
    requests,
    ports: hostPorts(manifest.spec.template.spec),
    verdicts,
    onPlatform,
    os: osRequirement.constrains ? osRequirement.affinity : undefined,
    rollout: rolloutOf(manifest, desired),
    ...(result.podCreationError !== undefined ? { podCreationError: result.podCreationError } : {}),
  };
}

/** The rollout budget against the desired count over every node (src/placement/rollout.ts `rolloutNumbers`). */
function rolloutOf(ds: DaemonSet, desired: number): { strategy: string; maxSurge: number; maxUnavailable: number } {
  const r = rolloutNumbers(ds, desired);
  return { strategy: r.strategy, maxSurge: r.maxSurge, maxUnavailable: r.maxUnavailable };
}

function toleratesEverything(tolerations: Toleration[] | undefined): boolean {
  return (tolerations ?? []).some((t) => !t.key && (t.operator === 'Exists') && !t.effect);
}

const LINUX = 'linux';

/**
 * The node classes the agent is meant for. Explicit pools: every node of
 * each on the agent's platform (any of its DaemonSets admits it), or every
 * node of the pool when none is. CNI and CSI agents, and agents that
 * tolerate every taint: every node of their OS (what the `kubernetes.io/os`
 * requirement admits; Linux without one).
 */
function expectationOf(agent: AgentInput, ds: DsState[], fleet: Fleet, classes: NodeClass[]): Expectation {
  if (agent.expectedPools !== undefined) {
    const named = new Set(agent.expectedPools);
    const onPlatform = classes.map((_, i) => ds.some((d) => d.onPlatform[i]));
    const poolHasPlatform = new Set(classes.filter((_, i) => onPlatform[i]).map((c) => c.pool));
    const meant = classes.map((c, i) => named.has(c.pool.name) && (onPlatform[i] || !poolHasPlatform.has(c.pool)));
    return { pools: [...agent.expectedPools], source: 'explicit', classes: meant, os: [] };
  }
  let source: AgentSummary['expectation'] = 'none';
  if (agent.role === ROLE_CNI || agent.role === ROLE_CSI) source = 'role';
  else if (ds.length > 0 && ds.every((d) => toleratesEverything(d.input.manifest.spec.template.spec.tolerations))) source = 'tolerates-all';
  if (source === 'none') return { pools: [], source, classes: classes.map(() => false), os: [] };
  // Every node of its OS: what its kubernetes.io/os requirement admits, Linux without one.
  const claims = (node: Node, os: string) => ds.some((d) => (d.os ? d.os.match(node).match : os === LINUX));
  const meant = classes.map((c) => claims(c.representative, c.os));
  const osNode = (os: string): Node => ({ metadata: { labels: { [LABEL_OS]: os, [`beta.${LABEL_OS}`]: os } } });
  const pools = fleet.pools.filter((p) => (p.count === 0
    ? p.platforms.some((x) => claims(osNode(x.os), x.os))
    : classes.some((c, i) => c.pool === p && meant[i]))).map((p) => p.name);
  const os = new Set(ds.some((d) => !d.os) ? [LINUX] : []);
  classes.forEach((c, i) => {
    if (meant[i] && c.os) os.add(c.os);
  });
  return { pools, source, classes: meant, os: [...os].sort() };
}

/** The variant (DaemonSet) that is meant for `pool` by the partition; the only DaemonSet for a plain agent. */
function assignedDs(agent: AgentInput, ds: DsState[], pool: string): DsState | undefined {
  if (!agent.variants) return ds[0];
  const i = agent.variants.entries.findIndex((e) => !e.isDefault && e.pools.includes(pool));
  if (i >= 0) return ds[i];
  const d = agent.variants.entries.findIndex((e) => e.isDefault);
  return d >= 0 ? ds[d] : undefined;
}

interface ClassVerdict {
  readonly status: CellStatus;
  readonly reason: string;
  readonly ds?: DsState;
  readonly running: DsState[];
}

/** The agent's verdict on a class: runs if some DaemonSet lands; else the assigned one's verdict. */
function agentVerdict(agent: AgentInput, ds: DsState[], classIndex: number, pool: string): ClassVerdict {
  const running = ds.filter((d) => d.verdicts[classIndex].shouldRun && d.verdicts[classIndex].schedulable);
  if (running.length > 0) return { status: 'runs', reason: '', ds: running[0], running };
  const pendingDs = ds.find((d) => d.verdicts[classIndex].shouldRun);
  const subject = pendingDs ?? assignedDs(agent, ds, pool);
  if (!subject) return { status: 'excluded', reason: 'no variant is meant for this pool', running };
  const v = subject.verdicts[classIndex];
  const reason = v.reasons.length ? v.reasons.join('; ') : '(no reason reported)';
  return { status: v.shouldRun ? 'pending' : 'excluded', reason, ds: subject, running };
}

function buildCell(agent: AgentInput, ds: DsState[], pool: NodePool, classes: NodeClass[], expected: readonly boolean[]): Cell {
  type Group = { status: CellStatus; reason: string; daemonSet: string; nodes: string[]; platform: string; expected: boolean; onPlatform: boolean };
  const groups = new Map<string, Group>();
  const variants = new Set<string>();
  let requestsDs: DsState | undefined;
  classes.forEach((c, i) => {
    if (c.pool !== pool) return;
    const v = agentVerdict(agent, ds, i, pool.name);
    for (const r of v.running) if (r.input.variant) variants.add(r.input.variant);
    if (!requestsDs && v.status !== 'excluded') requestsDs = v.ds;
    const dsName = v.ds ? v.ds.name : '';
    const platform = formatPlatform(c.os, c.arch);
    const onPlatform = ds.some((d) => d.onPlatform[i]);
    const meant = expected[i];
    const key = `${v.status}\u0000${v.reason}\u0000${dsName}\u0000${platform}\u0000${meant}\u0000${onPlatform}`;
    const g = groups.get(key);
    if (g) g.nodes.push(...c.members);
    else groups.set(key, { status: v.status, reason: v.reason, daemonSet: dsName, platform, expected: meant, onPlatform, nodes: [...c.members] });
  });
  requestsDs = requestsDs ?? assignedDs(agent, ds, pool.name);
  const list = [...groups.values()].map((g) => ({ ...g, nodes: inPoolOrder(pool, g.nodes), count: g.nodes.length }));
  const order: Record<CellStatus, number> = { runs: 0, pending: 1, excluded: 2 };
  list.sort((a, b) => order[a.status] - order[b.status] || b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)
    || (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0));
  const sum = (gs: typeof list) => gs.reduce((n, g) => n + g.count, 0);
  const count = (s: CellStatus) => sum(list.filter((g) => g.status === s));
  const runs = count('runs');
  const pending = count('pending');
  const excluded = count('excluded');
  const expectedNodes = sum(list.filter((g) => g.expected));
  const missed = sum(list.filter((g) => g.expected && g.status !== 'runs'));
  // Nodes the agent is not built for (its own OS/arch selector) and not meant for: named, not judged.
  const isOff = (g: Group) => g.status === 'excluded' && !g.onPlatform && !g.expected;
  let off = list.filter(isOff);
  if (sum(off) === pool.count) off = [];
  const judged = list.filter((g) => !off.includes(g));
  const offPlatform = sum(off);
  const total = pool.count - offPlatform;
  const scope = offPlatform > 0 ? composition(judged.map((g) => ({ name: g.platform, count: g.count }))) : '';
  const note = offPlatform > 0
    ? `${composition(off.map((g) => ({ name: g.platform, count: g.count })))} node${offPlatform === 1 ? ' is' : 's are'} not its platform`
    : '';
  const judgedCount = (s: CellStatus) => sum(judged.filter((g) => g.status === s));
  let verdict: string;
  let kind: Cell['kind'];
  if (pool.count === 0) {
    verdict = 'no nodes';
    kind = 'empty';
  } else if (judgedCount('runs') === total) {
    verdict = offPlatform > 0 ? `runs on ${scope} node${total === 1 ? '' : 's'}; ${note}` : 'runs';
    kind = 'runs';
  } else if (judgedCount('pending') === total || judgedCount('excluded') === total) {
    const status = judgedCount('pending') === total ? 'pending' : 'excluded';
    const others = new Set(judged.map((g) => g.reason)).size - 1;
    const first = sum(judged.filter((g) => g.reason === judged[0].reason));
    const details: string[] = [];
    if (others) details.push(`${first} of ${total} nodes; ${others} other reason${others === 1 ? '' : 's'}`);
    if (offPlatform > 0) details.push(`${scope} node${total === 1 ? '' : 's'}; ${note}`);
    verdict = `${status}: ${judged[0].reason}${details.length ? ` (${details.join('; ')})` : ''}`;
    kind = status;
  } else {
    verdict = offPlatform > 0 ? `${judgedCount('runs')} of ${scope} nodes; ${note}` : `${runs} of ${pool.count}`;
    kind = 'partial';
  }
  const requests: Record<string, string> = {};
  if (requestsDs) {
    for (const name of orderedResourceNames(requestsDs.requests.keys())) {
      requests[name] = formatResource(name, requestsDs.requests.get(name)!);
    }
  }
  return {
    agent: agent.name,
    pool: pool.name,
    nodes: pool.count,
    runs,
    pending,
    excluded,
    verdict,
    kind,
    groups: list,
    variants: [...variants].sort(),
    requests,
    expected: expectedNodes > 0,
    expectedNodes,
    missed,
    offPlatform,
    scope,
  };
}

/** `10 linux/amd64 + 3 windows/amd64`: counts per name, most first. */
export function composition(parts: ReadonlyArray<{ readonly name: string; readonly count: number }>): string {
  const totals = new Map<string, number>();
  for (const p of parts) totals.set(p.name, (totals.get(p.name) ?? 0) + p.count);
  return [...totals.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, n]) => `${n} ${name}`)
    .join(' + ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `a, b, c and 4 more`. */
function names(list: readonly string[], max = 3): string {
  if (list.length <= max) return list.join(', ');
  return `${list.slice(0, max).join(', ')} and ${list.length - max} more`;
}

const NODE_ORDER = new WeakMap<NodePool, Map<string, number>>();

/** `names` in the pool's node order (inventory order): classes collect their members class by class. */
function inPoolOrder(pool: NodePool, members: readonly string[]): string[] {
  let order = NODE_ORDER.get(pool);
  if (!order) {
    order = new Map(pool._nodeObjects.map((n, i) => [n.metadata.name!, i]));
    NODE_ORDER.set(pool, order);
  }
  const index = order;
  return [...members].sort((a, b) => index.get(a)! - index.get(b)!);
}

/** `pool gpu (4 nodes)` when the whole pool is concerned, `pool gpu: 1 of 4 nodes (gpu-3)` otherwise (names in inventory order). */
function where(pool: NodePool, nodes: readonly string[]): string {
  if (nodes.length === pool.count) return `pool ${pool.name} (${plural(pool.count, 'node')})`;
  return `pool ${pool.name}: ${nodes.length} of ${plural(pool.count, 'node')} (${names(inPoolOrder(pool, nodes))})`;
}

function roleLabel(agent: AgentInput): string {
  return agent.role === ROLE_CNI ? 'CNI' : agent.role === ROLE_CSI ? 'CSI' : '';
}

function landingFindings(agent: AgentInput, ds: DsState[], classes: NodeClass[], expected: readonly boolean[], fleet: Fleet): Finding[] {
  const out: Finding[] = [];
  const role = roleLabel(agent);
  for (const pool of fleet.pools) {
    const groups = new Map<string, { v: ClassVerdict; controlPlane: boolean; nodes: string[] }>();
    classes.forEach((c, i) => {
      if (c.pool !== pool || !expected[i]) return;
      const v = agentVerdict(agent, ds, i, pool.name);
      if (v.status === 'runs') return;
      const controlPlane = role !== '' && c.controlPlane;
      const key = `${controlPlane}\u0000${v.status}\u0000${v.reason}\u0000${v.ds?.name ?? ''}`;
      const g = groups.get(key);
      if (g) g.nodes.push(...c.members);
      else groups.set(key, { v, controlPlane, nodes: [...c.members] });
    });
    for (const { v, controlPlane, nodes } of groups.values()) {
      const variant = agent.variants && v.ds ? `variant ${v.ds.input.variant} (DaemonSet ${v.ds.name}): ` : '';
      const pending = v.status === 'pending' ? 'its pods would stay Pending: ' : '';
      if (controlPlane) {
        out.push({
          check: 'control-plane',
          agent: agent.name,
          pools: [pool.name],
          message: `${agent.name}: ${where(pool, nodes)}: ${variant}${pending}${v.reason} (a ${role} agent must run on control-plane nodes too)`,
        });
      } else {
        out.push({ check: 'landing', agent: agent.name, pools: [pool.name], message: `${agent.name}: ${where(pool, nodes)}: ${variant}${pending}${v.reason}` });
      }
    }
  }
  return out;
}

/** The representative with the taints and condition the node lifecycle controller sets for Ready=False. */
function notReadyTwin(n: Node): Node {
  const twin = structuredClone(n);
  const taints = [...(twin.spec?.taints ?? [])];
  for (const effect of ['NoSchedule', 'NoExecute']) {
    if (!taints.some((t) => t.key === TAINT_NOT_READY && t.effect === effect)) taints.push({ key: TAINT_NOT_READY, effect });
  }
  twin.spec = { ...(twin.spec ?? {}), taints };
  twin.status = {
    ...(twin.status ?? {}),
    conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }],
  };
  return twin;
}

function notReadyFindings(agent: AgentInput, ds: DsState[], classes: NodeClass[], expected: readonly boolean[]): Finding[] {
  const role = roleLabel(agent);
  if (!role) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  const candidates = classes.filter((_, i) => expected[i]);
  if (candidates.length === 0) return out;
  const state = buildClusterState(candidates.map((c) => notReadyTwin(c.representative)), []);
  const results = new Map<DsState, ReturnType<typeof simulateDaemonSet>>();
  candidates.forEach((c) => {
    if (seen.has(c.pool.name)) return;
    const subject = assignedDs(agent, ds, c.pool.name);
    // Only nodes where the agent runs today: elsewhere the landing check already says why not.
    if (!subject || !subject.verdicts[classes.indexOf(c)].shouldRun) return;
    let result = results.get(subject);
    if (!result) {
      result = simulateDaemonSet(subject.input.manifest, state);
      results.set(subject, result);
    }
    const v = result.nodes.find((x) => x.node === c.representative.metadata.name);
    if (!v || v.shouldRun) return;
    seen.add(c.pool.name);
    const why = role === 'CNI'
      ? 'a new node stays NotReady until its CNI agent runs, so it would never become Ready'
      : 'volumes could not be mounted on a node that starts or restarts NotReady';
    out.push({
      check: 'not-ready',
      agent: agent.name,
      pools: [c.pool.name],
      message: `${agent.name}: would not start on a NotReady node of pool ${c.pool.name}: ${v.reasons.filter((r) => r.startsWith('node(s) had untolerated taint')).join('; ')} (${why}; tolerate node.kubernetes.io/not-ready NoSchedule, e.g. AgentTolerations.everything())`,
    });
  });
  return out;
}

function partitionFindings(agent: AgentInput, ds: DsState[], classes: NodeClass[], fleet: Fleet): Finding[] {
  const plan = agent.variants;
  if (!plan) return [];
  const out: Finding[] = [];
  ds.forEach((d, i) => {
    const entry = plan.entries[i];
    if (!entry) return;
    const terms = d.input.manifest.spec.template.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    const has = (t: NodeSelectorTerm) => (t.matchExpressions ?? []).some((e) => sameRequirement(e, entry.requirement));
    if (!terms || terms.length === 0 || !terms.every(has)) {
      out.push({
        check: 'partition-affinity',
        agent: agent.name,
        pools: [],
        message: `${agent.name}: variant ${entry.variant} (DaemonSet ${d.name}): its required node affinity does not contain the pool partition {${entry.requirement.key} ${entry.requirement.operator} [${(entry.requirement.values ?? []).join(', ')}]} in every term (a term was added after AgentVariants confined the agent: add node affinity inside the factory)`,
      });
    }
  });

  const stripped = new Map<number, PlacementNodeVerdict[]>();
  const strippedVerdicts = (i: number): PlacementNodeVerdict[] => {
    let v = stripped.get(i);
    if (!v) {
      const manifest = stripRequirement(ds[i].input.manifest, plan.entries[i].requirement);
      const state = buildClusterState(classes.map((c) => c.representative), []);
      const res = simulateDaemonSet(manifest, state);
      const byNode = new Map(res.nodes.map((x) => [x.node, x]));
      v = classes.map((c) => byNode.get(c.representative.metadata.name!)!);
      stripped.set(i, v);
    }
    return v;
  };

  for (const pool of fleet.pools) {
    const overlaps = new Map<string, string[]>();
    const gaps = new Map<string, string[]>();
    classes.forEach((c, ci) => {
      if (c.pool !== pool) return;
      const running = ds.filter((d) => d.verdicts[ci].shouldRun);
      if (running.length > 1) {
        const key = running.map((d) => d.input.variant).join(' and ');
        overlaps.set(key, [...(overlaps.get(key) ?? []), ...c.members]);
        return;
      }
      if (running.length === 1) return;
      const assigned = plan.entries.findIndex((e) => !e.isDefault && e.pools.includes(pool.name));
      if (assigned >= 0) {
        const v = ds[assigned].verdicts[ci];
        const key = `variant ${plan.entries[assigned].variant} (DaemonSet ${ds[assigned].name}) is meant for this pool but does not run there: ${v.reasons.join('; ')}`;
        gaps.set(key, [...(gaps.get(key) ?? []), ...c.members]);
        return;
      }
      const wouldRun = ds.findIndex((_, i) => strippedVerdicts(i)[ci].shouldRun);
      if (wouldRun < 0) return;
      const def = plan.entries.findIndex((e) => e.isDefault);
      const reason = def >= 0
        ? `the catch-all variant ${plan.entries[def].variant} (DaemonSet ${ds[def].name}) does not run there: ${ds[def].verdicts[ci].reasons.join('; ')}`
        : 'no variant names this pool and there is no catch-all variant';
      const key = `runs no variant, although variant ${plan.entries[wouldRun].variant} would run there without the pool partition: ${reason}`;
      gaps.set(key, [...(gaps.get(key) ?? []), ...c.members]);
    });
    for (const [variants, nodes] of overlaps) {
      out.push({
        check: 'partition-overlap',
        agent: agent.name,
        pools: [pool.name],
        message: `${agent.name}: ${where(pool, nodes)}: variants ${variants} would both run there (every node must run exactly one variant)`,
      });
    }
    for (const [what, nodes] of gaps) {
      out.push({ check: 'partition-gap', agent: agent.name, pools: [pool.name], message: `${agent.name}: ${where(pool, nodes)}: ${what}` });
    }
  }
  return out;
}

function sameRequirement(a: NodeSelectorRequirement, b: NodeSelectorRequirement): boolean {
  return a.key === b.key && a.operator === b.operator && JSON.stringify(a.values ?? []) === JSON.stringify(b.values ?? []);
}

/** The DaemonSet with the partition requirement taken out (it is `true` again): what the agent would do without the partition. */
export function stripRequirement(ds: DaemonSet, requirement: NodeSelectorRequirement): DaemonSet {
  const copy = structuredClone(ds);
  const na = copy.spec.template.spec.affinity?.nodeAffinity;
  const required = na?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!na || !required) return copy;
  const terms = required.nodeSelectorTerms.map((t) => ({
    ...t,
    matchExpressions: (t.matchExpressions ?? []).filter((e) => !sameRequirement(e, requirement)),
  }));
  const emptied = terms.some((t, i) => t.matchExpressions.length === 0 && (t.matchFields ?? []).length === 0
    && (required.nodeSelectorTerms[i].matchExpressions ?? []).length > 0);
  if (emptied) delete na.requiredDuringSchedulingIgnoredDuringExecution;
  else required.nodeSelectorTerms = terms;
  return copy;
}

function osFindings(agent: AgentInput, ds: DsState[], classes: NodeClass[], expected: readonly boolean[]): Finding[] {
  const out: Finding[] = [];
  for (const d of ds) {
    if (d.os) continue;
    const found = new Map<string, { pool: NodePool; os: string; nodes: string[] }>();
    classes.forEach((c, i) => {
      if (c.os === LINUX || c.os === '' || expected[i]) return;
      if (!d.verdicts[i].shouldRun) return;
      const key = `${c.pool.name}\u0000${c.os}`;
      const f = found.get(key);
      if (f) f.nodes.push(...c.members);
      else found.set(key, { pool: c.pool, os: c.os, nodes: [...c.members] });
    });
    for (const { pool, os, nodes } of found.values()) {
      // A pool of one OS is "the windows pool"; in a mixed pool, name the nodes.
      const on = pool.os === os ? `${os} ${where(pool, nodes)}` : `the ${os} nodes of ${where(pool, nodes)}`;
      out.push({
        check: 'os',
        agent: agent.name,
        pools: [pool.name],
        message: `${agent.name}: DaemonSet ${d.name} would run on ${on} because it has no kubernetes.io/os node selector (a Linux image fails there with ImagePullBackOff or exec format errors); select kubernetes.io/os=linux or expect the pool explicitly`,
      });
    }
  }
  return out;
}

function surgeFindings(ds: DsState[]): Finding[] {
  const out: Finding[] = [];
  for (const d of ds) {
    const strategy = d.input.manifest.spec.updateStrategy;
    if ((strategy?.type || 'RollingUpdate') !== 'RollingUpdate') continue;
    const surge = strategy?.rollingUpdate?.maxSurge;
    const positive = typeof surge === 'number' ? surge > 0 : typeof surge === 'string' ? /^[0-9]+%$/.test(surge) && Number(surge.slice(0, -1)) > 0 : false;
    if (!positive || d.ports.length === 0) continue;
    out.push({
      check: 'surge-host-port',
      agent: d.agent.name,
      pools: [],
      message: `${d.agent.name}: DaemonSet ${d.name} uses RollingUpdate with maxSurge ${JSON.stringify(surge)} and host port ${d.ports.map(formatHostPort).join(', ')}: the surge pod cannot get the port the old pod still holds ("node(s) didn't have free ports for the requested pod ports"), so the rollout stalls; Kubernetes accepts this, so set maxSurge 0 and maxUnavailable 1 or a percentage`,
    });
  }
  return out;
}

function resourceFindings(ds: DsState[], classes: NodeClass[], fleet: Fleet, budget: { cpu?: Quantity; memory?: Quantity }): Finding[] {
  const out: Finding[] = [];
  const poolOrder = new Map(fleet.pools.map((p, i) => [p.name, i]));
  const found = new Map<string, { pool: NodePool; nodes: string[]; message: (w: string) => string }>();
  classes.forEach((c, ci) => {
    const here = ds.filter((d) => d.verdicts[ci].shouldRun);
    if (here.length === 0) return;
    const sum: Requests = new Map();
    for (const d of here) for (const [k, v] of d.requests) sum.set(k, sum.has(k) ? sum.get(k)!.add(v) : v);
    const alloc = schedulerAllocatable(c.representative);
    const breakdown = (resource: string) => here
      .filter((d) => d.requests.has(resource) && !d.requests.get(resource)!.isZero())
      .map((d) => `${d.name} ${formatResource(resource, d.requests.get(resource)!)}`)
      .join(', ');
    const podsAllowed = alloc.pods !== undefined ? Quantity.parse(alloc.pods).value() : 0n;
    const problems: Array<{ key: string; message: (w: string) => string }> = [];
    if (BigInt(here.length) > podsAllowed) {
      problems.push({
        key: 'pods',
        message: (w) => `${w}: ${plural(here.length, 'agent pod')} per node, but the node allows ${podsAllowed} pods in all (allocatable pods); the rest stay Pending ("Too many pods")`,
      });
    }
    for (const resource of orderedResourceNames(sum.keys())) {
      if (resource === 'pods') continue;
      const total = sum.get(resource)!;
      if (total.isZero()) continue;
      const raw = alloc[resource];
      const available = raw === undefined ? Quantity.zero() : Quantity.parse(raw);
      if (exceeds(resource, total, available)) {
        problems.push({
          key: resource,
          message: (w) => `${w}: the agents request ${formatResource(resource, total)} ${resource} per node, more than the ${raw === undefined ? '0 (not advertised)' : formatResource(resource, available)} allocatable (${breakdown(resource)}); the pods that do not fit stay Pending ("Insufficient ${resource}")`,
        });
      }
    }
    for (const [resource, limit, option] of [['cpu', budget.cpu, 'maxAgentCpuPerNode'], ['memory', budget.memory, 'maxAgentMemoryPerNode']] as const) {
      if (!limit) continue;
      const total = sum.get(resource) ?? Quantity.zero();
      if (exceeds(resource, total, limit)) {
        problems.push({
          key: `budget-${resource}`,
          message: (w) => `${w}: the agents request ${formatResource(resource, total)} ${resource} per node, over the ${option} budget of ${formatResource(resource, limit)} (${breakdown(resource)})`,
        });
      }
    }
    for (const p of problems) {
      const key = `${poolOrder.get(c.pool.name)}\u0000${p.key}\u0000${p.message('')}`;
      const f = found.get(key);
      if (f) f.nodes.push(...c.members);
      else found.set(key, { pool: c.pool, nodes: [...c.members], message: p.message });
    }
  });
  for (const f of found.values()) {
    out.push({ check: 'resources', pools: [f.pool.name], message: f.message(where(f.pool, f.nodes)) });
  }
  return out;
}

/** Compared as the scheduler compares: cpu in millicores, the rest in whole units (both rounded up). */
function exceeds(resource: string, total: Quantity, available: Quantity): boolean {
  if (resource === 'cpu') return total.milliValue() > available.milliValue();
  return total.value() > available.value();
}

function hostPortFindings(ds: DsState[], classes: NodeClass[], fleet: Fleet): Finding[] {
  const found = new Map<string, { a: DsState; b: DsState; port: HostPort; pools: Map<NodePool, string[]> }>();
  classes.forEach((c, ci) => {
    const here = ds.filter((d) => d.verdicts[ci].shouldRun && d.ports.length > 0);
    for (let i = 0; i < here.length; i++) {
      for (let j = i + 1; j < here.length; j++) {
        for (const p of here[i].ports) {
          const clash = here[j].ports.find((q) => hostPortsConflict(p, q));
          if (!clash) continue;
          const key = `${here[i].namespace}/${here[i].name}\u0000${here[j].namespace}/${here[j].name}\u0000${formatHostPort(p)}`;
          let f = found.get(key);
          if (!f) {
            f = { a: here[i], b: here[j], port: p, pools: new Map() };
            found.set(key, f);
          }
          f.pools.set(c.pool, [...(f.pools.get(c.pool) ?? []), ...c.members]);
        }
      }
    }
  });
  const order = new Map(fleet.pools.map((p, i) => [p, i]));
  const out: Finding[] = [];
  for (const f of found.values()) {
    const pools = [...f.pools.entries()].sort(([a], [b]) => order.get(a)! - order.get(b)!);
    const at = pools.map(([pool, nodes]) => where(pool, nodes)).join('; ');
    out.push({
      check: 'host-port',
      agent: f.a.agent.name,
      pools: pools.map(([pool]) => pool.name),
      message: `${f.a.name} and ${f.b.name} both claim host port ${formatHostPort(f.port)} on the same nodes (${at}): the second pod stays Pending ("node(s) didn't have free ports for the requested pod ports")`,
    });
  }
  return out;
}

function poolOverhead(pool: NodePool, classes: NodeClass[], ds: DsState[]): PoolOverhead {
  let cpuTotal = 0n;
  let memTotal = 0n;
  let cpuMax = 0n;
  let memMax = 0n;
  let podsMax = 0;
  classes.forEach((c, ci) => {
    if (c.pool !== pool) return;
    let cpu = 0n;
    let mem = 0n;
    let pods = 0;
    for (const d of ds) {
      if (!d.verdicts[ci].shouldRun) continue;
      pods++;
      cpu += d.requests.get('cpu')?.milliValue() ?? 0n;
      mem += d.requests.get('memory')?.value() ?? 0n;
    }
    const n = BigInt(c.members.length);
    cpuTotal += cpu * n;
    memTotal += mem * n;
    if (cpu > cpuMax) cpuMax = cpu;
    if (mem > memMax) memMax = mem;
    if (pods > podsMax) podsMax = pods;
  });
  return {
    pool: pool.name,
    nodes: pool.count,
    podsPerNode: podsMax,
    cpuPerNode: formatResource('cpu', Quantity.fromScaled(cpuMax, -3)),
    memoryPerNode: formatResource('memory', Quantity.fromScaled(memMax, 0)),
    cpuTotal: formatResource('cpu', Quantity.fromScaled(cpuTotal, -3)),
    memoryTotal: formatResource('memory', Quantity.fromScaled(memTotal, 0)),
    cpuTotalMilli: cpuTotal,
    memoryTotalBytes: memTotal,
  };
}

/** The pool as the report shows it, read from its node classes (their nodes are alike). */
function poolSummary(pool: NodePool, classes: readonly NodeClass[]): PoolSummary {
  const a = pool.allocatable;
  const allocatable: Record<string, string> = { cpu: a.cpu, memory: a.memory };
  if (a.ephemeralStorage !== undefined) allocatable['ephemeral-storage'] = a.ephemeralStorage;
  allocatable.pods = String(a.pods ?? 110);
  for (const [k, v] of Object.entries(a.extended ?? {})) allocatable[k] = v;
  const mine = classes.filter((c) => c.pool === pool);
  const largest: Record<string, string> = {};
  for (const [name, smallest] of Object.entries(allocatable)) {
    let max: { q: Quantity; text: string } = { q: Quantity.parse(smallest), text: smallest };
    for (const c of mine) {
      const raw = schedulerAllocatable(c.representative)[name];
      if (raw === undefined || String(raw) === max.text) continue;
      const q = Quantity.parse(raw);
      if (q.cmp(max.q) > 0) max = { q, text: String(raw) };
    }
    largest[name] = max.text;
  }
  const formatTaint = (t: { key: string; value?: string; effect: string }) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
  const shared = pool.taints.map(formatTaint);
  const partial = new Map<string, number>();
  for (const c of mine) {
    for (const t of new Set((c.representative.spec?.taints ?? []).map(formatTaint))) {
      if (!shared.includes(t)) partial.set(t, (partial.get(t) ?? 0) + c.members.length);
    }
  }
  return {
    name: pool.name,
    count: pool.count,
    os: pool.os,
    arch: pool.arch,
    platforms: pool.platforms.map((p) => ({ os: p.os, arch: p.arch, count: p.count })),
    controlPlane: pool.controlPlane,
    controlPlaneNodes: mine.reduce((n, c) => n + (c.controlPlane ? c.members.length : 0), 0),
    allocatable,
    allocatableLargest: largest,
    taints: shared,
    partialTaints: [...partial.entries()].map(([taint, count]) => ({ taint, count })),
  };
}

/** Per DaemonSet and every node, in fleet order, as `place --json` reports it. */
function placementReport(ds: DsState[], classes: NodeClass[], fleet: Fleet): PlacementReport {
  const order = fleet.pools.flatMap((p) => p._nodeObjects.map((n) => n.metadata.name!));
  const classOf = new Map<string, number>();
  classes.forEach((c, i) => c.members.forEach((m) => classOf.set(m, i)));
  const results: DaemonSetPlacementResult[] = ds.map((d) => {
    const nodes: PlacementNodeVerdict[] = order.map((name) => {
      const v = d.verdicts[classOf.get(name)!];
      return { ...v, node: name, reasons: [...v.reasons], failedFilters: [...v.failedFilters] };
    });
    const desired = nodes.filter((v) => v.shouldRun).length;
    return { namespace: d.namespace, name: d.name, desiredNumberScheduled: desired, rollout: d.rollout, nodes };
  });
  results.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { daemonSets: results };
}

/** `admission`: the apiserver refuses a DaemonSet's pods (with a workload, as its PriorityClasses judge them). */
function admissionFindings(ds: DsState[], withWorkload: ReadonlyMap<DsState, string | undefined> | undefined): Finding[] {
  const out: Finding[] = [];
  for (const d of ds) {
    const error = withWorkload ? withWorkload.get(d) : d.podCreationError;
    if (error === undefined) continue;
    out.push({
      check: 'admission',
      agent: d.agent.name,
      pools: [],
      message: `${d.agent.name}: DaemonSet ${d.namespace}/${d.name}: the apiserver refuses its pods, so it has none: ${error}`,
    });
  }
  return out;
}

/**
 * Every agent DaemonSet simulated on every node beside the workload's pods
 * (`Fleet.workload`), with preemption where its pod does not fit: the
 * `preemption` and `crowded` findings and the report's groups.
 */
function analyzeWorkload(
  fleet: Fleet,
  agents: readonly AgentInput[],
  byAgent: ReadonlyMap<AgentInput, DsState[]>,
  classes: readonly NodeClass[],
): { groups: WorkloadGroup[]; findings: Finding[]; creationErrors: Map<DsState, string | undefined> } {
  const placement = fleet.workload!;
  const poolOf = new Map<string, NodePool>();
  for (const p of fleet.pools) for (const n of p._nodeObjects) poolOf.set(n.metadata.name!, p);
  const classOf = new Map<string, number>();
  classes.forEach((c, i) => c.members.forEach((m) => classOf.set(m, i)));
  const creationErrors = new Map<DsState, string | undefined>();
  const groups: WorkloadGroup[] = [];
  const findings: Finding[] = [];
  for (const agent of agents) {
    const ds = byAgent.get(agent) ?? [];
    const expected = expectationOf(agent, ds, fleet, [...classes]).classes;
    type Acc = { outcome: 'evicts' | 'pending'; reason: string; expected: boolean; nodes: string[]; victims: Set<string>; pdbViolations: number };
    const perPool = new Map<NodePool, Map<string, Acc>>();
    for (const d of ds) {
      let result;
      try {
        result = placement.simulateDaemonSet(d.input.manifest);
      } catch (e) {
        if (e instanceof InputError) throw new FleetAnalysisError(`${d.input.source}: DaemonSet ${d.namespace}/${d.name}: ${e.message}`);
        throw e;
      }
      creationErrors.set(d, result.podCreationError);
      for (const v of result.nodes) {
        if (!v.preemption) continue;
        const pool = poolOf.get(v.node)!;
        const ci = classOf.get(v.node)!;
        // Where the pod does not fit even an empty node, `landing` already says so.
        const fitsEmpty = d.verdicts[ci].shouldRun && d.verdicts[ci].schedulable;
        if (!v.preemption.possible && !fitsEmpty) continue;
        const outcome = v.preemption.possible ? 'evicts' : 'pending';
        const reason = outcome === 'evicts' ? '' : `${v.reasons.join('; ')} [preemption: ${v.preemption.reason}]`;
        // Nodes where an eviction breaks a budget are an error apart from the others.
        const key = `${outcome}\u0000${reason}\u0000${expected[ci]}\u0000${v.preemption.pdbViolations > 0}`;
        let inPool = perPool.get(pool);
        if (!inPool) {
          inPool = new Map();
          perPool.set(pool, inPool);
        }
        let acc = inPool.get(key);
        if (!acc) {
          acc = { outcome, reason, expected: expected[ci], nodes: [], victims: new Set(), pdbViolations: 0 };
          inPool.set(key, acc);
        }
        acc.nodes.push(v.node);
        for (const victim of v.preemption.victims) acc.victims.add(victim);
        acc.pdbViolations += v.preemption.pdbViolations;
      }
    }
    for (const pool of fleet.pools) {
      for (const acc of perPool.get(pool)?.values() ?? []) {
        const nodes = inPoolOrder(pool, [...new Set(acc.nodes)]);
        const victims = [...acc.victims];
        const { outcome, pdbViolations, reason } = acc;
        groups.push({ agent: agent.name, pool: pool.name, outcome, nodes, victims, pdbViolations, reason, expected: acc.expected });
        if (acc.outcome === 'evicts') {
          const text = describeEvictions(agent.name, { victims, nodes: nodes.length, pdbViolations: acc.pdbViolations }, `${pool.name} node${nodes.length === 1 ? '' : 's'}`);
          findings.push({
            check: 'preemption',
            ...(acc.pdbViolations === 0 ? { severity: 'warning' as const } : {}),
            agent: agent.name,
            pools: [pool.name],
            message: `${text} to make room for its pods (preemption: their priority is lower)`,
          });
        } else if (acc.expected) {
          findings.push({
            check: 'crowded',
            agent: agent.name,
            pools: [pool.name],
            message: `${agent.name}: ${where(pool, nodes)}: its pods would stay Pending beside the pods already running: ${acc.reason}`,
          });
        }
      }
    }
  }
  return { groups, findings, creationErrors };
}
