// The public (jsii) API. Internal modules stay unexported.

// The NodeAgent base and its building blocks.
export { AgentRole } from './agent/role';
export { AgentResources } from './agent/resources';
export { AgentToleration, AgentTolerations, TolerationOperator } from './agent/tolerations';
export { HostMount } from './agent/host-mounts';
export { AgentRollingUpdateOptions, AgentUpdateStrategy, UpdateStrategyType } from './agent/update-strategy';
export { AgentContainerProps, NodeAgent, NodeAgentProps } from './agent/node-agent';

// The agent catalogue.
export * from './agents';

// Validation: apiserver rules, Pod Security, lints.
export * from './validation/validator';

// Placement: run Kubernetes 1.28's DaemonSet controller and scheduler filters on nodes and manifests.
export * from './placement/placement';

// Node pools and fleets: per-pool variants, synth-time fleet checks, placement reports.
export * from './pools';

// GitOps output: one directory per app, Argo CD Applications or Flux Kustomizations.
export * from './gitops';
