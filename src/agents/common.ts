/**
 * What every catalogue agent shares: the props every construct accepts, the
 * namespace registration, companion labels, the `checksum/config` pod
 * annotation and the affinity that keeps agents off virtual nodes.
 *
 * Upstream: the `checksum/config` annotation is the Helm "automatically roll
 * deployments" pattern as fluent/helm-charts charts/fluent-bit/templates/daemonset.yaml
 * and falcosecurity/charts charts/falco/templates/pod-template.tpl render it;
 * the virtual-node exclusion is prometheus-community/helm-charts
 * charts/prometheus-node-exporter/templates/_helpers.tpl (`defaultAffinity`).
 */
import { createHash } from 'crypto';
import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AgentNamespace, KUBE_SYSTEM } from './namespace';
import { MANAGED_BY, NodeAgent } from '../agent/node-agent';
import { AgentRole } from '../agent/role';

/**
 * Props every catalogue agent accepts, with the same default everywhere.
 */
export interface AgentCommonProps {
  /**
   * Emit the agent's Namespace (one per chart and namespace, labelled with
   * the Pod Security level its agents need). Agents sharing a namespace must
   * agree on this.
   *
   * @default - true, except for `kube-system`
   */
  readonly createNamespace?: boolean;

  /**
   * Node labels a node must have.
   *
   * @default { 'kubernetes.io/os': 'linux' } — every upstream chart and manifest in this catalogue pins Linux
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Keep the agent off virtual nodes that cannot run DaemonSet pods
   * (required node affinity `type NotIn [virtual-kubelet]` and
   * `eks.amazonaws.com/compute-type NotIn [fargate]`).
   *
   * @default true — prometheus-community/helm-charts prometheus-node-exporter 4.56.1 templates/_helpers.tpl `defaultAffinity`
   */
  readonly excludeVirtualNodes?: boolean;

  /**
   * Extra labels on every object of the agent (never in the selector).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Extra annotations on the agent's pods.
   *
   * @default - none besides `checksum/config` when the agent has a ConfigMap
   */
  readonly podAnnotations?: { [key: string]: string };
}

/** The pod annotation that makes a ConfigMap change roll the pods. */
export const CHECKSUM_ANNOTATION = 'checksum/config';

/**
 * sha256 (hex) of the data of `configMaps`, in order, keys sorted: the same
 * data always gives the same checksum, whatever order it was added in.
 */
export function configChecksum(configMaps: kplus.ConfigMap[]): string {
  const canonical = configMaps.map((cm) => {
    const sorted = (o: { [key: string]: string }) => Object.keys(o).sort().map((k) => [k, o[k]]);
    return { name: cm.name, data: sorted(cm.data), binaryData: sorted(cm.binaryData) };
  });
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Put `checksum/config` on the agent's pods, computed at synth. */
export function addConfigChecksum(agent: NodeAgent, configMaps: kplus.ConfigMap[]): void {
  if (configMaps.length === 0) return;
  agent.daemonSet.podMetadata.addAnnotation(CHECKSUM_ANNOTATION, Lazy.any({ produce: () => configChecksum(configMaps) }));
}

/** The label of virtual-kubelet nodes (AKS virtual nodes, admiralty, ...). */
export const VIRTUAL_KUBELET_LABEL = 'type';
/** The label EKS sets on Fargate (and Auto Mode / hybrid) nodes. */
export const EKS_COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';

/** The node-affinity requirements that keep an agent off virtual nodes. */
export function virtualNodeExclusions(): kplus.NodeLabelQuery[] {
  return [
    kplus.NodeLabelQuery.notIn(EKS_COMPUTE_TYPE_LABEL, ['fargate']),
    kplus.NodeLabelQuery.notIn(VIRTUAL_KUBELET_LABEL, ['virtual-kubelet']),
  ];
}

/**
 * Required node affinity: the node must match one of `terms` (OR), each term
 * all of its queries (AND); with `excludeVirtualNodes`, every term also
 * excludes virtual nodes. No term and no exclusion: no affinity.
 */
export function applyNodeAffinity(agent: NodeAgent, terms: kplus.NodeLabelQuery[][], excludeVirtualNodes: boolean): void {
  const exclusions = excludeVirtualNodes ? virtualNodeExclusions() : [];
  const effective = terms.length > 0 ? terms.map((t) => [...t, ...exclusions]) : exclusions.length > 0 ? [exclusions] : [];
  for (const term of effective) agent.daemonSet.scheduling.attract(kplus.Node.labeled(...term));
}

/** Labels of an agent's companion objects (the DaemonSet's identity, no version). */
export function companionLabels(name: string, role: AgentRole, extra: { [key: string]: string } = {}): { [key: string]: string } {
  return {
    ...extra,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/component': role,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

/**
 * Register `agent` in its namespace (creating the Namespace object on first
 * use; agents sharing a namespace must resolve `createNamespace` alike) and
 * order the Namespace before all of the owner's objects.
 */
export function joinNamespace(owner: Construct, agent: NodeAgent, createNamespace: boolean | undefined): AgentNamespace {
  const name = agent.namespace!;
  const ns = AgentNamespace.of(owner, name, { create: createNamespace ?? name !== KUBE_SYSTEM });
  ns.addAgent(agent);
  if (ns.namespaceObject) owner.node.addDependency(ns);
  return ns;
}

/** A ServiceAccount for the agent (token mounted only when it talks to the API). */
export function agentServiceAccount(
  scope: Construct,
  name: string,
  namespace: string,
  labels: { [key: string]: string },
  automountToken: boolean,
): kplus.ServiceAccount {
  return new kplus.ServiceAccount(scope, 'ServiceAccount', {
    metadata: { name, namespace, labels },
    automountToken,
  });
}
