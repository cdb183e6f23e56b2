import { Testing } from 'cdk8s';
import { Manifest } from './helpers';
import { CniAgent, CniPreset, CsiNodePlugin, Falco, LogCollector, LogCollectorFlavor, NodeExporter, NvidiaDevicePlugin } from '../../src/agents';
import { buildClusterState, simulateDaemonSet } from '../../src/placement/simulate';
import { DaemonSet, Node, Taint } from '../../src/placement/types';

/**
 * A small fleet with every kind of node that trips agents up. The
 * `dedicated` node (a NoExecute taint nobody tolerates by name) is the one
 * that separates node-exporter's NoSchedule-only toleration from the
 * tolerate-everything agents.
 */
interface NodeOptions {
  readonly labels?: Record<string, string>;
  readonly taints?: Taint[];
  readonly ready?: boolean;
  readonly unschedulable?: boolean;
  readonly os?: string;
}

function node(name: string, opts: NodeOptions = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/os': opts.os ?? 'linux', 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
    spec: { taints: opts.taints ?? [], ...(opts.unschedulable ? { unschedulable: true } : {}) },
    status: {
      allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
    },
  };
}

const FLEET: Node[] = [
  node('control-plane', {
    labels: { 'node-role.kubernetes.io/control-plane': '' },
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  }),
  node('gpu', {
    labels: { 'nvidia.com/gpu.present': 'true' },
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
  }),
  node('not-ready', {
    ready: false,
    taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
  }),
  node('cordoned', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }),
  node('windows', { os: 'windows', taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }] }),
  node('dedicated', { taints: [{ key: 'dedicated', value: 'batch', effect: 'NoExecute' }] }),
  node('worker'),
];

const ALL_LINUX = ['control-plane', 'gpu', 'not-ready', 'cordoned', 'dedicated', 'worker'];

const chart = Testing.chart();
new CniAgent(chart, 'Cilium');
new CniAgent(chart, 'Calico', { preset: CniPreset.CALICO });
new CniAgent(chart, 'Flannel', { preset: CniPreset.FLANNEL });
new CsiNodePlugin(chart, 'Ebs', { driverName: 'ebs.csi.aws.com', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0' });
new NvidiaDevicePlugin(chart, 'Gpu');
new LogCollector(chart, 'FluentBit');
new LogCollector(chart, 'Fluentd', { flavor: LogCollectorFlavor.FLUENTD });
new LogCollector(chart, 'Vector', { flavor: LogCollectorFlavor.VECTOR });
new NodeExporter(chart, 'NodeExporter');
new Falco(chart, 'Falco');
const manifests: Manifest[] = Testing.synth(chart);
const state = buildClusterState(FLEET, []);

function placement(name: string) {
  const ds = manifests.find((m) => m.kind === 'DaemonSet' && m.metadata.name === name);
  if (!ds) throw new Error(`no DaemonSet ${name}`);
  return simulateDaemonSet(ds as DaemonSet, state);
}

/** The nodes the DaemonSet controller wants a pod on and the scheduler can place it. */
function landsOn(name: string): string[] {
  return placement(name).nodes.filter((v) => v.shouldRun && v.schedulable).map((v) => v.node);
}

function reasonsOn(name: string, nodeName: string): string[] {
  return placement(name).nodes.find((v) => v.node === nodeName)!.reasons;
}

const NOT_MATCHED = "node(s) didn't match Pod's node affinity/selector";

describe('placement of the catalogue on a small fleet (Kubernetes 1.28 semantics)', () => {
  test.each(['cilium', 'calico-node', 'kube-flannel-ds'])('CNI %s lands on every Linux node, control plane and NotReady included', (name) => {
    expect(landsOn(name)).toEqual(ALL_LINUX);
    expect(placement(name).desiredNumberScheduled).toBe(ALL_LINUX.length);
  });

  test('the CSI node plugin lands on every Linux node only', () => {
    expect(landsOn('ebs-csi-node')).toEqual(ALL_LINUX);
  });

  test('the GPU device plugin lands only on the GPU node', () => {
    expect(landsOn('nvidia-device-plugin')).toEqual(['gpu']);
    expect(placement('nvidia-device-plugin').desiredNumberScheduled).toBe(1);
    expect(reasonsOn('nvidia-device-plugin', 'worker')).toEqual([NOT_MATCHED]);
    expect(reasonsOn('nvidia-device-plugin', 'control-plane')).toEqual(expect.arrayContaining([
      'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', NOT_MATCHED,
    ]));
  });

  test.each(['fluent-bit', 'fluentd', 'vector'])('log collector %s lands on every Linux node', (name) => {
    expect(landsOn(name)).toEqual(ALL_LINUX);
  });

  test('Falco lands on every Linux node', () => {
    expect(landsOn('falco')).toEqual(ALL_LINUX);
  });

  test('node-exporter lands where its NoSchedule-only toleration lets it: not on the NoExecute-tainted node', () => {
    expect(landsOn('node-exporter')).toEqual(['control-plane', 'gpu', 'not-ready', 'cordoned', 'worker']);
    expect(reasonsOn('node-exporter', 'dedicated')).toEqual(['node(s) had untolerated taint {dedicated: batch}']);
    const dedicated = placement('node-exporter').nodes.find((v) => v.node === 'dedicated')!;
    expect(dedicated.shouldRun).toBe(false);
  });

  test('nothing lands on the Windows node, though most agents tolerate its taint', () => {
    const daemonSets = manifests.filter((m) => m.kind === 'DaemonSet').map((m) => m.metadata.name);
    expect(daemonSets).toHaveLength(10);
    for (const name of daemonSets) {
      const windows = placement(name).nodes.find((v) => v.node === 'windows')!;
      expect({ name, shouldRun: windows.shouldRun }).toEqual({ name, shouldRun: false });
      expect(windows.reasons).toContain(NOT_MATCHED);
    }
  });

  test('the control-plane, GPU, NotReady and cordoned nodes raise no scheduling reason for tolerate-all agents', () => {
    for (const name of ['cilium', 'ebs-csi-node', 'fluent-bit', 'falco']) {
      for (const nodeName of ['control-plane', 'gpu', 'not-ready', 'cordoned']) {
        expect({ name, nodeName, reasons: reasonsOn(name, nodeName) }).toEqual({ name, nodeName, reasons: [] });
      }
    }
  });
});
