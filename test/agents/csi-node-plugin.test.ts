import * as kplus from 'cdk8s-plus-28';
import { containerOf, expectNoWildcards, find, hostMounts, kinds, Manifest, podSpec, ruleLines, synth, synthError } from './helpers';
import { AgentTolerations, AgentUpdateStrategy } from '../../src';
import { CsiFsGroupPolicy, CsiNodePlugin, CsiVolumeLifecycleMode } from '../../src/agents';
import { csiDriverNameProblem } from '../../src/agents/csi-node-plugin';

const EBS_IMAGE = 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0';

describe('CsiNodePlugin defaults', () => {
  const manifests = synth((chart) => new CsiNodePlugin(chart, 'Ebs', { driverName: 'ebs.csi.aws.com', image: EBS_IMAGE }));
  const ds = find(manifests, 'DaemonSet', 'ebs-csi-node');
  const pod = podSpec(ds);
  const driver = containerOf(ds, 'csi-driver');
  const registrar = containerOf(ds, 'node-driver-registrar');
  const probe = containerOf(ds, 'liveness-probe');

  test('emits a ServiceAccount, the DaemonSet and the CSIDriver; kube-system is not created; no RBAC', () => {
    expect(kinds(manifests)).toEqual([
      'ServiceAccount kube-system/ebs-csi-node',
      'DaemonSet kube-system/ebs-csi-node',
      'CSIDriver ebs.csi.aws.com',
    ]);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('driver + node-driver-registrar + livenessprobe containers', () => {
    expect(pod.containers.map((c: Manifest) => c.name)).toEqual(['csi-driver', 'node-driver-registrar', 'liveness-probe']);
    expect(registrar.image).toBe('registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0');
    expect(probe.image).toBe('registry.k8s.io/sig-storage/livenessprobe:v2.19.0');
    expect(driver.image).toBe(EBS_IMAGE);
  });

  test('the driver is privileged with /var/lib/kubelet Bidirectional, the plugin dir at /csi and /dev', () => {
    expect(driver.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, readOnlyRootFilesystem: true });
    expect(hostMounts(ds, driver)).toEqual([
      { volume: 'kubelet-dir', hostPath: '/var/lib/kubelet', type: 'Directory', mountPath: '/var/lib/kubelet', readOnly: false, propagation: 'Bidirectional' },
      { volume: 'plugin-dir', hostPath: '/var/lib/kubelet/plugins/ebs.csi.aws.com/', type: 'DirectoryOrCreate', mountPath: '/csi', readOnly: false },
      { volume: 'device-dir', hostPath: '/dev', type: 'Directory', mountPath: '/dev', readOnly: false },
    ]);
    expect(driver.env).toEqual([
      { name: 'CSI_ENDPOINT', value: 'unix:/csi/csi.sock' },
      { name: 'CSI_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]);
    expect(driver.args).toEqual(['--endpoint=$(CSI_ENDPOINT)', '--v=2']);
  });

  test('the registrar registers the driver socket through plugins_registry', () => {
    expect(hostMounts(ds, registrar)).toEqual([
      { volume: 'plugin-dir', hostPath: '/var/lib/kubelet/plugins/ebs.csi.aws.com/', type: 'DirectoryOrCreate', mountPath: '/csi', readOnly: false },
      { volume: 'registration-dir', hostPath: '/var/lib/kubelet/plugins_registry/', type: 'Directory', mountPath: '/registration', readOnly: false },
    ]);
    expect(registrar.args).toEqual(['--csi-address=$(ADDRESS)', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)', '--http-endpoint=0.0.0.0:9809', '--v=2']);
    expect(registrar.env).toEqual([
      { name: 'ADDRESS', value: '/csi/csi.sock' },
      { name: 'DRIVER_REG_SOCK_PATH', value: '/var/lib/kubelet/plugins/ebs.csi.aws.com/csi.sock' },
    ]);
    expect(registrar.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 9809 }, initialDelaySeconds: 30, periodSeconds: 90, timeoutSeconds: 15 });
    expect(registrar.securityContext).toMatchObject({ privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  });

  test('the livenessprobe sidecar serves the driver\'s /healthz on 9808', () => {
    expect(probe.args).toEqual(['--csi-address=/csi/csi.sock', '--health-port=9808']);
    expect(hostMounts(ds, probe).map((m) => m.volume)).toEqual(['plugin-dir']);
    expect(driver.ports).toEqual([{ name: 'healthz', containerPort: 9808, protocol: 'TCP' }]);
    expect(driver.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 9808 }, initialDelaySeconds: 10, timeoutSeconds: 3, periodSeconds: 10, failureThreshold: 5 });
    expect(driver.readinessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 9808 }, timeoutSeconds: 3, periodSeconds: 5, failureThreshold: 3 });
  });

  test('system-node-critical, tolerates everything, Linux, 10% maxUnavailable, root pod', () => {
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, fsGroup: 0 });
    expect(driver.resources).toEqual({ requests: { cpu: '10m', memory: '40Mi' }, limits: { memory: '256Mi' } });
    expect(registrar.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '32Mi' } });
  });

  test('the CSIDriver object carries the API defaults', () => {
    expect(find(manifests, 'CSIDriver', 'ebs.csi.aws.com')).toMatchObject({
      apiVersion: 'storage.k8s.io/v1',
      spec: { attachRequired: true, podInfoOnMount: false, fsGroupPolicy: 'ReadWriteOnceWithFSType', volumeLifecycleModes: ['Persistent'] },
    });
  });

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('CsiNodePlugin: every default can be overridden', () => {
  const manifests = synth((chart) => new CsiNodePlugin(chart, 'Hostpath', {
    driverName: 'hostpath.csi.k8s.io',
    image: 'registry.k8s.io/sig-storage/hostpathplugin:v1.17.0',
    name: 'csi-hostpathplugin',
    namespace: 'storage',
    args: ['--drivername=hostpath.csi.k8s.io', '--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(NODE_NAME)'],
    envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue('5') },
    kubeletDir: '/var/lib/k0s/kubelet/',
    resources: { cpuRequest: '20m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
    registrarImage: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.16.0',
    livenessProbeImage: 'registry.k8s.io/sig-storage/livenessprobe:v2.18.0',
    sidecarResources: { cpuRequest: '5m', memoryRequest: '16Mi', memoryLimit: '48Mi' },
    livenessProbePort: 9898,
    registrarHealthPort: 9899,
    rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
    attachRequired: false,
    podInfoOnMount: true,
    fsGroupPolicy: CsiFsGroupPolicy.FILE,
    volumeLifecycleModes: [CsiVolumeLifecycleMode.PERSISTENT, CsiVolumeLifecycleMode.EPHEMERAL],
    tolerations: AgentTolerations.controlPlane(),
    updateStrategy: AgentUpdateStrategy.rollingUpdate(),
    priorityClassName: 'storage-critical',
  }));
  const ds = find(manifests, 'DaemonSet', 'csi-hostpathplugin');
  const pod = podSpec(ds);

  test('overrides land in the manifests', () => {
    expect(kinds(manifests)[0]).toBe('Namespace storage');
    const driver = containerOf(ds, 'csi-driver');
    expect(driver.args).toEqual(['--drivername=hostpath.csi.k8s.io', '--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(NODE_NAME)']);
    expect(driver.env).toContainEqual({ name: 'LOG_LEVEL', value: '5' });
    expect(hostMounts(ds, driver).map((m) => `${m.hostPath}->${m.mountPath}`)).toEqual([
      '/var/lib/k0s/kubelet->/var/lib/k0s/kubelet', '/var/lib/k0s/kubelet/plugins/hostpath.csi.k8s.io/->/csi', '/dev->/dev',
    ]);
    expect(containerOf(ds, 'node-driver-registrar').env).toContainEqual({ name: 'DRIVER_REG_SOCK_PATH', value: '/var/lib/k0s/kubelet/plugins/hostpath.csi.k8s.io/csi.sock' });
    expect(containerOf(ds, 'node-driver-registrar').image).toBe('registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.16.0');
    expect(containerOf(ds, 'node-driver-registrar').args).toContain('--http-endpoint=0.0.0.0:9899');
    expect(containerOf(ds, 'liveness-probe').image).toBe('registry.k8s.io/sig-storage/livenessprobe:v2.18.0');
    expect(containerOf(ds, 'liveness-probe').args).toEqual(['--csi-address=/csi/csi.sock', '--health-port=9898']);
    expect(containerOf(ds, 'liveness-probe').resources).toEqual({ requests: { cpu: '5m', memory: '16Mi' }, limits: { memory: '48Mi' } });
    expect(driver.resources).toEqual({ requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(driver.livenessProbe.httpGet.port).toBe(9898);
    expect(pod.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(ds.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe(1);
    expect(pod.priorityClassName).toBe('storage-critical');
    expect(find(manifests, 'CSIDriver', 'hostpath.csi.k8s.io').spec).toEqual({
      attachRequired: false, podInfoOnMount: true, fsGroupPolicy: 'File', volumeLifecycleModes: ['Persistent', 'Ephemeral'],
    });
  });

  test('rules give a ClusterRole and a mounted token', () => {
    expect(ruleLines(manifests, 'csi-hostpathplugin')).toEqual(['core/nodes: get']);
    expect(pod.automountServiceAccountToken).toBe(true);
    expectNoWildcards(manifests);
  });

  test('createCsiDriver: false leaves the CSIDriver out', () => {
    const m = synth((chart) => new CsiNodePlugin(chart, 'X', { driverName: 'x.example.com', image: 'example.com/x:1.0.0', createCsiDriver: false }));
    expect(m.some((o) => o.kind === 'CSIDriver')).toBe(false);
  });
});

describe('CsiNodePlugin input checks', () => {
  test.each([
    ['', 'is empty'],
    ['a'.repeat(64), 'must have at most 63 characters (it has 64)'],
    ['bad_name', "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"],
  ])('driver name %j is rejected (ValidateCSIDriverName)', (name, message) => {
    expect(csiDriverNameProblem(name)).toContain(message);
    expect(() => synth((chart) => new CsiNodePlugin(chart, 'X', { driverName: name, image: 'example.com/x:1.0.0' }))).toThrow(`CsiNodePlugin: driverName "${name}"`);
  });

  test('upper-case driver names are accepted, as ValidateCSIDriverName lower-cases before checking', () => {
    expect(csiDriverNameProblem('Disk.CSI.Example.com')).toBeUndefined();
  });

  test('a relative kubeletDir is rejected', () => {
    expect(() => synth((chart) => new CsiNodePlugin(chart, 'X', { driverName: 'x.example.com', image: 'example.com/x:1.0.0', kubeletDir: 'var/lib/kubelet' })))
      .toThrow('CsiNodePlugin x.example.com: kubeletDir "var/lib/kubelet" must be an absolute path on the node');
  });

  test('wildcard rules are rejected with the rule and field named', () => {
    expect(() => synth((chart) => new CsiNodePlugin(chart, 'X', {
      driverName: 'x.example.com', image: 'example.com/x:1.0.0', rules: [{ apiGroups: ['*'], resources: ['nodes'], verbs: ['get'] }],
    }))).toThrow('ClusterRole x-csi-node: rules[0].apiGroups[0]: Forbidden: "*" grants every API group; list the ones the agent needs');
  });

  test('an untagged driver image fails synth through NodeAgent', () => {
    expect(synthError((chart) => new CsiNodePlugin(chart, 'X', { driverName: 'x.example.com', image: 'example.com/x' })))
      .toContain('image has no tag');
  });
});
