import fitTables from './k8s-tables/fit_test.json';
import resourceTables from './k8s-tables/resource_helpers_test.json';
import { nodeInfoOf, statusOf, wantStatus } from './table-helpers';
import {
  fitsRequest, hasRestartableInitContainer, nodeResourcesFitFilter, nodeResourcesFitFilterCompiled,
  REASON_TOO_MANY_PODS, NODE_RESOURCES_FIT,
} from '../../src/placement/filters/node-resources-fit';
import {
  computePodResourceRequest, podRequests, storedQuantity,
} from '../../src/placement/resources';
import { Pod } from '../../src/placement/types';

interface FitCase {
  name: string;
  pod: Pod;
  nodePods: Pod[];
  node: any;
  args?: { IgnoredResources?: string[]; IgnoredResourceGroups?: string[] };
  enableSidecarContainers?: boolean;
  wantStatus?: { code: string; reasons?: string[] };
  wantInsufficientResources?: Array<{ ResourceName: string; Reason: string; Requested: number; Used: number; Capacity: number }>;
}

function fitArgs(c: FitCase) {
  return {
    ignoredResources: c.args?.IgnoredResources,
    ignoredResourceGroups: c.args?.IgnoredResourceGroups,
    enableSidecarContainers: c.enableSidecarContainers,
  };
}

describe(`TestEnoughRequests (${fitTables.TestEnoughRequests.source})`, () => {
  const cases = fitTables.TestEnoughRequests.cases as unknown as FitCase[];
  test('has all 35 upstream cases', () => expect(cases).toHaveLength(35));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ni = nodeInfoOf(c.node, c.nodePods);
    expect(statusOf(nodeResourcesFitFilter(c.pod, ni, fitArgs(c)))).toEqual(wantStatus(c.wantStatus));
    const insufficient = fitsRequest(computePodResourceRequest(podRequests(c.pod.spec, { requestsFromLimits: false })), ni, fitArgs(c));
    expect(insufficient.map((r) => ({
      ResourceName: r.resourceName, Reason: r.reason, Requested: Number(r.requested), Used: Number(r.used), Capacity: Number(r.capacity),
    }))).toEqual(c.wantInsufficientResources ?? []);
  });
});

describe.each([
  ['TestNotEnoughRequests', fitTables.TestNotEnoughRequests],
  ['TestStorageRequests', fitTables.TestStorageRequests],
  ['TestRestartableInitContainers', fitTables.TestRestartableInitContainers],
] as const)('%s (pkg/scheduler/framework/plugins/noderesources/fit_test.go)', (_fn, table) => {
  const cases = table.cases as unknown as FitCase[];
  test('has the upstream cases', () => expect(cases).toHaveLength(4));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ni = nodeInfoOf(c.node, c.nodePods);
    expect(statusOf(nodeResourcesFitFilter(c.pod, ni, fitArgs(c)))).toEqual(wantStatus(c.wantStatus));
  });
});

interface RequestsCase {
  name: string;
  pod: Pod;
  options: { inPlace: boolean; excludeOverhead: boolean; nonMissing?: Record<string, string> };
  expectedRequests: Record<string, string>;
}

describe(`TestPodResourceRequests (${resourceTables.TestPodResourceRequests.source})`, () => {
  const all = resourceTables.TestPodResourceRequests.cases as unknown as RequestsCase[];
  // The "resized" cases exercise InPlacePodVerticalScaling (alpha, off in 1.28, and never on
  // for a pod that is not yet scheduled): out of the engine's scope.
  const cases = all.filter((c) => !c.options.inPlace);
  test('has the 11 upstream cases, 9 without in-place resize', () => {
    expect(all).toHaveLength(11);
    expect(all.filter((c) => c.options.inPlace).map((c) => c.name).sort()).toEqual(['resized, infeasible', 'resized, no resize status']);
  });
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(c.options.nonMissing ?? {}).toEqual({});
    const got = podRequests(c.pod.spec, { requestsFromLimits: false, excludeOverhead: c.options.excludeOverhead });
    expect([...got.keys()].sort()).toEqual(Object.keys(c.expectedRequests).sort());
    for (const [k, v] of Object.entries(c.expectedRequests)) expect(got.get(k)!.cmp(storedQuantity(v))).toBe(0);
  });
});

describe('NodeResourcesFit details (pkg/scheduler/framework/plugins/noderesources/fit.go)', () => {
  const node = { metadata: { name: 'n' }, status: { allocatable: { 'cpu': '1', 'memory': '1Gi', 'pods': '2', 'nvidia.com/gpu': '1' } } };
  test('"Too many pods" is reported even for a pod without requests', () => {
    const ni = nodeInfoOf(node, [{ metadata: {}, spec: { containers: [{ name: 'a' }] } }, { metadata: {}, spec: { containers: [{ name: 'b' }] } }]);
    expect(statusOf(nodeResourcesFitFilter({ metadata: {}, spec: { containers: [{ name: 'c' }] } }, ni))).toEqual({ code: 'Unschedulable', reasons: [REASON_TOO_MANY_PODS] });
  });
  test('a node without allocatable pods fits no pod', () => {
    const ni = nodeInfoOf({ metadata: { name: 'n' }, status: { allocatable: { cpu: '1' } } });
    expect(nodeResourcesFitFilter({ metadata: {}, spec: { containers: [{ name: 'c' }] } }, ni)?.reasons).toEqual([REASON_TOO_MANY_PODS]);
  });
  test('requests are rounded up to milli per container before summing (2 x 0.4m = 2m)', () => {
    const spec = { containers: [{ name: 'a', resources: { requests: { cpu: '0.4m' } } }, { name: 'b', resources: { requests: { cpu: '0.4m' } } }] };
    expect(computePodResourceRequest(podRequests(spec)).milliCPU).toBe(2n);
  });
  test('memory is summed exactly, then rounded up to whole bytes (0.5 + 0.5 = 1 byte)', () => {
    const spec = { containers: [{ name: 'a', resources: { requests: { memory: '0.5' } } }, { name: 'b', resources: { requests: { memory: '0.5' } } }] };
    expect(computePodResourceRequest(podRequests(spec)).memory).toBe(1n);
    expect(storedQuantity('0.5').value()).toBe(1n);
  });
  test('limits become requests for a Pod (SetDefaults_Pod) unless disabled', () => {
    const spec = { containers: [{ name: 'a', resources: { limits: { 'cpu': '2', 'nvidia.com/gpu': '1' } } }] };
    expect(podRequests(spec).get('cpu')?.milliValue()).toBe(2000n);
    expect(podRequests(spec, { requestsFromLimits: false }).get('cpu')).toBeUndefined();
  });
  test('an unknown resource name is not scalar and is never checked', () => {
    const ni = nodeInfoOf(node);
    const pod = { metadata: {}, spec: { containers: [{ name: 'a', resources: { requests: { storage: '5Gi', pods: '100' } } }] } };
    expect(nodeResourcesFitFilter(pod, ni)).toBeNull();
  });
  test('a restartable init container is rejected while SidecarContainers is off', () => {
    const spec = { containers: [{ name: 'a' }], initContainers: [{ name: 'i', restartPolicy: 'Always' }] };
    expect(hasRestartableInitContainer(spec)).toBe(true);
    const s = nodeResourcesFitFilterCompiled(computePodResourceRequest(podRequests(spec)), true, nodeInfoOf(node));
    expect(s?.plugin).toBe(NODE_RESOURCES_FIT);
    expect(s?.code).toBe('UnschedulableAndUnresolvable');
  });
});
