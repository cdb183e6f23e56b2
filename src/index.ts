// The public (jsii) API. Internal modules stay unexported.
export { AgentRole } from './agent/role';
export { AgentResources } from './agent/resources';
export { AgentToleration, AgentTolerations, TolerationOperator } from './agent/tolerations';
export { HostMount } from './agent/host-mounts';
export { AgentRollingUpdateOptions, AgentUpdateStrategy, UpdateStrategyType } from './agent/update-strategy';
export { AgentContainerProps, NodeAgent, NodeAgentProps } from './agent/node-agent';
