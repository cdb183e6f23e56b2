import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NodeAgent, NodeAgentProps } from '../../src/agent/node-agent';
import { Fleet } from '../../src/pools/fleet';
import { NodePool } from '../../src/pools/node-pool';

export const RESOURCES = { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi' };

export const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: kplus.TaintEffect.NO_SCHEDULE };
export const WINDOWS_TAINT = { key: 'os', value: 'windows', effect: kplus.TaintEffect.NO_SCHEDULE };

/**
 * A small fleet: a control-plane node, 3 general nodes, 4 tainted GPU nodes
 * and 2 tainted Windows nodes.
 */
export function testFleet(extra: NodePool[] = []): Fleet {
  return new Fleet({
    clusterName: 'test',
    pools: [
      new NodePool({ name: 'cp', count: 1, controlPlane: true, instanceType: 'm6i.large', allocatable: { cpu: '1930m', memory: '7Gi' } }),
      new NodePool({ name: 'general', count: 3, instanceType: 'm6i.xlarge', allocatable: { cpu: '3920m', memory: '14Gi' } }),
      new NodePool({
        name: 'gpu',
        count: 4,
        instanceType: 'p3.8xlarge',
        allocatable: { cpu: '31850m', memory: '230Gi', extended: { 'nvidia.com/gpu': '4' } },
        labels: { 'nvidia.com/gpu.present': 'true' },
        taints: [GPU_TAINT],
      }),
      new NodePool({ name: 'windows', count: 2, os: 'windows', allocatable: { cpu: '3920m', memory: '14Gi' }, taints: [WINDOWS_TAINT] }),
      ...extra,
    ],
  });
}

/** A NodeAgent with a pinned image and small requests. */
export function agent(scope: Construct, id: string, props: Partial<NodeAgentProps> = {}): NodeAgent {
  return new NodeAgent(scope, id, { image: 'example.com/agent:1.0.0', resources: RESOURCES, namespace: 'agents', ...props });
}

export function appWithChart(): { app: App; chart: Chart } {
  const app = new App({ outdir: '/nonexistent-never-written' });
  const chart = new Chart(app, 'agents');
  return { app, chart };
}

/** The validation messages of a failing synth (each without cdk8s' `[path] ` prefix). */
export function synthErrors(app: App): string[] {
  try {
    app.synthYaml();
  } catch (e) {
    const message = (e as Error).message;
    const prefix = 'Validation failed with the following errors:\n';
    if (!message.startsWith(prefix)) throw e;
    return message.slice(prefix.length).split('\n').map((l) => l.trim().replace(/^\[[^\]]*\] /, ''));
  }
  return [];
}
