/**
 * kube-flannel as flannel-io/flannel Documentation/kube-flannel.yml v0.28.9
 * ships it (kube subnet manager, VXLAN backend).
 *
 * Upstream (agent-defaults.md §5): flannel-io/flannel
 * Documentation/kube-flannel.yml and chart/kube-flannel/{values.yaml,
 * templates/daemonset.yaml} v0.28.9.
 */
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { NodeAgent } from '../../agent/node-agent';
import { AgentResources } from '../../agent/resources';
import { AgentRole } from '../../agent/role';
import { agentServiceAccount } from '../common';
import { AgentPolicyRule, grantCluster } from '../rbac';
import { CniPresetInput, CniPresetResult, INIT_CONTAINER_RESOURCES } from './preset';

/** Documentation/kube-flannel.yml v0.28.9 images. */
export const FLANNEL_IMAGE = 'ghcr.io/flannel-io/flannel:v0.28.9';
export const FLANNEL_CNI_PLUGIN_IMAGE = 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3';
/**
 * kube-flannel.yml requests 100m / 50Mi and sets no limit; the memory limit
 * is this library's (NodeAgent requires one).
 */
export const FLANNEL_RESOURCES: AgentResources = { cpuRequest: '100m', memoryRequest: '50Mi', memoryLimit: '256Mi' };
/** kube-flannel.yml `net-conf.json` `Network`. */
export const FLANNEL_DEFAULT_POD_CIDR = '10.244.0.0/16';
/** kube-flannel.yml `--healthz-port`. */
export const FLANNEL_HEALTHZ_PORT = 8081;

/** ClusterRole `flannel` (kube-flannel.yml). */
export const FLANNEL_RULES: AgentPolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
];

/** ConfigMap `kube-flannel-cfg` (kube-flannel.yml). */
function flannelConfig(podCidr: string): { [key: string]: string } {
  const cniConf = {
    name: 'cbr0',
    cniVersion: '0.3.1',
    plugins: [
      { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  const netConf = { Network: podCidr, EnableNFTables: false, Backend: { Type: 'vxlan' } };
  return {
    'cni-conf.json': JSON.stringify(cniConf, null, 2),
    'net-conf.json': JSON.stringify(netConf, null, 2),
  };
}

export function buildFlannel(input: CniPresetInput): CniPresetResult {
  const { owner, labels } = input;
  const name = input.name;
  const namespace = input.namespace ?? 'kube-flannel';
  const image = input.image ?? FLANNEL_IMAGE;

  // kube-flannel.yml: ServiceAccount `flannel`.
  const serviceAccount = agentServiceAccount(owner, 'flannel', namespace, labels, true);
  const clusterRole = grantCluster(owner, 'ClusterRole', { name: 'flannel', labels }, FLANNEL_RULES, serviceAccount);
  const configMap = new kplus.ConfigMap(owner, 'ConfigMap', {
    metadata: { name: 'kube-flannel-cfg', namespace, labels },
    data: { ...flannelConfig(input.podCidr ?? FLANNEL_DEFAULT_POD_CIDR), ...input.config },
  });
  const flannelCfg = kplus.Volume.fromConfigMap(owner, 'ConfigVolume', configMap, { name: 'flannel-cfg' });
  // kube-flannel.yml: privileged false, NET_ADMIN and NET_RAW added, root.
  const security: kplus.ContainerSecurityContextProps = {
    ensureNonRoot: false,
    readOnlyRootFilesystem: false,
    capabilities: { add: [kplus.Capability.NET_ADMIN, kplus.Capability.NET_RAW] },
  };
  // The init containers only copy into host directories: their own root filesystem stays read-only.
  const rootInit: kplus.ContainerSecurityContextProps = { ensureNonRoot: false, readOnlyRootFilesystem: true };

  const agent = new NodeAgent(owner, 'Agent', {
    name,
    namespace,
    role: AgentRole.CNI,
    image,
    resources: input.resources ?? FLANNEL_RESOURCES,
    containerName: 'kube-flannel',
    command: ['/opt/bin/flanneld'],
    args: ['--ip-masq', '--kube-subnet-mgr', `--healthz-port=${FLANNEL_HEALTHZ_PORT}`],
    exposeNodeName: false,
    envVariables: {
      POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
      POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
      EVENT_QUEUE_DEPTH: kplus.EnvValue.fromValue('5000'),
      CONT_WHEN_CACHE_NOT_READY: kplus.EnvValue.fromValue('false'),
    },
    ports: [{ name: 'healthz', number: FLANNEL_HEALTHZ_PORT, protocol: kplus.Protocol.TCP }],
    hostNetwork: true,
    securityContext: security,
    liveness: kplus.Probe.fromHttpGet('/healthz', { port: FLANNEL_HEALTHZ_PORT, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(30) }),
    readiness: kplus.Probe.fromHttpGet('/readyz', { port: FLANNEL_HEALTHZ_PORT, initialDelaySeconds: Duration.seconds(5), periodSeconds: Duration.seconds(10) }),
    tolerations: input.tolerations,
    updateStrategy: input.updateStrategy,
    priorityClassName: input.priorityClassName,
    nodeSelector: input.nodeSelector,
    serviceAccount,
    terminationGracePeriod: input.terminationGracePeriod,
    labels: input.labels,
    podAnnotations: input.podAnnotations,
    hostMounts: [
      { hostPath: '/run/flannel', readOnly: false, volumeName: 'run' },
      { hostPath: '/run/xtables.lock', type: kplus.HostPathVolumeType.FILE_OR_CREATE, readOnly: false, volumeName: 'xtables-lock' },
    ],
  });
  agent.container.mount('/etc/kube-flannel/', flannelCfg);

  agent.addInitContainer({
    name: 'install-cni-plugin',
    image: FLANNEL_CNI_PLUGIN_IMAGE,
    resources: INIT_CONTAINER_RESOURCES,
    command: ['cp'],
    args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
    securityContext: rootInit,
    hostMounts: [{ hostPath: '/opt/cni/bin', readOnly: false, volumeName: 'cni-plugin' }],
  });
  const installCni = agent.addInitContainer({
    name: 'install-cni',
    image,
    resources: INIT_CONTAINER_RESOURCES,
    command: ['/opt/bin/install-conf'],
    args: ['/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'],
    securityContext: rootInit,
    hostMounts: [{ hostPath: '/etc/cni/net.d', readOnly: false, volumeName: 'cni' }],
  });
  installCni.mount('/etc/kube-flannel/', flannelCfg);
  agent.ignoreLint('no-read-only-root-fs', 'upstream keeps it writable: Documentation/kube-flannel.yml v0.28.9 sets only privileged: false '
    + 'and capabilities NET_ADMIN, NET_RAW on kube-flannel', ['kube-flannel']);

  return { agent, serviceAccount, configMap, clusterRoles: [clusterRole], rules: FLANNEL_RULES };
}
