import fc from 'fast-check';
import tables from './k8s-tables/node_ports_test.json';
import { nodeInfoOf, statusOf, wantStatus } from './table-helpers';
import { ERR_REASON_NODE_PORTS, getContainerPorts, nodePortsFilter } from '../../src/placement/filters/node-ports';
import { HostPort, HostPortInfo, SubtractedHostPorts } from '../../src/placement/node-info';
import { Pod } from '../../src/placement/types';

interface NodePortsCase {
  name: string;
  pod: Pod;
  nodePods: Pod[];
  wantPreFilterStatus?: { code: string };
  wantFilterStatus?: { code: string; reasons: string[] };
}

describe(`TestNodePorts (${tables.TestNodePorts.source})`, () => {
  const cases = tables.TestNodePorts.cases as unknown as NodePortsCase[];
  test('has all 13 upstream cases', () => expect(cases).toHaveLength(13));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const skip = getContainerPorts(c.pod.spec).length === 0;
    expect(skip).toBe(c.wantPreFilterStatus?.code === 'Skip');
    const got = nodePortsFilter(c.pod, nodeInfoOf({ metadata: { name: 'n' } }, c.nodePods));
    expect(statusOf(got)).toEqual(skip ? null : wantStatus(c.wantFilterStatus));
  });
});

/** `hostPortInfoParam{protocol, ip, port}`. */
type Param = [string, string, number];

const addRemoveCases: Array<{ desc: string; added: Param[]; removed?: Param[]; length: number }> = [
  {
    desc: 'normal add case',
    added: [
      ['TCP', '127.0.0.1', 79], ['UDP', '127.0.0.1', 80], ['TCP', '127.0.0.1', 81], ['TCP', '127.0.0.1', 82],
      ['TCP', '0.0.0.0', 79], ['UDP', '0.0.0.0', 80], ['TCP', '0.0.0.0', 81], ['TCP', '0.0.0.0', 82],
      ['TCP', '0.0.0.0', 0], ['TCP', '0.0.0.0', -1],
    ],
    length: 8,
  },
  {
    desc: 'empty ip and protocol add should work',
    added: [
      ['', '127.0.0.1', 79], ['UDP', '127.0.0.1', 80], ['', '127.0.0.1', 81], ['', '127.0.0.1', 82],
      ['', '', 79], ['UDP', '', 80], ['', '', 81], ['', '', 82], ['', '', 0], ['', '', -1],
    ],
    length: 8,
  },
  {
    desc: 'normal remove case',
    added: [
      ['TCP', '127.0.0.1', 79], ['UDP', '127.0.0.1', 80], ['TCP', '127.0.0.1', 81], ['TCP', '127.0.0.1', 82],
      ['TCP', '0.0.0.0', 79], ['UDP', '0.0.0.0', 80], ['TCP', '0.0.0.0', 81], ['TCP', '0.0.0.0', 82],
    ],
    removed: [
      ['TCP', '127.0.0.1', 79], ['UDP', '127.0.0.1', 80], ['TCP', '127.0.0.1', 81], ['TCP', '127.0.0.1', 82],
      ['TCP', '0.0.0.0', 79], ['UDP', '0.0.0.0', 80], ['TCP', '0.0.0.0', 81], ['TCP', '0.0.0.0', 82],
    ],
    length: 0,
  },
  {
    desc: 'empty ip and protocol remove should work',
    added: [
      ['TCP', '127.0.0.1', 79], ['UDP', '127.0.0.1', 80], ['TCP', '127.0.0.1', 81], ['TCP', '127.0.0.1', 82],
      ['TCP', '0.0.0.0', 79], ['UDP', '0.0.0.0', 80], ['TCP', '0.0.0.0', 81], ['TCP', '0.0.0.0', 82],
    ],
    removed: [
      ['', '127.0.0.1', 79], ['', '127.0.0.1', 81], ['', '127.0.0.1', 82], ['UDP', '127.0.0.1', 80],
      ['', '', 79], ['', '', 81], ['', '', 82], ['UDP', '', 80],
    ],
    length: 0,
  },
];

describe('TestHostPortInfo_AddRemove (pkg/scheduler/framework/types_test.go)', () => {
  test.each(addRemoveCases.map((c) => [c.desc, c] as const))('%s', (_desc, c) => {
    for (const counted of [false, true]) {
      const hp = new HostPortInfo();
      for (const [protocol, ip, port] of c.added) hp.add(ip, protocol, port, counted);
      for (const [protocol, ip, port] of c.removed ?? []) hp.remove(ip, protocol, port, counted);
      expect(hp.len()).toBe(c.length);
    }
  });
});

const checkCases: Array<{ desc: string; added: Param[]; check: Param; expect: boolean }> = [
  { desc: 'empty check should check 0.0.0.0 and TCP', added: [['TCP', '127.0.0.1', 80]], check: ['', '', 81], expect: false },
  { desc: 'empty check should check 0.0.0.0 and TCP (conflicted)', added: [['TCP', '127.0.0.1', 80]], check: ['', '', 80], expect: true },
  { desc: 'empty port check should pass', added: [['TCP', '127.0.0.1', 80]], check: ['', '', 0], expect: false },
  { desc: '0.0.0.0 should check all registered IPs', added: [['TCP', '127.0.0.1', 80]], check: ['TCP', '0.0.0.0', 80], expect: true },
  { desc: '0.0.0.0 with different protocol should be allowed', added: [['UDP', '127.0.0.1', 80]], check: ['TCP', '0.0.0.0', 80], expect: false },
  {
    desc: '0.0.0.0 with different port should be allowed',
    added: [['TCP', '127.0.0.1', 79], ['TCP', '127.0.0.1', 81], ['TCP', '127.0.0.1', 82]],
    check: ['TCP', '0.0.0.0', 80],
    expect: false,
  },
  { desc: 'normal ip should check all registered 0.0.0.0', added: [['TCP', '0.0.0.0', 80]], check: ['TCP', '127.0.0.1', 80], expect: true },
  {
    desc: 'normal ip with different port/protocol should be allowed (0.0.0.0)',
    added: [['TCP', '0.0.0.0', 79], ['UDP', '0.0.0.0', 80], ['TCP', '0.0.0.0', 81], ['TCP', '0.0.0.0', 82]],
    check: ['TCP', '127.0.0.1', 80],
    expect: false,
  },
  {
    desc: 'normal ip with different port/protocol should be allowed',
    added: [['TCP', '127.0.0.1', 79], ['UDP', '127.0.0.1', 80], ['TCP', '127.0.0.1', 81], ['TCP', '127.0.0.1', 82]],
    check: ['TCP', '127.0.0.1', 80],
    expect: false,
  },
];

describe('TestHostPortInfo_Check (pkg/scheduler/framework/types_test.go)', () => {
  test.each(checkCases.map((c) => [c.desc, c] as const))('%s', (_desc, c) => {
    const hp = new HostPortInfo();
    for (const [protocol, ip, port] of c.added) hp.add(ip, protocol, port);
    const [protocol, ip, port] = c.check;
    expect(hp.checkConflict(ip, protocol, port)).toBe(c.expect);
  });
});

describe('NodePorts details (pkg/scheduler/framework/plugins/nodeports/node_ports.go)', () => {
  const node = { metadata: { name: 'n' } };
  const podWith = (ports: any[], extra: any = {}): Pod => ({ metadata: {}, spec: { containers: [{ name: 'c', ports }], ...extra } });
  test('"::" is not a wildcard: a specific IPv6 address does not conflict with it, 0.0.0.0 does', () => {
    const ni = nodeInfoOf(node, [podWith([{ containerPort: 80, hostPort: 80, hostIP: '::' }])]);
    expect(nodePortsFilter(podWith([{ containerPort: 80, hostPort: 80, hostIP: 'fd00::1' }]), ni)).toBeNull();
    expect(nodePortsFilter(podWith([{ containerPort: 80, hostPort: 80 }]), ni)?.reasons).toEqual([ERR_REASON_NODE_PORTS]);
  });
  test('init container ports are ignored in 1.28', () => {
    const ni = nodeInfoOf(node, [{ metadata: {}, spec: { containers: [{ name: 'c' }], initContainers: [{ name: 'i', ports: [{ containerPort: 80, hostPort: 80 }] }] } }]);
    expect(nodePortsFilter(podWith([{ containerPort: 80, hostPort: 80 }]), ni)).toBeNull();
    const wants = { metadata: {}, spec: { containers: [{ name: 'c' }], initContainers: [{ name: 'i', ports: [{ containerPort: 80, hostPort: 80 }] }] } };
    expect(getContainerPorts(wants.spec)).toEqual([]);
  });
  test('a pod\'s own ports are never checked against each other', () => {
    expect(nodePortsFilter(podWith([{ containerPort: 80, hostPort: 80 }, { containerPort: 80, hostPort: 80, hostIP: '0.0.0.0' }]), nodeInfoOf(node))).toBeNull();
  });
  test('with hostNetwork defaulting, hostPort = containerPort', () => {
    expect(getContainerPorts({ hostNetwork: true, containers: [{ name: 'c', ports: [{ containerPort: 9100 }] }] }, true))
      .toEqual([{ hostIP: '', protocol: '', hostPort: 9100 }]);
    expect(getContainerPorts({ hostNetwork: true, containers: [{ name: 'c', ports: [{ containerPort: 9100 }] }] })).toEqual([]);
  });
});

describe('SubtractedHostPorts', () => {
  const portArb = fc.record({
    hostIP: fc.constantFrom('', '0.0.0.0', '10.0.0.1', '10.0.0.2', '::'),
    protocol: fc.constantFrom('', 'TCP', 'UDP'),
    hostPort: fc.constantFrom(0, 53, 80),
  });
  test('answers CheckConflict as a HostPortInfo rebuilt from the remaining pods', () => {
    fc.assert(fc.property(
      fc.array(fc.array(portArb, { maxLength: 3 }), { maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 3 }),
      portArb,
      (pods, removeIdx, check) => {
        const removed = new Set(removeIdx.filter((i) => i < pods.length));
        const all = new HostPortInfo();
        const rest = new HostPortInfo();
        const removedPorts: HostPort[] = [];
        pods.forEach((ports, i) => {
          for (const p of ports) {
            all.add(p.hostIP, p.protocol, p.hostPort);
            if (removed.has(i)) removedPorts.push(p);
            else rest.add(p.hostIP, p.protocol, p.hostPort, false);
          }
        });
        const view = new SubtractedHostPorts(all, removedPorts);
        expect(view.checkConflict(check.hostIP, check.protocol, check.hostPort)).toBe(rest.checkConflict(check.hostIP, check.protocol, check.hostPort));
      },
    ), { numRuns: 500 });
  });
});
