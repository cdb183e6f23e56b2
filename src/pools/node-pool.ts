/**
 * `NodePool`: a group of identical nodes (jsii-facing), expanded into the v1
 * Node objects the placement engine reads.
 *
 * The synthetic Nodes carry what the kubelet and the node lifecycle
 * controller put on a real node of the pool: the well-known labels
 * (`kubernetes.io/hostname`, `kubernetes.io/os`, `kubernetes.io/arch`,
 * `node.kubernetes.io/instance-type`, staging/src/k8s.io/api/core/v1/well_known_labels.go),
 * `status.allocatable` and `status.capacity`, a `Ready` condition, and the
 * taints the node lifecycle controller adds for `Ready=False` and for cordoned
 * nodes (pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * `doNoScheduleTaintingPass`, `NotReadyTaintTemplate`).
 */
import * as kplus from 'cdk8s-plus-28';
import { Quantity, QuantityError } from '../placement/quantity';
import { Node, ResourceList, Taint } from '../placement/types';
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from '../util/validation';

/** The label that names a node's pool when the pools are declared in code. */
export const DEFAULT_POOL_LABEL = 'cdk8s-node-agents.io/pool';
/** `kubernetes.io/hostname` (LabelHostname). */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
/** `kubernetes.io/os` (LabelOSStable). */
export const LABEL_OS = 'kubernetes.io/os';
/** `kubernetes.io/arch` (LabelArchStable). */
export const LABEL_ARCH = 'kubernetes.io/arch';
/** `node.kubernetes.io/instance-type` (LabelInstanceTypeStable). */
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
/** The label kubeadm puts on control-plane nodes. */
export const LABEL_CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
/** The pre-1.24 control-plane label and taint key. */
export const LABEL_MASTER = 'node-role.kubernetes.io/master';
/** `node.kubernetes.io/not-ready` (TaintNodeNotReady). */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
/** `node.kubernetes.io/unschedulable` (TaintNodeUnschedulable). */
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
/** The kubelet's default `--max-pods`. */
export const DEFAULT_MAX_PODS = 110;

/**
 * The operating system and CPU architecture of some of a pool's nodes: what
 * decides which images can run there (an OCI platform, `linux/amd64`).
 */
export interface PoolPlatform {
  /** Operating system (`kubernetes.io/os`); empty when the nodes lack the label. */
  readonly os: string;
  /** CPU architecture (`kubernetes.io/arch`); empty when the nodes lack the label. */
  readonly arch: string;
  /** Number of nodes of the pool with this OS and architecture. */
  readonly count: number;
}

/**
 * A node's `kubernetes.io/os` label (the kubelet sets it from `runtime.GOOS`,
 * pkg/kubelet/kubelet_node_status.go `initialNode`), else the deprecated
 * `beta.kubernetes.io/os`, else empty.
 */
export function nodeOs(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  return labels[LABEL_OS] ?? labels[`beta.${LABEL_OS}`] ?? '';
}

/** A node's `kubernetes.io/arch` label, else `beta.kubernetes.io/arch`, else empty. */
export function nodeArch(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  return labels[LABEL_ARCH] ?? labels[`beta.${LABEL_ARCH}`] ?? '';
}

/** `linux/amd64`; a missing label shows as `?`. */
export function formatPlatform(os: string, arch: string): string {
  return `${os || '?'}/${arch || '?'}`;
}

/**
 * Whether a node runs the control plane: the `node-role.kubernetes.io/control-plane`
 * (or legacy `master`) label or taint that kubeadm sets.
 */
export function isControlPlaneNode(node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  return LABEL_CONTROL_PLANE in labels || LABEL_MASTER in labels
    || (node.spec?.taints ?? []).some((t) => t.key === LABEL_CONTROL_PLANE || t.key === LABEL_MASTER);
}

/**
 * The resources a node offers pods as the scheduler reads them: `status.allocatable`,
 * or `status.capacity` when allocatable is absent (pkg/apis/core/v1/defaults.go
 * `SetDefaults_NodeStatus`; src/placement/simulate.ts `nodeAllocatable` parses the same).
 */
export function schedulerAllocatable(node: Node): ResourceList {
  const alloc = node.status?.allocatable;
  if (alloc === undefined || alloc === null) return node.status?.capacity ?? {};
  return alloc;
}

/** The nodes per OS and architecture, most nodes first (then by `os/arch`). */
export function platformsOf(nodes: readonly Node[]): PoolPlatform[] {
  const counts = new Map<string, { os: string; arch: string; count: number }>();
  for (const n of nodes) {
    const os = nodeOs(n);
    const arch = nodeArch(n);
    const key = `${os}/${arch}`;
    const p = counts.get(key);
    if (p) p.count++;
    else counts.set(key, { os, arch, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count
    || (formatPlatform(a.os, a.arch) < formatPlatform(b.os, b.arch) ? -1 : formatPlatform(a.os, a.arch) > formatPlatform(b.os, b.arch) ? 1 : 0));
}

/**
 * A taint on every node of a pool.
 */
export interface PoolTaint {
  /** Taint key, e.g. `nvidia.com/gpu`. */
  readonly key: string;
  /**
   * Taint value.
   *
   * @default - no value
   */
  readonly value?: string;
  /** Taint effect. */
  readonly effect: kplus.TaintEffect;
}

/**
 * What the kubelet of each node of a pool reports as allocatable
 * (`status.allocatable`): capacity minus system and kube reservations.
 */
export interface PoolAllocatable {
  /** Allocatable CPU, e.g. `3920m` or `4`. */
  readonly cpu: string;
  /** Allocatable memory, e.g. `14Gi`. */
  readonly memory: string;
  /**
   * Pods the kubelet accepts (`--max-pods`; on EKS the ENI limit).
   *
   * @default 110
   */
  readonly pods?: number;
  /**
   * Allocatable ephemeral storage, e.g. `95Gi`.
   *
   * @default - not reported
   */
  readonly ephemeralStorage?: string;
  /**
   * Extended resources a device plugin advertises, e.g. `{ 'nvidia.com/gpu': '4' }`.
   *
   * @default - none
   */
  readonly extended?: { [resource: string]: string };
}

/**
 * Properties of a `NodePool`.
 */
export interface NodePoolProps {
  /**
   * Name of the pool: a DNS-1123 label. Nodes are named `<name>-0`, `<name>-1`, ...
   */
  readonly name: string;

  /**
   * Number of nodes.
   */
  readonly count: number;

  /**
   * What each node can give to pods.
   */
  readonly allocatable: PoolAllocatable;

  /**
   * Operating system (`kubernetes.io/os`).
   *
   * @default 'linux'
   */
  readonly os?: string;

  /**
   * CPU architecture (`kubernetes.io/arch`).
   *
   * @default 'amd64'
   */
  readonly arch?: string;

  /**
   * Instance type (`node.kubernetes.io/instance-type`).
   *
   * @default - no instance-type label
   */
  readonly instanceType?: string;

  /**
   * Further node labels (e.g. `nvidia.com/gpu.present: 'true'`).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Taints on every node.
   *
   * @default - none
   */
  readonly taints?: PoolTaint[];

  /**
   * A control-plane pool: adds the `node-role.kubernetes.io/control-plane`
   * label and, as kubeadm does, the `node-role.kubernetes.io/control-plane:NoSchedule` taint.
   *
   * @default false
   */
  readonly controlPlane?: boolean;

  /**
   * Whether the nodes are Ready. A NotReady node gets `Ready=False` and the
   * `node.kubernetes.io/not-ready` taints the node lifecycle controller adds
   * (NoSchedule and NoExecute).
   *
   * @default true
   */
  readonly ready?: boolean;

  /**
   * Cordoned nodes (`spec.unschedulable`, plus the `node.kubernetes.io/unschedulable:NoSchedule` taint).
   *
   * @default false
   */
  readonly unschedulable?: boolean;

  /**
   * The node label that identifies the pool: every node carries
   * `<poolLabel>: <value>`, where the value is `labels[poolLabel]` when given,
   * else the pool's name. Per-pool agent variants select pools by this label,
   * so use the one your provider sets (`eks.amazonaws.com/nodegroup`,
   * `cloud.google.com/gke-nodepool`, `kubernetes.azure.com/agentpool`,
   * `karpenter.sh/nodepool`) or add it to your nodes.
   *
   * @default 'cdk8s-node-agents.io/pool'
   */
  readonly poolLabel?: string;
}

/** Set while `NodePool._fromNodes` constructs an inventory pool (skips the checks for declared pools). */
let inventoryConstruction = false;

/** Resources compared per node, in the scheduler's order. */
export const RESOURCE_CPU = 'cpu';
export const RESOURCE_MEMORY = 'memory';
export const RESOURCE_EPHEMERAL_STORAGE = 'ephemeral-storage';
export const RESOURCE_PODS = 'pods';

/**
 * A group of nodes with the same labels (apart from the hostname), taints
 * and allocatable resources: an autoscaling group, a managed node group, a
 * Karpenter NodePool, a MachineDeployment.
 *
 * A pool declared in code expands into `count` identical v1 Node objects
 * (`<name>-0` ... `<name>-<count-1>`). Because they are identical, the fleet
 * checks simulate one representative node per pool and multiply by the
 * count. A pool built from an inventory keeps its real nodes, which need not
 * be alike (grouped by instance type, Linux and Windows nodes share a pool):
 * the checks read every node's own OS, architecture, labels, taints and
 * allocatable, simulating once per group of nodes identical apart from their name.
 *
 * @example
 * new NodePool({
 *   name: 'gpu',
 *   count: 4,
 *   instanceType: 'p3.8xlarge',
 *   allocatable: { cpu: '31850m', memory: '230Gi', extended: { 'nvidia.com/gpu': '4' } },
 *   labels: { 'nvidia.com/gpu.present': 'true' },
 *   taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: kplus.TaintEffect.NO_SCHEDULE }],
 * });
 */
export class NodePool {
  /**
   * A pool of existing nodes (from an inventory such as `kubectl get nodes -o json`).
   *
   * Its `labels` and `taints` are those every node shares, its `allocatable`
   * the smallest value of each resource across the nodes, its `os` and `arch`
   * those every node shares (empty when they differ: see `platforms`). The
   * checks read every node's own labels, taints and allocatable.
   *
   * @param name the pool's name (any non-empty string)
   * @param nodes v1 Node objects, as plain JSON
   * @param poolLabel the label that identifies the pool, when its nodes carry it
   * @internal
   */
  public static _fromNodes(name: string, nodes: Node[], poolLabel: string, poolLabelValue: string | undefined): NodePool {
    if (nodes.length === 0) {
      throw new Error(`node pool "${name}": an inventory pool needs at least one node`);
    }
    const first = nodes[0];
    const platforms = platformsOf(nodes);
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(first.metadata.labels ?? {})) {
      if (k === LABEL_HOSTNAME) continue;
      if (nodes.every((n) => n.metadata.labels?.[k] === v)) labels[k] = v;
    }
    const sameTaint = (a: Taint, b: Taint) => a.key === b.key && (a.value ?? '') === (b.value ?? '') && a.effect === b.effect;
    const taints = (first.spec?.taints ?? []).filter((t) => nodes.every((n) => (n.spec?.taints ?? []).some((u) => sameTaint(t, u))));
    inventoryConstruction = true;
    let pool: NodePool;
    try {
      pool = new NodePool({
        name,
        count: nodes.length,
        allocatable: smallestAllocatable(nodes),
        os: new Set(platforms.map((p) => p.os)).size === 1 ? platforms[0].os : '',
        arch: new Set(platforms.map((p) => p.arch)).size === 1 ? platforms[0].arch : '',
        labels,
        taints: taints.map((t) => ({ key: t.key, value: t.value || undefined, effect: t.effect as kplus.TaintEffect })),
        poolLabel,
      });
    } finally {
      inventoryConstruction = false;
    }
    pool._nodes = nodes;
    pool._poolLabelValue = poolLabelValue;
    pool._platforms = platforms;
    return pool;
  }

  /** Name of the pool. */
  public readonly name: string;
  /** Number of nodes. */
  public readonly count: number;
  /**
   * Operating system (`kubernetes.io/os`) of every node; for an inventory pool,
   * empty when its nodes run different systems (see `platforms`) or lack the label.
   */
  public readonly os: string;
  /**
   * CPU architecture (`kubernetes.io/arch`) of every node; for an inventory pool,
   * empty when its nodes differ (see `platforms`) or lack the label.
   */
  public readonly arch: string;
  /** Allocatable resources of each node (for an inventory pool: the smallest of each). */
  public readonly allocatable: PoolAllocatable;
  /** Taints on every node. */
  public readonly taints: PoolTaint[];
  /** The node label that identifies the pool. */
  public readonly poolLabel: string;

  private readonly props: NodePoolProps;
  private _nodes?: Node[];
  private _poolLabelValue?: string;
  private _platforms?: PoolPlatform[];
  private readonly inventory: boolean;

  constructor(props: NodePoolProps) {
    const inventory = inventoryConstruction;
    this.inventory = inventory;
    if (!inventory) validatePoolProps(props);
    this.props = props;
    this.name = props.name;
    this.count = props.count;
    this.os = props.os ?? 'linux';
    this.arch = props.arch ?? 'amd64';
    this.allocatable = props.allocatable;
    this.poolLabel = props.poolLabel ?? DEFAULT_POOL_LABEL;
    const taints = [...(props.taints ?? [])];
    if (!inventory) {
      if (props.controlPlane && !taints.some((t) => t.key === LABEL_CONTROL_PLANE)) {
        taints.push({ key: LABEL_CONTROL_PLANE, effect: kplus.TaintEffect.NO_SCHEDULE });
      }
      if (props.unschedulable) taints.push({ key: TAINT_UNSCHEDULABLE, effect: kplus.TaintEffect.NO_SCHEDULE });
      if (props.ready === false) {
        taints.push({ key: TAINT_NOT_READY, effect: kplus.TaintEffect.NO_SCHEDULE });
        taints.push({ key: TAINT_NOT_READY, effect: kplus.TaintEffect.NO_EXECUTE });
      }
      this._poolLabelValue = props.labels?.[this.poolLabel] ?? props.name;
    }
    this.taints = taints;
  }

  /**
   * The value of `poolLabel` on the pool's nodes; undefined when the nodes
   * (of an inventory pool) do not carry the label.
   */
  public get poolLabelValue(): string | undefined {
    return this._poolLabelValue;
  }

  /**
   * The pool's nodes per operating system and CPU architecture, most nodes first.
   *
   * One entry for a pool declared in code; several for an inventory pool
   * whose nodes differ (e.g. Linux and Windows nodes of one instance type).
   */
  public get platforms(): PoolPlatform[] {
    const list = this._platforms ?? [{ os: this.os, arch: this.arch, count: this.count }];
    return list.map((p) => ({ ...p }));
  }

  /** Labels every node of the pool carries (all but `kubernetes.io/hostname`). */
  public get labels(): { [key: string]: string } {
    if (this.inventory) return { ...(this.props.labels ?? {}) };
    const labels: Record<string, string> = {
      [`beta.${LABEL_ARCH}`]: this.arch,
      [`beta.${LABEL_OS}`]: this.os,
      [LABEL_ARCH]: this.arch,
      [LABEL_OS]: this.os,
    };
    if (this.props.instanceType !== undefined) {
      labels[LABEL_INSTANCE_TYPE] = this.props.instanceType;
      labels[`beta.${LABEL_INSTANCE_TYPE.replace('node.', '')}`] = this.props.instanceType;
    }
    if (this.props.controlPlane) labels[LABEL_CONTROL_PLANE] = '';
    Object.assign(labels, this.props.labels ?? {});
    labels[this.poolLabel] = this._poolLabelValue!;
    return labels;
  }

  /** Whether all nodes are identical apart from their names (true for a pool declared in code). */
  public get uniform(): boolean {
    return !this.inventory;
  }

  /**
   * Whether the pool runs the control plane: every node carries the
   * `node-role.kubernetes.io/control-plane` (or legacy `master`) label or taint.
   */
  public get controlPlane(): boolean {
    const labels = this.labels;
    return LABEL_CONTROL_PLANE in labels || LABEL_MASTER in labels
      || this.taints.some((t) => t.key === LABEL_CONTROL_PLANE || t.key === LABEL_MASTER);
  }

  /**
   * The pool's nodes as v1 Node objects (plain JSON), in name order.
   */
  public get nodes(): any[] {
    if (this._nodes === undefined) {
      this._nodes = Array.from({ length: this.count }, (_, i) => this.syntheticNode(i));
    }
    return this._nodes.map((n) => structuredClone(n));
  }

  /**
   * The nodes without copying (internal).
   * @internal
   */
  public get _nodeObjects(): readonly Node[] {
    if (this._nodes === undefined) this.nodes;
    return this._nodes!;
  }

  private syntheticNode(index: number): Node {
    const name = `${this.name}-${index}`;
    const allocatable: Record<string, string> = {
      [RESOURCE_CPU]: this.allocatable.cpu,
      [RESOURCE_MEMORY]: this.allocatable.memory,
      [RESOURCE_PODS]: String(this.allocatable.pods ?? DEFAULT_MAX_PODS),
    };
    if (this.allocatable.ephemeralStorage !== undefined) allocatable[RESOURCE_EPHEMERAL_STORAGE] = this.allocatable.ephemeralStorage;
    for (const [k, v] of Object.entries(this.allocatable.extended ?? {})) allocatable[k] = v;
    const ready = this.props.ready !== false;
    const spec: Node['spec'] = {};
    if (this.props.unschedulable) spec.unschedulable = true;
    if (this.taints.length > 0) {
      spec.taints = this.taints.map((t) => {
        const taint: Taint = { key: t.key, effect: t.effect };
        if (t.value !== undefined && t.value !== '') taint.value = t.value;
        return taint;
      });
    }
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { ...this.labels, [LABEL_HOSTNAME]: name } },
      spec,
      status: {
        capacity: { ...allocatable },
        allocatable,
        conditions: [
          ready
            ? { type: 'Ready', status: 'True', reason: 'KubeletReady' }
            : { type: 'Ready', status: 'False', reason: 'KubeletNotReady' },
        ],
        nodeInfo: { operatingSystem: this.os, architecture: this.arch },
      },
    };
  }
}

/**
 * The smallest allocatable value of each resource across `nodes`, as the
 * scheduler reads allocatable (`schedulerAllocatable`; a resource missing on a node counts as 0).
 */
function smallestAllocatable(nodes: Node[]): PoolAllocatable {
  const names = new Set<string>();
  for (const n of nodes) for (const k of Object.keys(schedulerAllocatable(n))) names.add(k);
  const smallest: Record<string, string> = {};
  for (const name of [...names].sort()) {
    let min: { q: Quantity; text: string } | undefined;
    for (const n of nodes) {
      const raw = schedulerAllocatable(n)[name];
      let q: Quantity;
      try {
        q = raw === undefined ? Quantity.zero() : Quantity.parse(raw);
      } catch (e) {
        if (!(e instanceof QuantityError)) throw e;
        const field = n.status?.allocatable ? 'allocatable' : 'capacity';
        throw new Error(`Node ${n.metadata.name}: status.${field}.${name}: invalid quantity ${JSON.stringify(raw)}: ${e.message}`);
      }
      if (min === undefined || q.cmp(min.q) < 0) min = { q, text: raw === undefined ? '0' : String(raw) };
    }
    smallest[name] = min!.text;
  }
  const extended: Record<string, string> = {};
  for (const [k, v] of Object.entries(smallest)) {
    if (![RESOURCE_CPU, RESOURCE_MEMORY, RESOURCE_PODS, RESOURCE_EPHEMERAL_STORAGE].includes(k)) extended[k] = v;
  }
  return {
    cpu: smallest[RESOURCE_CPU] ?? '0',
    memory: smallest[RESOURCE_MEMORY] ?? '0',
    pods: smallest[RESOURCE_PODS] !== undefined ? Number(Quantity.parse(smallest[RESOURCE_PODS]).value()) : 0,
    ephemeralStorage: smallest[RESOURCE_EPHEMERAL_STORAGE],
    extended: Object.keys(extended).length ? extended : undefined,
  };
}

function validatePoolProps(props: NodePoolProps): void {
  const where = `node pool ${JSON.stringify(props.name)}`;
  const fail = (field: string, msg: string) => {
    throw new Error(`${where}: ${field}: ${msg}`);
  };
  const nameProblems = typeof props.name === 'string' ? isDNS1123Label(props.name) : ['must be a string'];
  if (nameProblems.length) fail('name', `Invalid value: ${JSON.stringify(props.name)}: ${nameProblems.join('; ')} (node names are <name>-<index>)`);
  if (!Number.isInteger(props.count) || props.count < 0) {
    fail('count', `Invalid value: ${props.count}: must be a whole number of nodes, 0 or more`);
  }
  if (props.count > 0 && `${props.name}-${props.count - 1}`.length > 63) {
    fail('name', `Invalid value: ${JSON.stringify(props.name)}: too long: node names <name>-<index> must be at most 63 characters`);
  }
  if (!props.allocatable) fail('allocatable', 'Required value: give at least cpu and memory (what the kubelet reports as allocatable)');
  const quantities: Array<[string, unknown]> = [
    ['allocatable.cpu', props.allocatable.cpu],
    ['allocatable.memory', props.allocatable.memory],
    ['allocatable.ephemeralStorage', props.allocatable.ephemeralStorage],
    ...Object.entries(props.allocatable.extended ?? {}).map(([k, v]) => [`allocatable.extended[${k}]`, v] as [string, unknown]),
  ];
  for (const [field, value] of quantities) {
    if (value === undefined && (field === 'allocatable.ephemeralStorage' || field.startsWith('allocatable.extended'))) continue;
    if (value === undefined || value === '') {
      fail(field, 'Required value: a quantity such as "4" or "3920m" (cpu), "16Gi" (memory)');
    }
    try {
      const q = Quantity.parse(value as string);
      if (q.sign() < 0) fail(field, `Invalid value: ${JSON.stringify(value)}: must be greater than or equal to 0`);
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      fail(field, e.message);
    }
  }
  for (const k of Object.keys(props.allocatable.extended ?? {})) {
    const p = isQualifiedName(k);
    if (p.length) fail(`allocatable.extended[${k}]`, `Invalid resource name ${JSON.stringify(k)}: ${p.join('; ')}`);
  }
  const pods = props.allocatable.pods;
  if (pods !== undefined && (!Number.isInteger(pods) || pods < 0)) {
    fail('allocatable.pods', `Invalid value: ${pods}: must be a whole number, 0 or more (the kubelet's --max-pods)`);
  }
  const labels: Array<[string, string | undefined]> = [
    [LABEL_OS, props.os],
    [LABEL_ARCH, props.arch],
    [LABEL_INSTANCE_TYPE, props.instanceType],
    ...Object.entries(props.labels ?? {}),
  ];
  for (const [key, value] of labels) {
    const keyProblems = isQualifiedName(key);
    if (keyProblems.length) fail(`labels[${key}]`, `Invalid label key ${JSON.stringify(key)}: ${keyProblems.join('; ')}`);
    if (value === undefined) continue;
    const valueProblems = isValidLabelValue(value);
    if (valueProblems.length) fail(`labels[${key}]`, `Invalid label value ${JSON.stringify(value)}: ${valueProblems.join('; ')}`);
  }
  if (props.poolLabel !== undefined) {
    const p = isQualifiedName(props.poolLabel);
    if (p.length) fail('poolLabel', `Invalid label key ${JSON.stringify(props.poolLabel)}: ${p.join('; ')}`);
  }
  (props.taints ?? []).forEach((t, i) => {
    const p = isQualifiedName(t.key ?? '');
    if (p.length) fail(`taints[${i}].key`, `Invalid value: ${JSON.stringify(t.key)}: ${p.join('; ')}`);
    if (t.value !== undefined && t.value !== '') {
      const v = isValidLabelValue(t.value);
      if (v.length) fail(`taints[${i}].value`, `Invalid value: ${JSON.stringify(t.value)}: ${v.join('; ')}`);
    }
    const effects = [kplus.TaintEffect.NO_SCHEDULE, kplus.TaintEffect.PREFER_NO_SCHEDULE, kplus.TaintEffect.NO_EXECUTE] as string[];
    if (!effects.includes(t.effect)) {
      fail(`taints[${i}].effect`, `Unsupported value: ${JSON.stringify(t.effect)}: supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"`);
    }
  });
}
