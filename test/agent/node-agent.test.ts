import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AgentRole,
  AgentTolerations,
  AgentUpdateStrategy,
  NodeAgent,
  NodeAgentProps,
  TolerationOperator,
} from '../../src';

const RESOURCES = { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' };

function synthAgent(props: Partial<NodeAgentProps> = {}, id = 'NodeProblemDetector') {
  const chart = Testing.chart();
  const agent = new NodeAgent(chart, id, {
    image: 'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.19',
    resources: RESOURCES,
    namespace: 'kube-system',
    ...props,
  });
  const manifests = Testing.synth(chart);
  const ds = manifests.find((m) => m.kind === 'DaemonSet');
  return { chart, agent, manifests, ds };
}

function synthErrors(props: Partial<NodeAgentProps>, setup?: (agent: NodeAgent) => void): string {
  const chart = Testing.chart();
  const agent = new NodeAgent(chart, 'Agent', {
    image: 'example.com/agent:1.0.0',
    resources: RESOURCES,
    ...props,
  });
  setup?.(agent);
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail');
}

describe('NodeAgent defaults', () => {
  const { ds, manifests } = synthAgent();
  const pod = ds.spec.template.spec;
  const container = pod.containers[0];

  test('produces exactly one DaemonSet', () => {
    expect(manifests.map((m) => m.kind)).toEqual(['DaemonSet']);
    expect(ds.metadata.name).toBe('node-problem-detector');
    expect(ds.metadata.namespace).toBe('kube-system');
  });

  test('selects pods by a fixed name + instance selector, not the construct path', () => {
    expect(ds.spec.selector).toEqual({
      matchLabels: {
        'app.kubernetes.io/name': 'node-problem-detector',
        'app.kubernetes.io/instance': 'node-problem-detector',
      },
    });
    expect(ds.spec.template.metadata.labels).toMatchObject(ds.spec.selector.matchLabels);
    expect(JSON.stringify(ds.spec.selector)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('labels carry role, version and managed-by; the role is annotated', () => {
    expect(ds.metadata.labels).toMatchObject({
      'app.kubernetes.io/component': 'generic',
      'app.kubernetes.io/managed-by': 'cdk8s-node-agents',
      'app.kubernetes.io/version': 'v0.8.19',
    });
    expect(ds.metadata.annotations).toEqual({ 'cdk8s-node-agents.io/role': 'generic' });
  });

  test('RollingUpdate with maxUnavailable 1 and maxSurge 0', () => {
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });

  test('Linux nodes only, through nodeSelector', () => {
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.affinity).toBeUndefined();
  });

  test('resources are rendered verbatim from the props', () => {
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
  });

  test('hardened security context', () => {
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
  });

  test('IfNotPresent pulls and NODE_NAME from the downward API', () => {
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.env).toEqual([{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
  });

  test('a generic agent has no tolerations, no priority class, no host namespaces', () => {
    expect(pod.tolerations).toBeUndefined();
    expect(pod.priorityClassName).toBeUndefined();
    expect(pod.hostNetwork).toBeFalsy();
    expect(pod.hostPID).toBeUndefined();
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('matches the snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('NodeAgent options', () => {
  test('hostNetwork implies ClusterFirstWithHostNet; hostPID and priority are rendered', () => {
    const { ds } = synthAgent({ hostNetwork: true, hostPID: true, priorityClassName: 'system-node-critical' });
    const pod = ds.spec.template.spec;
    expect(pod.hostNetwork).toBe(true);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(pod.hostPID).toBe(true);
    expect(pod.priorityClassName).toBe('system-node-critical');
  });

  test('CNI role defaults: tolerate everything, system-node-critical', () => {
    const { ds } = synthAgent({ role: AgentRole.CNI });
    expect(ds.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(ds.spec.template.spec.priorityClassName).toBe('system-node-critical');
    expect(ds.metadata.annotations['cdk8s-node-agents.io/role']).toBe('cni');
  });

  test('toleration presets render exactly and combine additively', () => {
    const tolerations = AgentTolerations.noSchedule()
      .and(AgentTolerations.controlPlane())
      .and(AgentTolerations.of({ key: 'nvidia.com/gpu', value: 'present', effect: kplus.TaintEffect.NO_SCHEDULE }))
      .and(AgentTolerations.noSchedule());
    const { ds } = synthAgent({ tolerations });
    expect(ds.spec.template.spec.tolerations).toEqual([
      { operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
    ]);
    expect(tolerations.toleratesEverything).toBe(false);
    expect(AgentTolerations.everything().toleratesEverything).toBe(true);
  });

  test('addTolerations keeps the defaults', () => {
    const chart = Testing.chart();
    const agent = new NodeAgent(chart, 'Cni', { image: 'example.com/cni:1.0.0', resources: RESOURCES, role: AgentRole.CNI });
    agent.addTolerations(AgentTolerations.of({ key: 'dedicated', operator: TolerationOperator.EXISTS }));
    const ds = Testing.synth(chart)[0];
    expect(ds.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }, { key: 'dedicated', operator: 'Exists' }]);
  });

  test('host mounts: read-only by default, named from the path, shared between containers', () => {
    const chart = Testing.chart();
    const agent = new NodeAgent(chart, 'Logs', {
      image: 'example.com/logs:2.1.0',
      resources: RESOURCES,
      hostMounts: [
        { hostPath: '/var/log/pods' },
        { hostPath: '/var/lib/agent', readOnly: false, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE },
        { hostPath: '/', mountPath: '/host', propagation: kplus.MountPropagation.HOST_TO_CONTAINER },
      ],
    });
    const sidecar = agent.addContainer({ name: 'sidecar', image: 'example.com/sidecar:1.0.0', resources: RESOURCES });
    agent.addHostMount({ hostPath: '/var/log/pods', mountPath: '/logs' }, sidecar);
    const ds = Testing.synth(chart)[0];
    const pod = ds.spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: 'var-log-pods', hostPath: { path: '/var/log/pods', type: '' } },
      { name: 'var-lib-agent', hostPath: { path: '/var/lib/agent', type: 'DirectoryOrCreate' } },
      { name: 'host-root', hostPath: { path: '/', type: '' } },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'var-log-pods', mountPath: '/var/log/pods', readOnly: true },
      { name: 'var-lib-agent', mountPath: '/var/lib/agent', readOnly: false },
      { name: 'host-root', mountPath: '/host', readOnly: true, mountPropagation: 'HostToContainer' },
    ]);
    expect(pod.containers[1].volumeMounts).toEqual([{ name: 'var-log-pods', mountPath: '/logs', readOnly: true }]);
    expect(pod.containers[1].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
  });

  test('a volume name reused for another path is rejected at once', () => {
    const chart = Testing.chart();
    const agent = new NodeAgent(chart, 'A', { image: 'example.com/a:1.0.0', resources: RESOURCES });
    agent.addHostMount({ hostPath: '/a', volumeName: 'data' });
    expect(() => agent.addHostMount({ hostPath: '/b', volumeName: 'data' })).toThrow('host mount volume "data" is already used for /a');
  });

  test('Bidirectional propagation is accepted for a privileged container', () => {
    const { ds } = synthAgent({
      securityContext: { privileged: true, ensureNonRoot: false },
      hostMounts: [{ hostPath: '/var/lib/kubelet', readOnly: false, propagation: kplus.MountPropagation.BIDIRECTIONAL }],
    });
    const c = ds.spec.template.spec.containers[0];
    expect(c.volumeMounts[0].mountPropagation).toBe('Bidirectional');
    expect(c.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, runAsNonRoot: false });
    expect(c.securityContext.runAsUser).toBeUndefined();
  });

  test('update strategies: percentage, surge, OnDelete', () => {
    expect(synthAgent({ updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }) }).ds.spec.updateStrategy)
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } });
    expect(synthAgent({ updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(25) }) }).ds.spec.updateStrategy)
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } });
    expect(synthAgent({ updateStrategy: AgentUpdateStrategy.onDelete() }).ds.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('node affinity helpers become one required term', () => {
    const { ds } = synthAgent({
      nodeAffinity: [kplus.NodeLabelQuery.in('kubernetes.io/arch', ['amd64', 'arm64']), kplus.NodeLabelQuery.exists('nvidia.com/gpu.present')],
    });
    const terms = ds.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toHaveLength(1);
    expect(terms[0].matchExpressions).toEqual([
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
      { key: 'nvidia.com/gpu.present', operator: 'Exists' },
    ]);
  });

  test('requireNodeLabels is ANDed into every required term, including terms added later', () => {
    const chart = Testing.chart();
    const agent = new NodeAgent(chart, 'Agent', { image: 'example.com/agent:1.0.0', resources: RESOURCES });
    const ds0 = agent.toManifest();
    expect(ds0.spec.template.spec.affinity).toBeUndefined();
    agent.requireNodeLabels(kplus.NodeLabelQuery.notIn('pool', ['windows']));
    expect(agent.toManifest().spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'pool', operator: 'NotIn', values: ['windows'] }] }]);
    agent.daemonSet.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('a', '1')));
    agent.daemonSet.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('b', '2')));
    expect(agent.toManifest().spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }, { key: 'pool', operator: 'NotIn', values: ['windows'] }] },
      { matchExpressions: [{ key: 'b', operator: 'In', values: ['2'] }, { key: 'pool', operator: 'NotIn', values: ['windows'] }] },
    ]);
  });

  test('extended resources are requested and limited equally; cpu limit optional', () => {
    const { ds } = synthAgent({ resources: { ...RESOURCES, cpuLimit: '1', extended: { 'nvidia.com/gpu': '1' } } });
    expect(ds.spec.template.spec.containers[0].resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '64Mi', 'nvidia.com/gpu': '1' },
      limits: { 'cpu': '1', 'memory': '128Mi', 'nvidia.com/gpu': '1' },
    });
  });

  test('other fields: minReadySeconds, revisionHistoryLimit, grace period, service account', () => {
    const chart = Testing.chart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'agent' } });
    new NodeAgent(chart, 'Agent', {
      image: 'example.com/agent:1.0.0',
      resources: RESOURCES,
      minReadySeconds: 10,
      revisionHistoryLimit: 5,
      terminationGracePeriod: Duration.seconds(90),
      serviceAccount: sa,
    });
    const ds = Testing.synth(chart).find((m) => m.kind === 'DaemonSet');
    expect(ds.spec.minReadySeconds).toBe(10);
    expect(ds.spec.revisionHistoryLimit).toBe(5);
    expect(ds.spec.template.spec.terminationGracePeriodSeconds).toBe(90);
    expect(ds.spec.template.spec.serviceAccountName).toBe('agent');
    expect(ds.spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('envFrom and lifecycle hooks reach the container', () => {
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'agent-env' }, data: { A: '1' } });
    new NodeAgent(chart, 'Agent', {
      image: 'example.com/agent:1.0.0',
      resources: RESOURCES,
      envFrom: [kplus.Env.fromConfigMap(cm)],
      lifecycle: { preStop: kplus.Handler.fromCommand(['/cni-uninstall.sh']) },
    });
    const c = Testing.synth(chart).find((m) => m.kind === 'DaemonSet').spec.template.spec.containers[0];
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'agent-env' } }]);
    expect(c.lifecycle).toEqual({ preStop: { exec: { command: ['/cni-uninstall.sh'] } } });
  });

  test('toManifest returns the rendered DaemonSet', () => {
    const chart = Testing.chart();
    const agent = new NodeAgent(chart, 'Agent', { image: 'example.com/agent:1.0.0', resources: RESOURCES });
    expect(agent.toManifest().spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '50m', memory: '64Mi' });
  });
});

describe('NodeAgent synth-time validation (fails)', () => {
  test.each([
    ['missing cpu request', { resources: { memoryRequest: '64Mi', memoryLimit: '128Mi' } as any },
      'spec.template.spec.containers[0].resources.requests.cpu: cpuRequest is required for a node agent'],
    ['missing memory limit', { resources: { cpuRequest: '10m', memoryRequest: '64Mi' } as any },
      'spec.template.spec.containers[0].resources.limits.memory: memoryLimit is required for a node agent'],
    ['no resources at all', { resources: undefined as any },
      'spec.template.spec.containers[0].resources: resources are required for a node agent'],
    ['malformed quantity', { resources: { ...RESOURCES, cpuRequest: '100 m' } },
      'spec.template.spec.containers[0].resources.requests.cpu: Invalid value: "100 m": quantities must match the regular expression'],
    ['negative quantity', { resources: { ...RESOURCES, memoryRequest: '-1Mi' } },
      'spec.template.spec.containers[0].resources.requests.memory: Invalid value: "-1Mi": must be greater than or equal to 0'],
    ['request above limit', { resources: { ...RESOURCES, memoryRequest: '1Gi', memoryLimit: '512Mi' } },
      'spec.template.spec.containers[0].resources.requests.memory: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi'],
    ['cpu request above cpu limit', { resources: { ...RESOURCES, cpuRequest: '1500m', cpuLimit: '1' } },
      'spec.template.spec.containers[0].resources.requests.cpu: Invalid value: "1500m": must be less than or equal to cpu limit of 1'],
    ['image without tag', { image: 'example.com/agent' },
      'spec.template.spec.containers[0].image: Invalid value: "example.com/agent": image has no tag'],
    ['latest image', { image: 'example.com:5000/agent:latest' },
      'spec.template.spec.containers[0].image: Invalid value: "example.com:5000/agent:latest": the "latest" tag is not allowed'],
    ['Bidirectional without privileged', { hostMounts: [{ hostPath: '/var/lib/kubelet', propagation: kplus.MountPropagation.BIDIRECTIONAL }] },
      'spec.template.spec.containers[0].volumeMounts[0].mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers'],
    ['maxSurge with maxUnavailable', { updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(1) }) },
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero'],
    ['both zero', { updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }) },
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
    ['percent above 100', { updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(150) }) },
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%'],
    ['negative int', { updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(-1) }) },
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0'],
    ['non-integer percent', { updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(2.5) }) },
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "2.5%": a valid percent string must be a numeric string followed by an ending \'%\''],
    ['hostNetwork with a different hostPort', { hostNetwork: true, ports: [{ number: 9100, hostPort: 19100 }] },
      'spec.template.spec.containers[0].ports[0].hostPort: Invalid value: 19100: must match `containerPort` when `hostNetwork` is true'],
    ['toleration with value and Exists', { tolerations: AgentTolerations.of({ key: 'a', operator: TolerationOperator.EXISTS, value: 'b' }) },
      'spec.template.spec.tolerations[0].operator: Invalid value: "b": value must be empty when `operator` is \'Exists\''],
    ['tolerationSeconds without NoExecute', { tolerations: AgentTolerations.of({ key: 'a', tolerationSeconds: 30 }) },
      "spec.template.spec.tolerations[0].effect: Invalid value: \"\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
    ['empty key with Equal', { tolerations: AgentTolerations.of({ operator: TolerationOperator.EQUAL, value: 'x' }) },
      'spec.template.spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty'],
    ['bad name', { name: 'Bad_Name' },
      'metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of'],
    ['bad namespace', { namespace: 'kube.system' },
      'metadata.namespace: Invalid value: "kube.system": must not contain dots'],
    ['negative minReadySeconds', { minReadySeconds: -1 },
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'],
    ['negative revisionHistoryLimit', { revisionHistoryLimit: -2 },
      'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0'],
  ])('fails: %s', (_name, props, expected) => {
    expect(synthErrors(props as Partial<NodeAgentProps>)).toContain(expected);
  });

  test('fails: sidecar resources are checked too, with its index', () => {
    const message = synthErrors({}, (agent) => agent.addContainer({
      name: 'registrar', image: 'example.com/registrar:2.0.0', resources: { cpuRequest: '10m', memoryRequest: '20Mi', memoryLimit: '10Mi' },
    }));
    expect(message).toContain('spec.template.spec.containers[1].resources.requests.memory: Invalid value: "20Mi": must be less than or equal to memory limit of 10Mi');
  });

  test('fails: a container added to the cdk8s-plus DaemonSet directly', () => {
    const message = synthErrors({}, (agent) => agent.daemonSet.addContainer({ name: 'raw', image: 'example.com/raw:1.0.0' }));
    expect(message).toContain('spec.template.spec.containers[1]: container "raw" was added to the cdk8s-plus DaemonSet directly');
  });

  test('fails: the message names the DaemonSet', () => {
    expect(synthErrors({ image: 'x' })).toContain('DaemonSet default/agent: spec.template.spec.containers[0].image');
  });
});
