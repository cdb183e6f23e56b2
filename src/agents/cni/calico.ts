/**
 * calico-node as projectcalico/calico manifests/calico.yaml v3.32.1 ships it
 * (Kubernetes datastore, BIRD networking).
 *
 * Upstream (agent-defaults.md §4): projectcalico/calico manifests/calico.yaml
 * @v3.32.1 (generated from calico/templates/calico-node.yaml,
 * calico-node-rbac.yaml, calico-config.yaml).
 */
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { NodeAgent } from '../../agent/node-agent';
import { AgentResources } from '../../agent/resources';
import { AgentRole } from '../../agent/role';
import { AgentUpdateStrategy } from '../../agent/update-strategy';
import { agentServiceAccount } from '../common';
import { AgentPolicyRule, grantCluster } from '../rbac';
import { CniPresetInput, CniPresetResult, INIT_CONTAINER_RESOURCES } from './preset';

/** manifests/calico.yaml v3.32.1 images. */
export const CALICO_NODE_IMAGE = 'quay.io/calico/node:v3.32.1';
export const CALICO_CNI_IMAGE = 'quay.io/calico/cni:v3.32.1';
/**
 * manifests/calico.yaml requests cpu 250m and nothing else; the memory
 * request and limit are this library's (NodeAgent requires both).
 */
export const CALICO_RESOURCES: AgentResources = { cpuRequest: '250m', memoryRequest: '256Mi', memoryLimit: '1Gi' };

const CALICO_GROUPS = ['projectcalico.org', 'crd.projectcalico.org'];

/** ClusterRole `calico-node` (manifests/calico.yaml, calico-node-rbac.yaml). */
export const CALICO_NODE_RULES: AgentPolicyRule[] = [
  { apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['calico-cni-plugin'], verbs: ['create'] },
  { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['watch', 'list'] },
  { apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['watch', 'list', 'get'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
  { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch', 'update'] },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['watch', 'list'] },
  { apiGroups: ['policy.networking.k8s.io'], resources: ['clusternetworkpolicies'], verbs: ['watch', 'list'] },
  { apiGroups: [''], resources: ['pods', 'namespaces', 'serviceaccounts'], verbs: ['list', 'watch'] },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] },
  {
    apiGroups: CALICO_GROUPS,
    resources: [
      'globalfelixconfigs', 'globalbgpconfigs', 'felixconfigurations', 'bgppeers', 'bgpfilters', 'bgpconfigurations',
      'ippools', 'ipreservations', 'ipamblocks', 'globalnetworkpolicies', 'stagedglobalnetworkpolicies',
      'networkpolicies', 'stagednetworkpolicies', 'stagedkubernetesnetworkpolicies', 'globalnetworksets',
      'networksets', 'clusterinformations', 'hostendpoints', 'blockaffinities', 'caliconodestatuses', 'tiers',
    ],
    verbs: ['get', 'list', 'watch'],
  },
  { apiGroups: CALICO_GROUPS, resources: ['tiers'], verbs: ['create'] },
  { apiGroups: CALICO_GROUPS, resources: ['ippools', 'felixconfigurations', 'bgpconfigurations', 'clusterinformations'], verbs: ['create', 'update'] },
  { apiGroups: CALICO_GROUPS, resources: ['caliconodestatuses'], verbs: ['update'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: CALICO_GROUPS, resources: ['bgpconfigurations', 'bgppeers'], verbs: ['create', 'update'] },
  { apiGroups: CALICO_GROUPS, resources: ['blockaffinities', 'ipamblocks', 'ipamhandles'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
  { apiGroups: CALICO_GROUPS, resources: ['ipamconfigurations', 'ipamconfigs'], verbs: ['get', 'create'] },
  { apiGroups: CALICO_GROUPS, resources: ['blockaffinities'], verbs: ['watch'] },
  { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get'] },
  { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstancemigrations'], verbs: ['get', 'list', 'watch'] },
];

/** ClusterRole `calico-cni-plugin`, for the tokens calico-node mints for the CNI plugin. */
export const CALICO_CNI_PLUGIN_RULES: AgentPolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get'] },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] },
  {
    apiGroups: CALICO_GROUPS,
    resources: ['blockaffinities', 'ipamblocks', 'ipamhandles', 'clusterinformations', 'ippools', 'ipreservations', 'ipamconfigurations', 'ipamconfigs'],
    verbs: ['get', 'list', 'create', 'update', 'delete'],
  },
  { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances', 'virtualmachines'], verbs: ['get'] },
];

/** ConfigMap `calico-config` (manifests/calico.yaml). */
function calicoConfig(): { [key: string]: string } {
  const cniNetworkConfig = {
    name: 'k8s-pod-network',
    cniVersion: '0.3.1',
    plugins: [
      {
        type: 'calico',
        log_level: 'info',
        log_file_path: '/var/log/calico/cni/cni.log',
        datastore_type: 'kubernetes',
        nodename: '__KUBERNETES_NODE_NAME__',
        mtu: '__CNI_MTU__',
        ipam: { type: 'calico-ipam' },
        policy: { type: 'k8s' },
        kubernetes: { kubeconfig: '__KUBECONFIG_FILEPATH__' },
      },
      { type: 'portmap', snat: true, capabilities: { portMappings: true } },
    ],
  };
  return {
    typha_service_name: 'none',
    calico_backend: 'bird',
    veth_mtu: '0',
    cni_network_config: JSON.stringify(cniNetworkConfig, null, 2),
  };
}

export function buildCalico(input: CniPresetInput): CniPresetResult {
  const { owner, labels } = input;
  const name = input.name;
  const namespace = input.namespace ?? 'kube-system';

  const serviceAccount = agentServiceAccount(owner, name, namespace, labels, true);
  const cniPluginAccount = new kplus.ServiceAccount(owner, 'CniPluginServiceAccount', {
    metadata: { name: 'calico-cni-plugin', namespace, labels },
    automountToken: false,
  });
  const nodeRole = grantCluster(owner, 'ClusterRole', { name, labels }, CALICO_NODE_RULES, serviceAccount);
  const cniRole = grantCluster(owner, 'CniPluginClusterRole', { name: 'calico-cni-plugin', labels }, CALICO_CNI_PLUGIN_RULES, cniPluginAccount);
  const configMap = new kplus.ConfigMap(owner, 'ConfigMap', {
    metadata: { name: 'calico-config', namespace, labels },
    data: { ...calicoConfig(), ...input.config },
  });
  const fromConfig = (key: string) => kplus.EnvValue.fromConfigMap(configMap, key);
  const nodeName = kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME);
  const value = kplus.EnvValue.fromValue;
  const privileged: kplus.ContainerSecurityContextProps = { privileged: true, ensureNonRoot: false, readOnlyRootFilesystem: false };
  const cniBin = { hostPath: '/opt/cni/bin', mountPath: '/host/opt/cni/bin', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'cni-bin-dir' };
  const cniNet = { hostPath: '/etc/cni/net.d', mountPath: '/host/etc/cni/net.d', readOnly: false, volumeName: 'cni-net-dir' };
  const varRunCalico = { hostPath: '/var/run/calico', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'var-run-calico' };

  const agent = new NodeAgent(owner, 'Agent', {
    name,
    namespace,
    role: AgentRole.CNI,
    image: input.image ?? CALICO_NODE_IMAGE,
    resources: input.resources ?? CALICO_RESOURCES,
    containerName: 'calico-node',
    exposeNodeName: false,
    envVariables: {
      DATASTORE_TYPE: value('kubernetes'),
      WAIT_FOR_DATASTORE: value('true'),
      NODENAME: nodeName,
      CALICO_NETWORKING_BACKEND: fromConfig('calico_backend'),
      CLUSTER_TYPE: value('k8s,bgp'),
      IP: value('autodetect'),
      CALICO_IPV4POOL_IPIP: value('Always'),
      CALICO_IPV4POOL_VXLAN: value('Never'),
      CALICO_IPV6POOL_VXLAN: value('Never'),
      FELIX_IPINIPMTU: fromConfig('veth_mtu'),
      FELIX_VXLANMTU: fromConfig('veth_mtu'),
      FELIX_WIREGUARDMTU: fromConfig('veth_mtu'),
      ...(input.podCidr ? { CALICO_IPV4POOL_CIDR: value(input.podCidr) } : {}),
      CALICO_DISABLE_FILE_LOGGING: value('true'),
      FELIX_DEFAULTENDPOINTTOHOSTACTION: value('ACCEPT'),
      FELIX_IPV6SUPPORT: value('false'),
      FELIX_HEALTHENABLED: value('true'),
    },
    hostNetwork: true,
    securityContext: privileged,
    liveness: kplus.Probe.fromCommand(['/bin/calico-node', '-felix-live', '-bird-live'], {
      periodSeconds: Duration.seconds(10), initialDelaySeconds: Duration.seconds(10), failureThreshold: 6, timeoutSeconds: Duration.seconds(10),
    }),
    readiness: kplus.Probe.fromCommand(['/bin/calico-node', '-felix-ready', '-bird-ready'], {
      periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(10),
    }),
    tolerations: input.tolerations,
    updateStrategy: input.updateStrategy ?? AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(1) }),
    priorityClassName: input.priorityClassName,
    nodeSelector: input.nodeSelector,
    serviceAccount,
    // manifests/calico.yaml: force-delete on rollout.
    terminationGracePeriod: input.terminationGracePeriod ?? Duration.seconds(0),
    labels: input.labels,
    podAnnotations: input.podAnnotations,
    hostMounts: [
      { ...cniNet },
      { hostPath: '/lib/modules', readOnly: true, volumeName: 'lib-modules' },
      { hostPath: '/run/xtables.lock', type: kplus.HostPathVolumeType.FILE_OR_CREATE, readOnly: false, volumeName: 'xtables-lock' },
      varRunCalico,
      { hostPath: '/var/lib/calico', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'var-lib-calico' },
      { hostPath: '/var/run/nodeagent', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'policysync' },
      { hostPath: '/sys/fs/bpf', type: kplus.HostPathVolumeType.DIRECTORY, readOnly: false, volumeName: 'bpffs' },
      { hostPath: '/var/log/calico/cni', readOnly: true, volumeName: 'cni-log-dir' },
    ],
  });

  agent.addInitContainer({
    name: 'upgrade-ipam',
    image: CALICO_CNI_IMAGE,
    resources: INIT_CONTAINER_RESOURCES,
    command: ['/opt/cni/bin/calico-ipam', '-upgrade'],
    envVariables: { KUBERNETES_NODE_NAME: nodeName, CALICO_NETWORKING_BACKEND: fromConfig('calico_backend') },
    securityContext: privileged,
    hostMounts: [
      { hostPath: '/var/lib/cni/networks', readOnly: false, volumeName: 'host-local-net-dir' },
      cniBin,
    ],
  });
  agent.addInitContainer({
    name: 'install-cni',
    image: CALICO_CNI_IMAGE,
    resources: INIT_CONTAINER_RESOURCES,
    command: ['/opt/cni/bin/install'],
    envVariables: {
      CNI_CONF_NAME: value('10-calico.conflist'),
      CNI_NETWORK_CONFIG: fromConfig('cni_network_config'),
      KUBERNETES_NODE_NAME: nodeName,
      CNI_MTU: fromConfig('veth_mtu'),
      SLEEP: value('false'),
    },
    securityContext: privileged,
    hostMounts: [cniBin, cniNet],
  });
  agent.addInitContainer({
    name: 'ebpf-bootstrap',
    image: input.image ?? CALICO_NODE_IMAGE,
    resources: INIT_CONTAINER_RESOURCES,
    command: ['calico-node', '-init', '-best-effort'],
    securityContext: privileged,
    hostMounts: [
      { hostPath: '/sys/fs/', mountPath: '/sys/fs', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, propagation: kplus.MountPropagation.BIDIRECTIONAL, volumeName: 'sys-fs' },
      { ...varRunCalico, propagation: kplus.MountPropagation.BIDIRECTIONAL },
      { hostPath: '/proc', mountPath: '/nodeproc', readOnly: true, volumeName: 'nodeproc' },
    ],
  });

  agent.ignoreLint('no-read-only-root-fs', 'upstream keeps it writable: manifests/calico.yaml v3.32.1 sets only privileged: true on calico-node and its init containers',
    ['upgrade-ipam', 'install-cni', 'ebpf-bootstrap', 'calico-node']);

  return { agent, serviceAccount, configMap, clusterRoles: [nodeRole, cniRole], rules: CALICO_NODE_RULES };
}
