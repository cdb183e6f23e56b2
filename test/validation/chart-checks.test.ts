import { ApiObject, Chart, Testing } from 'cdk8s';
import { NodeAgent } from '../../src';
import { ChartChecks } from '../../src/validation/chart-checks';
import * as validate from '../../src/validation/validate';

const RESOURCES = { cpuRequest: '10m', memoryRequest: '10Mi', memoryLimit: '20Mi' };

function synthMessage(build: (chart: ReturnType<typeof Testing.chart>) => void): { error?: string; printed: string[] } {
  const chart = Testing.chart();
  build(chart);
  const printed: string[] = [];
  ChartChecks.of(chart).sink = (line) => printed.push(line);
  try {
    Testing.synth(chart);
    return { printed };
  } catch (e) {
    return { error: (e as Error).message, printed };
  }
}

describe('chart-wide synth checks', () => {
  test('fails: a DaemonSet needing privileged in a namespace that enforces baseline', () => {
    const { error } = synthMessage((chart) => {
      new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'agents', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } });
      new NodeAgent(chart, 'A', { namespace: 'agents', image: 'example.com/a:1.0.0', resources: RESOURCES, hostMounts: [{ hostPath: '/var/log' }] });
    });
    expect(error).toContain('DaemonSet/agents/a: metadata.namespace: Forbidden: namespace "agents" enforces PodSecurity "baseline" but the pods of this DaemonSet need "privileged"');
    expect(error).toContain('hostPath volumes (volume "var-log")');
  });

  test('passes when the namespace allows what the agent needs, and prints lints instead of failing', () => {
    const { error, printed } = synthMessage((chart) => {
      new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'agents', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } });
      new NodeAgent(chart, 'A', { namespace: 'agents', image: 'example.com/a:1.0.0', resources: RESOURCES, hostMounts: [{ hostPath: '/var/log' }] });
    });
    expect(error).toBeUndefined();
    expect(printed).toContain('lint warning [missing-liveness-probe] DaemonSet/agents/a: spec.template.spec.containers[0].livenessProbe: container "a" has no liveness probe: a hung agent keeps running on its node and nobody restarts it');
  });

  test('silenced lints are not printed', () => {
    const { printed } = synthMessage((chart) => {
      const agent = new NodeAgent(chart, 'A', { image: 'example.com/a:1.0.0', resources: RESOURCES });
      agent.daemonSet.metadata.addAnnotation('cdk8s-node-agents.io/ignore', 'missing-liveness-probe,missing-readiness-probe');
    });
    expect(printed.some((l) => l.includes('missing-liveness-probe'))).toBe(false);
    expect(printed.some((l) => l.includes('missing-priority-class'))).toBe(true);
  });

  test('fails: apiserver errors in objects that are not NodeAgents (e.g. an included DaemonSet)', () => {
    const { error } = synthMessage((chart) => {
      new ApiObject(chart, 'raw', {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'raw', namespace: 'default' },
        spec: {
          selector: { matchLabels: { app: 'raw' } },
          template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'c', image: 'example.com/c:1' }] } },
        },
      });
    });
    expect(error).toContain('DaemonSet/default/raw: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
  });

  test('a NodeAgent with construct-level errors is reported once, in its own words', () => {
    const { error } = synthMessage((chart) => {
      new NodeAgent(chart, 'A', { image: 'example.com/a:1.0.0', resources: { ...RESOURCES, memoryRequest: '1Gi' } });
    });
    expect(error).toContain('DaemonSet default/a: spec.template.spec.containers[0].resources.requests.memory: Invalid value: "1Gi": must be less than or equal to memory limit of 20Mi');
    expect(error!.match(/requests\.memory/g)).toHaveLength(1);
  });

  test('the checks run once per chart', () => {
    const chart = Testing.chart();
    new NodeAgent(chart, 'A', { image: 'example.com/a:1.0.0', resources: RESOURCES });
    new NodeAgent(chart, 'B', { image: 'example.com/b:1.0.0', resources: RESOURCES });
    expect(chart.node.findAll().filter((c) => c instanceof ChartChecks)).toHaveLength(1);
    Testing.synth(chart);
    expect(ChartChecks.of(chart).reports.map((r) => `${r.kind}/${r.name}`)).toEqual(['DaemonSet/a', 'DaemonSet/b']);
  });

  test('an unchanged chart is validated once per synth, although cdk8s validates before each chart', () => {
    const app = Testing.app();
    for (const name of ['a', 'b', 'c']) {
      const chart = new Chart(app, name);
      new NodeAgent(chart, 'A', { image: 'example.com/a:1.0.0', resources: RESOURCES });
    }
    const spy = jest.spyOn(validate, 'validateObjects');
    try {
      app.synthYaml();
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
  });
});
