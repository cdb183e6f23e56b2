/**
 * CniAgent: the node agent of a CNI plugin (Cilium, Calico or Flannel) as
 * its upstream manifest or chart ships it.
 *
 * Upstream (agent-defaults.md §3-§5): cilium/cilium install/kubernetes/cilium
 * 1.19.7; projectcalico/calico manifests/calico.yaml v3.32.1; flannel-io/flannel
 * Documentation/kube-flannel.yml v0.28.9. Each preset module names its files.
 */
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NodeAgent } from '../agent/node-agent';
import { AgentResources } from '../agent/resources';
import { AgentRole } from '../agent/role';
import { AgentTolerations } from '../agent/tolerations';
import { AgentUpdateStrategy } from '../agent/update-strategy';
import { buildCalico } from './cni/calico';
import { buildCilium } from './cni/cilium';
import { buildFlannel } from './cni/flannel';
import { CniPresetResult } from './cni/preset';
import { addConfigChecksum, AgentCommonProps, applyNodeAffinity, companionLabels, joinNamespace } from './common';
import { AgentNamespace } from './namespace';
import { AgentPolicyRule } from './rbac';

/**
 * Which CNI plugin's node agent to run.
 */
export enum CniPreset {
  /** Cilium agent 1.19.7, non-privileged mode with the exact capabilities (chart defaults). */
  CILIUM = 'cilium',
  /** calico-node v3.32.1, privileged, Kubernetes datastore with BIRD (manifests/calico.yaml). */
  CALICO = 'calico',
  /** kube-flannel v0.28.9 with NET_ADMIN and NET_RAW, VXLAN (Documentation/kube-flannel.yml). */
  FLANNEL = 'flannel',
}

/** The DaemonSet name each upstream uses. */
const DEFAULT_NAMES: { readonly [preset: string]: string } = {
  [CniPreset.CILIUM]: 'cilium',
  [CniPreset.CALICO]: 'calico-node',
  [CniPreset.FLANNEL]: 'kube-flannel-ds',
};

/**
 * Properties of a `CniAgent`.
 */
export interface CniAgentProps extends AgentCommonProps {
  /**
   * The CNI plugin.
   *
   * @default CniPreset.CILIUM
   */
  readonly preset?: CniPreset;

  /**
   * Name of the DaemonSet.
   *
   * @default - `cilium` (chart value `name`), `calico-node` (manifests/calico.yaml), `kube-flannel-ds` (kube-flannel.yml)
   */
  readonly name?: string;

  /**
   * Namespace of the agent.
   *
   * @default - `kube-system` for Cilium and Calico (their install namespace, not created); `kube-flannel` for Flannel (kube-flannel.yml)
   */
  readonly namespace?: string;

  /**
   * Image of the main container.
   *
   * @default - `quay.io/cilium/cilium:v1.19.7`, `quay.io/calico/node:v3.32.1`, `ghcr.io/flannel-io/flannel:v0.28.9`
   */
  readonly image?: string;

  /**
   * Requests and limits of the main container.
   *
   * @default - Cilium 100m/512Mi, limit memory 4Gi (chart values.yaml `resources` example); Calico cpu 250m (manifests/calico.yaml) with 256Mi/1Gi memory; Flannel 100m/50Mi (kube-flannel.yml) with a 256Mi memory limit
   */
  readonly resources?: AgentResources;

  /**
   * The pod network CIDR.
   *
   * @default - Cilium `10.0.0.0/8` (values.yaml `ipam.operator.clusterPoolIPv4PodCIDRList`); Calico: not set, calico-node picks the kubeadm pod CIDR or 192.168.0.0/16; Flannel `10.244.0.0/16` (kube-flannel.yml `net-conf.json`)
   */
  readonly podCidr?: string;

  /**
   * Entries added to (or replacing ones in) the preset's ConfigMap
   * (`cilium-config`, `calico-config`, `kube-flannel-cfg`).
   *
   * @default - none
   */
  readonly config?: { [key: string]: string };

  /**
   * Tolerations; they replace the default (add to it with `agent.addTolerations()`). A CNI agent must reach control-plane and not-ready nodes:
   * pods cannot start anywhere before it runs.
   *
   * @default AgentTolerations.everything() (Cilium values.yaml `tolerations: [{operator: Exists}]`)
   */
  readonly tolerations?: AgentTolerations;

  /**
   * Update strategy.
   *
   * @default - RollingUpdate with maxUnavailable 2 for Cilium (values.yaml `updateStrategy`), 1 for Calico (manifests/calico.yaml) and Flannel (Kubernetes' default)
   */
  readonly updateStrategy?: AgentUpdateStrategy;

  /**
   * Priority class.
   *
   * @default 'system-node-critical' (all three upstreams)
   */
  readonly priorityClassName?: string;

  /**
   * Grace period on stop.
   *
   * @default - 1s for Cilium (values.yaml `terminationGracePeriodSeconds`), 0s for Calico (manifests/calico.yaml), 30s for Flannel (unset upstream)
   */
  readonly terminationGracePeriod?: Duration;
}

/**
 * The node agent of a CNI plugin: host network, the exact capabilities (or
 * privileged where upstream requires it), `/etc/cni/net.d`, `/opt/cni/bin`,
 * `/run/xtables.lock` and the BPF / kernel-module mounts each plugin needs,
 * `system-node-critical`, tolerating every taint so it runs on control-plane
 * and NotReady nodes, maxUnavailable as upstream tunes it, and each
 * preset's RBAC and ConfigMap.
 *
 * It emits the DaemonSet side only: install Cilium's operator, or Calico's
 * CRDs and kube-controllers, from upstream.
 */
export class CniAgent extends Construct {
  /** The preset. */
  public readonly preset: CniPreset;

  /** The DaemonSet and its pod template. */
  public readonly agent: NodeAgent;

  /** The agent's namespace. */
  public readonly agentNamespace: AgentNamespace;

  /** The pods' ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** The preset's ConfigMap. */
  public readonly configMap: kplus.ConfigMap;

  /** The ClusterRoles (Calico has two: calico-node and calico-cni-plugin). */
  public readonly clusterRoles: kplus.ClusterRole[];

  /** The rules granted to the agent's ServiceAccount by its ClusterRole. */
  public readonly rules: AgentPolicyRule[];

  constructor(scope: Construct, id: string, props: CniAgentProps = {}) {
    super(scope, id);
    this.preset = props.preset ?? CniPreset.CILIUM;
    const build = this.preset === CniPreset.CALICO ? buildCalico : this.preset === CniPreset.FLANNEL ? buildFlannel : buildCilium;
    const name = props.name ?? DEFAULT_NAMES[this.preset];
    const result: CniPresetResult = build({
      owner: this,
      name,
      namespace: props.namespace,
      image: props.image,
      resources: props.resources,
      podCidr: props.podCidr,
      config: props.config ?? {},
      labels: companionLabels(name, AgentRole.CNI, props.labels),
      podAnnotations: props.podAnnotations ?? {},
      tolerations: props.tolerations ?? AgentTolerations.everything(),
      updateStrategy: props.updateStrategy,
      priorityClassName: props.priorityClassName,
      nodeSelector: props.nodeSelector,
      terminationGracePeriod: props.terminationGracePeriod,
    });
    this.agent = result.agent;
    this.serviceAccount = result.serviceAccount;
    this.configMap = result.configMap;
    this.clusterRoles = result.clusterRoles;
    this.rules = result.rules;
    addConfigChecksum(this.agent, [this.configMap]);
    applyNodeAffinity(this.agent, [], props.excludeVirtualNodes ?? true);
    this.agentNamespace = joinNamespace(this, this.agent, props.createNamespace);
  }
}
