/**
 * Every lint rule trips on a DaemonSet that breaks it and stays quiet on one
 * that does not; role-aware rules become `info` notes for roles that need the
 * privilege; the ignore annotation silences a rule without hiding it.
 */
import { AgentRole } from '../../src/agent/role';
import { agentRole, formatIgnoreClause, LINT_RULE_IDS, LINT_RULES } from '../../src/validation/lints';
import { validateObjects } from '../../src/validation/validate';

type Obj = Record<string, any>;

/** A DaemonSet that passes every lint. */
function cleanAgent(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'agents', annotations: { 'cdk8s-node-agents.io/role': 'generic' } },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          priorityClassName: 'node-agents-high',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'agent',
            image: 'registry.example.com/agent:1.2.3',
            ports: [{ name: 'metrics', containerPort: 8080 }],
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
            livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' } },
            readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    },
  };
}

const spec = (ds: Obj) => ds.spec.template.spec;
const ctr = (ds: Obj) => spec(ds).containers[0];
const role = (ds: Obj, r: string) => { ds.metadata.annotations['cdk8s-node-agents.io/role'] = r; };

function lintsOf(ds: Obj, others: Obj[] = []) {
  const reports = validateObjects([...others, ds]);
  return reports[reports.length - 1].lints;
}

interface RuleCase {
  readonly rule: string;
  /** Breaks the rule. */
  readonly trip: (ds: Obj) => void;
  readonly severity: 'error' | 'warning' | 'info';
  readonly field: string;
  /** A change that still passes (beyond the clean agent), when the rule has a notable near miss. */
  readonly pass?: (ds: Obj) => void;
  readonly others?: Obj[];
  readonly passOthers?: Obj[];
}

const SA = (name: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'agents' } });

const cases: RuleCase[] = [
  { rule: 'missing-requests', trip: (ds) => { delete ctr(ds).resources.requests.memory; }, severity: 'warning', field: 'spec.template.spec.containers[0].resources.requests' },
  { rule: 'missing-memory-limit', trip: (ds) => { delete ctr(ds).resources.limits.memory; }, severity: 'warning', field: 'spec.template.spec.containers[0].resources.limits' },
  { rule: 'missing-cpu-limit', trip: (ds) => { delete ctr(ds).resources.limits.cpu; }, severity: 'info', field: 'spec.template.spec.containers[0].resources.limits' },
  {
    rule: 'no-latest-tag',
    trip: (ds) => { ctr(ds).image = 'registry.example.com/agent:latest'; },
    severity: 'error',
    field: 'spec.template.spec.containers[0].image',
    pass: (ds) => { ctr(ds).image = `registry.example.com/agent:latest@sha256:${'a'.repeat(64)}`; },
  },
  {
    rule: 'untagged-image',
    trip: (ds) => { ctr(ds).image = 'localhost:5000/agent'; },
    severity: 'error',
    field: 'spec.template.spec.containers[0].image',
    pass: (ds) => { ctr(ds).image = `localhost:5000/agent@sha256:${'a'.repeat(64)}`; },
  },
  { rule: 'privileged-container', trip: (ds) => { ctr(ds).securityContext = { privileged: true, readOnlyRootFilesystem: true }; }, severity: 'warning', field: 'spec.template.spec.containers[0].securityContext.privileged' },
  { rule: 'host-network', trip: (ds) => { spec(ds).hostNetwork = true; spec(ds).dnsPolicy = 'ClusterFirstWithHostNet'; }, severity: 'warning', field: 'spec.template.spec.hostNetwork' },
  { rule: 'host-pid', trip: (ds) => { spec(ds).hostPID = true; }, severity: 'warning', field: 'spec.template.spec.hostPID' },
  { rule: 'host-ipc', trip: (ds) => { spec(ds).hostIPC = true; }, severity: 'warning', field: 'spec.template.spec.hostIPC' },
  {
    rule: 'sensitive-host-mount',
    trip: (ds) => { spec(ds).volumes = [{ name: 'root', hostPath: { path: '/' } }]; ctr(ds).volumeMounts = [{ name: 'root', mountPath: '/host', readOnly: true }]; },
    severity: 'warning',
    field: 'spec.template.spec.volumes[0].hostPath.path',
    pass: (ds) => { spec(ds).volumes = [{ name: 'root', hostPath: { path: '/proc/1' } }]; ctr(ds).volumeMounts = [{ name: 'root', mountPath: '/host', readOnly: true }]; },
  },
  {
    rule: 'container-runtime-socket-mount',
    trip: (ds) => { spec(ds).volumes = [{ name: 'sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }]; ctr(ds).volumeMounts = [{ name: 'sock', mountPath: '/var/run/docker.sock', readOnly: true }]; },
    severity: 'warning',
    field: 'spec.template.spec.volumes[0].hostPath.path',
    pass: (ds) => { spec(ds).volumes = [{ name: 'sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }]; },
  },
  {
    rule: 'writable-host-mount',
    trip: (ds) => { spec(ds).volumes = [{ name: 'varlog', hostPath: { path: '/var/log' } }]; ctr(ds).volumeMounts = [{ name: 'varlog', mountPath: '/var/log' }]; },
    severity: 'info',
    field: 'spec.template.spec.containers[0].volumeMounts[0].readOnly',
    pass: (ds) => { spec(ds).volumes = [{ name: 'varlog', hostPath: { path: '/var/log' } }]; ctr(ds).volumeMounts = [{ name: 'varlog', mountPath: '/var/log', readOnly: true }]; },
  },
  { rule: 'privilege-escalation-allowed', trip: (ds) => { delete ctr(ds).securityContext.allowPrivilegeEscalation; }, severity: 'warning', field: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation' },
  {
    rule: 'run-as-root',
    trip: (ds) => { ctr(ds).securityContext.runAsUser = 0; },
    severity: 'warning',
    field: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
    pass: (ds) => { spec(ds).securityContext = {}; ctr(ds).securityContext.runAsUser = 1000; },
  },
  { rule: 'no-read-only-root-fs', trip: (ds) => { delete ctr(ds).securityContext.readOnlyRootFilesystem; }, severity: 'warning', field: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem' },
  {
    rule: 'dangerous-capabilities',
    trip: (ds) => { ctr(ds).securityContext.capabilities.add = ['NET_BIND_SERVICE', 'NET_ADMIN']; },
    severity: 'warning',
    field: 'spec.template.spec.containers[0].securityContext.capabilities.add[1]',
    pass: (ds) => {
      ctr(ds).securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    },
  },
  { rule: 'capabilities-not-dropped', trip: (ds) => { delete ctr(ds).securityContext.capabilities; }, severity: 'info', field: 'spec.template.spec.containers[0].securityContext.capabilities.drop' },
  { rule: 'missing-liveness-probe', trip: (ds) => { delete ctr(ds).livenessProbe; }, severity: 'warning', field: 'spec.template.spec.containers[0].livenessProbe' },
  { rule: 'missing-readiness-probe', trip: (ds) => { delete ctr(ds).readinessProbe; }, severity: 'warning', field: 'spec.template.spec.containers[0].readinessProbe' },
  {
    rule: 'probe-port-not-declared',
    trip: (ds) => { ctr(ds).livenessProbe = { tcpSocket: { port: 9090 } }; },
    severity: 'warning',
    field: 'spec.template.spec.containers[0].livenessProbe.tcpSocket.port',
    pass: (ds) => { ctr(ds).livenessProbe = { tcpSocket: { port: 'metrics' } }; },
  },
  { rule: 'missing-priority-class', trip: (ds) => { delete spec(ds).priorityClassName; }, severity: 'warning', field: 'spec.template.spec.priorityClassName' },
  {
    rule: 'missing-system-node-critical',
    trip: (ds) => { role(ds, 'csi'); spec(ds).tolerations = [{ operator: 'Exists' }]; spec(ds).nodeSelector['kubernetes.io/arch'] = 'amd64'; },
    severity: 'warning',
    field: 'spec.template.spec.priorityClassName',
    pass: (ds) => { role(ds, 'csi'); spec(ds).tolerations = [{ operator: 'Exists' }]; spec(ds).priorityClassName = 'system-node-critical'; },
  },
  {
    rule: 'env-var-secret',
    trip: (ds) => { ctr(ds).env = [{ name: 'API_TOKEN', value: 'hunter2' }]; },
    severity: 'warning',
    field: 'spec.template.spec.containers[0].env[0].value',
    pass: (ds) => { ctr(ds).env = [{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'agent', key: 'token' } } }]; },
  },
  { rule: 'on-delete-update-strategy', trip: (ds) => { ds.spec.updateStrategy = { type: 'OnDelete' }; }, severity: 'warning', field: 'spec.updateStrategy.type' },
  {
    rule: 'host-network-dns-policy',
    trip: (ds) => { spec(ds).hostNetwork = true; },
    severity: 'warning',
    field: 'spec.template.spec.dnsPolicy',
    pass: (ds) => { spec(ds).hostNetwork = true; spec(ds).dnsPolicy = 'ClusterFirstWithHostNet'; },
  },
  {
    rule: 'max-surge-with-host-port',
    trip: (ds) => { ds.spec.updateStrategy.rollingUpdate = { maxSurge: 1, maxUnavailable: 0 }; ctr(ds).ports = [{ name: 'metrics', containerPort: 8080, hostPort: 8080 }]; },
    severity: 'error',
    field: 'spec.updateStrategy.rollingUpdate.maxSurge',
    pass: (ds) => { ds.spec.updateStrategy.rollingUpdate = { maxSurge: '0%', maxUnavailable: 1 }; ctr(ds).ports = [{ name: 'metrics', containerPort: 8080, hostPort: 8080 }]; },
  },
  {
    rule: 'missing-control-plane-toleration',
    trip: (ds) => { role(ds, 'cni'); spec(ds).priorityClassName = 'system-node-critical'; spec(ds).tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }]; },
    severity: 'error',
    field: 'spec.template.spec.tolerations',
    pass: (ds) => { role(ds, 'cni'); spec(ds).tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]; },
  },
  {
    rule: 'cni-missing-not-ready-toleration',
    trip: (ds) => { role(ds, 'cni'); spec(ds).tolerations = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]; },
    severity: 'error',
    field: 'spec.template.spec.tolerations',
    pass: (ds) => { role(ds, 'cni'); spec(ds).tolerations = [{ operator: 'Exists', effect: 'NoSchedule' }]; },
  },
  {
    rule: 'tolerate-all-without-os-selector',
    trip: (ds) => { spec(ds).tolerations = [{ operator: 'Exists' }]; delete spec(ds).nodeSelector; },
    severity: 'warning',
    field: 'spec.template.spec.tolerations[0]',
    pass: (ds) => {
      spec(ds).tolerations = [{ operator: 'Exists' }];
      delete spec(ds).nodeSelector;
      spec(ds).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] } } };
    },
  },
  {
    rule: 'tolerate-all-without-arch-selector',
    trip: (ds) => { spec(ds).tolerations = [{ operator: 'Exists' }]; },
    severity: 'info',
    field: 'spec.template.spec.tolerations[0]',
    pass: (ds) => { spec(ds).tolerations = [{ operator: 'Exists' }]; spec(ds).nodeSelector['kubernetes.io/arch'] = 'arm64'; },
  },
  {
    rule: 'invalid-gt-lt-value',
    trip: (ds) => { spec(ds).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4.5'] }] }] } } }; },
    severity: 'error',
    field: 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]',
    pass: (ds) => { spec(ds).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }] } } }; },
  },
  {
    rule: 'invalid-node-affinity-value',
    trip: (ds) => { spec(ds).affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'pool', operator: 'In', values: ['gpu pool'] }] } }] } }; },
    severity: 'warning',
    field: 'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values[0]',
  },
  {
    rule: 'host-ip-not-wildcard',
    trip: (ds) => { ctr(ds).ports = [{ name: 'metrics', containerPort: 8080, hostPort: 8080, hostIP: '::' }]; },
    severity: 'warning',
    field: 'spec.template.spec.containers[0].ports[0].hostIP',
    pass: (ds) => { ctr(ds).ports = [{ name: 'metrics', containerPort: 8080, hostPort: 8080, hostIP: '0.0.0.0' }]; },
  },
  {
    rule: 'non-existent-service-account',
    trip: (ds) => { spec(ds).serviceAccountName = 'agent'; },
    severity: 'warning',
    field: 'spec.template.spec.serviceAccountName',
    others: [SA('other')],
    pass: (ds) => { spec(ds).serviceAccountName = 'agent'; },
    passOthers: [SA('agent')],
  },
  {
    rule: 'short-termination-grace-period',
    trip: (ds) => { role(ds, 'log-collector'); },
    severity: 'info',
    field: 'spec.template.spec.terminationGracePeriodSeconds',
    pass: (ds) => { role(ds, 'log-collector'); spec(ds).terminationGracePeriodSeconds = 120; },
  },
  {
    rule: 'unknown-ignored-rule',
    trip: (ds) => { ds.metadata.annotations['cdk8s-node-agents.io/ignore'] = 'no-latest-tags'; },
    severity: 'warning',
    field: 'metadata.annotations[cdk8s-node-agents.io/ignore]',
    pass: (ds) => { ds.metadata.annotations['cdk8s-node-agents.io/ignore'] = 'no-latest-tag, host-pid'; },
  },
  {
    rule: 'invalid-ignore-annotation',
    trip: (ds) => { ds.metadata.annotations['cdk8s-node-agents.io/ignore.no-latest-tag'] = 'agent'; },
    severity: 'warning',
    field: 'metadata.annotations[cdk8s-node-agents.io/ignore.no-latest-tag]',
    pass: (ds) => { ds.metadata.annotations['cdk8s-node-agents.io/ignore.no-latest-tag'] = 'agent: CI pins the digest at deploy time'; },
  },
  { rule: 'unknown-agent-role', trip: (ds) => { role(ds, 'CNI'); }, severity: 'warning', field: 'metadata.annotations[cdk8s-node-agents.io/role]' },
];

describe('lint rules', () => {
  test('the clean agent trips nothing', () => {
    expect(lintsOf(cleanAgent())).toEqual([]);
  });

  test('every rule has a tripping and a passing case', () => {
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set([...LINT_RULES.map((r) => r.id), 'unknown-ignored-rule', 'invalid-ignore-annotation', 'unknown-agent-role']));
    expect(new Set(cases.map((c) => c.rule))).toEqual(LINT_RULE_IDS);
  });

  test.each(cases.map((c) => [c.rule, c] as const))('%s trips', (_rule, c) => {
    const ds = cleanAgent();
    c.trip(ds);
    const found = lintsOf(ds, c.others).filter((l) => l.rule === c.rule);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ severity: c.severity, field: c.field });
    expect(found[0].silenced).toBeUndefined();
  });

  test.each(cases.map((c) => [c.rule, c] as const))('%s passes', (_rule, c) => {
    const ds = cleanAgent();
    c.pass?.(ds);
    expect(lintsOf(ds, c.passOthers ?? c.others).filter((l) => l.rule === c.rule)).toEqual([]);
  });

  test('messages say what is wrong, the bad value and the fix', () => {
    const ds = cleanAgent();
    ds.spec.updateStrategy.rollingUpdate = { maxSurge: '25%', maxUnavailable: 0 };
    ctr(ds).ports = [{ name: 'metrics', containerPort: 9100, hostPort: 9100 }];
    const [l] = lintsOf(ds).filter((x) => x.rule === 'max-surge-with-host-port');
    expect(l.message).toBe('maxSurge is 25% but the pod holds host ports (container "agent" hostPort 9100): the surge pod cannot be scheduled next to the old pod '
      + 'holding the port, so every node\'s rollout waits on a Pending pod forever (Kubernetes accepts this, kubernetes/kubernetes#106417); '
      + 'set maxSurge: 0 and a maxUnavailable such as "10%"');
  });

  test('a hostNetwork pod with maxSurge trips on its declared container ports', () => {
    const ds = cleanAgent();
    spec(ds).hostNetwork = true;
    ds.spec.updateStrategy.rollingUpdate = { maxSurge: 1, maxUnavailable: 0 };
    expect(lintsOf(ds).filter((x) => x.rule === 'max-surge-with-host-port').map((l) => l.message))
      .toEqual([expect.stringContaining('container "agent" port 8080 on the host network')]);
  });

  test('a CSI agent without the control-plane toleration is a warning, a CNI agent an error', () => {
    const ds = cleanAgent();
    role(ds, 'csi');
    expect(lintsOf(ds).find((l) => l.rule === 'missing-control-plane-toleration')?.severity).toBe('warning');
  });
});

describe('role-aware lints', () => {
  const privileged = (r: string) => {
    const ds = cleanAgent();
    role(ds, r);
    spec(ds).hostNetwork = true;
    ctr(ds).securityContext = { privileged: true, readOnlyRootFilesystem: true };
    return lintsOf(ds);
  };

  test.each([['cni'], ['csi'], ['runtime-security']])('a privileged %s agent gets an info note', (r) => {
    const l = privileged(r).find((x) => x.rule === 'privileged-container');
    expect(l?.severity).toBe('info');
    expect(l?.message).toMatch(new RegExp(`^expected for a ${r} agent: container "agent" is privileged`));
  });

  test.each([['generic'], ['log-collector'], ['node-exporter']])('a privileged %s agent gets a warning', (r) => {
    expect(privileged(r).find((x) => x.rule === 'privileged-container')?.severity).toBe('warning');
  });

  test('host network is expected of CNI, CSI and node-exporter agents only', () => {
    expect(privileged('node-exporter').find((x) => x.rule === 'host-network')?.severity).toBe('info');
    expect(privileged('log-collector').find((x) => x.rule === 'host-network')?.severity).toBe('warning');
  });

  test('roles are inferred from images and names when the annotation is absent', () => {
    const inferred: Array<[string, string, AgentRole]> = [
      ['cilium', 'quay.io/cilium/cilium:v1.19.7', AgentRole.CNI],
      ['calico-node', 'quay.io/calico/node:v3.32.1', AgentRole.CNI],
      ['kube-flannel-ds', 'ghcr.io/flannel-io/flannel:v0.28.9', AgentRole.CNI],
      ['ebs-csi-node', 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0', AgentRole.CSI],
      ['registrar', 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0', AgentRole.CSI],
      ['fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:5.1.1', AgentRole.LOG_COLLECTOR],
      ['fluentd', 'fluent/fluentd-kubernetes-daemonset:v1', AgentRole.LOG_COLLECTOR],
      ['vector', 'timberio/vector:0.56.0-distroless-libc', AgentRole.LOG_COLLECTOR],
      ['node-exporter', 'quay.io/prometheus/node-exporter:v1.12.1', AgentRole.NODE_EXPORTER],
      ['falco', 'docker.io/falcosecurity/falco:0.39.2', AgentRole.RUNTIME_SECURITY],
      ['nvidia-device-plugin-daemonset', 'nvcr.io/nvidia/k8s-device-plugin:v0.17.0', AgentRole.DEVICE_PLUGIN],
      ['agent', 'registry.example.com/agent:1', AgentRole.GENERIC],
    ];
    for (const [name, image, expected] of inferred) {
      const podSpec = { containers: [{ name: 'main', image }] };
      expect(agentRole({ metadata: { name } }, podSpec)).toEqual({ role: expected, source: 'inferred' });
    }
    expect(agentRole({ metadata: { name: 'x', annotations: { 'cdk8s-node-agents.io/role': 'csi' } } }, { containers: [{ image: 'cilium:1' }] }))
      .toEqual({ role: AgentRole.CSI, source: 'annotation' });
  });
});

describe('silencing with cdk8s-node-agents.io/ignore', () => {
  test('a silenced finding stays in the report, marked', () => {
    const ds = cleanAgent();
    ctr(ds).image = 'registry.example.com/agent:latest';
    spec(ds).hostPID = true;
    ds.metadata.annotations['cdk8s-node-agents.io/ignore'] = 'no-latest-tag,host-pid';
    const lints = lintsOf(ds);
    expect(lints).toEqual([
      expect.objectContaining({ rule: 'no-latest-tag', severity: 'error', silenced: true, silencedBy: 'annotation cdk8s-node-agents.io/ignore' }),
      expect.objectContaining({ rule: 'host-pid', severity: 'warning', silenced: true, silencedBy: 'annotation cdk8s-node-agents.io/ignore' }),
    ]);
  });

  test('the annotation on the pod template does not silence (it must be on the object)', () => {
    const ds = cleanAgent();
    ctr(ds).image = 'registry.example.com/agent:latest';
    ds.spec.template.metadata.annotations = { 'cdk8s-node-agents.io/ignore': 'no-latest-tag' };
    expect(lintsOf(ds).find((l) => l.rule === 'no-latest-tag')?.silenced).toBeUndefined();
  });
});

describe('per-rule ignore annotation cdk8s-node-agents.io/ignore.<rule-id>', () => {
  const KEY = 'cdk8s-node-agents.io/ignore.no-read-only-root-fs';
  /** The clean agent plus a sidecar and an init container, all three with a writable root filesystem. */
  function writableAgent(): Obj {
    const ds = cleanAgent();
    ctr(ds).securityContext.readOnlyRootFilesystem = false;
    const probe = { tcpSocket: { port: 8081 } };
    const sidecar = { ...JSON.parse(JSON.stringify(ctr(ds))), name: 'sidecar', ports: [{ name: 'side', containerPort: 8081 }] };
    spec(ds).containers.push({ ...sidecar, livenessProbe: probe, readinessProbe: probe });
    spec(ds).initContainers = [{ name: 'setup', image: 'registry.example.com/setup:1.0.0', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }];
    return ds;
  }
  const rootFs = (lints: ReturnType<typeof lintsOf>) => lints.filter((l) => l.rule === 'no-read-only-root-fs')
    .map((l) => ({ field: l.field, silencedBy: l.silencedBy }));

  test('a container-scoped clause silences that container only, and says why', () => {
    const ds = writableAgent();
    ds.metadata.annotations[KEY] = 'agent: upstream writes its state under /var/lib/agent';
    const lints = lintsOf(ds);
    expect(rootFs(lints)).toEqual([
      { field: 'spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem', silencedBy: undefined },
      { field: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem', silencedBy: `annotation ${KEY}: upstream writes its state under /var/lib/agent` },
      { field: 'spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem', silencedBy: undefined },
    ]);
    expect(lints.find((l) => l.field.startsWith('spec.template.spec.containers[0].securityContext.readOnly'))?.silenced).toBe(true);
    expect(lints.filter((l) => l.rule === 'invalid-ignore-annotation' || l.rule === 'unknown-ignored-rule')).toEqual([]);
  });

  test('init containers are named like regular ones; several names share one reason', () => {
    const ds = writableAgent();
    ds.metadata.annotations[KEY] = 'setup, sidecar: both unpack plugins into their image directories';
    expect(rootFs(lintsOf(ds)).map((l) => l.silencedBy !== undefined)).toEqual([true, false, true]);
  });

  test('one clause per line, each with its own reason', () => {
    const ds = writableAgent();
    ds.metadata.annotations[KEY] = 'agent: reason one\n\n  setup: reason two  \n';
    expect(rootFs(lintsOf(ds)).map((l) => l.silencedBy)).toEqual([`annotation ${KEY}: reason two`, `annotation ${KEY}: reason one`, undefined]);
  });

  test('"*" covers every finding of the rule, pod-level ones included; a container list never covers a pod-level finding', () => {
    const ds = cleanAgent();
    delete spec(ds).priorityClassName;
    ds.metadata.annotations['cdk8s-node-agents.io/ignore.missing-priority-class'] = 'agent: the cluster sets a global default class';
    expect(lintsOf(ds).find((l) => l.rule === 'missing-priority-class')?.silenced).toBeUndefined();
    ds.metadata.annotations['cdk8s-node-agents.io/ignore.missing-priority-class'] = '*: the cluster sets a global default class';
    expect(lintsOf(ds).find((l) => l.rule === 'missing-priority-class')).toMatchObject({
      silenced: true, silencedBy: 'annotation cdk8s-node-agents.io/ignore.missing-priority-class: the cluster sets a global default class',
    });
    const all = writableAgent();
    all.metadata.annotations[KEY] = '*: every container of this agent writes to its image';
    expect(rootFs(lintsOf(all)).every((l) => l.silencedBy === `annotation ${KEY}: every container of this agent writes to its image`)).toBe(true);
  });

  test('the reason is required: a clause without one silences nothing and warns', () => {
    for (const value of ['agent', 'agent:', 'agent:   ']) {
      const ds = writableAgent();
      ds.metadata.annotations[KEY] = value;
      const lints = lintsOf(ds);
      expect(rootFs(lints).every((l) => l.silencedBy === undefined)).toBe(true);
      expect(lints.filter((l) => l.rule === 'invalid-ignore-annotation')).toEqual([{
        rule: 'invalid-ignore-annotation',
        severity: 'warning',
        field: `metadata.annotations[${KEY}]`,
        message: `${JSON.stringify(value.trim())} gives no reason, so it silences nothing: a reviewer must see why the finding is accepted; `
          + 'write "<container>[,<container>]: <reason>" (or "*: <reason>" for every finding of the rule on this object)',
      }]);
    }
  });

  test('a malformed container list silences nothing and warns', () => {
    for (const [value, scope] of [['Agent_1: why', 'Agent_1'], ['*, agent: why', '*, agent'], [': why', ''], ['agent,,setup: why', 'agent,,setup']]) {
      const ds = writableAgent();
      ds.metadata.annotations[KEY] = value;
      const lints = lintsOf(ds);
      expect(rootFs(lints).every((l) => l.silencedBy === undefined)).toBe(true);
      expect(lints.filter((l) => l.rule === 'invalid-ignore-annotation').map((l) => l.message)).toEqual([
        `${JSON.stringify(scope)} in ${JSON.stringify(value)} is not a list of container names (lowercase DNS-1123 labels) or "*", so the clause silences nothing; `
          + 'write "<container>[,<container>]: <reason>" (or "*: <reason>" for every finding of the rule on this object)',
      ]);
    }
  });

  test('a container the pod does not have warns; the other names still apply', () => {
    const ds = writableAgent();
    ds.metadata.annotations[KEY] = 'agent, sidecra: upstream keeps it writable';
    const lints = lintsOf(ds);
    expect(rootFs(lints).map((l) => l.silencedBy !== undefined)).toEqual([false, true, false]);
    expect(lints.filter((l) => l.rule === 'invalid-ignore-annotation').map((l) => l.message)).toEqual([
      'container "sidecra" is not in the pod, so the clause silences nothing there; the pod\'s containers: "setup", "agent", "sidecar"',
    ]);
  });

  test('an empty annotation warns', () => {
    const ds = writableAgent();
    ds.metadata.annotations[KEY] = ' \n ';
    expect(lintsOf(ds).filter((l) => l.rule === 'invalid-ignore-annotation').map((l) => l.message)).toEqual([
      'the annotation is empty, so it silences nothing; write "<container>[,<container>]: <reason>" (or "*: <reason>" for every finding of the rule on this object)',
    ]);
  });

  test('an unknown rule id in the key warns as unknown-ignored-rule', () => {
    const ds = writableAgent();
    ds.metadata.annotations['cdk8s-node-agents.io/ignore.no-read-only-rootfs'] = 'agent: typo';
    const lints = lintsOf(ds);
    expect(rootFs(lints).every((l) => l.silencedBy === undefined)).toBe(true);
    expect(lints.filter((l) => l.rule === 'unknown-ignored-rule')).toEqual([expect.objectContaining({
      severity: 'warning',
      field: 'metadata.annotations[cdk8s-node-agents.io/ignore.no-read-only-rootfs]',
      message: expect.stringMatching(/^"no-read-only-rootfs" is not a lint rule, so it silences nothing; known rules: missing-requests, /),
    })]);
  });

  test('the original cdk8s-node-agents.io/ignore keeps silencing every finding of its rules; a clause with a reason is named first', () => {
    const ds = writableAgent();
    ds.metadata.annotations['cdk8s-node-agents.io/ignore'] = 'no-read-only-root-fs';
    ds.metadata.annotations[KEY] = 'sidecar: writes its cache to /var/cache';
    expect(rootFs(lintsOf(ds)).map((l) => l.silencedBy)).toEqual([
      'annotation cdk8s-node-agents.io/ignore',
      'annotation cdk8s-node-agents.io/ignore',
      `annotation ${KEY}: writes its cache to /var/cache`,
    ]);
  });

  test('on the pod template the per-rule annotation does not silence (it must be on the object)', () => {
    const ds = writableAgent();
    ds.spec.template.metadata.annotations = { [KEY]: 'agent: reason' };
    expect(rootFs(lintsOf(ds)).every((l) => l.silencedBy === undefined)).toBe(true);
  });

  test('objects without pods get their annotations checked too', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'metrics', namespace: 'agents', annotations: { 'cdk8s-node-agents.io/ignore.host-netwrok': '*: x', 'cdk8s-node-agents.io/ignore.host-network': '*' } },
      spec: { ports: [{ port: 80 }] },
    };
    expect(validateObjects([svc])[0].lints.map((l) => `${l.rule} ${l.field}`)).toEqual([
      'unknown-ignored-rule metadata.annotations[cdk8s-node-agents.io/ignore.host-netwrok]',
      'invalid-ignore-annotation metadata.annotations[cdk8s-node-agents.io/ignore.host-network]',
    ]);
  });

  test('formatIgnoreClause renders what the parser reads', () => {
    expect(formatIgnoreClause('why', ['a', 'b'])).toBe('a, b: why');
    expect(formatIgnoreClause('why')).toBe('*: why');
    expect(formatIgnoreClause('why', [])).toBe('*: why');
  });
});
