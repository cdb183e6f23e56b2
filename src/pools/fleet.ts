/**
 * `Fleet`: the node pools of a cluster (jsii-facing), declared in code or
 * read from an inventory (`kubectl get nodes -o json`) and grouped into pools
 * by a node label.
 *
 * Node objects follow the v1 wire format (staging/src/k8s.io/api/core/v1/types.go `Node`);
 * inventories are read like `kubectl apply -f` reads files (src/input/load.ts).
 */
import { Construct } from 'constructs';
import { FleetCheck, FleetCheckOptions } from './fleet-check';
import { DEFAULT_POOL_LABEL, LABEL_INSTANCE_TYPE, NodePool } from './node-pool';
import { InputError, isMapping, LoadedObject, loadObjectList } from '../input/load';
import { validateNodeShape } from '../input/validate';
import { Placement } from '../placement/placement';
import { Node } from '../placement/types';

/** Options for building a fleet from existing nodes. */
export interface InventoryOptions {
  /**
   * The node label whose value names each node's pool, e.g.
   * `eks.amazonaws.com/nodegroup`, `cloud.google.com/gke-nodepool`,
   * `karpenter.sh/nodepool` or a label of your own.
   *
   * @default 'node.kubernetes.io/instance-type'
   */
  readonly groupBy?: string;

  /**
   * Pool of the nodes that lack the `groupBy` label.
   *
   * @default 'ungrouped'
   */
  readonly ungroupedPool?: string;

  /**
   * Name of the cluster (GitOps output and reports).
   *
   * @default 'cluster'
   */
  readonly clusterName?: string;

  /**
   * The pods running on these nodes (`kubectl get pods -A -o json`), relative
   * to the working directory. With them `FleetCheck` also checks each agent
   * beside the workload: which pods the scheduler would evict to make room
   * (preemption), and where the agent would stay Pending.
   *
   * @default - no workload: agents are checked on empty nodes
   */
  readonly podsFile?: string;

  /**
   * The cluster's PriorityClasses and PodDisruptionBudgets
   * (`kubectl get priorityclasses,pdb -A -o json`), relative to the working
   * directory, for the preemption checks.
   *
   * @default - only the built-in system-node-critical and system-cluster-critical classes, no budgets
   */
  readonly prioritiesFile?: string;
}

/** Properties of a `Fleet` declared in code. */
export interface FleetProps {
  /**
   * The pools. Names must be unique, and all pools must use the same `poolLabel`.
   */
  readonly pools: NodePool[];

  /**
   * Name of the cluster (GitOps output and reports).
   *
   * @default 'cluster'
   */
  readonly clusterName?: string;

  /**
   * The pods already running on the fleet's nodes and the cluster's
   * priorities, as a `Placement` over the same nodes (same names): with it
   * `FleetCheck` also reports which pods each agent would evict (preemption)
   * and where it would stay Pending beside them.
   *
   * @default - no workload: agents are checked on empty nodes
   */
  readonly workload?: Placement;
}

/** The cluster name used when none is given. */
export const DEFAULT_CLUSTER_NAME = 'cluster';
/** The pool of inventory nodes without the grouping label, by default. */
export const DEFAULT_UNGROUPED_POOL = 'ungrouped';

/**
 * The node pools of one cluster.
 *
 * Attach it to a chart (or the app) with `fleet.attach(scope)` to check at
 * synth that every agent lands where it is meant to, fits the nodes, and
 * does not clash with other agents (see `FleetCheck`).
 *
 * @example
 * const fleet = Fleet.fromInventoryFile('nodes.json', { groupBy: 'eks.amazonaws.com/nodegroup' });
 * const check = fleet.attach(chart);
 * check.expect(gpuPlugin, { pools: ['gpu'] });
 */
export class Fleet {
  /**
   * Reads the nodes of a cluster from a file (the output of
   * `kubectl get nodes -o json` or `-o yaml`, a JSON array, multi-document
   * YAML, or a directory of such files) and groups them into pools.
   *
   * @param file path, relative to the working directory
   * @throws an error naming the file and field when the file cannot be read or a node is malformed
   */
  public static fromInventoryFile(file: string, options: InventoryOptions = {}): Fleet {
    const loaded = loadObjectList(file, process.cwd(), 'Node');
    return Fleet.fromLoaded(loaded, options, file);
  }

  /**
   * Groups existing nodes (v1 Node objects as plain JSON) into pools.
   *
   * @throws an error naming the node and field when a node is malformed
   */
  public static fromNodes(nodes: any[], options: InventoryOptions = {}): Fleet {
    if (!Array.isArray(nodes)) throw new InputError('Fleet.fromNodes()', 'nodes', 'must be a list of Node objects');
    const seen = new Set<string>();
    const loaded: LoadedObject[] = nodes.map((object, i) => {
      const l: LoadedObject = { file: 'Fleet.fromNodes()', documentIndex: 0, documentCount: 1, path: `nodes[${i}]`, object };
      if (!isMapping(object)) throw new InputError(l.file, l.path, 'expected a Node object');
      if (object.kind !== undefined && object.kind !== 'Node') {
        throw new InputError(l.file, `${l.path}.kind`, `expected a Node, got ${JSON.stringify(object.kind)}`);
      }
      const name = object.metadata?.name;
      if (typeof name !== 'string' || name === '') throw new InputError(l.file, `${l.path}.metadata.name`, 'required field is missing (every Node needs a name)');
      if (seen.has(name)) throw new InputError(l.file, `${l.path}.metadata.name`, `duplicate Node ${JSON.stringify(name)}`);
      seen.add(name);
      return l;
    });
    return Fleet.fromLoaded(loaded, options, 'Fleet.fromNodes()');
  }

  private static fromLoaded(loaded: LoadedObject[], options: InventoryOptions, source: string): Fleet {
    loaded.forEach(validateNodeShape);
    if (loaded.length === 0) throw new InputError(source, undefined, 'no Node objects found: a fleet needs at least one node');
    const groupBy = options.groupBy ?? LABEL_INSTANCE_TYPE;
    const ungrouped = options.ungroupedPool ?? DEFAULT_UNGROUPED_POOL;
    const groups = new Map<string, { value?: string; nodes: Node[] }>();
    for (const l of loaded) {
      const node = l.object as Node;
      const value = node.metadata.labels?.[groupBy];
      const pool = value === undefined ? ungrouped : value;
      let group = groups.get(pool);
      if (!group) {
        group = { value, nodes: [] };
        groups.set(pool, group);
      }
      if (group.value !== value) {
        throw new InputError(source, undefined, `pool name ${JSON.stringify(pool)} is used both by nodes labelled ${groupBy}=${pool} and by nodes without the label; choose another ungroupedPool`);
      }
      group.nodes.push(structuredClone(node));
    }
    const pools = [...groups.entries()].map(([name, g]) => NodePool._fromNodes(name, g.nodes, groupBy, g.value));
    const workload = options.podsFile !== undefined || options.prioritiesFile !== undefined
      ? Placement._fromNodesAndPodsFile(loaded, options.podsFile, process.cwd(), {}, options.prioritiesFile)
      : undefined;
    return new Fleet({ pools, clusterName: options.clusterName, workload });
  }

  /** The pools, in declaration (or first-appearance) order. */
  public readonly pools: NodePool[];
  /** Name of the cluster. */
  public readonly clusterName: string;
  /** The node label that identifies each node's pool. */
  public readonly poolLabel: string;
  /** The pods already running and the cluster's priorities, when given. */
  public readonly workload?: Placement;

  constructor(props: FleetProps) {
    if (!props || !Array.isArray(props.pools) || props.pools.length === 0) {
      throw new Error('Fleet: pools: Required value: a fleet needs at least one NodePool');
    }
    const names = new Set<string>();
    const nodeNames = new Map<string, string>();
    for (const p of props.pools) {
      if (names.has(p.name)) throw new Error(`Fleet: pools: Duplicate value: pool name ${JSON.stringify(p.name)} is used twice`);
      names.add(p.name);
      for (const n of p._nodeObjects) {
        const other = nodeNames.get(n.metadata.name!);
        if (other !== undefined) {
          throw new Error(`Fleet: pools: Duplicate value: node ${JSON.stringify(n.metadata.name)} is in pool ${JSON.stringify(other)} and pool ${JSON.stringify(p.name)}; rename one of the pools`);
        }
        nodeNames.set(n.metadata.name!, p.name);
      }
    }
    const labels = [...new Set(props.pools.map((p) => p.poolLabel))];
    if (labels.length > 1) {
      throw new Error(`Fleet: pools: all pools must be identified by the same node label (poolLabel), got ${labels.map((l) => JSON.stringify(l)).join(' and ')}`);
    }
    const values = new Map<string, string>();
    for (const p of props.pools) {
      const v = p.poolLabelValue;
      if (v === undefined) continue;
      const other = values.get(v);
      if (other !== undefined) {
        throw new Error(`Fleet: pools: pools ${JSON.stringify(other)} and ${JSON.stringify(p.name)} both carry ${labels[0]}=${v}; agent variants could not tell them apart`);
      }
      values.set(v, p.name);
    }
    if (props.workload) {
      const inWorkload = new Set(props.workload.nodeNames);
      const unknown = [...inWorkload].filter((n) => !nodeNames.has(n));
      const missing = [...nodeNames.keys()].filter((n) => !inWorkload.has(n));
      if (unknown.length > 0 || missing.length > 0) {
        const list = (xs: string[]) => xs.slice(0, 3).map((x) => JSON.stringify(x)).join(', ') + (xs.length > 3 ? ` and ${xs.length - 3} more` : '');
        throw new Error(`Fleet: workload: the workload's nodes must be the fleet's nodes${unknown.length ? `; not in the fleet: ${list(unknown)}` : ''}`
          + `${missing.length ? `; not in the workload: ${list(missing)}` : ''}; build both from the same node inventory`);
      }
    }
    this.pools = [...props.pools];
    this.clusterName = props.clusterName ?? DEFAULT_CLUSTER_NAME;
    this.poolLabel = labels[0] ?? DEFAULT_POOL_LABEL;
    this.workload = props.workload;
  }

  /**
   * The pool called `name`.
   *
   * @throws when there is no such pool (the message lists the pools)
   */
  public pool(name: string): NodePool {
    const p = this.pools.find((x) => x.name === name);
    if (!p) throw new Error(`Fleet: no pool ${JSON.stringify(name)}; the pools are ${this.pools.map((x) => JSON.stringify(x.name)).join(', ')}`);
    return p;
  }

  /** Every node of every pool (v1 Node objects as plain JSON), pool by pool. */
  public get nodes(): any[] {
    return this.pools.flatMap((p) => p.nodes);
  }

  /** The number of nodes. */
  public get nodeCount(): number {
    return this.pools.reduce((n, p) => n + p.count, 0);
  }

  /**
   * Check at synth every DaemonSet under `scope` (NodeAgents, agent variants,
   * and DaemonSets from `Include` or `Helm`) against this fleet.
   *
   * @param scope a chart or the app
   */
  public attach(scope: Construct, options: FleetCheckOptions = {}): FleetCheck {
    const id = `FleetCheck-${this.clusterName}`;
    if (scope.node.tryFindChild(id)) {
      throw new Error(`Fleet ${this.clusterName} is already attached to ${scope.node.path || 'the app'}; keep the FleetCheck the first attach() returned`);
    }
    return new FleetCheck(scope, id, { ...options, fleet: this });
  }
}
