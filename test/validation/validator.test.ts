/**
 * ManifestValidator, the jsii-facing wrapper: plain readonly structs, counts,
 * and the messages a construct's `node.addValidation` reports.
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { LintSeverity, ManifestValidator, PodSecurityLevel } from '../../src/validation/validator';

const daemonSet = (name: string, extra: Record<string, any> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace: 'agents', annotations: { 'cdk8s-node-agents.io/ignore': 'missing-liveness-probe' } },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { hostNetwork: true, containers: [{ name: 'agent', image: 'img:latest', ...extra }] } },
  },
});

describe('ManifestValidator', () => {
  test('validate returns one result per object with jsii-friendly fields', () => {
    const report = ManifestValidator.validate([daemonSet('agent', { ports: [{ containerPort: 80, hostPort: 81 }] })]);
    expect(report.objects).toHaveLength(1);
    const o = report.objects[0];
    expect(o).toMatchObject({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'agents', name: 'agent', podSecurityLevel: PodSecurityLevel.PRIVILEGED });
    expect(o.errors).toEqual([{
      field: 'spec.template.spec.containers[0].ports[0].hostPort',
      type: 'FieldValueInvalid',
      message: 'spec.template.spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true',
    }]);
    const latest = o.lints.find((l) => l.rule === 'no-latest-tag');
    expect(latest).toEqual(expect.objectContaining({ severity: LintSeverity.ERROR, silenced: false, field: 'spec.template.spec.containers[0].image' }));
    expect(latest?.silencedBy).toBeUndefined();
    const silenced = o.lints.find((l) => l.rule === 'missing-liveness-probe');
    expect(silenced).toEqual(expect.objectContaining({ silenced: true, silencedBy: 'annotation cdk8s-node-agents.io/ignore' }));
    expect(o.podSecurityViolations.filter((v) => v.level === PodSecurityLevel.BASELINE)).toEqual([
      { level: PodSecurityLevel.BASELINE, reason: 'host namespaces', detail: 'hostNetwork=true', fields: ['spec.template.spec.hostNetwork'] },
      { level: PodSecurityLevel.BASELINE, reason: 'hostPort', detail: 'container "agent" uses hostPort 81', fields: ['spec.template.spec.containers[0].ports[0].hostPort'] },
    ]);
    // 1 apiserver error + 1 unsilenced error lint (no-latest-tag).
    expect(report.errorCount).toBe(2);
    expect(report.warningCount).toBe(o.lints.filter((l) => l.severity === LintSeverity.WARNING && !l.silenced).length);
  });

  test('errorMessages lists apiserver errors and unsilenced error lints, not warnings', () => {
    const report = ManifestValidator.validate([daemonSet('agent')]);
    expect(ManifestValidator.errorMessages(report)).toEqual([
      'DaemonSet/agents/agent: [no-latest-tag] spec.template.spec.containers[0].image: container "agent" uses image "img:latest": "latest" makes every node run whatever '
        + 'the registry served when it pulled, and changing the tag never rolls the DaemonSet; pin a version (e.g. ":1.2.3") or a digest',
    ]);
  });

  test('validateChart validates what the chart synthesizes', () => {
    const chart: Chart = Testing.chart();
    new ApiObject(chart, 'ds', daemonSet('from-chart', { image: 'img:1.0' }) as any);
    const report = ManifestValidator.validateChart(chart);
    expect(report.objects.map((o) => o.name)).toEqual(['from-chart']);
    expect(report.errorCount).toBe(0);
  });

  test('cluster-scoped and non-pod objects have no Pod Security level', () => {
    const report = ManifestValidator.validate([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'agents' } }]);
    expect(report.objects[0].podSecurityLevel).toBeUndefined();
    expect(report.objects[0].podSecurityViolations).toEqual([]);
    expect(report.objects[0].namespace).toBe('');
  });
});
