/**
 * The Cilium agent DaemonSet (non-privileged mode) as the Cilium 1.19.7 chart
 * renders it with default values.
 *
 * Upstream (agent-defaults.md §3): cilium/cilium install/kubernetes/cilium
 * 1.19.7 (read via giantswarm/cilium-app helm/cilium @7c5a1acf)
 * templates/cilium-agent/{daemonset,clusterrole,role}.yaml,
 * templates/cilium-configmap.yaml, values.yaml.
 */
import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { NodeAgent } from '../../agent/node-agent';
import { AgentResources } from '../../agent/resources';
import { AgentRole } from '../../agent/role';
import { AgentUpdateStrategy } from '../../agent/update-strategy';
import { agentServiceAccount } from '../common';
import { AgentPolicyRule, grantCluster, grantNamespaced } from '../rbac';
import { CniPresetInput, CniPresetResult, INIT_CONTAINER_RESOURCES, optionalFromConfigMap, setSeLinuxType } from './preset';

/** Cilium 1.19.7 agent image (helm/Makefile.values: quay.io/cilium/cilium). */
export const CILIUM_IMAGE = 'quay.io/cilium/cilium:v1.19.7';
/** values.yaml `resources` commented example: requests 100m / 512Mi, memory limit 4Gi (its 4000m CPU limit left out). */
export const CILIUM_RESOURCES: AgentResources = { cpuRequest: '100m', memoryRequest: '512Mi', memoryLimit: '4Gi' };
/** values.yaml `cni.resources` of install-cni-binaries: 100m / 10Mi, limits 1 CPU / 1Gi. */
export const CILIUM_INSTALL_CNI_RESOURCES: AgentResources = { cpuRequest: '100m', memoryRequest: '10Mi', memoryLimit: '1Gi', cpuLimit: '1' };
/** values.yaml `ipam.operator.clusterPoolIPv4PodCIDRList`. */
export const CILIUM_DEFAULT_POD_CIDR = '10.0.0.0/8';
/** values.yaml `healthPort`. */
export const CILIUM_HEALTH_PORT = 9879;
/** values.yaml `hubble.peerService.targetPort` (hubble.enabled defaults to true). */
export const CILIUM_HUBBLE_PEER_PORT = 4244;
/** values.yaml `agentNotReadyTaintKey`. */
export const CILIUM_AGENT_NOT_READY_TAINT = 'node.cilium.io/agent-not-ready';

/** templates/cilium-agent/daemonset.yaml: capabilities of the agent in non-privileged mode. */
export const CILIUM_AGENT_CAPABILITIES = [
  'CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_MODULE', 'SYS_ADMIN',
  'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'SYSLOG',
];

/** templates/cilium-agent/clusterrole.yaml (defaults) and role.yaml. */
export const CILIUM_CLUSTER_RULES: AgentPolicyRule[] = [
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['namespaces', 'services', 'pods', 'endpoints', 'nodes'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['list', 'watch', 'get'] },
  {
    apiGroups: ['cilium.io'],
    resources: [
      'ciliumloadbalancerippools', 'ciliumbgppeeringpolicies', 'ciliumbgpnodeconfigs', 'ciliumbgpadvertisements',
      'ciliumbgppeerconfigs', 'ciliumclusterwideenvoyconfigs', 'ciliumclusterwidenetworkpolicies',
      'ciliumegressgatewaypolicies', 'ciliumendpoints', 'ciliumendpointslices', 'ciliumenvoyconfigs',
      'ciliumidentities', 'ciliumlocalredirectpolicies', 'ciliumnetworkpolicies', 'ciliumnodes', 'ciliumnodeconfigs',
      'ciliumcidrgroups', 'ciliuml2announcementpolicies', 'ciliumpodippools',
    ],
    verbs: ['list', 'watch'],
  },
  { apiGroups: ['cilium.io'], resources: ['ciliumidentities', 'ciliumendpoints', 'ciliumnodes'], verbs: ['create'] },
  { apiGroups: ['cilium.io'], resources: ['ciliumidentities'], verbs: ['update'] },
  { apiGroups: ['cilium.io'], resources: ['ciliumendpoints'], verbs: ['delete', 'get'] },
  { apiGroups: ['cilium.io'], resources: ['ciliumnodes', 'ciliumnodes/status'], verbs: ['get', 'update'] },
  {
    apiGroups: ['cilium.io'],
    resources: ['ciliumendpoints/status', 'ciliumendpoints', 'ciliuml2announcementpolicies/status', 'ciliumbgpnodeconfigs/status'],
    verbs: ['patch'],
  },
];
/** templates/cilium-agent/role.yaml `cilium-config-agent`. */
export const CILIUM_NAMESPACE_RULES: AgentPolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
];

/** templates/cilium-configmap.yaml rendered with default values (the keys the agent needs). */
function ciliumConfig(podCidr: string): { [key: string]: string } {
  return {
    'identity-allocation-mode': 'crd',
    'debug': 'false',
    'enable-policy': 'default',
    'enable-ipv4': 'true',
    'enable-ipv6': 'false',
    'cluster-name': 'default',
    'cluster-id': '0',
    'routing-mode': 'tunnel',
    'tunnel-protocol': 'vxlan',
    'enable-l7-proxy': 'true',
    // No cilium-envoy DaemonSet here: the agent runs the proxy itself.
    'external-envoy-proxy': 'false',
    'kube-proxy-replacement': 'false',
    'write-cni-conf-when-ready': '/host/etc/cni/net.d/05-cilium.conflist',
    'cni-exclusive': 'true',
    'cni-log-file': '/var/run/cilium/cilium-cni.log',
    'enable-health-checking': 'true',
    'enable-endpoint-health-checking': 'true',
    'enable-hubble': 'true',
    'hubble-listen-address': `:${CILIUM_HUBBLE_PEER_PORT}`,
    'ipam': 'cluster-pool',
    'cluster-pool-ipv4-cidr': podCidr,
    'cluster-pool-ipv4-mask-size': '24',
    'agent-not-ready-taint-key': CILIUM_AGENT_NOT_READY_TAINT,
  };
}

const caps = (...names: string[]) => names.map((n) => n as kplus.Capability);

/** Why the agent and its init containers keep a writable root filesystem (the `no-read-only-root-fs` lint). */
const CILIUM_WRITABLE_ROOT_REASON = 'upstream keeps it writable: the Cilium 1.19.7 chart sets readOnlyRootFilesystem for the operator, '
  + 'hubble-relay and hubble-ui, not for the agent or its init containers (templates/cilium-agent/daemonset.yaml)';

export function buildCilium(input: CniPresetInput): CniPresetResult {
  const { owner } = input;
  const name = input.name;
  const namespace = input.namespace ?? 'kube-system';
  const image = input.image ?? CILIUM_IMAGE;
  const labels = input.labels;

  const serviceAccount = agentServiceAccount(owner, name, namespace, labels, true);
  const clusterRole = grantCluster(owner, 'ClusterRole', { name, labels }, CILIUM_CLUSTER_RULES, serviceAccount);
  grantNamespaced(owner, 'ConfigRole', { name: 'cilium-config-agent', namespace, labels }, CILIUM_NAMESPACE_RULES, serviceAccount);
  const configMap = new kplus.ConfigMap(owner, 'ConfigMap', {
    metadata: { name: 'cilium-config', namespace, labels },
    data: { ...ciliumConfig(input.podCidr ?? CILIUM_DEFAULT_POD_CIDR), ...input.config },
  });

  const unconfined = { type: kplus.SeccompProfileType.UNCONFINED };
  const probe = (options: kplus.HttpGetProbeOptions) => kplus.Probe.fromHttpGet('/healthz', { host: '127.0.0.1', port: CILIUM_HEALTH_PORT, ...options });
  const apparmor = (container: string) => `container.apparmor.security.beta.kubernetes.io/${container}`;

  const agent = new NodeAgent(owner, 'Agent', {
    name,
    namespace,
    role: AgentRole.CNI,
    image,
    resources: input.resources ?? CILIUM_RESOURCES,
    containerName: 'cilium-agent',
    command: ['cilium-agent'],
    args: ['--config-dir=/tmp/cilium/config-map'],
    exposeNodeName: false,
    envVariables: {
      K8S_NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
      CILIUM_K8S_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
      CILIUM_CLUSTERMESH_CONFIG: kplus.EnvValue.fromValue('/var/lib/cilium/clustermesh/'),
      GOMEMLIMIT: kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.MEMORY_LIMIT, { divisor: '1' }),
    },
    ports: [
      { name: 'health', number: CILIUM_HEALTH_PORT, hostPort: CILIUM_HEALTH_PORT, protocol: kplus.Protocol.TCP },
      { name: 'peer-service', number: CILIUM_HUBBLE_PEER_PORT, hostPort: CILIUM_HUBBLE_PEER_PORT, protocol: kplus.Protocol.TCP },
    ],
    hostNetwork: true,
    securityContext: {
      ensureNonRoot: false,
      readOnlyRootFilesystem: false,
      capabilities: { add: caps(...CILIUM_AGENT_CAPABILITIES), drop: [kplus.Capability.ALL] },
      seccompProfile: unconfined,
    },
    startup: probe({ failureThreshold: 300, periodSeconds: Duration.seconds(2), successThreshold: 1, initialDelaySeconds: Duration.seconds(5) }),
    liveness: probe({ periodSeconds: Duration.seconds(30), successThreshold: 1, failureThreshold: 10, timeoutSeconds: Duration.seconds(5) }),
    readiness: probe({ periodSeconds: Duration.seconds(30), successThreshold: 1, failureThreshold: 3, timeoutSeconds: Duration.seconds(5) }),
    tolerations: input.tolerations,
    updateStrategy: input.updateStrategy ?? AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(2) }),
    priorityClassName: input.priorityClassName,
    nodeSelector: input.nodeSelector,
    serviceAccount,
    terminationGracePeriod: input.terminationGracePeriod ?? Duration.seconds(1),
    labels: input.labels,
    podAnnotations: {
      'kubectl.kubernetes.io/default-container': 'cilium-agent',
      // Kubernetes < 1.30: AppArmor through annotations.
      [apparmor('cilium-agent')]: 'unconfined',
      [apparmor('clean-cilium-state')]: 'unconfined',
      [apparmor('mount-cgroup')]: 'unconfined',
      [apparmor('apply-sysctl-overwrites')]: 'unconfined',
      ...input.podAnnotations,
    },
    hostMounts: [
      { hostPath: '/var/run/cilium', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'cilium-run' },
      { hostPath: '/var/run/netns', mountPath: '/var/run/cilium/netns', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, propagation: kplus.MountPropagation.HOST_TO_CONTAINER, volumeName: 'cilium-netns' },
      { hostPath: '/sys/fs/bpf', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, propagation: kplus.MountPropagation.HOST_TO_CONTAINER, volumeName: 'bpf-maps' },
      { hostPath: '/etc/cni/net.d', mountPath: '/host/etc/cni/net.d', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'etc-cni-netd' },
      { hostPath: '/lib/modules', readOnly: true, volumeName: 'lib-modules' },
      { hostPath: '/run/xtables.lock', type: kplus.HostPathVolumeType.FILE_OR_CREATE, readOnly: false, volumeName: 'xtables-lock' },
      { hostPath: '/proc/sys/net', mountPath: '/host/proc/sys/net', type: kplus.HostPathVolumeType.DIRECTORY, readOnly: false, volumeName: 'host-proc-sys-net' },
      { hostPath: '/proc/sys/kernel', mountPath: '/host/proc/sys/kernel', type: kplus.HostPathVolumeType.DIRECTORY, readOnly: false, volumeName: 'host-proc-sys-kernel' },
    ],
  });
  setSeLinuxType(agent, agent.container, 'spc_t');
  const tmp = kplus.Volume.fromEmptyDir(owner, 'TmpVolume', 'tmp');
  agent.container.mount('/tmp', tmp);

  // The liveness probe must not fail while the apiserver is unreachable;
  // cdk8s-plus probes carry no headers, so they are patched in.
  const dsObject = ApiObject.of(agent.daemonSet);
  const brief = { name: 'brief', value: 'true' };
  dsObject.addJsonPatch(
    JsonPatch.add('/spec/template/spec/containers/0/startupProbe/httpGet/httpHeaders', [brief]),
    JsonPatch.add('/spec/template/spec/containers/0/livenessProbe/httpGet/httpHeaders', [brief, { name: 'require-k8s-connectivity', value: 'false' }]),
    JsonPatch.add('/spec/template/spec/containers/0/readinessProbe/httpGet/httpHeaders', [brief]),
  );

  const rootCaps = (...add: string[]): kplus.ContainerSecurityContextProps => ({
    ensureNonRoot: false,
    readOnlyRootFilesystem: false,
    capabilities: { add: caps(...add), drop: [kplus.Capability.ALL] },
    seccompProfile: unconfined,
  });
  const hostproc = { hostPath: '/proc', mountPath: '/hostproc', type: kplus.HostPathVolumeType.DIRECTORY, readOnly: false, volumeName: 'hostproc' };
  const cniPath = (mountPath: string) => ({ hostPath: '/opt/cni/bin', mountPath, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'cni-path' });

  const config = agent.addInitContainer({
    name: 'config',
    image,
    resources: INIT_CONTAINER_RESOURCES,
    command: ['cilium-dbg', 'build-config'],
    envVariables: {
      K8S_NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
      CILIUM_K8S_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
    },
    securityContext: rootCaps('NET_ADMIN'),
  });
  config.mount('/tmp', tmp);

  const mountCgroup = agent.addInitContainer({
    name: 'mount-cgroup',
    image,
    resources: INIT_CONTAINER_RESOURCES,
    command: ['sh', '-ec', [
      'cp /usr/bin/cilium-mount /hostbin/cilium-mount;',
      'nsenter --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-mount" $CGROUP_ROOT;',
      'rm /hostbin/cilium-mount',
    ].join('\n')],
    envVariables: {
      CGROUP_ROOT: kplus.EnvValue.fromValue('/run/cilium/cgroupv2'),
      BIN_PATH: kplus.EnvValue.fromValue('/opt/cni/bin'),
    },
    securityContext: rootCaps('SYS_ADMIN', 'SYS_CHROOT', 'SYS_PTRACE'),
    hostMounts: [hostproc, cniPath('/hostbin')],
  });
  setSeLinuxType(agent, mountCgroup, 'spc_t');

  const sysctl = agent.addInitContainer({
    name: 'apply-sysctl-overwrites',
    image,
    resources: INIT_CONTAINER_RESOURCES,
    command: ['sh', '-ec', [
      'cp /usr/bin/cilium-sysctlfix /hostbin/cilium-sysctlfix;',
      'nsenter --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-sysctlfix";',
      'rm /hostbin/cilium-sysctlfix',
    ].join('\n')],
    envVariables: { BIN_PATH: kplus.EnvValue.fromValue('/opt/cni/bin') },
    securityContext: rootCaps('SYS_ADMIN', 'SYS_CHROOT', 'SYS_PTRACE'),
    hostMounts: [hostproc, cniPath('/hostbin')],
  });
  setSeLinuxType(agent, sysctl, 'spc_t');

  // Bidirectional propagation only works from a privileged container.
  agent.addInitContainer({
    name: 'mount-bpf-fs',
    image,
    resources: INIT_CONTAINER_RESOURCES,
    command: ['/bin/bash', '-c', '--'],
    args: ['mount | grep "/sys/fs/bpf type bpf" || mount -t bpf bpf /sys/fs/bpf'],
    securityContext: { privileged: true, ensureNonRoot: false, readOnlyRootFilesystem: false },
    hostMounts: [{ hostPath: '/sys/fs/bpf', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, propagation: kplus.MountPropagation.BIDIRECTIONAL, volumeName: 'bpf-maps' }],
  });

  const clean = agent.addInitContainer({
    name: 'clean-cilium-state',
    image,
    resources: INIT_CONTAINER_RESOURCES,
    command: ['/init-container.sh'],
    envVariables: {
      CILIUM_ALL_STATE: optionalFromConfigMap(configMap, 'clean-cilium-state'),
      CILIUM_BPF_STATE: optionalFromConfigMap(configMap, 'clean-cilium-bpf-state'),
      WRITE_CNI_CONF_WHEN_READY: optionalFromConfigMap(configMap, 'write-cni-conf-when-ready'),
    },
    securityContext: rootCaps('NET_ADMIN', 'SYS_MODULE', 'SYS_ADMIN', 'SYS_RESOURCE'),
    hostMounts: [
      { hostPath: '/sys/fs/bpf', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'bpf-maps' },
      { hostPath: '/run/cilium/cgroupv2', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, propagation: kplus.MountPropagation.HOST_TO_CONTAINER, volumeName: 'cilium-cgroup' },
      { hostPath: '/var/run/cilium', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'cilium-run' },
    ],
  });
  setSeLinuxType(agent, clean, 'spc_t');

  const installCni = agent.addInitContainer({
    name: 'install-cni-binaries',
    image,
    resources: CILIUM_INSTALL_CNI_RESOURCES,
    command: ['/install-plugin.sh'],
    securityContext: {
      ensureNonRoot: false,
      readOnlyRootFilesystem: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: unconfined,
    },
    hostMounts: [cniPath('/host/opt/cni/bin')],
  });
  setSeLinuxType(agent, installCni, 'spc_t');

  agent.ignoreLint('no-read-only-root-fs', CILIUM_WRITABLE_ROOT_REASON, [
    'config', 'mount-cgroup', 'apply-sysctl-overwrites', 'mount-bpf-fs', 'clean-cilium-state', 'install-cni-binaries', 'cilium-agent',
  ]);

  return { agent, serviceAccount, configMap, clusterRoles: [clusterRole], rules: CILIUM_CLUSTER_RULES };
}
