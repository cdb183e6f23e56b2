/**
 * What a CNI preset (Cilium, Calico, Flannel) receives and builds. Internal.
 */
import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NodeAgent } from '../../agent/node-agent';
import { AgentResources } from '../../agent/resources';
import { AgentTolerations } from '../../agent/tolerations';
import { AgentUpdateStrategy } from '../../agent/update-strategy';
import { AgentPolicyRule } from '../rbac';

/** The settings every preset reads, defaults already applied where shared. */
export interface CniPresetInput {
  readonly owner: Construct;
  readonly name: string;
  readonly namespace?: string;
  readonly image?: string;
  readonly resources?: AgentResources;
  readonly podCidr?: string;
  readonly config: { [key: string]: string };
  readonly labels: { [key: string]: string };
  readonly podAnnotations: { [key: string]: string };
  readonly tolerations: AgentTolerations;
  readonly updateStrategy?: AgentUpdateStrategy;
  readonly priorityClassName?: string;
  readonly nodeSelector?: { [key: string]: string };
  readonly terminationGracePeriod?: Duration;
}

/** What a preset built. */
export interface CniPresetResult {
  readonly agent: NodeAgent;
  readonly serviceAccount: kplus.ServiceAccount;
  readonly configMap: kplus.ConfigMap;
  readonly clusterRoles: kplus.ClusterRole[];
  readonly rules: AgentPolicyRule[];
}

/** Resources for init containers the upstream manifests leave without any (NodeAgent requires them). */
export const INIT_CONTAINER_RESOURCES: AgentResources = { cpuRequest: '10m', memoryRequest: '64Mi', memoryLimit: '256Mi' };

/** An SELinux type on one container, through a JSON patch (cdk8s-plus has no seLinuxOptions). */
export function setSeLinuxType(agent: NodeAgent, container: kplus.Container, type: string): void {
  const init = agent.daemonSet.initContainers.includes(container);
  const list = init ? agent.daemonSet.initContainers : agent.daemonSet.containers;
  const index = list.indexOf(container);
  ApiObject.of(agent.daemonSet).addJsonPatch(JsonPatch.add(
    `/spec/template/spec/${init ? 'initContainers' : 'containers'}/${index}/securityContext/seLinuxOptions`,
    { level: 's0', type },
  ));
}

/** Env from a ConfigMap key that may be missing. */
export function optionalFromConfigMap(configMap: kplus.ConfigMap, key: string): kplus.EnvValue {
  return kplus.EnvValue.fromConfigMap(configMap, key, { optional: true });
}
