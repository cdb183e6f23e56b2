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
