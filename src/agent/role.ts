/**
 * What a node agent does. The role drives defaults (priority, tolerations),
 * role-aware lints (a CNI agent may need privilege; a log collector should not)
 * and the GitOps ordering (CNI before CSI before everything else).
 *
 * Rendered as the `cdk8s-node-agents.io/role` annotation on the DaemonSet.
 */
export enum AgentRole {
  /** Container network plugin agent (Cilium, Calico, Flannel, ...). */
  CNI = 'cni',
  /** CSI node plugin (driver + node-driver-registrar). */
  CSI = 'csi',
  /** Log collector (Fluent Bit, Fluentd, Vector). */
  LOG_COLLECTOR = 'log-collector',
  /** Host metrics exporter (Prometheus node-exporter). */
  NODE_EXPORTER = 'node-exporter',
  /** Runtime security sensor (Falco, ...). */
  RUNTIME_SECURITY = 'runtime-security',
  /** Kubelet device plugin (NVIDIA GPU, ...). */
  DEVICE_PLUGIN = 'device-plugin',
  /** Any other node agent. */
  GENERIC = 'generic',
}

/** Annotation carrying the agent's role on the DaemonSet. */
export const ROLE_ANNOTATION = 'cdk8s-node-agents.io/role';

/** Annotation users put on an object to silence lints: `<rule-id>[,<rule-id>]` (every finding of those rules, no reason). */
export const IGNORE_ANNOTATION = 'cdk8s-node-agents.io/ignore';

/**
 * Prefix of the per-rule ignore annotation: `cdk8s-node-agents.io/ignore.<rule-id>`
 * with one `<container>[,<container>]: <reason>` (or `*: <reason>`) clause per line.
 */
export const IGNORE_RULE_ANNOTATION_PREFIX = `${IGNORE_ANNOTATION}.`;

/** The priority class Kubernetes ships for agents a node cannot work without. */
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';

/**
 * The other built-in priority class: above every user-defined class (at
 * most 1000000000), below `system-node-critical`.
 */
export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';

/**
 * Roles whose agents a node cannot work without: they default to
 * `system-node-critical` and must reach control-plane and not-ready nodes.
 */
export function isNodeCriticalRole(role: AgentRole): boolean {
  return role === AgentRole.CNI || role === AgentRole.CSI || role === AgentRole.DEVICE_PLUGIN;
}
