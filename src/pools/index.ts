// Node pools, fleets, agent variants and the synth-time fleet checks (jsii-facing).
export { NodePool, NodePoolProps, PoolAllocatable, PoolPlatform, PoolTaint } from './node-pool';
export { Fleet, FleetProps, InventoryOptions } from './fleet';
export { AgentExpectation, FleetCheck, FleetCheckOptions, FleetCheckProps, FleetReportFiles } from './fleet-check';
export { AgentVariant, AgentVariants, AgentVariantsProps, CatchAllVariantOptions, IAgentFactory, VariantContext } from './variants';
