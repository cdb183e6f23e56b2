// The agent catalogue's public (jsii) API; src/index.ts re-exports it.
export { AgentCommonProps } from './common';
export { AgentNamespace, AgentNamespaceProps } from './namespace';
export { AgentPolicyRule } from './rbac';
export { AgentServiceMonitorOptions } from './service-monitor';
export {
  ElasticsearchOutputOptions,
  ForwardOutputOptions,
  HttpOutputOptions,
  LogCollectorFlavor,
  LogOutput,
  LokiOutputOptions,
} from './log-output';
export { LogCollector, LogCollectorProps } from './log-collector';
export { NodeExporter, NodeExporterProps } from './node-exporter';
export { CniAgent, CniAgentProps, CniPreset } from './cni-agent';
export { CsiFsGroupPolicy, CsiNodePlugin, CsiNodePluginProps, CsiVolumeLifecycleMode } from './csi-node-plugin';
export { Falco, FalcoProps } from './falco';
export { NvidiaDevicePlugin, NvidiaDevicePluginProps } from './nvidia-device-plugin';
