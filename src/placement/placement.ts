/**
 * `Placement`: run the DaemonSet placement simulation from code (jsii-facing).
 *
 * The same engine the `cdk8s-node-agents place` command runs: for each
 * DaemonSet and each node, what Kubernetes 1.28's DaemonSet controller
 * (pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod`) and
 * default scheduler filters (pkg/scheduler/framework/plugins/: NodeUnschedulable,
 * NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit) decide,
 * plus the rollout budget (pkg/controller/daemon/util/daemonset_util.go
 * `SurgeCount`/`UnavailableCount`), and where a pod does not fit, the
 * scheduler's preemption (pkg/scheduler/framework/plugins/defaultpreemption
 * `SelectVictimsOnNode`) with the cluster's PriorityClasses and
 * PodDisruptionBudgets.
 */
import { Chart } from 'cdk8s';
import { ClusterState, ClusterStateBuilder, DaemonSetPlacement, PlacementInputError, simulateDaemonSet } from './simulate';
import { DaemonSet, Node, Pod, PodDisruptionBudget, PriorityClass } from './types';
import {
  compareCodePoints, describeValue, InputError, isMapping, LoadedObject, LoadOptions, loadManifests, loadObjectList, objectError, visitObjectList,
} from '../input/load';
import {
  isDaemonSetManifest, validateDaemonSetShape, validateNodeShape, validatePodDisruptionBudgetShape, validatePodShape, validatePriorityClassShape,
} from '../input/validate';

/** What Kubernetes decides for one DaemonSet on one node. */
export interface PlacementNodeVerdict {
  /** The node's name. */
  readonly node: string;
  /**
   * The DaemonSet controller wants a daemon pod on this node
   * (`NodeShouldRunDaemonPod` shouldRun: node selector, node affinity and
   * NoSchedule/NoExecute taints after the controller's injected tolerations).
   */
  readonly shouldRun: boolean;
  /**
   * An existing daemon pod on this node is kept (`NodeShouldRunDaemonPod`
   * shouldContinueRunning: only NoExecute taints evict it).
   */
  readonly shouldContinueRunning: boolean;
  /** `shouldRun` and every scheduler filter passes for the pod the controller would create. */
  readonly schedulable: boolean;
  /**
   * Kubernetes' exact message for each failed check, in filter order, e.g.
   * `node(s) had untolerated taint {nvidia.com/gpu: present}` or `Insufficient cpu`.
   * The first entry is what the scheduler's event shows. Empty when nothing fails.
   */
  readonly reasons: string[];
  /** Names of the scheduler plugins that failed (e.g. `TaintToleration`, `NodeResourcesFit`), in filter order. */
  readonly failedFilters: string[];
  /**
   * Where `shouldRun` and a filter fails: what the scheduler's preemption
   * (DefaultPreemption) does for the pod.
   *
   * @default - absent where the pod fits or the controller does not want it
   */
  readonly preemption?: PlacementPreemption;
}

/**
 * What Kubernetes 1.28's scheduler does for a daemon pod that does not fit
 * its node (pkg/scheduler/framework/plugins/defaultpreemption
 * `SelectVictimsOnNode`): it deletes lower-priority pods to make room, or says
 * why it cannot.
 */
export interface PlacementPreemption {
  /** The scheduler deletes `victims` and the pod runs on the node once they are gone. */
  readonly possible: boolean;
  /** `namespace/name` of each pod the scheduler deletes, in the order it picks them. */
  readonly victims: string[];
  /** How many victims take a PodDisruptionBudget below zero (the scheduler evicts them anyway, as a last resort). */
  readonly pdbViolations: number;
  /**
   * When possible, the event each victim gets (`Preempted by a pod on node <node>`);
   * otherwise the scheduler's reason, e.g. `No preemption victims found for incoming pod`
   * (no pod on the node has a lower priority), `not eligible due to preemptionPolicy=Never.`,
   * or the filters' reasons with every lower-priority pod gone (`Insufficient cpu`).
   */
  readonly reason: string;
}

/** The effective update strategy of a DaemonSet, scaled against its desired count. */
export interface PlacementRollout {
  /** `RollingUpdate` or `OnDelete` (after apps/v1 defaulting). */
  readonly strategy: string;
  /** New pods created ahead of old ones (`SurgeCount`); 0 for `OnDelete`. */
  readonly maxSurge: number;
  /** Pods that may be unavailable during the rollout (`UnavailableCount`); 0 for `OnDelete`. */
  readonly maxUnavailable: number;
}

/** The simulation result for one DaemonSet over every node. */
export interface DaemonSetPlacementResult {
  /** The DaemonSet's namespace (`default` when the manifest has none). */
  readonly namespace: string;
  /** The DaemonSet's name. */
  readonly name: string;
  /** Nodes where the controller wants a daemon pod (`status.desiredNumberScheduled`). */
  readonly desiredNumberScheduled: number;
  /** The rollout budget. */
  readonly rollout: PlacementRollout;
  /**
   * Why the apiserver refuses every pod the controller creates: the Priority
   * admission plugin's message (e.g. `no PriorityClass with name agents was
   * found`), which the controller's `FailedCreate` events show.
   *
   * @default - absent when the pods are admitted
   */
  readonly podCreationError?: string;
  /** One verdict per node, every node of the cluster, in inventory order. */
  readonly nodes: PlacementNodeVerdict[];
}

/** The simulation result for several DaemonSets. */
export interface PlacementReport {
  /** One result per DaemonSet, ordered by namespace, then name. */
  readonly daemonSets: DaemonSetPlacementResult[];
}

/** Where an object came from, for error messages (internal). */
interface Sourced<T> {
  readonly loaded: LoadedObject;
  readonly object: T;
}

/**
 * A cluster inventory (nodes and the pods bound to them) to simulate
 * DaemonSets against.
 *
 * The cluster state (allocatable resources, used host ports, pod counts per
 * node) is built once and reused by every `simulate*` call.
 *
 * @example
 * declare const chart: Chart;
 *
 * // kubectl get nodes -o json > nodes.json; kubectl get pods -A -o json > pods.json
 * const placement = Placement.fromFiles('nodes.json', 'pods.json');
 * for (const ds of placement.simulateChart(chart).daemonSets) {
 *   const pending = ds.nodes.filter((n) => n.shouldRun && !n.schedulable);
 *   console.log(`${ds.name}: ${ds.desiredNumberScheduled} desired, ${pending.length} cannot be scheduled`);
 * }
 */
export class Placement {
  /**
   * Reads nodes and pods from files: `kubectl get nodes -o json` (or `-o yaml`)
   * output, a JSON array, multi-document YAML, or a directory of such files.
   *
   * @param nodesFile file with the cluster's Node objects (relative to the working directory)
   * @param podsFile file with the Pods bound to those nodes, whose requests and host ports
   *   are counted; when omitted, every node is empty
   * @param prioritiesFile file with the cluster's PriorityClasses and PodDisruptionBudgets
   *   (`kubectl get priorityclasses,pdb -A -o json`), for preemption; when omitted, only the
   *   built-in `system-node-critical` and `system-cluster-critical` classes are known and no budget applies
   * @throws an error naming the file and field when a file is unreadable or an object malformed
   */
  public static fromFiles(nodesFile: string, podsFile?: string, prioritiesFile?: string): Placement {
    const cwd = process.cwd();
    return Placement._fromNodesAndPodsFile(loadObjectList(nodesFile, cwd, 'Node'), podsFile, cwd, {}, prioritiesFile);
  }

  /**
   * Nodes already read, and pods read from `podsFile` one at a time: each pod's
   * shape is checked and it is reduced to what the simulation reads as its file
   * is read, so memory holds one file's parse tree, not every pod of the cluster.
   * @internal
   */
  public static _fromNodesAndPodsFile(
    nodes: LoadedObject[], podsFile: string | undefined, cwd: string, load: LoadOptions = {}, prioritiesFile?: string,
  ): Placement {
    const priorities = prioritiesFile === undefined ? undefined : loadManifests([prioritiesFile], cwd, load);
    return Placement.assemble(nodes, priorities, (builder) => {
      if (podsFile === undefined) return;
      visitObjectList(podsFile, cwd, 'Pod', (pod) => addPod(builder, pod), load);
    });
  }

  /**
   * Uses Node and Pod objects given as plain JSON (the v1 wire format).
   *
   * @param nodes the cluster's Node objects
   * @param pods the Pods bound to those nodes (`spec.nodeName`); when omitted, every node is empty
   * @param priorities the cluster's PriorityClasses (`scheduling.k8s.io/v1`) and
   *   PodDisruptionBudgets (`policy/v1`), for preemption; when omitted, only the built-in
   *   `system-node-critical` and `system-cluster-critical` classes are known and no budget applies
   * @throws an error naming the object and field when an object is malformed
   */
  public static fromObjects(nodes: any[], pods?: any[], priorities?: any[]): Placement {
    const where = 'Placement.fromObjects()';
    if (!Array.isArray(nodes)) throw new InputError(where, 'nodes', 'must be a list of Node objects');
    if (pods !== undefined && !Array.isArray(pods)) throw new InputError(where, 'pods', 'must be a list of Pod objects');
    if (priorities !== undefined && !Array.isArray(priorities)) {
      throw new InputError(where, 'priorities', 'must be a list of PriorityClass and PodDisruptionBudget objects');
    }
    return Placement._fromLoaded(
      asLoadedList(nodes, where, 'nodes', 'Node'),
      asLoadedList(pods ?? [], where, 'pods', 'Pod'),
      priorities?.map((o, i) => inMemory(o, where, `priorities[${i}]`)),
    );
  }

  /**
   * Builds the placement from objects already read (and located) by `src/input/load`.
   * @internal
   */
  public static _fromLoaded(nodes: LoadedObject[], pods: LoadedObject[], priorities?: LoadedObject[]): Placement {
    return Placement.assemble(nodes, priorities, (builder) => {
      for (const pod of pods) addPod(builder, pod);
    });
  }

  /**
   * Checks the nodes and the PriorityClasses and PodDisruptionBudgets, lets
   * `addPods` add the pods, and indexes the cluster.
   */
  private static assemble(nodes: LoadedObject[], priorities: LoadedObject[] | undefined, addPods: (builder: ClusterStateBuilder) => void): Placement {
    const seen = new Set<string>();
    for (const n of nodes) {
      validateNodeShape(n);
      const name: string = n.object.metadata.name;
      if (seen.has(name)) {
        throw objectError(n, 'metadata.name', `duplicate Node ${JSON.stringify(name)}`);
      }
      seen.add(name);
    }
    const builder = new ClusterStateBuilder(nodes.map((n) => n.object as Node));
    if (priorities !== undefined) setPriorities(builder, priorities);
    addPods(builder);
    let state: ClusterState;
    try {
      state = builder.build();
    } catch (e) {
      throw translateEngineError(e, nodes.map((n) => ({ loaded: n, object: n.object })));
    }
    return new Placement(state, nodes.map((n) => n.object.metadata.name as string));
  }

  private readonly state: ClusterState;
  private readonly names: string[];

  private constructor(state: ClusterState, names: string[]) {
    this.state = state;
    this.names = names;
  }

  /** The names of the cluster's nodes, in inventory order. */
  public get nodeNames(): string[] {
    return [...this.names];
  }

  /**
   * Simulates every DaemonSet (`apps/v1`) among `manifests`; other objects are skipped.
   *
   * @param manifests Kubernetes objects as plain JSON (e.g. a chart's `toJson()`)
   * @returns one result per DaemonSet, ordered by namespace, then name
   * @throws an error naming the object and field when a DaemonSet is malformed
   */
  public simulate(manifests: any[]): PlacementReport {
    if (!Array.isArray(manifests)) {
      throw new InputError('Placement.simulate()', 'manifests', 'must be a list of Kubernetes objects');
    }
    return this._simulateLoaded(manifests.map((m, i) => inMemory(m, 'Placement.simulate()', `manifests[${i}]`)));
  }

  /**
   * Simulates one DaemonSet.
   *
   * @param daemonSet an `apps/v1` DaemonSet as plain JSON
   * @throws an error naming the field when the DaemonSet is malformed
   */
  public simulateDaemonSet(daemonSet: any): DaemonSetPlacementResult {
    const loaded = inMemory(daemonSet, 'Placement.simulateDaemonSet()', 'daemonSet');
    if (!isMapping(daemonSet) || daemonSet.kind !== 'DaemonSet') {
      throw objectError(loaded, 'kind', `expected a DaemonSet, got ${isMapping(daemonSet) ? JSON.stringify(daemonSet.kind) : 'something that is not an object'}`);
    }
    validateDaemonSetShape(loaded);
    return this.simulateValidated(loaded);
  }

  /**
   * Simulates every DaemonSet a cdk8s chart synthesizes (`chart.toJson()`).
   *
   * @param chart the chart
   * @returns one result per DaemonSet, ordered by namespace, then name
   */
  public simulateChart(chart: Chart): PlacementReport {
    const label = `chart ${chart.node.path || chart.node.id || '(root)'}`;
    return this._simulateLoaded(chart.toJson().map((m, i) => inMemory(m, label, `[${i}]`)));
  }

  /**
   * Simulates the DaemonSets among located objects; duplicates are an error.
   * @internal
   */
  public _simulateLoaded(objects: LoadedObject[]): PlacementReport {
    const daemonSets = objects.filter((o) => isDaemonSetManifest(o.object));
    const seen = new Map<string, LoadedObject>();
    const results: DaemonSetPlacementResult[] = [];
    for (const loaded of daemonSets) {
      validateDaemonSetShape(loaded);
      const key = `${loaded.object.metadata.namespace || 'default'}/${loaded.object.metadata.name}`;
      const first = seen.get(key);
      if (first) {
        throw objectError(loaded, 'metadata.name', `duplicate DaemonSet ${JSON.stringify(key)} (also defined in ${first.file}${first.path ? ` at ${first.path}` : ''})`);
      }
      seen.set(key, loaded);
      results.push(this.simulateValidated(loaded));
    }
    results.sort((a, b) => compareCodePoints(a.namespace, b.namespace) || compareCodePoints(a.name, b.name));
    return { daemonSets: results };
  }

  /** Runs the engine on a DaemonSet that passed validateDaemonSetShape. */
  private simulateValidated(loaded: LoadedObject): DaemonSetPlacementResult {
    let placement: DaemonSetPlacement;
    try {
      placement = simulateDaemonSet(loaded.object as DaemonSet, this.state);
    } catch (e) {
      throw translateEngineError(e, [{ loaded, object: loaded.object }]);
    }
    return toResult(placement);
  }
}

/**
 * Checks PriorityClasses (`scheduling.k8s.io/v1`) and PodDisruptionBudgets
 * (`policy/v1`), the objects preemption reads, and hands them to the builder.
 * Any other kind, and a name given twice, is an error.
 */
function setPriorities(builder: ClusterStateBuilder, objects: LoadedObject[]): void {
  const classes: LoadedObject[] = [];
  const pdbs: LoadedObject[] = [];
  const seen = new Map<string, LoadedObject>();
  for (const o of objects) {
    if (!isMapping(o.object)) throw objectError(o, '', 'expected a PriorityClass or a PodDisruptionBudget');
    const kind = o.object.kind;
    if (kind === 'PriorityClass') {
      validatePriorityClassShape(o);
      classes.push(o);
    } else if (kind === 'PodDisruptionBudget') {
      validatePodDisruptionBudgetShape(o);
      pdbs.push(o);
    } else {
      throw objectError(o, 'kind', `expected a PriorityClass or a PodDisruptionBudget (kubectl get priorityclasses,pdb -A -o json), got ${describeValue(kind)}`);
    }
    const key = kind === 'PriorityClass' ? `PriorityClass ${JSON.stringify(o.object.metadata.name)}`
      : `PodDisruptionBudget ${JSON.stringify(`${o.object.metadata.namespace || 'default'}/${o.object.metadata.name}`)}`;
    const first = seen.get(key);
    if (first) throw objectError(o, 'metadata.name', `duplicate ${key} (also defined in ${first.file}${first.path ? ` at ${first.path}` : ''})`);
    seen.set(key, o);
  }
  try {
    builder.setPriorityClasses(classes.map((c) => c.object as PriorityClass));
    builder.setPodDisruptionBudgets(pdbs.map((p) => p.object as PodDisruptionBudget));
  } catch (e) {
    throw translateEngineError(e, [...classes, ...pdbs].map((l) => ({ loaded: l, object: l.object })));
  }
}

/** Checks a pod's shape and counts it (quantity errors name the pod's file and field). */
function addPod(builder: ClusterStateBuilder, pod: LoadedObject): void {
  validatePodShape(pod);
  try {
    builder.addPod(pod.object as Pod);
  } catch (e) {
    throw translateEngineError(e, [{ loaded: pod, object: pod.object }]);
  }
}

function inMemory(object: any, file: string, at: string): LoadedObject {
  return { file, documentIndex: 0, documentCount: 1, path: at, object };
}

function asLoadedList(objects: any[], file: string, field: string, kind: 'Node' | 'Pod'): LoadedObject[] {
  return objects.map((object, i) => {
    const loaded = inMemory(object, file, `${field}[${i}]`);
    if (!isMapping(object)) {
      throw objectError(loaded, '', `expected ${kind === 'Node' ? 'a Node' : 'a Pod'} object, got ${Array.isArray(object) ? 'a list' : JSON.stringify(object)}`);
    }
    if (object.kind !== undefined && object.kind !== kind) {
      throw objectError(loaded, 'kind', `expected ${kind === 'Node' ? 'a Node' : 'a Pod'}, got ${JSON.stringify(object.kind)}`);
    }
    return loaded;
  });
}

function toResult(p: DaemonSetPlacement): DaemonSetPlacementResult {
  return {
    namespace: p.namespace || 'default',
    name: p.name,
    desiredNumberScheduled: p.desiredNumberScheduled,
    rollout: {
      strategy: p.rollout.strategy,
      maxSurge: p.rollout.maxSurge,
      maxUnavailable: p.rollout.maxUnavailable,
    },
    ...(p.podCreationError !== undefined ? { podCreationError: p.podCreationError } : {}),
    nodes: p.nodes.map((v) => ({
      node: v.node,
      shouldRun: v.shouldRun,
      shouldContinueRunning: v.shouldContinueRunning,
      schedulable: v.schedulable,
      reasons: [...v.reasons],
      failedFilters: [...v.failedFilters],
      ...(v.preemption ? { preemption: { ...v.preemption, victims: [...v.preemption.victims] } } : {}),
    })),
  };
}

/**
 * Turns the engine's `PlacementInputError` (which names the object as e.g.
 * `Node/n1` and the field inside it) into an {@link InputError} naming the
 * file, document and full field path the object came from.
 */
function translateEngineError(e: unknown, candidates: Array<Sourced<any>>): unknown {
  if (!(e instanceof PlacementInputError)) return e;
  const owner = findObject(e.object, candidates);
  const detail = engineDetail(e);
  if (owner) {
    return objectError(owner.loaded, e.field, detail, e.object);
  }
  return new InputError('input', e.field, detail, undefined, e.object);
}

/** The engine's message without the object and field it already names. */
function engineDetail(e: PlacementInputError): string {
  const prefix = `${e.object}: ${e.field}: `;
  return e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}

/** The candidate the engine's object reference (`Node/n1`, `Pod/default/web`, `DaemonSet/ns/name`) names. */
function findObject(ref: string, candidates: Array<Sourced<any>>): Sourced<any> | undefined {
  const slash = ref.indexOf('/');
  const kind = ref.slice(0, Math.max(slash, 0));
  const rest = ref.slice(slash + 1);
  const match = candidates.find((c) => {
    const obj = c.object;
    if (!isMapping(obj) || !isMapping(obj.metadata) || (obj.kind ?? kind) !== kind) return false;
    const key = kind === 'Node' || kind === 'PriorityClass' ? obj.metadata.name : `${obj.metadata.namespace || 'default'}/${obj.metadata.name}`;
    return key === rest;
  });
  return match ?? (candidates.length === 1 ? candidates[0] : undefined);
}
