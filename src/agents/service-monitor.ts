/**
 * Prometheus-operator `ServiceMonitor` (monitoring.coreos.com/v1) for an
 * agent's metrics Service, emitted as a plain ApiObject (no CRD import).
 *
 * Upstream: prometheus-operator/prometheus-operator pkg/apis/monitoring/v1/servicemonitor_types.go
 * (the fields), prometheus-community/helm-charts charts/prometheus-node-exporter/templates/servicemonitor.yaml
 * and cilium install/kubernetes/cilium/templates/cilium-agent/servicemonitor.yaml
 * (the `node` relabelling from `__meta_kubernetes_pod_node_name`).
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NodeAgent } from '../agent/node-agent';

/**
 * Options of the ServiceMonitor a catalogue agent can emit.
 */
export interface AgentServiceMonitorOptions {
  /**
   * Scrape interval, e.g. `30s`.
   *
   * @default - the Prometheus instance's global scrape interval
   */
  readonly interval?: string;

  /**
   * Scrape timeout, e.g. `10s`.
   *
   * @default - the Prometheus instance's global scrape timeout
   */
  readonly scrapeTimeout?: string;

  /**
   * Labels on the ServiceMonitor, for a Prometheus `serviceMonitorSelector`
   * (e.g. `{ release: 'kube-prometheus-stack' }`).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** The ServiceMonitor of one agent Service. */
export interface ServiceMonitorSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly selector: { [key: string]: string };
  readonly port: string;
  readonly path: string;
  readonly options: AgentServiceMonitorOptions;
}

export const SERVICE_MONITOR_API_VERSION = 'monitoring.coreos.com/v1';

/**
 * A ServiceMonitor selecting the agent's Service in its own namespace, job
 * label from `app.kubernetes.io/name`, and each sample labelled with the
 * node it came from (`node`, to join with kube-state-metrics).
 */
export function createServiceMonitor(scope: Construct, id: string, spec: ServiceMonitorSpec): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: SERVICE_MONITOR_API_VERSION,
    kind: 'ServiceMonitor',
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      labels: { ...spec.labels, ...(spec.options.labels ?? {}) },
    },
    spec: {
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: spec.selector },
      namespaceSelector: { matchNames: [spec.namespace] },
      endpoints: [{
        port: spec.port,
        path: spec.path,
        scheme: 'http',
        interval: spec.options.interval,
        scrapeTimeout: spec.options.scrapeTimeout,
        relabelings: [{
          action: 'replace',
          sourceLabels: ['__meta_kubernetes_pod_node_name'],
          targetLabel: 'node',
        }],
      }],
    },
  });
}

/** What `exposeMetrics` needs. */
export interface MetricsEndpoint {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly portName: string;
  readonly port: number;
  readonly path: string;
  /** A headless Service (`clusterIP: None`), as node-exporter ships it. */
  readonly headless?: boolean;
  readonly annotations?: { [key: string]: string };
  /** Emit a ServiceMonitor too. */
  readonly serviceMonitor?: AgentServiceMonitorOptions;
}

/**
 * The Service in front of an agent's metrics port (selecting the agent's
 * pods by its fixed selector labels) and, when asked, its ServiceMonitor.
 */
export function exposeMetrics(scope: Construct, agent: NodeAgent, e: MetricsEndpoint): kplus.Service {
  const service = new kplus.Service(scope, 'Service', {
    metadata: { name: e.name, namespace: e.namespace, labels: e.labels, annotations: e.annotations },
    ...(e.headless ? { clusterIP: 'None' } : { type: kplus.ServiceType.CLUSTER_IP }),
    ports: [{ name: e.portName, port: e.port, targetPort: e.port, protocol: kplus.Protocol.TCP }],
  });
  for (const [k, v] of Object.entries(agent.selectorLabels)) service.selectLabel(k, v);
  if (e.serviceMonitor) {
    createServiceMonitor(scope, 'ServiceMonitor', {
      name: e.name,
      namespace: e.namespace,
      labels: e.labels,
      selector: agent.selectorLabels,
      port: e.portName,
      path: e.path,
      options: e.serviceMonitor,
    });
  }
  return service;
}
