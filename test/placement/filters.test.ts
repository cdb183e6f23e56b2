import affinityTables from './k8s-tables/node_affinity_test.json';
import taintTables from './k8s-tables/taint_toleration_test.json';
import { nodeInfoOf, statusOf, wantStatus } from './table-helpers';
import {
  ERR_REASON_CONFLICT, ERR_REASON_ENFORCED, ERR_REASON_POD, NodeAffinityPlugin, nodeAffinityFilter,
} from '../../src/placement/filters/node-affinity';
import { ERR_REASON_NODE_NAME, nodeNameFilter } from '../../src/placement/filters/node-name';
import { ERR_REASON_UNSCHEDULABLE, nodeUnschedulableFilter } from '../../src/placement/filters/node-unschedulable';
import { taintTolerationFilter, untoleratedTaintReason } from '../../src/placement/filters/taint-toleration';
import { Node, NodeAffinity, Pod } from '../../src/placement/types';

interface NodeAffinityCase {
  name: string;
  pod: Pod;
  nodeName?: string;
  labels?: Record<string, string>;
  args: { AddedAffinity?: NodeAffinity };
  runPreFilter?: boolean;
  wantPreFilterStatus?: { code: string; reasons?: string[] };
  wantPreFilterNodeNames?: string[];
  wantStatus?: { code: string; reasons?: string[] };
}

describe(`TestNodeAffinity (${affinityTables.TestNodeAffinity.source})`, () => {
  const cases = affinityTables.TestNodeAffinity.cases as unknown as NodeAffinityCase[];
  test('has all 31 upstream cases', () => expect(cases).toHaveLength(31));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const node: Node = { metadata: { name: c.nodeName ?? '', labels: c.labels } };
    const plugin = new NodeAffinityPlugin({ addedAffinity: c.args.AddedAffinity });
    let state;
    if (c.runPreFilter) {
      const pre = plugin.preFilter(c.pod.spec);
      state = pre.state;
      if (c.wantPreFilterStatus?.code === 'Skip') {
        expect(pre.skip).toBe(true);
      } else {
        expect(pre.skip).toBe(false);
        expect(statusOf(pre.status)).toEqual(wantStatus(c.wantPreFilterStatus));
      }
      expect(pre.nodeNames ? [...pre.nodeNames].sort() : undefined).toEqual(c.wantPreFilterNodeNames);
    }
    // As the upstream test, Filter runs whatever PreFilter returned.
    expect(statusOf(plugin.filter(state, c.pod.spec, nodeInfoOf(node)))).toEqual(wantStatus(c.wantStatus));
  });
});

interface TaintCase { name: string; pod: Pod; node: Node; wantStatus?: { code: string; reasons: string[] } }

describe(`TestTaintTolerationFilter (${taintTables.TestTaintTolerationFilter.source})`, () => {
  const cases = taintTables.TestTaintTolerationFilter.cases as unknown as TaintCase[];
  test('has all 9 upstream cases', () => expect(cases).toHaveLength(9));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(statusOf(taintTolerationFilter(c.pod, nodeInfoOf(c.node)))).toEqual(wantStatus(c.wantStatus));
  });
});

const unschedulableCases: Array<{ name: string; pod: Pod; node: Node; wantStatus?: { code: string; reasons: string[] } }> = [
  {
    name: 'Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)',
    pod: { metadata: {}, spec: { containers: [] } },
    node: { metadata: {}, spec: { unschedulable: true } },
    wantStatus: { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_UNSCHEDULABLE] },
  },
  {
    name: 'Schedule pod to normal node',
    pod: { metadata: {}, spec: { containers: [] } },
    node: { metadata: {}, spec: { unschedulable: false } },
  },
  {
    name: 'Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)',
    pod: { metadata: {}, spec: { containers: [], tolerations: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } },
    node: { metadata: {}, spec: { unschedulable: true } },
  },
];

describe('TestNodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable_test.go)', () => {
  test.each(unschedulableCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(statusOf(nodeUnschedulableFilter(c.pod, nodeInfoOf(c.node)))).toEqual(wantStatus(c.wantStatus));
  });
});

const nodeNameCases: Array<{ name: string; pod: Pod; node: Node; wantStatus?: { code: string; reasons: string[] } }> = [
  { name: 'no host specified', pod: { metadata: {}, spec: { containers: [] } }, node: { metadata: {} } },
  { name: 'host matches', pod: { metadata: {}, spec: { containers: [], nodeName: 'foo' } }, node: { metadata: { name: 'foo' } } },
  {
    name: "host doesn't match",
    pod: { metadata: {}, spec: { containers: [], nodeName: 'bar' } },
    node: { metadata: { name: 'foo' } },
    wantStatus: { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_NODE_NAME] },
  },
];

describe('TestNodeName (pkg/scheduler/framework/plugins/nodename/node_name_test.go)', () => {
  test.each(nodeNameCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(statusOf(nodeNameFilter(c.pod, nodeInfoOf(c.node)))).toEqual(wantStatus(c.wantStatus));
  });
});

describe('filter reason strings (Kubernetes 1.28)', () => {
  test.each([
    [ERR_REASON_POD, "node(s) didn't match Pod's node affinity/selector"],
    [ERR_REASON_ENFORCED, "node(s) didn't match scheduler-enforced node affinity"],
    [ERR_REASON_CONFLICT, 'pod affinity terms conflict'],
    [ERR_REASON_NODE_NAME, "node(s) didn't match the requested node name"],
    [ERR_REASON_UNSCHEDULABLE, 'node(s) were unschedulable'],
    [untoleratedTaintReason({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }), 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    [untoleratedTaintReason({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }), 'node(s) had untolerated taint {nvidia.com/gpu: present}'],
  ])('%s', (got, want) => expect(got).toBe(want));

  test('NodeAffinity PreFilter + Filter on one node: conflict, skip and match', () => {
    const node = nodeInfoOf({ metadata: { name: 'n1', labels: { zone: 'a' } } });
    const pinned = (names: string[][]): Pod => ({
      metadata: {},
      spec: {
        containers: [],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: names.map((vals) => ({ matchFields: vals.map((v) => ({ key: 'metadata.name', operator: 'In', values: [v] })) })) } } },
      },
    });
    expect(nodeAffinityFilter(pinned([['n1', 'n2']]), node)?.reasons).toEqual([ERR_REASON_CONFLICT]);
    expect(nodeAffinityFilter(pinned([['n1']]), node)).toBeNull();
    expect(nodeAffinityFilter(pinned([['n2']]), node)?.reasons).toEqual([ERR_REASON_POD]);
    expect(nodeAffinityFilter({ metadata: {}, spec: { containers: [] } }, node)).toBeNull();
    expect(nodeAffinityFilter({ metadata: {}, spec: { containers: [], nodeSelector: { zone: 'b' } } }, node)?.reasons).toEqual([ERR_REASON_POD]);
  });
});
