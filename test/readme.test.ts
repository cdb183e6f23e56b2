// The README's "Node pools and variants" snippet, compiled and run as written.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AgentVariants, Fleet, LogCollector, NodeExporter, NodePool } from '../src';

test('README: node pools and variants snippet synthesizes and partitions the pools', () => {
  const app = new App({ outdir: '/nonexistent-not-written' });
  const logging = new Chart(app, 'logging');
  const monitoring = new Chart(app, 'monitoring');
  const exporter = new NodeExporter(monitoring, 'node-exporter', {});

  const fleet = new Fleet({
    pools: [
      new NodePool({ name: 'general', count: 10, allocatable: { cpu: '7910m', memory: '30Gi', pods: 110 } }),
      new NodePool({
        name: 'gpu',
        count: 4,
        labels: { 'nvidia.com/gpu.present': 'true' },
        taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: kplus.TaintEffect.NO_SCHEDULE }],
        allocatable: { cpu: '31850m', memory: '240Gi', pods: 110, extended: { 'nvidia.com/gpu': '4' } },
      }),
    ],
  });
  const check = fleet.attach(app);
  check.expect(exporter.agent, { pools: ['general', 'gpu'] });

  new AgentVariants(logging, 'log-collector', {
    fleet,
    factory: { create: (scope, id, v) => new LogCollector(scope, id, { name: v.name, image: v.image, resources: v.resources }) },
    variants: [{ name: 'gpu', pools: ['gpu'], resources: { cpuRequest: '200m', memoryRequest: '256Mi', memoryLimit: '1Gi' } }],
  });

  const daemonSets = [logging, monitoring].flatMap((c) => c.toJson()).filter((o) => o.kind === 'DaemonSet');
  expect(daemonSets.map((d) => d.metadata.name).sort()).toEqual(['log-collector', 'log-collector-gpu', 'node-exporter']);
  const gpuVariant = daemonSets.find((d) => d.metadata.name === 'log-collector-gpu');
  expect(gpuVariant.spec.template.spec.containers[0].resources.requests.memory).toBe('256Mi');
  expect(check.renderReport().text).toContain('log-collector');
});
