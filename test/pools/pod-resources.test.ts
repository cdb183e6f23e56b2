import { Quantity } from '../../src/placement/quantity';
import { Container, PodSpec } from '../../src/placement/types';
import {
  daemonPodRequests,
  formatBytes,
  formatHostPort,
  formatResource,
  hostPorts,
  hostPortsConflict,
  orderedResourceNames,
  PodResourceError,
  podRequests,
  PodRequestsOptions,
  sanitizeHostPort,
} from '../../src/pools/pod-resources';

const cpu = (v: string) => ({ resources: { requests: { cpu: v } } });
const c = (name: string, extra: Partial<Container> = {}): Container => ({ name, ...extra });

/** Exact comparison of a request map with expected quantities. */
function expectRequests(m: Map<string, Quantity>, expected: Record<string, string>): void {
  expect([...m.keys()].sort()).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) expect(m.get(k)!.cmp(Quantity.parse(v))).toBe(0);
}

interface PodRequestsCase {
  readonly description: string;
  readonly options?: PodRequestsOptions;
  readonly overhead?: Record<string, string>;
  readonly initContainers?: Container[];
  readonly containers: Container[];
  /** Expected requests, compared as quantities (Cmp == 0). */
  readonly expectedRequests: Record<string, string>;
}

// The cases of TestPodResourceRequests that apply to a pod template. Not ported:
// "resized, infeasible", "resized, no resize status", "resized, infeasible,
// feature gate disabled" (they read pod status, which a template has not).
const podRequestsCases: PodRequestsCase[] = [
  {
    description: 'nil options, larger init container',
    expectedRequests: { cpu: '4' },
    initContainers: [c('i', cpu('4'))],
    containers: [c('a', cpu('1'))],
  },
  {
    description: 'nil options, larger containers',
    expectedRequests: { cpu: '5' },
    initContainers: [c('i', cpu('2'))],
    containers: [c('a', cpu('2')), c('b', cpu('3'))],
  },
  {
    description: 'pod overhead excluded',
    expectedRequests: { cpu: '5' },
    options: { excludeOverhead: true },
    overhead: { cpu: '1' },
    initContainers: [c('i', cpu('2'))],
    containers: [c('a', cpu('2')), c('b', cpu('3'))],
  },
  {
    description: 'pod overhead included',
    expectedRequests: { cpu: '6', memory: '1Gi' },
    overhead: { cpu: '1', memory: '1Gi' },
    initContainers: [c('i', { resources: { requests: { cpu: '2' }, limits: { cpu: '2' } } })],
    containers: [c('a', cpu('2')), c('b', cpu('3'))],
  },
  {
    description: 'restartable init container',
    expectedRequests: { cpu: '2' },
    initContainers: [c('restartable-init-1', { restartPolicy: 'Always', ...cpu('1') })],
    containers: [c('container-1', cpu('1'))],
  },
  {
    description: 'multiple restartable init containers',
    expectedRequests: { cpu: '7' },
    initContainers: [
      c('init-1', cpu('5')),
      c('restartable-init-1', { restartPolicy: 'Always', ...cpu('1') }),
      c('restartable-init-2', { restartPolicy: 'Always', ...cpu('2') }),
      c('restartable-init-3', { restartPolicy: 'Always', ...cpu('3') }),
    ],
    containers: [c('container-1', cpu('1'))],
  },
  {
    description: 'multiple restartable and regular init containers',
    expectedRequests: { cpu: '8' },
    initContainers: [
      c('init-1', cpu('5')),
      c('restartable-init-1', { restartPolicy: 'Always', ...cpu('1') }),
      c('restartable-init-2', { restartPolicy: 'Always', ...cpu('2') }),
      c('init-2', cpu('5')),
      c('restartable-init-3', { restartPolicy: 'Always', ...cpu('3') }),
    ],
    containers: [c('container-1', cpu('1'))],
  },
  {
    description: 'restartable-init, init and regular',
    expectedRequests: { cpu: '210' },
    initContainers: [
      c('restartable-init-1', { restartPolicy: 'Always', ...cpu('10') }),
      c('init-1', cpu('200')),
    ],
    containers: [c('container-1', cpu('100'))],
  },
];

describe('TestPodResourceRequests (pkg/api/v1/resource/helpers_test.go)', () => {
  test.each(podRequestsCases)('$description', (tc) => {
    const spec: PodSpec = { containers: tc.containers, initContainers: tc.initContainers, overhead: tc.overhead };
    expectRequests(podRequests(spec, tc.options), tc.expectedRequests);
  });
});

describe('daemonPodRequests: the pod the DaemonSet controller creates (1.28 defaulting)', () => {
  test('limits stand in for missing requests (SetDefaults_Pod)', () => {
    const got = daemonPodRequests({ containers: [c('a', { resources: { limits: { cpu: '200m', memory: '64Mi' }, requests: { cpu: '100m' } } })] });
    expectRequests(got, { cpu: '100m', memory: '64Mi' });
  });

  test('every container value is rounded up to milli precision before the sum (SetDefaults_ResourceList)', () => {
    const got = daemonPodRequests({ containers: [c('a', cpu('0.4m')), c('b', cpu('0.4m'))] });
    expect(got.get('cpu')!.milliValue()).toBe(2n);
  });

  test('restartPolicy of init containers is dropped (SidecarContainers is off in 1.28)', () => {
    const spec: PodSpec = {
      initContainers: [c('sidecar', { restartPolicy: 'Always', ...cpu('1') })],
      containers: [c('main', cpu('1'))],
    };
    expectRequests(podRequests(spec), { cpu: '2' });
    expectRequests(daemonPodRequests(spec), { cpu: '1' });
  });

  test('overhead is added', () => {
    const got = daemonPodRequests({ containers: [c('a', cpu('100m'))], overhead: { cpu: '250m' } });
    expect(got.get('cpu')!.milliValue()).toBe(350n);
  });

  test('a malformed quantity names the field', () => {
    expect(() => daemonPodRequests({ containers: [c('a', { resources: { requests: { memory: '1 Gi' } } })] }))
      .toThrow(PodResourceError);
    expect(() => daemonPodRequests({ containers: [c('a', { resources: { requests: { memory: '1 Gi' } } })] }))
      .toThrow(/^spec\.template\.spec\.containers\[0\]\.resources\.requests\.memory: invalid quantity "1 Gi": quantities must match/);
  });
});

interface HostPortParam {
  readonly protocol: string;
  readonly ip: string;
  readonly port: number;
}

interface HostPortCheckCase {
  readonly desc: string;
  readonly added: HostPortParam[];
  readonly check: HostPortParam;
  readonly expect: boolean;
}

const hostPortCheckCases: HostPortCheckCase[] = [
  { desc: 'empty check should check 0.0.0.0 and TCP', added: [{ protocol: 'TCP', ip: '127.0.0.1', port: 80 }], check: { protocol: '', ip: '', port: 81 }, expect: false },
  { desc: 'empty check should check 0.0.0.0 and TCP (conflicted)', added: [{ protocol: 'TCP', ip: '127.0.0.1', port: 80 }], check: { protocol: '', ip: '', port: 80 }, expect: true },
  { desc: 'empty port check should pass', added: [{ protocol: 'TCP', ip: '127.0.0.1', port: 80 }], check: { protocol: '', ip: '', port: 0 }, expect: false },
  { desc: '0.0.0.0 should check all registered IPs', added: [{ protocol: 'TCP', ip: '127.0.0.1', port: 80 }], check: { protocol: 'TCP', ip: '0.0.0.0', port: 80 }, expect: true },
  { desc: '0.0.0.0 with different protocol should be allowed', added: [{ protocol: 'UDP', ip: '127.0.0.1', port: 80 }], check: { protocol: 'TCP', ip: '0.0.0.0', port: 80 }, expect: false },
  {
    desc: '0.0.0.0 with different port should be allowed',
    added: [{ protocol: 'TCP', ip: '127.0.0.1', port: 79 }, { protocol: 'TCP', ip: '127.0.0.1', port: 81 }, { protocol: 'TCP', ip: '127.0.0.1', port: 82 }],
    check: { protocol: 'TCP', ip: '0.0.0.0', port: 80 },
    expect: false,
  },
  { desc: 'normal ip should check all registered 0.0.0.0', added: [{ protocol: 'TCP', ip: '0.0.0.0', port: 80 }], check: { protocol: 'TCP', ip: '127.0.0.1', port: 80 }, expect: true },
  {
    desc: 'normal ip with different port/protocol should be allowed (0.0.0.0)',
    added: [{ protocol: 'TCP', ip: '0.0.0.0', port: 79 }, { protocol: 'UDP', ip: '0.0.0.0', port: 80 }, { protocol: 'TCP', ip: '0.0.0.0', port: 81 }, { protocol: 'TCP', ip: '0.0.0.0', port: 82 }],
    check: { protocol: 'TCP', ip: '127.0.0.1', port: 80 },
    expect: false,
  },
  {
    desc: 'normal ip with different port/protocol should be allowed',
    added: [{ protocol: 'TCP', ip: '127.0.0.1', port: 79 }, { protocol: 'UDP', ip: '127.0.0.1', port: 80 }, { protocol: 'TCP', ip: '127.0.0.1', port: 81 }, { protocol: 'TCP', ip: '127.0.0.1', port: 82 }],
    check: { protocol: 'TCP', ip: '127.0.0.1', port: 80 },
    expect: false,
  },
];

describe('TestHostPortInfo_Check (pkg/scheduler/framework/types_test.go)', () => {
  test.each(hostPortCheckCases)('$desc', (tc) => {
    const used = tc.added.map((p) => sanitizeHostPort(p.ip, p.protocol, p.port));
    const wanted = sanitizeHostPort(tc.check.ip, tc.check.protocol, tc.check.port);
    expect(used.some((u) => hostPortsConflict(u, wanted))).toBe(tc.expect);
  });
});

describe('hostPorts: what NodePorts sees of a daemon pod', () => {
  test('only containers, only hostPort > 0, sanitized', () => {
    const spec: PodSpec = {
      initContainers: [c('init', { ports: [{ containerPort: 1, hostPort: 1 }] })],
      containers: [
        c('a', { ports: [{ containerPort: 9100, hostPort: 9100 }, { containerPort: 8080 }] }),
        c('b', { ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }] }),
      ],
    };
    expect(hostPorts(spec).map(formatHostPort)).toEqual(['9100/TCP', '10.0.0.1:53/UDP']);
  });

  test('hostNetwork: a port without hostPort binds its containerPort (defaultHostNetworkPorts)', () => {
    const spec: PodSpec = { hostNetwork: true, containers: [c('a', { ports: [{ containerPort: 9100 }] })] };
    expect(hostPorts(spec)).toEqual([{ ip: '0.0.0.0', protocol: 'TCP', port: 9100 }]);
  });

  test('hostNetwork without declared ports is invisible', () => {
    expect(hostPorts({ hostNetwork: true, containers: [c('a')] })).toEqual([]);
  });
});

describe('formatting', () => {
  test.each([
    ['cpu', '1500m', '1500m'],
    ['cpu', '2', '2'],
    ['cpu', '0.1m', '1m'],
    ['memory', '128Mi', '128Mi'],
    ['memory', '1536Mi', '1.5Gi'],
    ['memory', '1G', '953.7Mi'],
    ['memory', '100', '100'],
    ['nvidia.com/gpu', '4', '4'],
  ])('%s %s -> %s', (name, value, expected) => {
    expect(formatResource(name, Quantity.parse(value))).toBe(expected);
  });

  test('formatBytes', () => {
    expect(formatBytes(1024n)).toBe('1Ki');
    expect(formatBytes(2n ** 40n * 3n)).toBe('3Ti');
    expect(formatBytes(0n)).toBe('0');
  });

  test('resource names in the scheduler order', () => {
    expect(orderedResourceNames(['nvidia.com/gpu', 'memory', 'ephemeral-storage', 'cpu', 'example.com/a'])).toEqual(['cpu', 'memory', 'ephemeral-storage', 'example.com/a', 'nvidia.com/gpu']);
  });
});
