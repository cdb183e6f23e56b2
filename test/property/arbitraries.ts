/**
 * fast-check arbitraries for Kubernetes objects (v1 wire format, src/placement/types.ts),
 * drawn from small palettes so that random labels, taints and tolerations actually meet.
 */
import * as fc from 'fast-check';
import { Affinity, DaemonSet, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, Taint, Toleration } from '../../src/placement/types';

export const LABEL_KEYS = ['pool', 'zone', 'gpu', 'node.example.com/tier', 'kubernetes.io/os', 'cpu-count'];
export const LABEL_VALUES = ['a', 'b', 'c', 'linux', 'windows', 'true', '4', '16', '64'];
export const TAINT_KEYS = ['dedicated', 'nvidia.com/gpu', 'node-role.kubernetes.io/control-plane', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unschedulable', 'spot'];
export const TAINT_VALUES = ['', 'infra', 'present', 'true'];
export const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export const labelsArb: fc.Arbitrary<Record<string, string>> = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 4 });

export const taintArb: fc.Arbitrary<Taint> = fc.record({
  key: fc.constantFrom(...TAINT_KEYS),
  value: fc.constantFrom(...TAINT_VALUES),
  effect: fc.constantFrom(...EFFECTS),
}).map((t) => (t.value === '' ? { key: t.key, effect: t.effect } : t));

export const tolerationArb: fc.Arbitrary<Toleration> = fc.oneof(
  // operator Exists, optionally without a key (tolerates every taint, or every taint of an effect)
  fc.record({
    key: fc.option(fc.constantFrom(...TAINT_KEYS), { nil: undefined }),
    operator: fc.constant('Exists'),
    effect: fc.option(fc.constantFrom(...EFFECTS), { nil: undefined }),
  }),
  // operator Equal (or omitted, which means Equal)
  fc.record({
    key: fc.constantFrom(...TAINT_KEYS),
    operator: fc.constantFrom('Equal', undefined),
    value: fc.constantFrom(...TAINT_VALUES),
    effect: fc.option(fc.constantFrom(...EFFECTS), { nil: undefined }),
  }),
  fc.record({
    key: fc.constantFrom(...TAINT_KEYS),
    operator: fc.constant('Exists'),
    effect: fc.constant('NoExecute'),
    tolerationSeconds: fc.integer({ min: 0, max: 600 }),
  }),
).map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as Toleration);

const requirementArb: fc.Arbitrary<NodeSelectorRequirement> = fc.oneof(
  fc.record({ key: fc.constantFrom(...LABEL_KEYS), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...LABEL_VALUES), { minLength: 1, maxLength: 3 }) }),
  fc.record({ key: fc.constantFrom(...LABEL_KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
  fc.record({ key: fc.constant('cpu-count'), operator: fc.constantFrom('Gt', 'Lt'), values: fc.constantFrom(['4'], ['8'], ['32']) }),
);

const fieldRequirementArb = (names: readonly string[]): fc.Arbitrary<NodeSelectorRequirement> => fc.record({
  key: fc.constant('metadata.name'),
  operator: fc.constantFrom('In', 'NotIn'),
  values: fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 2 }),
});

export const nodeSelectorTermArb = (names: readonly string[] = ['n0', 'n1']): fc.Arbitrary<NodeSelectorTerm> => fc.record({
  matchExpressions: fc.option(fc.array(requirementArb, { maxLength: 3 }), { nil: undefined }),
  matchFields: fc.option(fc.array(fieldRequirementArb(names), { maxLength: 1 }), { nil: undefined }),
}).map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as NodeSelectorTerm);

/** Any affinity a DaemonSet template may carry (or none). */
export const affinityArb = (names: readonly string[] = ['n0', 'n1']): fc.Arbitrary<Affinity | undefined> => fc.option(
  fc.record({
    nodeAffinity: fc.option(fc.record({
      requiredDuringSchedulingIgnoredDuringExecution: fc.option(fc.record({ nodeSelectorTerms: fc.array(nodeSelectorTermArb(names), { maxLength: 3 }) }), { nil: undefined }),
      preferredDuringSchedulingIgnoredDuringExecution: fc.option(fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), preference: nodeSelectorTermArb(names) }), { maxLength: 2 }), { nil: undefined }),
    }), { nil: undefined }),
    podAffinity: fc.option(fc.constant({ requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchLabels: { app: 'db' } } }] }), { nil: undefined }),
    podAntiAffinity: fc.option(fc.constant({ preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] }), { nil: undefined }),
  }),
  { nil: undefined },
).map((a) => (a === undefined ? undefined : JSON.parse(JSON.stringify(a)) as Affinity));

/** A node called `name` with random labels, taints, cordon state and allocatable. */
export const nodeArb = (name: string): fc.Arbitrary<Node> => fc.record({
  labels: labelsArb,
  taints: fc.array(taintArb, { maxLength: 3 }),
  unschedulable: fc.boolean(),
  cpu: fc.constantFrom('500m', '2', '4'),
  memory: fc.constantFrom('1Gi', '4Gi', '16Gi'),
  pods: fc.constantFrom('3', '110'),
}).map((n) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { ...n.labels, 'kubernetes.io/hostname': name } },
  spec: { ...(n.taints.length ? { taints: n.taints } : {}), ...(n.unschedulable ? { unschedulable: true } : {}) },
  status: { allocatable: { cpu: n.cpu, memory: n.memory, pods: n.pods } },
}));

/** 1..`max` nodes named n0, n1, ... */
export const nodesArb = (max = 6): fc.Arbitrary<Node[]> => fc.integer({ min: 1, max })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => nodeArb(`n${i}`))));

/** Pods bound to the nodes n0..n{count-1}: requests and host ports. */
export const podsArb = (nodeCount: number): fc.Arbitrary<Pod[]> => fc.array(fc.record({
  node: fc.integer({ min: 0, max: nodeCount - 1 }),
  cpu: fc.constantFrom('100m', '500m', '1'),
  hostPort: fc.option(fc.constantFrom(9100, 8080), { nil: undefined }),
}), { maxLength: 8 }).map((ps) => ps.map((p, i) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p${i}`, namespace: 'default' },
  spec: {
    nodeName: `n${p.node}`,
    containers: [{ name: 'c', image: 'c:1', resources: { requests: { cpu: p.cpu } }, ...(p.hostPort ? { ports: [{ containerPort: p.hostPort, hostPort: p.hostPort }] } : {}) }],
  },
  status: { phase: 'Running' },
})));

/** A DaemonSet with the given tolerations and a random node selector, affinity, port and request. */
export function daemonSet(opts: {
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  hostPort?: number;
  cpu?: string;
  hostNetwork?: boolean;
  updateStrategy?: DaemonSet['spec']['updateStrategy'];
}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'agents' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      ...(opts.updateStrategy ? { updateStrategy: opts.updateStrategy } : {}),
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          ...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
          ...(opts.affinity ? { affinity: opts.affinity } : {}),
          ...(opts.tolerations?.length ? { tolerations: opts.tolerations } : {}),
          ...(opts.hostNetwork ? { hostNetwork: true } : {}),
          containers: [{
            name: 'agent',
            image: 'example.com/agent:1.0.0',
            resources: { requests: { cpu: opts.cpu ?? '100m', memory: '64Mi' } },
            ...(opts.hostPort ? { ports: [{ containerPort: opts.hostPort, hostPort: opts.hostPort }] } : {}),
          }],
        },
      },
    },
  };
}

/** How many runs each property gets: enough to find bugs, few enough for `npm test`. */
export const RUNS = 150;
