import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { find, synth, synthError } from './helpers';
import { NodeAgent, NodeAgentProps } from '../../src';
import { AgentNamespace, LogCollector, NodeExporter } from '../../src/agents';
import { podSecurityOfAgent } from '../../src/agents/namespace';
import { PodSecurityLevel } from '../../src/validation/validator';

const RESOURCES = { cpuRequest: '10m', memoryRequest: '16Mi', memoryLimit: '32Mi' };

/** A hardened agent with no host access: meets restricted. */
function restrictedAgent(scope: Construct, id: string, namespace: string, props: Partial<NodeAgentProps> = {}): NodeAgent {
  return new NodeAgent(scope, id, { image: 'example.com/agent:1.0.0', resources: RESOURCES, namespace, ...props });
}

/** Allows privilege escalation: fails restricted only, so needs baseline. */
function baselineAgent(scope: Construct, id: string, namespace: string): NodeAgent {
  return restrictedAgent(scope, id, namespace, { securityContext: { allowPrivilegeEscalation: true } });
}

function enforceLabel(manifests: any[], name: string): string {
  return find(manifests, 'Namespace', name).metadata.labels['pod-security.kubernetes.io/enforce'];
}

/** Pod templates and the level they need, each confirmed with Kubernetes 1.28.7's own evaluator (ds-oracle `podSecurity.level`). */
const LEVEL_CASES: Array<[string, Partial<NodeAgentProps>, string]> = [
  ['hardened defaults, no host access', {}, 'restricted'],
  ['privilege escalation allowed', { securityContext: { allowPrivilegeEscalation: true } }, 'baseline'],
  ['may run as root', { securityContext: { ensureNonRoot: false } }, 'baseline'],
  ['a read-only hostPath', { hostMounts: [{ hostPath: '/var/log' }] }, 'privileged'],
  ['host network', { hostNetwork: true }, 'privileged'],
  ['NET_BIND_SERVICE added, ALL dropped', { securityContext: { capabilities: { add: [kplus.Capability.NET_BIND_SERVICE], drop: [kplus.Capability.ALL] } } }, 'restricted'],
  ['CHOWN added (a baseline capability)', { securityContext: { capabilities: { add: [kplus.Capability.CHOWN], drop: [kplus.Capability.ALL] } } }, 'baseline'],
  ['Unconfined seccomp', { securityContext: { seccompProfile: { type: kplus.SeccompProfileType.UNCONFINED } } }, 'privileged'],
];

describe('AgentNamespace: the level is computed from the agents\' pod templates', () => {
  test.each(LEVEL_CASES)('%s → %s', (_name, props, level) => {
    const manifests = synth((chart) => AgentNamespace.of(chart, 'ns').addAgent(restrictedAgent(chart, 'Agent', 'ns', props)));
    expect(enforceLabel(manifests, 'ns')).toBe(level);
  });

  test.each([
    ['a hardened agent without host access', [restrictedAgent], 'restricted'],
    ['plus one allowing privilege escalation', [restrictedAgent, baselineAgent], 'baseline'],
  ])('%s → %s', (_name, makers, level) => {
    const manifests = synth((chart) => {
      const ns = AgentNamespace.of(chart, 'shared');
      makers.forEach((make, i) => ns.addAgent(make(chart, `Agent${i}`, 'shared')));
    });
    expect(enforceLabel(manifests, 'shared')).toBe(level);
    expect(find(manifests, 'Namespace', 'shared').metadata.labels['pod-security.kubernetes.io/warn']).toBe(level);
  });

  test('several agents in one namespace give ONE Namespace with the level all of them meet', () => {
    const manifests = synth((chart) => {
      const ns = AgentNamespace.of(chart, 'observability');
      ns.addAgent(restrictedAgent(chart, 'Restricted', 'observability'));
      ns.addAgent(baselineAgent(chart, 'Baseline', 'observability'));
      new LogCollector(chart, 'Logs', { namespace: 'observability' });
      new NodeExporter(chart, 'Metrics', { namespace: 'observability' });
    });
    expect(manifests.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name)).toEqual(['observability']);
    expect(enforceLabel(manifests, 'observability')).toBe('privileged');
    expect(manifests[0].kind).toBe('Namespace');
  });

  test('changes made after registration count (computed at synth)', () => {
    const manifests = synth((chart) => {
      const agent = restrictedAgent(chart, 'Agent', 'late');
      AgentNamespace.of(chart, 'late').addAgent(agent);
      agent.addHostMount({ hostPath: '/var/log' });
    });
    expect(enforceLabel(manifests, 'late')).toBe('privileged');
  });

  test('requiredLevel and the per-agent reasons', () => {
    const chart = Testing.chart();
    const ns = AgentNamespace.of(chart, 'x');
    expect(ns.requiredLevel).toBe(PodSecurityLevel.RESTRICTED);
    const agent = baselineAgent(chart, 'A', 'x');
    ns.addAgent(agent);
    expect(ns.requiredLevel).toBe(PodSecurityLevel.BASELINE);
    expect(podSecurityOfAgent(agent).restricted.map((f) => f.reason)).toEqual(['allowPrivilegeEscalation != false']);
    expect(ns.agents).toEqual([agent]);
  });

  test('one Namespace per chart: the same name in two charts gives two objects', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new LogCollector(a, 'Logs');
    new LogCollector(b, 'Logs');
    expect(Testing.synth(a).filter((m) => m.kind === 'Namespace')).toHaveLength(1);
    expect(Testing.synth(b).filter((m) => m.kind === 'Namespace')).toHaveLength(1);
    expect(AgentNamespace.of(a, 'logging')).not.toBe(AgentNamespace.of(b, 'logging'));
    expect(app).toBeInstanceOf(App);
  });
});

describe('AgentNamespace: options', () => {
  test('kube-system is not created unless asked', () => {
    expect(synth((chart) => AgentNamespace.of(chart, 'kube-system')).filter((m) => m.kind === 'Namespace')).toEqual([]);
    const created = synth((chart) => AgentNamespace.of(chart, 'kube-system', { create: true }));
    expect(created.map((m) => m.metadata.name)).toEqual(['kube-system']);
  });

  test('explicit levels, policy version and labels', () => {
    const manifests = synth((chart) => {
      const ns = AgentNamespace.of(chart, 'ops', {
        enforce: PodSecurityLevel.PRIVILEGED,
        audit: PodSecurityLevel.BASELINE,
        warn: PodSecurityLevel.RESTRICTED,
        policyVersion: 'latest',
        labels: { team: 'ops' },
      });
      ns.addAgent(restrictedAgent(chart, 'A', 'ops'));
    });
    expect(find(manifests, 'Namespace', 'ops').metadata.labels).toEqual({
      'team': 'ops',
      'app.kubernetes.io/managed-by': 'cdk8s-node-agents',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });
  });

  test('an explicit enforce level stricter than an agent needs fails synth with the reasons', () => {
    const message = synthError((chart) => {
      AgentNamespace.of(chart, 'logging', { enforce: PodSecurityLevel.BASELINE });
      new LogCollector(chart, 'Logs');
    });
    expect(message).toContain('Namespace logging: pod-security.kubernetes.io/enforce is "baseline" but DaemonSet logging/fluent-bit needs "privileged": hostPath volumes (volumes "var-log-containers", "var-log-pods", "state"). Set enforce');
    expect(message).toContain('Set enforce to "privileged" or leave it unset to compute it');
  });

  test('agents in one namespace must agree on createNamespace', () => {
    expect(() => synth((chart) => {
      new LogCollector(chart, 'Logs', { namespace: 'shared', createNamespace: false });
      new NodeExporter(chart, 'Metrics', { namespace: 'shared' });
    })).toThrow('namespace "shared" is already registered in this chart with other options: create: true (it was registered with create: false)');
  });

  test('later calls may repeat options but not contradict them; labels are added', () => {
    const chart = Testing.chart();
    const first = AgentNamespace.of(chart, 'x', { enforce: PodSecurityLevel.BASELINE });
    expect(AgentNamespace.of(chart, 'x', { enforce: PodSecurityLevel.BASELINE, labels: { extra: 'yes' } })).toBe(first);
    expect(() => AgentNamespace.of(chart, 'x', { enforce: PodSecurityLevel.RESTRICTED }))
      .toThrow('enforce: "restricted" (it was registered with "baseline")');
    expect(() => AgentNamespace.of(chart, 'x', { warn: PodSecurityLevel.RESTRICTED }))
      .toThrow('warn: "restricted" (it was registered with the default)');
    expect(find(Testing.synth(chart), 'Namespace', 'x').metadata.labels.extra).toBe('yes');
  });

  test('an agent of another namespace cannot join', () => {
    const chart = Testing.chart();
    const agent = restrictedAgent(chart, 'A', 'elsewhere');
    expect(() => AgentNamespace.of(chart, 'here').addAgent(agent))
      .toThrow('DaemonSet elsewhere/a cannot join namespace "here": set its namespace to "here"');
  });
});
