/**
 * A seeded generator of a cluster fleet for the benchmarks: nodes in eight
 * pools, the pods bound to them, and the DaemonSets of forty node agents.
 *
 * Everything is drawn from {@link Prng} (sfc32 seeded through splitmix32), so a
 * seed and a size always give byte-identical files; `Math.random` is never used.
 *
 * The files are written the way a user would have them:
 *   nodes.json          `kubectl get nodes -o json` (a v1 List, 4-space indent, keys sorted)
 *   pods/<ns>.json      `kubectl get pods -n <ns> -o json`, one file per namespace, split into
 *                        pods/<ns>-partN.json every 20,000 pods (the loader reads a directory of
 *                        such files; one file of all pods would pass V8's 512 MiB string limit)
 *   dist/NNNN-<ns>.k8s.yaml   a cdk8s `dist/`: ServiceAccounts and DaemonSets, multi-document YAML
 *
 * The shapes follow the v1 wire format (staging/src/k8s.io/api/core/v1/types.go,
 * staging/src/k8s.io/api/apps/v1/types.go) and what the kubelet, the node lifecycle
 * controller and the apiserver put on real objects (well-known labels, `Ki` memory,
 * the not-ready/unreachable NoExecute tolerations and the projected service-account
 * token volume every pod gets).
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';

/** Deterministic PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counter), seeded with splitmix32. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** A uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** An item drawn with the given weights. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((n, [, w]) => n + w, 0);
    let x = this.next() * total;
    for (const [item, w] of entries) {
      x -= w;
      if (x < 0) return item;
    }
    return entries[entries.length - 1][0];
  }

  /** `n` distinct items (order of first draw). */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }

  /** Lower-case hex digits. */
  hex(length: number): string {
    let s = '';
    while (s.length < length) s += this.u32().toString(16).padStart(8, '0');
    return s.slice(0, length);
  }

  /** Characters Kubernetes uses for generated name suffixes (`bcdfghjklmnpqrstvwxz2456789`). */
  suffix(length: number): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }

  uid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

/** The node label naming each node's pool. */
export const POOL_LABEL = 'node.example.com/pool';
/** A numeric node label (vCPUs), for `Gt`/`Lt` affinity. */
export const CPU_COUNT_LABEL = 'node.example.com/cpu-count';

/** A pool of identical nodes. */
export interface PoolSpec {
  readonly name: string;
  /** Share of the fleet's nodes (the control plane has a fixed size instead). */
  readonly share: number;
  readonly instanceType: string;
  readonly os: 'linux' | 'windows';
  readonly arch: 'amd64' | 'arm64';
  readonly vcpus: number;
  /** Allocatable CPU in millicores. */
  readonly cpuMillis: number;
  /** Allocatable memory in MiB. */
  readonly memoryMi: number;
  readonly maxPods: number;
  readonly gpus?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: ReadonlyArray<{ key: string; value?: string; effect: string }>;
  /** Relative pod density (workload pods per node). */
  readonly density: number;
}

/** The eight pools. */
export const POOLS: readonly PoolSpec[] = [
  {
    name: 'control-plane',
    share: 0,
    instanceType: 'm6i.2xlarge',
    os: 'linux',
    arch: 'amd64',
    vcpus: 8,
    cpuMillis: 7910,
    memoryMi: 30310,
    maxPods: 110,
    labels: { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' },
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    density: 0.3,
  },
  { name: 'general-amd64', share: 0.42, instanceType: 'm6i.4xlarge', os: 'linux', arch: 'amd64', vcpus: 16, cpuMillis: 15890, memoryMi: 61840, maxPods: 110, labels: {}, taints: [], density: 1.2 },
  { name: 'general-arm64', share: 0.18, instanceType: 'm7g.4xlarge', os: 'linux', arch: 'arm64', vcpus: 16, cpuMillis: 15890, memoryMi: 61840, maxPods: 110, labels: {}, taints: [], density: 1.1 },
  { name: 'memory', share: 0.08, instanceType: 'r6i.8xlarge', os: 'linux', arch: 'amd64', vcpus: 32, cpuMillis: 31850, memoryMi: 249000, maxPods: 110, labels: { 'node.example.com/workload': 'memory' }, taints: [], density: 0.9 },
  {
    name: 'gpu',
    share: 0.05,
    instanceType: 'p4d.24xlarge',
    os: 'linux',
    arch: 'amd64',
    vcpus: 96,
    cpuMillis: 95690,
    memoryMi: 1130000,
    maxPods: 110,
    gpus: 8,
    labels: { 'nvidia.com/gpu.present': 'true' },
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    density: 0.4,
  },
  {
    name: 'storage',
    share: 0.05,
    instanceType: 'i4i.4xlarge',
    os: 'linux',
    arch: 'amd64',
    vcpus: 16,
    cpuMillis: 15890,
    memoryMi: 124000,
    maxPods: 58,
    labels: { 'node.example.com/local-nvme': 'true' },
    taints: [{ key: 'storage', value: 'local-nvme', effect: 'NoSchedule' }],
    density: 0.6,
  },
  {
    name: 'spot',
    share: 0.17,
    instanceType: 'c6i.4xlarge',
    os: 'linux',
    arch: 'amd64',
    vcpus: 16,
    cpuMillis: 15890,
    memoryMi: 29300,
    maxPods: 110,
    labels: { 'node.example.com/lifecycle': 'spot' },
    taints: [{ key: 'node.example.com/spot', value: 'true', effect: 'NoSchedule' }],
    density: 1.0,
  },
  {
    name: 'windows',
    share: 0.05,
    instanceType: 'm6i.2xlarge',
    os: 'windows',
    arch: 'amd64',
    vcpus: 8,
    cpuMillis: 7910,
    memoryMi: 30310,
    maxPods: 110,
    labels: {},
    taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }],
    density: 0.7,
  },
];

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const CREATED = '2024-05-02T08:10:02Z';

/** How many nodes each pool gets: a fixed control plane, the rest by share (remainder to general-amd64). */
export function poolSizes(nodes: number): Map<string, number> {
  const sizes = new Map<string, number>();
  const cp = Math.min(nodes, Math.max(3, Math.round(nodes / 1000)));
  sizes.set('control-plane', cp);
  const left = nodes - cp;
  const shared = POOLS.filter((p) => p.share > 0);
  const totalShare = shared.reduce((n, p) => n + p.share, 0);
  let assigned = 0;
  for (const p of shared) {
    const n = Math.floor((left * p.share) / totalShare);
    sizes.set(p.name, n);
    assigned += n;
  }
  sizes.set('general-amd64', sizes.get('general-amd64')! + (left - assigned));
  return sizes;
}

/** A node of the generated fleet, with what the generator needs to place pods on it. */
export interface GeneratedNode {
  readonly object: Record<string, any>;
  readonly name: string;
  readonly pool: PoolSpec;
  readonly ready: boolean;
}

function nodeName(i: number): string {
  return `ip-10-${16 + (i >> 16)}-${(i >> 8) & 255}-${i & 255}.eu-west-1.compute.internal`;
}

/** The fleet's nodes: pool by pool, a few cordoned, NotReady or under memory pressure. */
export function generateNodes(rng: Prng, count: number): GeneratedNode[] {
  const sizes = poolSizes(count);
  const out: GeneratedNode[] = [];
  let i = 0;
  for (const pool of POOLS) {
    const n = sizes.get(pool.name) ?? 0;
    for (let k = 0; k < n; k++, i++) {
      const name = nodeName(i);
      const zone = ZONES[i % ZONES.length];
      const state = rng.weighted<'ok' | 'notready' | 'cordoned' | 'pressure'>([['ok', 0.986], ['notready', 0.005], ['cordoned', 0.006], ['pressure', 0.003]]);
      const taints: Array<Record<string, string>> = pool.taints.map((t) => ({
        effect: t.effect,
        key: t.key,
        ...(t.value !== undefined ? { value: t.value } : {}),
      }));
      if (state === 'notready') {
        taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/not-ready' });
        taints.push({ effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', timeAdded: '2024-05-12T09:14:55Z' });
      } else if (state === 'cordoned') {
        taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', timeAdded: '2024-05-12T07:00:00Z' });
      } else if (state === 'pressure') {
        taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', timeAdded: '2024-05-12T08:30:00Z' });
      }
      // Allocatable varies a little within a pool (kubelet reservations differ by AMI version).
      const memKi = pool.memoryMi * 1024 - rng.int(0, 64) * 1024;
      const cpu = rng.chance(0.1) ? `${pool.cpuMillis - 50}m` : `${pool.cpuMillis}m`;
      const allocatable: Record<string, string> = {
        'cpu': cpu,
        'ephemeral-storage': String(95551679124 + rng.int(0, 1000) * 4096),
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        'memory': `${memKi}Ki`,
        'pods': String(pool.maxPods),
      };
      const capacity: Record<string, string> = {
        'cpu': String(pool.vcpus),
        'ephemeral-storage': '104845292Ki',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        'memory': `${pool.memoryMi * 1024 + 800 * 1024}Ki`,
        'pods': String(pool.maxPods),
      };
      if (pool.gpus) {
        allocatable['nvidia.com/gpu'] = String(pool.gpus);
        capacity['nvidia.com/gpu'] = String(pool.gpus);
      }
      const ready = state !== 'notready';
      const ip = `10.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
      const object = {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          annotations: {
            'alpha.kubernetes.io/provided-node-ip': ip,
            'node.alpha.kubernetes.io/ttl': '0',
            'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
          },
          creationTimestamp: CREATED,
          labels: sortKeys({
            'beta.kubernetes.io/arch': pool.arch,
            'beta.kubernetes.io/instance-type': pool.instanceType,
            'beta.kubernetes.io/os': pool.os,
            'failure-domain.beta.kubernetes.io/region': 'eu-west-1',
            'failure-domain.beta.kubernetes.io/zone': zone,
            'kubernetes.io/arch': pool.arch,
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': pool.os,
            'node.kubernetes.io/instance-type': pool.instanceType,
            [POOL_LABEL]: pool.name,
            [CPU_COUNT_LABEL]: String(pool.vcpus),
            'topology.kubernetes.io/region': 'eu-west-1',
            'topology.kubernetes.io/zone': zone,
            ...pool.labels,
          }),
          name,
          resourceVersion: String(3887932 + i * 7),
          uid: rng.uid(),
        },
        spec: {
          podCIDR: `100.${64 + (i >> 8)}.${i & 255}.0/24`,
          podCIDRs: [`100.${64 + (i >> 8)}.${i & 255}.0/24`],
          providerID: `aws:///${zone}/i-0${rng.hex(16)}`,
          ...(taints.length > 0 ? { taints } : {}),
          ...(state === 'cordoned' ? { unschedulable: true } : {}),
        },
        status: {
          addresses: [{ address: ip, type: 'InternalIP' }, { address: name, type: 'Hostname' }],
          allocatable,
          capacity,
          conditions: [
            condition('MemoryPressure', state === 'pressure' ? 'True' : 'False', state === 'pressure' ? 'KubeletHasInsufficientMemory' : 'KubeletHasSufficientMemory'),
            condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
            condition('PIDPressure', 'False', 'KubeletHasSufficientPID'),
            condition('Ready', ready ? 'True' : 'Unknown', ready ? 'KubeletReady' : 'NodeStatusUnknown'),
          ],
          nodeInfo: {
            architecture: pool.arch,
            containerRuntimeVersion: 'containerd://1.7.11',
            kernelVersion: pool.os === 'linux' ? '6.1.79-99.167.amzn2023.x86_64' : '10.0.20348.2340',
            kubeProxyVersion: 'v1.28.7',
            kubeletVersion: 'v1.28.7',
            operatingSystem: pool.os,
            osImage: pool.os === 'linux' ? 'Amazon Linux 2023' : 'Windows Server 2022 Datacenter',
          },
        },
      };
      out.push({ object, name, pool, ready });
    }
  }
  return out;
}

function condition(type: string, status: string, reason: string): Record<string, string> {
  return { lastHeartbeatTime: '2024-05-12T10:00:00Z', lastTransitionTime: CREATED, reason, status, type };
}

function sortKeys<T extends Record<string, any>>(o: T): T {
  const out: Record<string, any> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out as T;
}

// ---------------------------------------------------------------------------
// Agents (the DaemonSets)

/** A node-selector requirement (matchExpressions). */
export interface RequirementSpec {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values?: string[];
}

/** A toleration as the manifest spells it. */
export interface TolerationSpec {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A container of an agent. */
export interface AgentContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly cpuMillis: number;
  readonly cpuLimitMillis?: number;
  readonly memoryMi: number;
  readonly memoryLimitMi: number;
  readonly ports: ReadonlyArray<{ readonly name: string; readonly containerPort: number; readonly hostPort?: number; readonly protocol: 'TCP' | 'UDP' }>;
}

/** What one agent's DaemonSet asks for; rendered as a manifest, a NodeAgent or a plain cdk8s-plus DaemonSet. */
export interface AgentSpec {
  readonly name: string;
  readonly namespace: string;
  readonly role: 'cni' | 'csi' | 'log-collector' | 'node-exporter' | 'runtime-security' | 'device-plugin' | 'generic';
  /** The main container first. */
  readonly containers: readonly AgentContainerSpec[];
  readonly initContainer?: AgentContainerSpec;
  readonly hostNetwork: boolean;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Required node-affinity terms (ORed); each term's requirements are ANDed. Empty: none. */
  readonly affinityTerms: ReadonlyArray<readonly RequirementSpec[]>;
  readonly tolerations: readonly TolerationSpec[];
  readonly strategy:
  | { readonly type: 'RollingUpdate'; readonly maxUnavailable?: number | string; readonly maxSurge?: number | string }
  | { readonly type: 'OnDelete' };
  readonly priorityClassName?: string;
  readonly hostPaths: readonly string[];
  readonly privileged: boolean;
  /** Pools the agent is meant for (the generator places the pods of deployed agents there). */
  readonly pools: readonly string[];
  /** Whether pods of this DaemonSet already run in the cluster. */
  readonly deployed: boolean;
}

const LINUX = { 'kubernetes.io/os': 'linux' };
const LINUX_POOLS = POOLS.filter((p) => p.os === 'linux').map((p) => p.name);
const TOLERATE_ALL: TolerationSpec[] = [{ operator: 'Exists' }];
const TOLERATE_NOSCHEDULE: TolerationSpec[] = [{ operator: 'Exists', effect: 'NoSchedule' }];

function container(name: string, image: string, cpuMillis: number, memoryMi: number, ports: AgentContainerSpec['ports'] = [], memoryLimitMi = memoryMi * 2): AgentContainerSpec {
  return { name, image, cpuMillis, memoryMi, memoryLimitMi, ports };
}

/** The hand-written part of the catalogue: well-known agents as their charts deploy them. */
function catalogue(): AgentSpec[] {
  const base = { initContainer: undefined, hostNetwork: false, nodeSelector: LINUX, affinityTerms: [], strategy: { type: 'RollingUpdate' as const }, hostPaths: [], privileged: false, deployed: false };
  return [
    {
      ...base,
      name: 'cilium',
      namespace: 'kube-system',
      role: 'cni',
      hostNetwork: true,
      privileged: true,
      tolerations: TOLERATE_ALL,
      pools: LINUX_POOLS,
      deployed: true,
      containers: [container('cilium-agent', 'quay.io/cilium/cilium:v1.15.6', 100, 256, [{ name: 'health', containerPort: 4240, hostPort: 4240, protocol: 'TCP' }, { name: 'prometheus', containerPort: 9962, hostPort: 9962, protocol: 'TCP' }], 1024)],
      initContainer: container('install-cni-binaries', 'quay.io/cilium/cilium:v1.15.6', 100, 10),
      strategy: { type: 'RollingUpdate', maxUnavailable: '2%' },
      priorityClassName: 'system-node-critical',
      hostPaths: ['/opt/cni/bin', '/etc/cni/net.d', '/sys/fs/bpf', '/run/cilium'],
    },
    {
      ...base,
      name: 'ebs-csi-node',
      namespace: 'kube-system',
      role: 'csi',
      privileged: true,
      tolerations: TOLERATE_ALL,
      pools: LINUX_POOLS,
      deployed: true,
      containers: [
        container('ebs-plugin', 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.37.0', 10, 40, [{ name: 'healthz', containerPort: 9808, protocol: 'TCP' }], 256),
        container('node-driver-registrar', 'public.ecr.aws/eks-distro/kubernetes-csi/node-driver-registrar:v2.11.1', 10, 40),
        container('liveness-probe', 'public.ecr.aws/eks-distro/kubernetes-csi/livenessprobe:v2.13.1', 10, 40),
      ],
      strategy: { type: 'RollingUpdate', maxUnavailable: '10%' },
      priorityClassName: 'system-node-critical',
      hostPaths: ['/var/lib/kubelet', '/dev'],
    },
    {
      ...base,
      name: 'fluent-bit',
      namespace: 'logging',
      role: 'log-collector',
      tolerations: TOLERATE_ALL,
      deployed: true,
      pools: LINUX_POOLS.filter((p) => p !== 'gpu' && p !== 'general-arm64'),
      affinityTerms: [[{ key: POOL_LABEL, operator: 'NotIn', values: ['gpu', 'general-arm64'] }]],
      containers: [container('fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:3.1.9', 100, 128, [{ name: 'http', containerPort: 2020, hostPort: 2020, protocol: 'TCP' }], 512)],
      strategy: { type: 'RollingUpdate', maxUnavailable: '10%' },
      hostPaths: ['/var/log', '/var/lib/fluent-bit'],
    },
    {
      ...base,
      name: 'fluent-bit-gpu',
      namespace: 'logging',
      role: 'log-collector',
      tolerations: TOLERATE_ALL,
      pools: ['gpu'],
      affinityTerms: [[{ key: POOL_LABEL, operator: 'In', values: ['gpu'] }]],
      containers: [container('fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:3.1.9', 200, 256, [{ name: 'http', containerPort: 2020, hostPort: 2020, protocol: 'TCP' }], 1024)],
      strategy: { type: 'RollingUpdate', maxUnavailable: '10%' },
      hostPaths: ['/var/log', '/var/lib/fluent-bit'],
    },
    {
      ...base,
      name: 'fluent-bit-arm64',
      namespace: 'logging',
      role: 'log-collector',
      tolerations: TOLERATE_ALL,
      pools: ['general-arm64'],
      deployed: true,
      affinityTerms: [[{ key: POOL_LABEL, operator: 'In', values: ['general-arm64'] }]],
      containers: [container('fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:3.1.9-arm64', 100, 128, [{ name: 'http', containerPort: 2020, hostPort: 2020, protocol: 'TCP' }], 512)],
      strategy: { type: 'RollingUpdate', maxUnavailable: '10%' },
      hostPaths: ['/var/log', '/var/lib/fluent-bit'],
    },
    {
      ...base,
      name: 'node-exporter',
      namespace: 'monitoring',
      role: 'node-exporter',
      hostNetwork: true,
      tolerations: TOLERATE_NOSCHEDULE,
      pools: LINUX_POOLS,
      deployed: true,
      containers: [container('node-exporter', 'quay.io/prometheus/node-exporter:v1.8.2', 100, 64, [{ name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' }], 128)],
      strategy: { type: 'RollingUpdate', maxUnavailable: 1 },
      hostPaths: ['/proc', '/sys', '/'],
    },
    {
      ...base,
      name: 'falco',
      namespace: 'security',
      role: 'runtime-security',
      privileged: true,
      tolerations: TOLERATE_ALL,
      pools: LINUX_POOLS,
      containers: [container('falco', 'docker.io/falcosecurity/falco-no-driver:0.38.2', 100, 512, [{ name: 'web', containerPort: 8765, protocol: 'TCP' }], 1024)],
      initContainer: container('falco-driver-loader', 'docker.io/falcosecurity/falco-driver-loader:0.38.2', 100, 128),
      strategy: { type: 'RollingUpdate', maxUnavailable: '25%' },
      hostPaths: ['/proc', '/etc', '/dev', '/boot', '/lib/modules'],
    },
    {
      ...base,
      name: 'nvidia-device-plugin',
      namespace: 'gpu-operator',
      role: 'device-plugin',
      pools: ['gpu'],
      deployed: true,
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      affinityTerms: [[{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }], [{ key: 'feature.node.kubernetes.io/pci-10de.present', operator: 'In', values: ['true'] }]],
      containers: [container('nvidia-device-plugin-ctr', 'nvcr.io/nvidia/k8s-device-plugin:v0.16.2', 50, 64)],
      strategy: { type: 'OnDelete' },
      priorityClassName: 'system-node-critical',
      hostPaths: ['/var/lib/kubelet/device-plugins'],
      privileged: true,
    },
    {
      ...base,
      name: 'dcgm-exporter',
      namespace: 'gpu-operator',
      role: 'generic',
      pools: ['gpu'],
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      affinityTerms: [[{ key: POOL_LABEL, operator: 'In', values: ['gpu'] }]],
      containers: [container('dcgm-exporter', 'nvcr.io/nvidia/k8s/dcgm-exporter:3.3.7-3.5.0-ubuntu22.04', 100, 512, [{ name: 'metrics', containerPort: 9400, hostPort: 9400, protocol: 'TCP' }], 1024)],
      strategy: { type: 'RollingUpdate', maxUnavailable: '25%' },
    },
    {
      ...base,
      name: 'local-volume-provisioner',
      namespace: 'storage',
      role: 'csi',
      pools: ['storage'],
      deployed: true,
      tolerations: [{ key: 'storage', operator: 'Equal', value: 'local-nvme', effect: 'NoSchedule' }],
      affinityTerms: [[{ key: 'node.example.com/local-nvme', operator: 'Exists' }]],
      containers: [container('provisioner', 'registry.k8s.io/sig-storage/local-volume-provisioner:v2.6.0', 50, 64, [{ name: 'metrics', containerPort: 8080, protocol: 'TCP' }])],
      priorityClassName: 'system-node-critical',
      hostPaths: ['/mnt/disks', '/dev'],
      privileged: true,
    },
    {
      ...base,
      name: 'windows-exporter',
      namespace: 'monitoring',
      role: 'node-exporter',
      nodeSelector: { 'kubernetes.io/os': 'windows' },
      pools: ['windows'],
      deployed: true,
      tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
      containers: [container('windows-exporter', 'ghcr.io/prometheus-community/windows-exporter:0.27.2', 100, 128, [{ name: 'metrics', containerPort: 9182, hostPort: 9182, protocol: 'TCP' }])],
    },
    {
      ...base,
      name: 'node-problem-detector',
      namespace: 'kube-system',
      role: 'generic',
      tolerations: TOLERATE_NOSCHEDULE,
      pools: LINUX_POOLS,
      deployed: true,
      containers: [container('node-problem-detector', 'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.19', 20, 40, [{ name: 'exporter', containerPort: 20257, protocol: 'TCP' }], 80)],
      hostPaths: ['/var/log', '/dev/kmsg'],
      privileged: true,
    },
    {
      ...base,
      name: 'aws-node-termination-handler',
      namespace: 'kube-system',
      role: 'generic',
      pools: ['spot'],
      hostNetwork: true,
      tolerations: [{ key: 'node.example.com/spot', operator: 'Exists' }],
      affinityTerms: [[{ key: 'node.example.com/lifecycle', operator: 'In', values: ['spot'] }, { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }]],
      containers: [container('aws-node-termination-handler', 'public.ecr.aws/aws-ec2/aws-node-termination-handler:v1.22.0', 50, 64, [{ name: 'http-metrics', containerPort: 9092, hostPort: 9092, protocol: 'TCP' }], 128)],
      strategy: { type: 'RollingUpdate', maxUnavailable: '25%' },
      priorityClassName: 'system-node-critical',
    },
    {
      ...base,
      name: 'otel-node-agent',
      namespace: 'observability',
      role: 'generic',
      tolerations: TOLERATE_NOSCHEDULE,
      pools: LINUX_POOLS.filter((p) => p !== 'control-plane'),
      affinityTerms: [[{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }, { key: CPU_COUNT_LABEL, operator: 'Gt', values: ['4'] }]],
      containers: [container('otelcol', 'otel/opentelemetry-collector-contrib:0.108.0', 100, 256, [{ name: 'otlp', containerPort: 4317, protocol: 'TCP' }], 512)],
      strategy: { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: '10%' },
      hostPaths: ['/var/log/pods'],
    },
  ];
}

const AGENT_IMAGES = [
  'registry.example.com/platform/node-agent',
  'registry.example.com/platform/host-inventory',
  'registry.example.com/security/file-integrity',
  'registry.example.com/sre/netprobe',
  'registry.example.com/sre/disk-health',
];
const AGENT_NAMESPACES = ['platform', 'sre', 'security', 'observability', 'kube-system'];
const HOST_PORTS = [9100, 2020, 8080, 9101, 9102, 9103, 9104, 9105, 9110, 9120, 9253, 10250, 53];
const TAINT_TOLERATIONS: TolerationSpec[] = [
  { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'storage', operator: 'Equal', value: 'local-nvme', effect: 'NoSchedule' },
  { key: 'node.example.com/spot', operator: 'Equal', value: 'true' },
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
];

/** A randomized agent: the long tail of in-house DaemonSets. */
function randomAgent(rng: Prng, index: number): AgentSpec {
  const name = `${rng.pick(['host', 'node', 'net', 'disk', 'audit', 'kernel', 'cache', 'proxy'])}-${rng.pick(['agent', 'probe', 'daemon', 'watcher', 'exporter', 'warden'])}-${String(index).padStart(2, '0')}`;
  const hostNetwork = rng.chance(0.15);
  const portCount = rng.weighted<number>([[0, 0.45], [1, 0.45], [2, 0.1]]);
  const ports: Array<{ name: string; containerPort: number; hostPort?: number; protocol: 'TCP' | 'UDP' }> = [];
  for (let p = 0; p < portCount; p++) {
    const withHost = hostNetwork || rng.chance(0.5);
    const port = withHost ? rng.pick(HOST_PORTS) : rng.int(8000, 9999);
    if (ports.some((x) => x.containerPort === port)) continue;
    ports.push({ name: `port-${p}`, containerPort: port, ...(withHost ? { hostPort: port } : {}), protocol: port === 53 ? 'UDP' : 'TCP' });
  }
  const containers: AgentContainerSpec[] = [{ ...container(name, `${rng.pick(AGENT_IMAGES)}:v1.${rng.int(0, 20)}.${rng.int(0, 9)}`, rng.int(1, 25) * 10, rng.int(1, 32) * 16, ports), ...(rng.chance(0.2) ? { cpuLimitMillis: 500 } : {}) }];
  const sidecars = rng.weighted<number>([[0, 0.7], [1, 0.25], [2, 0.05]]);
  for (let s = 0; s < sidecars; s++) containers.push(container(`sidecar-${s}`, `registry.example.com/platform/sidecar:v2.${rng.int(0, 9)}.0`, rng.int(1, 5) * 10, rng.int(1, 8) * 16));

  let pools = [...LINUX_POOLS];
  const affinityTerms: RequirementSpec[][] = [];
  const shape = rng.weighted<string>([['none', 0.3], ['in', 0.2], ['notin', 0.15], ['exists', 0.1], ['gt', 0.1], ['two-terms', 0.1], ['arch', 0.05]]);
  if (shape === 'in') {
    pools = rng.sample(LINUX_POOLS, rng.int(1, 3));
    affinityTerms.push([{ key: POOL_LABEL, operator: 'In', values: [...pools] }]);
  } else if (shape === 'notin') {
    const out = rng.sample(LINUX_POOLS, rng.int(1, 2));
    pools = LINUX_POOLS.filter((p) => !out.includes(p));
    affinityTerms.push([{ key: POOL_LABEL, operator: 'NotIn', values: out }]);
  } else if (shape === 'exists') {
    const label = rng.pick(['nvidia.com/gpu.present', 'node.example.com/local-nvme', 'node.example.com/workload']);
    pools = POOLS.filter((p) => label in p.labels).map((p) => p.name);
    affinityTerms.push([{ key: label, operator: 'Exists' }]);
  } else if (shape === 'gt') {
    const min = rng.pick([8, 15, 31]);
    pools = POOLS.filter((p) => p.os === 'linux' && p.vcpus > min).map((p) => p.name);
    affinityTerms.push([{ key: CPU_COUNT_LABEL, operator: 'Gt', values: [String(min)] }]);
  } else if (shape === 'two-terms') {
    affinityTerms.push([{ key: POOL_LABEL, operator: 'In', values: ['gpu'] }]);
    affinityTerms.push([{ key: 'node.example.com/lifecycle', operator: 'In', values: ['spot'] }, { key: CPU_COUNT_LABEL, operator: 'Lt', values: ['32'] }]);
    pools = ['gpu', 'spot'];
  } else if (shape === 'arch') {
    affinityTerms.push([{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }]);
    pools = ['general-arm64'];
  }
  const tolerations = rng.weighted<TolerationSpec[]>([
    [[], 0.3],
    [TOLERATE_ALL, 0.2],
    [TOLERATE_NOSCHEDULE, 0.2],
    [rng.sample(TAINT_TOLERATIONS, rng.int(1, 3)), 0.3],
  ]);
  const hasHostPort = ports.some((p) => p.hostPort !== undefined);
  const strategy = rng.weighted<AgentSpec['strategy']>([
    [{ type: 'RollingUpdate' }, 0.35],
    [{ type: 'RollingUpdate', maxUnavailable: '10%' }, 0.2],
    [{ type: 'RollingUpdate', maxUnavailable: '25%' }, 0.1],
    [{ type: 'RollingUpdate', maxUnavailable: 3 }, 0.05],
    [hasHostPort ? { type: 'RollingUpdate', maxUnavailable: '5%' } : { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: rng.pick(['10%', 1] as Array<string | number>) }, 0.15],
    [{ type: 'OnDelete' }, 0.15],
  ]);
  return {
    name,
    namespace: rng.pick(AGENT_NAMESPACES),
    role: 'generic',
    containers,
    initContainer: rng.chance(0.15) ? container('init', 'registry.example.com/platform/init:v1.0.0', rng.int(1, 20) * 10, rng.int(1, 8) * 16) : undefined,
    hostNetwork,
    nodeSelector: rng.chance(0.9) ? LINUX : {},
    affinityTerms,
    tolerations,
    strategy,
    priorityClassName: rng.weighted<string | undefined>([[undefined, 0.5], ['system-node-critical', 0.3], ['system-cluster-critical', 0.2]]),
    hostPaths: rng.chance(0.4) ? rng.sample(['/var/log', '/proc', '/sys', '/etc/machine-id', '/run/containerd'], rng.int(1, 2)) : [],
    privileged: rng.chance(0.2),
    pools,
    deployed: rng.chance(0.3),
  };
}

/** The forty (or `count`) agents: the catalogue, then randomized in-house agents. */
export function generateAgents(seed: number, count = 40): AgentSpec[] {
  const rng = new Prng(seed ^ 0x5f3759df);
  const agents = catalogue().slice(0, count);
  const names = new Set(agents.map((a) => `${a.namespace}/${a.name}`));
  let i = agents.length;
  while (agents.length < count) {
    const a = randomAgent(rng, i++);
    const key = `${a.namespace}/${a.name}`;
    if (names.has(key)) continue;
    names.add(key);
    agents.push(a);
  }
  return agents;
}

function selectorLabels(a: AgentSpec): Record<string, string> {
  return { 'app.kubernetes.io/instance': a.name, 'app.kubernetes.io/name': a.name };
}

function renderContainer(c: AgentContainerSpec, a: AgentSpec, mounts: boolean): Record<string, any> {
  return {
    env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    name: c.name,
    ...(c.ports.length > 0
      ? {
        ports: c.ports.map((p) => ({
          containerPort: p.containerPort,
          ...(p.hostPort !== undefined || a.hostNetwork ? { hostPort: p.hostPort ?? p.containerPort } : {}),
          name: p.name,
          protocol: p.protocol,
        })),
      }
      : {}),
    resources: {
      limits: { ...(c.cpuLimitMillis ? { cpu: `${c.cpuLimitMillis}m` } : {}), memory: `${c.memoryLimitMi}Mi` },
      requests: { cpu: `${c.cpuMillis}m`, memory: `${c.memoryMi}Mi` },
    },
    securityContext: a.privileged
      ? { allowPrivilegeEscalation: true, privileged: true, readOnlyRootFilesystem: true }
      : { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
    ...(mounts && a.hostPaths.length > 0
      ? { volumeMounts: a.hostPaths.map((p) => ({ mountPath: p, name: volumeName(p), readOnly: true })) }
      : {}),
  };
}

function requirementJson(r: RequirementSpec): Record<string, unknown> {
  return { key: r.key, operator: r.operator, ...(r.values ? { values: [...r.values] } : {}) };
}

function volumeName(hostPath: string): string {
  return `host-${hostPath.replace(/^\/+/, '').replace(/[^a-z0-9]+/g, '-') || 'root'}`.replace(/-+$/, '');
}

/** The apps/v1 DaemonSet of an agent, as a cdk8s `dist/` holds it. */
export function daemonSetManifest(a: AgentSpec): Record<string, any> {
  const labels = { ...selectorLabels(a), 'app.kubernetes.io/component': a.role, 'app.kubernetes.io/managed-by': 'cdk8s-node-agents' };
  const strategy = a.strategy.type === 'OnDelete'
    ? { type: 'OnDelete' }
    : {
      rollingUpdate: {
        ...(a.strategy.maxSurge !== undefined ? { maxSurge: a.strategy.maxSurge } : { maxSurge: 0 }),
        maxUnavailable: a.strategy.maxUnavailable ?? 1,
      },
      type: 'RollingUpdate',
    };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { annotations: { 'cdk8s-node-agents.io/role': a.role }, labels, name: a.name, namespace: a.namespace },
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: selectorLabels(a) },
      template: {
        metadata: { labels },
        spec: {
          ...(a.affinityTerms.length > 0
            ? {
              affinity: {
                nodeAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: a.affinityTerms.map((t) => ({ matchExpressions: t.map(requirementJson) })),
                  },
                },
              },
            }
            : {}),
          automountServiceAccountToken: true,
          containers: a.containers.map((c, i) => renderContainer(c, a, i === 0)),
          ...(a.hostNetwork ? { dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true } : {}),
          ...(a.initContainer ? { initContainers: [renderContainer(a.initContainer, a, false)] } : {}),
          ...(Object.keys(a.nodeSelector).length > 0 ? { nodeSelector: { ...a.nodeSelector } } : {}),
          ...(a.priorityClassName ? { priorityClassName: a.priorityClassName } : {}),
          securityContext: a.privileged ? {} : { runAsNonRoot: true },
          serviceAccountName: a.name,
          terminationGracePeriodSeconds: 30,
          ...(a.tolerations.length > 0 ? { tolerations: a.tolerations.map((t) => ({ ...t })) } : {}),
          ...(a.hostPaths.length > 0 ? { volumes: a.hostPaths.map((p) => ({ hostPath: { path: p, type: '' }, name: volumeName(p) })) } : {}),
        },
      },
      updateStrategy: strategy,
    },
  };
}

// ---------------------------------------------------------------------------
// Pods

/** Pods of DaemonSets that are not among the agents (the cluster's own add-ons). */
interface SystemDaemon {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly cpu: string;
  readonly memory: string;
  readonly hostNetwork: boolean;
  readonly ports: ReadonlyArray<{ containerPort: number; protocol: string }>;
  readonly os: 'linux' | 'windows';
}

const SYSTEM_DAEMONS: readonly SystemDaemon[] = [
  { name: 'kube-proxy', namespace: 'kube-system', image: 'registry.k8s.io/kube-proxy:v1.28.7', cpu: '100m', memory: '64Mi', hostNetwork: true, ports: [], os: 'linux' },
  { name: 'node-local-dns', namespace: 'kube-system', image: 'registry.k8s.io/dns/k8s-dns-node-cache:1.23.1', cpu: '25m', memory: '5Mi', hostNetwork: true, ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 53, protocol: 'TCP' }, { containerPort: 9253, protocol: 'TCP' }], os: 'linux' },
  { name: 'kube-proxy-windows', namespace: 'kube-system', image: 'sigwindowstools/kube-proxy:v1.28.7-nanoserver', cpu: '100m', memory: '64Mi', hostNetwork: true, ports: [], os: 'windows' },
];

interface Workload {
  readonly app: string;
  readonly namespace: string;
  readonly kind: 'ReplicaSet' | 'StatefulSet' | 'Job';
  readonly hash: string;
  readonly uid: string;
  readonly os: 'linux' | 'windows';
  readonly cpuMillis: number;
  readonly memoryMi: number;
  readonly limitsOnly: boolean;
  readonly gpus: number;
  readonly hostPort?: number;
  readonly tolerations: ReadonlyArray<Record<string, string>>;
}

const TEAMS = ['checkout', 'payments', 'search', 'catalog', 'identity', 'ledger', 'recommendations', 'media', 'notifications', 'analytics', 'ml-training', 'ml-serving', 'batch', 'ingress-nginx', 'monitoring', 'data-platform'];

function workloads(rng: Prng): Workload[] {
  const out: Workload[] = [];
  for (const ns of TEAMS) {
    const n = rng.int(8, 20);
    for (let i = 0; i < n; i++) {
      const kind = ns === 'batch' || (ns === 'analytics' && rng.chance(0.5)) ? 'Job' : ns === 'data-platform' || rng.chance(0.1) ? 'StatefulSet' : 'ReplicaSet';
      const gpu = ns === 'ml-training' && rng.chance(0.6);
      const windows = ns === 'media' && i % 3 === 0;
      const tolerations: Array<Record<string, string>> = [];
      if (gpu) tolerations.push({ effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Exists' });
      if (windows) tolerations.push({ effect: 'NoSchedule', key: 'os', operator: 'Equal', value: 'windows' });
      if (ns === 'data-platform') tolerations.push({ effect: 'NoSchedule', key: 'storage', operator: 'Equal', value: 'local-nvme' });
      if (ns === 'monitoring') tolerations.push({ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' });
      if (!gpu && !windows && rng.chance(0.3)) tolerations.push({ effect: 'NoSchedule', key: 'node.example.com/spot', operator: 'Equal', value: 'true' });
      out.push({
        app: `${ns === 'ingress-nginx' ? 'ingress-nginx-controller' : `${ns}-${rng.pick(['api', 'worker', 'web', 'cache', 'consumer', 'db', 'gateway', 'cron'])}`}-${i}`,
        namespace: ns,
        kind,
        hash: rng.suffix(10),
        uid: rng.uid(),
        os: windows ? 'windows' : 'linux',
        cpuMillis: rng.pick([50, 100, 100, 200, 250, 500, 500, 1000, 2000]),
        memoryMi: rng.pick([64, 128, 256, 256, 512, 1024, 2048, 4096]),
        limitsOnly: rng.chance(0.08),
        gpus: gpu ? rng.pick([1, 2, 4, 8]) : 0,
        hostPort: ns === 'ingress-nginx' ? 443 : rng.chance(0.01) ? 9100 : undefined,
        tolerations,
      });
    }
  }
  return out;
}

/** Whether a workload may run on a node's pool (OS, and every pool taint tolerated by key). */
function fits(w: Workload, pool: PoolSpec): boolean {
  if (w.os !== pool.os) return false;
  if (w.gpus > 0 && !pool.gpus) return false;
  return pool.taints.every((t) => w.tolerations.some((x) => x.key === t.key));
}

const DEFAULT_TOLERATIONS = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
];

function apiAccessVolume(suffix: string): Record<string, any> {
  return {
    name: `kube-api-access-${suffix}`,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

interface PodParts {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly owner: { kind: string; name: string; uid: string; apiVersion: string };
  readonly containers: Array<Record<string, any>>;
  readonly initContainers?: Array<Record<string, any>>;
  readonly nodeName?: string;
  readonly hostNetwork?: boolean;
  readonly priority: number;
  readonly priorityClassName?: string;
  readonly tolerations: ReadonlyArray<Record<string, any>>;
  readonly phase: string;
  readonly qos: string;
  readonly hostIP?: string;
  readonly podIP?: string;
  readonly nodeSelector?: Record<string, string>;
  readonly affinity?: Record<string, any>;
}

function pod(rng: Prng, p: PodParts): Record<string, any> {
  const volSuffix = rng.suffix(5);
  const mount = { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: `kube-api-access-${volSuffix}`, readOnly: true };
  const withMount = (c: Record<string, any>) => ({ ...c, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', volumeMounts: [...(c.volumeMounts ?? []), mount] });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: '2024-05-10T12:00:00Z',
      generateName: p.name.slice(0, p.name.lastIndexOf('-') + 1),
      labels: p.labels,
      name: p.name,
      namespace: p.namespace,
      ownerReferences: [{
        apiVersion: p.owner.apiVersion,
        blockOwnerDeletion: true,
        controller: true,
        kind: p.owner.kind,
        name: p.owner.name,
        uid: p.owner.uid,
      }],
      resourceVersion: String(rng.int(1000000, 99999999)),
      uid: rng.uid(),
    },
    spec: {
      ...(p.affinity ? { affinity: p.affinity } : {}),
      containers: p.containers.map(withMount),
      dnsPolicy: p.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      enableServiceLinks: true,
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      ...(p.initContainers ? { initContainers: p.initContainers.map(withMount) } : {}),
      ...(p.nodeName ? { nodeName: p.nodeName } : {}),
      ...(p.nodeSelector ? { nodeSelector: p.nodeSelector } : {}),
      preemptionPolicy: 'PreemptLowerPriority',
      priority: p.priority,
      ...(p.priorityClassName ? { priorityClassName: p.priorityClassName } : {}),
      restartPolicy: p.owner.kind === 'Job' ? 'Never' : 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [...p.tolerations, ...DEFAULT_TOLERATIONS],
      volumes: [apiAccessVolume(volSuffix)],
    },
    status: {
      ...(p.hostIP ? { hostIP: p.hostIP } : {}),
      phase: p.phase,
      ...(p.podIP ? { podIP: p.podIP, podIPs: [{ ip: p.podIP }] } : {}),
      qosClass: p.qos,
      startTime: '2024-05-10T12:00:03Z',
    },
  };
}

function nodeIp(node: GeneratedNode): string {
  return node.object.status.addresses[0].address;
}

/** Most pods in one file (≈ 150 MB of kubectl JSON, well under V8's 512 MiB string limit). */
export const POD_FILE_ITEMS = 20000;

/** Streams a kubectl `List` to a file, item by item (a 10,000-node fleet's pods do not fit in one string). */
export class ListWriter {
  private readonly fd: number;
  private chunks: string[] = [];
  private pending = 0;
  private count = 0;
  private bytes = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
    this.write('{\n    "apiVersion": "v1",\n    "items": [');
  }

  /** Items added so far. */
  get items(): number {
    return this.count;
  }

  add(item: unknown): void {
    const text = JSON.stringify(item, null, 4).replace(/\n/g, '\n        ');
    this.write(`${this.count > 0 ? ',' : ''}\n        ${text}`);
    this.count++;
  }

  /** Closes the list; returns the number of items and bytes written. */
  close(): { items: number; bytes: number } {
    this.write(`${this.count > 0 ? '\n    ' : ''}],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n`);
    this.flush();
    fs.closeSync(this.fd);
    return { items: this.count, bytes: this.bytes };
  }

  private write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending > 1 << 20) this.flush();
  }

  private flush(): void {
    const buf = Buffer.from(this.chunks.join(''), 'utf8');
    fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.chunks = [];
    this.pending = 0;
  }
}

/** A fleet's size and seed. */
export interface FleetSpec {
  readonly seed: number;
  readonly nodes: number;
  /** Pods in the cluster, all namespaces (bound, finished and a few pending). */
  readonly pods: number;
  readonly daemonSets: number;
}

/** What {@link writeFleet} wrote. */
export interface FleetFiles {
  readonly dir: string;
  readonly nodesFile: string;
  readonly podsDir: string;
  readonly distDir: string;
  readonly nodes: number;
  readonly pods: number;
  readonly daemonSets: number;
  readonly bytes: number;
}

/** Spreads `total` over weights (largest remainder), each share at most `caps[i]`. */
function apportion(total: number, weights: number[], caps: number[]): number[] {
  const out = weights.map(() => 0);
  let left = total;
  let open = weights.map((_, i) => i).filter((i) => caps[i] > 0);
  while (left > 0 && open.length > 0) {
    const w = open.reduce((n, i) => n + weights[i], 0);
    const round = left;
    const rem: Array<[number, number]> = [];
    for (const i of open) {
      const exact = (round * weights[i]) / w;
      const give = Math.min(Math.floor(exact), caps[i] - out[i]);
      out[i] += give;
      left -= give;
      rem.push([i, exact - Math.floor(exact)]);
    }
    rem.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [i] of rem) {
      if (left === 0) break;
      if (out[i] < caps[i]) {
        out[i]++;
        left--;
      }
    }
    open = open.filter((i) => out[i] < caps[i]);
    if (left === round) break;
  }
  return out;
}

/**
 * Writes a fleet into `dir` (created; existing files overwritten): nodes.json,
 * pods/<namespace>.json and dist/. Memory stays small: pods are streamed.
 */
export function writeFleet(dir: string, spec: FleetSpec): FleetFiles {
  const rng = new Prng(spec.seed);
  fs.mkdirSync(dir, { recursive: true });
  const podsDir = path.join(dir, 'pods');
  const distDir = path.join(dir, 'dist');
  fs.rmSync(podsDir, { recursive: true, force: true });
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.mkdirSync(podsDir);
  fs.mkdirSync(distDir);
  let bytes = 0;

  const nodes = generateNodes(rng, spec.nodes);
  const nodeWriter = new ListWriter(path.join(dir, 'nodes.json'));
  for (const n of nodes) nodeWriter.add(n.object);
  bytes += nodeWriter.close().bytes;

  const agents = generateAgents(spec.seed, spec.daemonSets);
  bytes += writeDist(distDir, agents);

  // Pods: add-on DaemonSets, deployed agents, then workloads up to the total.
  // One file per namespace, as `kubectl get pods -n <ns> -o json` gives, split every
  // POD_FILE_ITEMS pods (kube-system of a 10,000-node fleet is past V8's string limit).
  const writers = new Map<string, { writer: ListWriter; part: number }>();
  const closed: ListWriter[] = [];
  const writerFor = (ns: string) => {
    let w = writers.get(ns);
    if (w && w.writer.items >= POD_FILE_ITEMS) {
      closed.push(w.writer);
      w = { writer: new ListWriter(path.join(podsDir, `${ns}-part${w.part + 1}.json`)), part: w.part + 1 };
      writers.set(ns, w);
    }
    if (!w) {
      w = { writer: new ListWriter(path.join(podsDir, `${ns}.json`)), part: 1 };
      writers.set(ns, w);
    }
    return w.writer;
  };
  const perNode = new Array<number>(nodes.length).fill(0);
  const cpuUsed = new Array<number>(nodes.length).fill(0);
  const memUsed = new Array<number>(nodes.length).fill(0);
  let written = 0;
  const names = new Set<string>();
  const emit = (ns: string, obj: Record<string, any>, nodeIndex?: number) => {
    if (written >= spec.pods) return false;
    // Generated suffixes can collide, as they can in Kubernetes (which then retries): retry too.
    while (names.has(`${ns}/${obj.metadata.name}`)) obj.metadata.name = `${obj.metadata.generateName}${rng.suffix(5)}`;
    names.add(`${ns}/${obj.metadata.name}`);
    writerFor(ns).add(obj);
    written++;
    if (nodeIndex !== undefined) perNode[nodeIndex]++;
    return true;
  };
  const systemUids = new Map(SYSTEM_DAEMONS.map((d) => [d.name, rng.uid()]));
  const agentUids = new Map(agents.map((a) => [`${a.namespace}/${a.name}`, rng.uid()]));
  const manifests = new Map(agents.map((a) => [a, daemonSetManifest(a)]));
  nodes.forEach((node, ni) => {
    for (const d of SYSTEM_DAEMONS) {
      if (d.os !== node.pool.os) continue;
      emit(d.namespace, pod(rng, {
        name: `${d.name}-${rng.suffix(5)}`,
        namespace: d.namespace,
        labels: { 'controller-revision-hash': rng.hex(10), 'k8s-app': d.name, 'pod-template-generation': '3' },
        owner: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: d.name, uid: systemUids.get(d.name)! },
        containers: [{
          image: d.image,
          imagePullPolicy: 'IfNotPresent',
          name: d.name,
          ...(d.ports.length
            ? { ports: d.ports.map((p) => ({ containerPort: p.containerPort, hostPort: p.containerPort, protocol: p.protocol })) }
            : {}),
          resources: { requests: { cpu: d.cpu, memory: d.memory } },
        }],
        nodeName: node.name,
        hostNetwork: d.hostNetwork,
        priority: 2000001000,
        priorityClassName: 'system-node-critical',
        tolerations: [{ operator: 'Exists' }],
        phase: 'Running',
        qos: 'Burstable',
        hostIP: nodeIp(node),
        podIP: d.hostNetwork ? nodeIp(node) : undefined,
        affinity: daemonPodAffinity(node.name),
      }), ni);
      cpuUsed[ni] += parseInt(d.cpu, 10);
      memUsed[ni] += parseInt(d.memory, 10);
    }
    for (const a of agents) {
      if (!a.deployed || !a.pools.includes(node.pool.name) || !node.ready) continue;
      if (Object.entries(a.nodeSelector).some(([k, v]) => node.object.metadata.labels[k] !== v)) continue;
      const m = manifests.get(a)!;
      const tmpl = m.spec.template.spec;
      emit(a.namespace, pod(rng, {
        name: `${a.name}-${rng.suffix(5)}`,
        namespace: a.namespace,
        labels: { ...m.spec.template.metadata.labels, 'controller-revision-hash': rng.hex(10), 'pod-template-generation': '1' },
        owner: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: a.name, uid: agentUids.get(`${a.namespace}/${a.name}`)! },
        containers: tmpl.containers,
        initContainers: tmpl.initContainers,
        nodeName: node.name,
        hostNetwork: a.hostNetwork,
        priority: a.priorityClassName === 'system-node-critical' ? 2000001000 : a.priorityClassName === 'system-cluster-critical' ? 2000000000 : 0,
        priorityClassName: a.priorityClassName,
        tolerations: tmpl.tolerations ?? [],
        phase: 'Running',
        qos: 'Burstable',
        hostIP: nodeIp(node),
        podIP: a.hostNetwork ? nodeIp(node) : `100.${64 + (ni >> 8)}.${ni & 255}.${rng.int(2, 254)}`,
        affinity: daemonPodAffinity(node.name),
        nodeSelector: tmpl.nodeSelector,
      }), ni);
      for (const c of a.containers) {
        cpuUsed[ni] += c.cpuMillis;
        memUsed[ni] += c.memoryMi;
      }
    }
  });

  // Workload pods: spread by pool density, never past a node's pod limit.
  const apps = workloads(rng);
  const weights = nodes.map((n) => n.pool.density * (0.6 + 0.8 * rng.next()));
  const caps = nodes.map((n, i) => Math.max(0, n.pool.maxPods - perNode[i] - 3));
  const counts = apportion(spec.pods - written, weights, caps);
  const pending = Math.floor((spec.pods - written) * 0.002);
  const eligible = new Map(POOLS.map((p) => [p.name, apps.filter((w) => fits(w, p))]));
  nodes.forEach((node, ni) => {
    // Some nodes are packed to the last millicore; most have room.
    const fill = rng.weighted<number>([[0.55, 0.4], [0.8, 0.45], [0.97, 0.1], [1.0, 0.05]]);
    const cpuCap = node.pool.cpuMillis * fill;
    const memCap = node.pool.memoryMi * fill;
    const pool = eligible.get(node.pool.name)!;
    if (pool.length === 0) return;
    let gpusLeft = node.pool.gpus ?? 0;
    for (let k = 0; k < counts[ni]; k++) {
      const w = rng.pick(pool);
      const finished = w.kind === 'Job' ? rng.weighted<string>([['Running', 0.5], ['Succeeded', 0.45], ['Failed', 0.05]]) : 'Running';
      let cpu = w.cpuMillis;
      let mem = w.memoryMi;
      const running = finished === 'Running';
      if (running && (cpuUsed[ni] + cpu > cpuCap || memUsed[ni] + mem > memCap)) {
        // Out of room: a small pod instead (or a best-effort one).
        cpu = cpuUsed[ni] + 10 <= node.pool.cpuMillis ? 10 : 0;
        mem = memUsed[ni] + 16 <= node.pool.memoryMi ? 16 : 0;
      }
      const gpus = running && w.gpus > 0 && gpusLeft >= w.gpus ? w.gpus : 0;
      gpusLeft -= gpus;
      if (running) {
        cpuUsed[ni] += cpu;
        memUsed[ni] += mem;
      }
      const resources: Record<string, any> = {};
      const req: Record<string, string> = {};
      if (cpu > 0) req.cpu = `${cpu}m`;
      if (mem > 0) req.memory = `${mem}Mi`;
      if (gpus > 0) req['nvidia.com/gpu'] = String(gpus);
      if (w.limitsOnly && Object.keys(req).length > 0) {resources.limits = req;} else if (Object.keys(req).length > 0) {
        resources.requests = req;
        resources.limits = { memory: `${mem * 2 || 64}Mi`, ...(gpus > 0 ? { 'nvidia.com/gpu': String(gpus) } : {}) };
      }
      const ownerName = w.kind === 'ReplicaSet' ? `${w.app}-${w.hash}` : w.app;
      const name = w.kind === 'StatefulSet' ? `${w.app}-${k}-${rng.suffix(3)}` : `${ownerName}-${rng.suffix(5)}`;
      emit(w.namespace, pod(rng, {
        name,
        namespace: w.namespace,
        labels: { 'app': w.app, 'app.kubernetes.io/part-of': w.namespace, ...(w.kind === 'ReplicaSet' ? { 'pod-template-hash': w.hash } : {}) },
        owner: { apiVersion: w.kind === 'Job' ? 'batch/v1' : 'apps/v1', kind: w.kind, name: ownerName, uid: w.uid },
        containers: [{
          image: `registry.example.com/${w.namespace}/${w.app.replace(/-\d+$/, '')}:${rng.int(1, 4)}.${rng.int(0, 30)}.${rng.int(0, 9)}`,
          imagePullPolicy: 'IfNotPresent',
          name: 'app',
          ports: [{ containerPort: w.hostPort ?? 8080, ...(w.hostPort ? { hostPort: w.hostPort } : {}), name: 'http', protocol: 'TCP' }],
          resources,
        }],
        nodeName: node.name,
        priority: 0,
        tolerations: w.tolerations,
        phase: finished,
        qos: cpu === 0 && mem === 0 ? 'BestEffort' : w.limitsOnly ? 'Guaranteed' : 'Burstable',
        hostIP: nodeIp(node),
        podIP: `100.${64 + (ni >> 8)}.${ni & 255}.${rng.int(2, 254)}`,
      }), ni);
    }
  });
  // A few pods still waiting for the scheduler (no nodeName: not counted anywhere).
  for (let k = 0; k < pending && written < spec.pods; k++) {
    const w = rng.pick(apps);
    emit(w.namespace, pod(rng, {
      name: `${w.app}-${w.hash}-${rng.suffix(5)}`,
      namespace: w.namespace,
      labels: { app: w.app },
      owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${w.app}-${w.hash}`, uid: w.uid },
      containers: [{ image: 'registry.example.com/pending:1.0.0', name: 'app', resources: { requests: { cpu: '64', memory: '1Ti' } } }],
      priority: 0,
      tolerations: [],
      phase: 'Pending',
      qos: 'Burstable',
    }));
  }
  // Top up to the exact total with finished batch pods (they hold no resources).
  for (let k = 0; written < spec.pods; k++) {
    const node = nodes[k % nodes.length];
    emit('batch', pod(rng, {
      name: `report-${rng.suffix(8)}-${rng.suffix(5)}`,
      namespace: 'batch',
      labels: { 'app': 'report', 'batch.kubernetes.io/job-name': 'report' },
      owner: { apiVersion: 'batch/v1', kind: 'Job', name: 'report', uid: systemUids.get('kube-proxy')! },
      containers: [{ image: 'registry.example.com/batch/report:1.0.0', name: 'report', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
      nodeName: node.name,
      priority: 0,
      tolerations: [],
      phase: 'Succeeded',
      qos: 'Burstable',
      hostIP: nodeIp(node),
    }), k % nodes.length);
  }
  for (const w of [...closed, ...[...writers.values()].map((x) => x.writer)]) bytes += w.close().bytes;
  return { dir, nodesFile: path.join(dir, 'nodes.json'), podsDir, distDir, nodes: nodes.length, pods: written, daemonSets: agents.length, bytes };
}

/** The node affinity the DaemonSet controller pins its pods with (`ReplaceDaemonSetPodNodeNameNodeAffinity`). */
function daemonPodAffinity(node: string): Record<string, any> {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
      },
    },
  };
}

/** Writes the agents' ServiceAccounts and DaemonSets as a cdk8s `dist/` (one file per namespace). */
export function writeDist(distDir: string, agents: readonly AgentSpec[]): number {
  const byNs = new Map<string, AgentSpec[]>();
  for (const a of agents) byNs.set(a.namespace, [...(byNs.get(a.namespace) ?? []), a]);
  let bytes = 0;
  [...byNs.keys()].sort().forEach((ns, i) => {
    const docs: unknown[] = [];
    for (const a of byNs.get(ns)!) {
      docs.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { labels: selectorLabels(a), name: a.name, namespace: a.namespace } });
      docs.push(daemonSetManifest(a));
    }
    const text = docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
    const file = path.join(distDir, `${String(i).padStart(4, '0')}-${ns}.k8s.yaml`);
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  });
  return bytes;
}
