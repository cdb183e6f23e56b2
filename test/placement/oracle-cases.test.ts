import { buildClusterState, PlacementInputError, simulateDaemonSet } from '../../src/placement/simulate';
import { DaemonSet, Node, Pod } from '../../src/placement/types';

/**
 * Scenarios answered by Kubernetes 1.28.7's own code (the development oracle /tmp/ds-oracle:
 * daemon.NodeShouldRunDaemonPod, daemon.NewPod and the scheduler's NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts and NodeResourcesFit PreFilter+Filter, util.SurgeCount /
 * util.UnavailableCount with the controller's both-zero fallback). The expected values are the
 * oracle's output, recorded; CI does not run the oracle.
 *
 * The "disagreement fixed" cases are minimized inputs on which the engine once disagreed with the
 * oracle (found by comparing random scenarios); the others pin down documented 1.28 behaviour.
 * Reasons are compared as sets (Go ranges over a map for "Insufficient <scalar>" reasons); the
 * first failed filter must be the scheduler's first failing plugin.
 */

interface ExpectedNode {
  node: string;
  shouldRun: boolean;
  shouldContinueRunning: boolean;
  schedulable: boolean;
  reasons: string[];
  firstFailingFilter?: string;
}

interface OracleCase {
  name: string;
  nodes: unknown[];
  pods: unknown[];
  daemonSet: unknown;
  /** The oracle's answer, or `{ error: true }` when it rejects the input (exit 2). */
  expected: { error: true } | {
    namespace: string;
    desiredNumberScheduled: number;
    maxSurge: number;
    maxUnavailable: number;
    nodes: ExpectedNode[];
  };
}

const cases: OracleCase[] = [
  {
    name: 'disagreement fixed: an init container requesting memory 10E: Go\'s Value() overflows int64 and gives 0, so no "Insufficient memory"',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} }],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent3' },
      spec: {
        template: {
          metadata: {},
          spec: {
            containers: [],
            initContainers: [{ resources: { requests: { memory: '10E' } } }, { resources: { limits: { memory: '1G' } } }],
          },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n1',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'disagreement fixed: an init container limit of 10E (request defaulted from it) gives a memory request of 0 after int64 overflow',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n0' } }],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        template: {
          metadata: {},
          spec: {
            containers: [{ resources: { requests: { memory: '4Gi' } } }],
            initContainers: [{ resources: { limits: { memory: '10E' } } }],
          },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n0',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'disagreement fixed: node allocatable memory 8E fits an int64 in Value() (a milli-unit conversion would overflow)',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n3' }, spec: {}, status: { allocatable: { memory: '8E' } } }],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { template: { metadata: {}, spec: { containers: [{ resources: { requests: { memory: '1.5Gi' } } }] } } },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n3',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'disagreement fixed: a DaemonSet request of 8E (fits int64) against a node without allocatable is "Insufficient memory"',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n0' }, spec: {} }],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent2' },
      spec: { template: { metadata: {}, spec: { containers: [{ resources: { requests: { memory: '8E' } } }] } } },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n0',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods', 'Insufficient memory'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'disagreement fixed: overhead memory of 2^63-1 bytes is counted exactly',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n0' } }],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { template: { metadata: {}, spec: { containers: [], overhead: { memory: '9223372036854775807' } } } },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n0',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods', 'Insufficient memory'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'disagreement fixed: existing pods\' memory requests sum with int64 wrap-around (2^63-1 + 1G goes negative)',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} }],
    pods: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p1' },
        spec: { containers: [{ resources: { requests: { memory: '9223372036854775807' } } }], nodeName: 'n1' },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p5' },
        spec: { containers: [{ resources: { requests: { memory: '1G' } } }], nodeName: 'n1' },
      },
    ],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent3' },
      spec: { template: { metadata: {}, spec: { containers: [{ resources: { limits: { memory: '128Mi' } } }] } } },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n1',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'disagreement fixed: an existing pod requesting 2^63-1 bytes leaves no room (alloc - requested wraps in int64)',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n3' }, status: { capacity: { memory: '1G' } } }],
    pods: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p9' },
        spec: { containers: [{ resources: { requests: { memory: '9223372036854775807' } } }], nodeName: 'n3' },
      },
    ],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { template: { metadata: {}, spec: { containers: [{ resources: { limits: { memory: '100' } } }] } } },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n3',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods', 'Insufficient memory'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'disagreement fixed: int64 subtraction alloc - requested with a 2^63-1 request on a 4Gi node',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n0' }, spec: {}, status: { allocatable: { memory: '4Gi' } } }],
    pods: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p0' },
        spec: { containers: [{ resources: { requests: { memory: '9223372036854775807' } } }], nodeName: 'n0' },
      },
    ],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent3' },
      spec: { template: { metadata: {}, spec: { containers: [{ resources: { limits: { memory: '100' } } }] } } },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n0',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods', 'Insufficient memory'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'disagreement fixed: an existing pod\'s 10E init request compared with a 1.5Gi (inf.Dec) container request becomes an inf.Dec (Go\'s Cmp converts its receiver), so its Value() wraps negative instead of overflowing to 0',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} }],
    pods: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p2' },
        spec: {
          containers: [{ resources: { limits: { memory: '1.5Gi' } } }],
          initContainers: [{ resources: { requests: { memory: '10E' } } }],
          nodeName: 'n1',
        },
      },
    ],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent2' },
      spec: { template: { metadata: {}, spec: { containers: [{ resources: { requests: { memory: '64Mi' } } }] } } },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n1',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'NotReady node: the NoSchedule condition taint blocks new pods, existing pods stay (NoExecute tolerated)',
    nodes: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'ready' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'not-ready' },
        spec: {
          taints: [
            { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
            { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
          ],
        },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        { node: 'ready', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        {
          node: 'not-ready',
          shouldRun: false,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
          firstFailingFilter: 'TaintToleration',
        },
      ],
    },
  },
  {
    name: 'cordoned node (spec.unschedulable + unschedulable taint) still runs the daemon pod',
    nodes: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'cordoned' },
        spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [{ node: 'cordoned', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] }],
    },
  },
  {
    name: 'network-unavailable is tolerated only with hostNetwork',
    nodes: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n1' },
        spec: { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 0,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n1',
          shouldRun: false,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['node(s) had untolerated taint {node.kubernetes.io/network-unavailable: }'],
          firstFailingFilter: 'TaintToleration',
        },
      ],
    },
  },
  {
    name: 'network-unavailable with hostNetwork: hostPort defaults to containerPort and conflicts with a wildcard port',
    nodes: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n1' },
        spec: { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
    ],
    pods: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: {
          nodeName: 'n1',
          containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 9100, hostPort: 9100, hostIP: '0.0.0.0' }] }],
        },
      },
    ],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 9100 }] }], hostNetwork: true },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n1',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['node(s) didn\'t have free ports for the requested pod ports'],
          firstFailingFilter: 'NodePorts',
        },
      ],
    },
  },
  {
    name: 'untolerated NoExecute taint: neither run nor keep; PreferNoSchedule ignored',
    nodes: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'infra' },
        spec: { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoExecute' }] },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'soft' },
        spec: { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'cp' },
        spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'infra',
          shouldRun: false,
          shouldContinueRunning: false,
          schedulable: false,
          reasons: ['node(s) had untolerated taint {dedicated: infra}'],
          firstFailingFilter: 'TaintToleration',
        },
        { node: 'soft', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        {
          node: 'cp',
          shouldRun: false,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
          firstFailingFilter: 'TaintToleration',
        },
      ],
    },
  },
  {
    name: 'host port conflicts: specific IP vs wildcard, protocol, and the DaemonSet\'s own pod not counted',
    nodes: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'b' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'c' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'd' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
    ],
    pods: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'x' },
        spec: { nodeName: 'a', containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }] }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'y' },
        spec: { nodeName: 'b', containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 80, protocol: 'UDP' }] }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'agent-old', labels: { app: 'agent' } },
        spec: { nodeName: 'c', containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 80 }] }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'z' },
        spec: { nodeName: 'd', containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 80, hostIP: '::' }] }] },
      },
    ],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 80 }] }] },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 4,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'a',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['node(s) didn\'t have free ports for the requested pod ports'],
          firstFailingFilter: 'NodePorts',
        },
        { node: 'b', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        { node: 'c', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        {
          node: 'd',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['node(s) didn\'t have free ports for the requested pod ports'],
          firstFailingFilter: 'NodePorts',
        },
      ],
    },
  },
  {
    name: 'init-container host ports are ignored in 1.28',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } }],
    pods: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'x' },
        spec: {
          nodeName: 'a',
          containers: [{ name: 'c', image: 'busybox' }],
          initContainers: [{ name: 'i', image: 'x', ports: [{ containerPort: 80, hostPort: 80 }] }],
        },
      },
    ],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            containers: [{ name: 'c', image: 'busybox' }],
            initContainers: [{ name: 'i', image: 'x', ports: [{ containerPort: 80, hostPort: 80 }] }],
          },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [{ node: 'a', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] }],
    },
  },
  {
    name: 'resources: Too many pods for zero-request pods, finished pods not counted, allocatable from capacity',
    nodes: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'full' }, status: { allocatable: { cpu: '1', memory: '1Gi', pods: '2' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cap' }, status: { capacity: { cpu: '1', memory: '1Gi', pods: '2' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'empty-alloc' }, status: { allocatable: {}, capacity: { pods: '10' } } },
    ],
    pods: [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { nodeName: 'full', containers: [{ name: 'c', image: 'busybox' }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' }, spec: { nodeName: 'full', containers: [{ name: 'c', image: 'busybox' }] } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'done' },
        spec: { nodeName: 'cap', containers: [{ name: 'c', image: 'busybox' }] },
        status: { phase: 'Succeeded' },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'failed' },
        spec: { nodeName: 'cap', containers: [{ name: 'c', image: 'busybox' }] },
        status: { phase: 'Failed' },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'run' },
        spec: { nodeName: 'cap', containers: [{ name: 'c', image: 'busybox' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'elsewhere' },
        spec: { nodeName: 'ghost', containers: [{ name: 'c', image: 'busybox' }] },
      },
    ],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 3,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'full',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods'],
          firstFailingFilter: 'NodeResourcesFit',
        },
        { node: 'cap', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        {
          node: 'empty-alloc',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Too many pods'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'resources: requests from limits, init max and overhead, existing sidecar init containers summed',
    nodes: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n' },
        status: { allocatable: { 'cpu': '1', 'memory': '1Gi', 'pods': '10', 'nvidia.com/gpu': '1' } },
      },
    ],
    pods: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'side' },
        spec: {
          nodeName: 'n',
          containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }],
          initContainers: [{ name: 's', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '300m' } } }],
        },
      },
    ],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            containers: [{ name: 'c', image: 'x', resources: { limits: { 'cpu': '300m', 'memory': '512Mi', 'nvidia.com/gpu': '1' } } }],
            initContainers: [{ name: 'i', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } }],
            overhead: { cpu: '100m', memory: '600Mi' },
          },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Insufficient memory'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'resources: every quantity rounds up to milli; memory counts whole bytes per pod',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { allocatable: { cpu: '1m', memory: '1', pods: '10' } } }],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            containers: [
              { name: 'a', image: 'x', resources: { requests: { cpu: '0.4m', memory: '0.5' } } },
              { name: 'b', image: 'x', resources: { requests: { cpu: '0.4m', memory: '0.4' } } },
            ],
          },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'n',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Insufficient cpu'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
  {
    name: 'node affinity: Gt/Lt with leading zeros, unparsable values and terms ORed',
    nodes: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n3', labels: { num: '3' } },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n007', labels: { num: '007' } },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'nx', labels: { num: 'x1' } },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            containers: [{ name: 'c', image: 'busybox' }],
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    { matchExpressions: [{ key: 'num', operator: 'Gt', values: ['5'] }] },
                    { matchExpressions: [{ key: 'num', operator: 'Lt', values: ['abc'] }] },
                    { matchExpressions: [{ key: 'num', operator: 'Lt', values: ['4'] }, { key: 'num', operator: 'NotIn', values: ['x'] }] },
                  ],
                },
              },
            },
          },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 2,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        { node: 'n3', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        { node: 'n007', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        {
          node: 'nx',
          shouldRun: false,
          shouldContinueRunning: false,
          schedulable: false,
          reasons: ['node(s) didn\'t match Pod\'s node affinity/selector'],
          firstFailingFilter: 'NodeAffinity',
        },
      ],
    },
  },
  {
    name: 'node affinity: metadata.name matchFields pin, an empty term, and nodeSelector ANDed',
    nodes: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'a', labels: { os: 'linux' } },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'b', labels: { os: 'linux' } },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'c' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            containers: [{ name: 'c', image: 'busybox' }],
            nodeSelector: { os: 'linux' },
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{}, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }],
                },
              },
            },
          },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'a',
          shouldRun: false,
          shouldContinueRunning: false,
          schedulable: false,
          reasons: ['node(s) didn\'t match Pod\'s node affinity/selector'],
          firstFailingFilter: 'NodeAffinity',
        },
        { node: 'b', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        {
          node: 'c',
          shouldRun: false,
          shouldContinueRunning: false,
          schedulable: false,
          reasons: ['node(s) didn\'t match Pod\'s node affinity/selector'],
          firstFailingFilter: 'NodeAffinity',
        },
      ],
    },
  },
  {
    name: 'node affinity: conflicting metadata.name terms fail PreFilter with "pod affinity terms conflict"',
    nodes: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'b' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            containers: [{ name: 'c', image: 'busybox' }],
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    {
                      matchFields: [
                        { key: 'metadata.name', operator: 'In', values: ['a'] },
                        { key: 'metadata.name', operator: 'In', values: ['b'] },
                      ],
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 0,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'a',
          shouldRun: false,
          shouldContinueRunning: false,
          schedulable: false,
          reasons: ['pod affinity terms conflict'],
          firstFailingFilter: 'NodeAffinity',
        },
        {
          node: 'b',
          shouldRun: false,
          shouldContinueRunning: false,
          schedulable: false,
          reasons: ['pod affinity terms conflict'],
          firstFailingFilter: 'NodeAffinity',
        },
      ],
    },
  },
  {
    name: 'template nodeName pins one node: NodeName filter elsewhere',
    nodes: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'b' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }], nodeName: 'b' } },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'a',
          shouldRun: false,
          shouldContinueRunning: false,
          schedulable: false,
          reasons: ['node(s) didn\'t match the requested node name'],
          firstFailingFilter: 'NodeName',
        },
        { node: 'b', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
      ],
    },
  },
  {
    name: 'tolerations: user not-ready toleration with tolerationSeconds is replaced; Equal "" is kept alongside',
    nodes: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'a' },
        spec: {
          taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }, { key: 'gpu', value: 'true', effect: 'NoSchedule' }],
        },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            containers: [{ name: 'c', image: 'busybox' }],
            tolerations: [
              { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
              { key: 'gpu', value: 'true' },
            ],
          },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [{ node: 'a', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] }],
    },
  },
  {
    name: 'ownership: ownerReference by name or selector match in the same namespace; other namespaces count',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { allocatable: { cpu: '1', memory: '1Gi', pods: '3' } } }],
    pods: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'own-ref',
          namespace: 'kube-system',
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'x' }],
        },
        spec: { nodeName: 'a', containers: [{ name: 'c', image: 'busybox' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'own-label', namespace: 'kube-system', labels: { app: 'agent' } },
        spec: { nodeName: 'a', containers: [{ name: 'c', image: 'busybox' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'other-ns', labels: { app: 'agent' } },
        spec: { nodeName: 'a', containers: [{ name: 'c', image: 'busybox' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'other', namespace: 'kube-system' },
        spec: { nodeName: 'a', containers: [{ name: 'c', image: 'busybox' }] },
      },
    ],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '1' } } }] },
        },
      },
    },
    expected: {
      namespace: 'kube-system',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [{ node: 'a', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] }],
    },
  },
  {
    name: 'rollout: percentages round up against desiredNumberScheduled',
    nodes: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'b' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'c' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 3,
      maxSurge: 0,
      maxUnavailable: 2,
      nodes: [
        { node: 'a', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        { node: 'b', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        { node: 'c', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
      ],
    },
  },
  {
    name: 'rollout: surge with maxUnavailable 0',
    nodes: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'b' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'c' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 3,
      maxSurge: 1,
      maxUnavailable: 0,
      nodes: [
        { node: 'a', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        { node: 'b', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
        { node: 'c', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] },
      ],
    },
  },
  {
    name: 'rollout: OnDelete reports 0/0 then the controller fallback maxUnavailable 1',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } }],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
        updateStrategy: { type: 'OnDelete', rollingUpdate: { maxSurge: '500%' } },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [{ node: 'a', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] }],
    },
  },
  {
    name: 'rollout: integers are not capped and percentages of zero desired nodes give 0',
    nodes: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'a' },
        spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
      },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 7, maxSurge: '25%' } },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 0,
      maxSurge: 0,
      maxUnavailable: 7,
      nodes: [
        {
          node: 'a',
          shouldRun: false,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['node(s) had untolerated taint {x: }'],
          firstFailingFilter: 'TaintToleration',
        },
      ],
    },
  },
  {
    name: 'a malformed quantity in a node makes the whole input unusable',
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { allocatable: { cpu: '1.1.1' } } }],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    },
    expected: { error: true },
  },
  {
    name: 'quantities with surrounding spaces and bare JSON numbers decode as Go decodes them',
    nodes: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { allocatable: { cpu: ' 1 ', memory: 1073741824, pods: 4 } } },
    ],
    pods: [],
    daemonSet: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: 0.5, memory: ' 2Gi' } } }] },
        },
      },
    },
    expected: {
      namespace: 'default',
      desiredNumberScheduled: 1,
      maxSurge: 0,
      maxUnavailable: 1,
      nodes: [
        {
          node: 'a',
          shouldRun: true,
          shouldContinueRunning: true,
          schedulable: false,
          reasons: ['Insufficient memory'],
          firstFailingFilter: 'NodeResourcesFit',
        },
      ],
    },
  },
];

describe('ds-oracle scenarios (Kubernetes 1.28.7)', () => {
  test.each(cases)('$name', (c) => {
    const run = () => simulateDaemonSet(c.daemonSet as DaemonSet, buildClusterState(c.nodes as Node[], c.pods as Pod[]));
    if ('error' in c.expected) {
      expect(run).toThrow(PlacementInputError);
      return;
    }
    const got = run();
    const want = c.expected;
    expect({
      namespace: got.namespace,
      desiredNumberScheduled: got.desiredNumberScheduled,
      maxSurge: got.rollout.maxSurge,
      maxUnavailable: got.rollout.maxUnavailable,
    }).toEqual({
      namespace: want.namespace,
      desiredNumberScheduled: want.desiredNumberScheduled,
      maxSurge: want.maxSurge,
      maxUnavailable: want.maxUnavailable,
    });
    expect(got.nodes.map((n) => ({
      node: n.node,
      shouldRun: n.shouldRun,
      shouldContinueRunning: n.shouldContinueRunning,
      schedulable: n.schedulable,
      reasons: [...n.reasons].sort(),
      firstFailingFilter: n.failedFilters[0],
    }))).toEqual(want.nodes.map((n) => ({
      node: n.node,
      shouldRun: n.shouldRun,
      shouldContinueRunning: n.shouldContinueRunning,
      schedulable: n.schedulable,
      reasons: [...n.reasons].sort(),
      firstFailingFilter: n.firstFailingFilter,
    })));
  });
});
