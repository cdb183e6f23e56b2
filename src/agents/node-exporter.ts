/**
 * NodeExporter: Prometheus node-exporter on every Linux node, as the
 * prometheus-community chart ships it.
 *
 * Upstream (agent-defaults.md §2): prometheus-community/helm-charts
 * charts/prometheus-node-exporter 4.56.1 (app 1.12.1) values.yaml,
 * templates/daemonset.yaml, templates/_helpers.tpl, templates/service.yaml,
 * templates/servicemonitor.yaml; prometheus-operator/kube-prometheus
 * manifests/nodeExporter-{daemonset,service,serviceMonitor}.yaml.
 */
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AgentCommonProps, agentServiceAccount, applyNodeAffinity, companionLabels, joinNamespace } from './common';
import { AgentNamespace } from './namespace';
import { AgentServiceMonitorOptions, exposeMetrics } from './service-monitor';
import { NodeAgent } from '../agent/node-agent';
import { AgentResources } from '../agent/resources';
import { AgentRole, SYSTEM_CLUSTER_CRITICAL } from '../agent/role';
import { AgentTolerations } from '../agent/tolerations';
import { AgentUpdateStrategy } from '../agent/update-strategy';

/** charts/prometheus-node-exporter 4.56.1: `quay.io/prometheus/node-exporter:v` + appVersion 1.12.1. */
export const NODE_EXPORTER_IMAGE = 'quay.io/prometheus/node-exporter:v1.12.1';

/** kube-prometheus manifests/nodeExporter-daemonset.yaml: requests 102m/180Mi, limits 250m/180Mi. */
export const NODE_EXPORTER_RESOURCES: AgentResources = { cpuRequest: '102m', memoryRequest: '180Mi', memoryLimit: '180Mi', cpuLimit: '250m' };

/** charts/prometheus-node-exporter values.yaml `service.port` / `service.portName`. */
export const NODE_EXPORTER_PORT = 9100;

/**
 * Properties of a `NodeExporter`.
 */
export interface NodeExporterProps extends AgentCommonProps {
  /**
   * Name of the DaemonSet and its companions.
   *
   * @default 'node-exporter'
   */
  readonly name?: string;

  /**
   * Namespace of the agent.
   *
   * @default 'monitoring' (kube-prometheus manifests)
   */
  readonly namespace?: string;

  /**
   * Image.
   *
   * @default 'quay.io/prometheus/node-exporter:v1.12.1' (charts/prometheus-node-exporter 4.56.1 appVersion)
   */
  readonly image?: string;

  /**
   * Requests and limits.
   *
   * @default - requests cpu 102m / memory 180Mi, limits cpu 250m / memory 180Mi (kube-prometheus manifests/nodeExporter-daemonset.yaml)
   */
  readonly resources?: AgentResources;

  /**
   * Port node-exporter listens on (in the node's network namespace).
   *
   * @default 9100 (charts/prometheus-node-exporter values.yaml `service.port`)
   */
  readonly port?: number;

  /**
   * Arguments added after the path and listen arguments (collector flags).
   *
   * @default - none (charts/prometheus-node-exporter values.yaml `extraArgs: []`)
   */
  readonly extraArgs?: string[];

  /**
   * Tolerations; they replace the default (add to it with `agent.addTolerations()`).
   *
   * @default AgentTolerations.noSchedule() — every NoSchedule taint, no NoExecute one (charts/prometheus-node-exporter values.yaml `tolerations`)
   */
  readonly tolerations?: AgentTolerations;

  /**
   * Update strategy.
   *
   * @default AgentUpdateStrategy.rollingUpdate() — maxUnavailable 1 (charts/prometheus-node-exporter values.yaml `updateStrategy`)
   */
  readonly updateStrategy?: AgentUpdateStrategy;

  /**
   * Priority class (`''` for none).
   *
   * @default 'system-cluster-critical' (kube-prometheus manifests/nodeExporter-daemonset.yaml; charts/prometheus-node-exporter sets none): above every user-defined class, so on a full node the pod preempts workloads instead of staying Pending, and below the system-node-critical agents a node needs to work. On GKE, pods of a system-*-critical class outside kube-system are admitted only when their namespace has a ResourceQuota scoped to the class
   */
  readonly priorityClassName?: string;

  /**
   * Emit a Prometheus-operator ServiceMonitor for the headless Service.
   *
   * @default - none (charts/prometheus-node-exporter values.yaml `prometheus.monitor.enabled: false`)
   */
  readonly serviceMonitor?: AgentServiceMonitorOptions;
}

/**
 * Prometheus node-exporter: host PID and network namespaces, `/`, `/proc`
 * and `/sys` mounted read-only under `/host` with the `--path.*` flags,
 * non-root (65534) with a read-only root filesystem, port 9100, tolerating
 * NoSchedule taints. Companions: the Namespace, a ServiceAccount without a
 * token (node-exporter never calls the API: no RBAC), a headless Service and
 * optionally a ServiceMonitor.
 */
export class NodeExporter extends Construct {
  /** The DaemonSet and its pod template. */
  public readonly agent: NodeAgent;

  /** The agent's namespace. */
  public readonly agentNamespace: AgentNamespace;

  /** The pods' ServiceAccount (no token mounted). */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** The headless metrics Service. */
  public readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: NodeExporterProps = {}) {
    super(scope, id);
    const name = props.name ?? 'node-exporter';
    const namespace = props.namespace ?? 'monitoring';
    const port = props.port ?? NODE_EXPORTER_PORT;
    const labels = companionLabels(name, AgentRole.NODE_EXPORTER, props.labels);

    // charts/prometheus-node-exporter values.yaml `serviceAccount`: created, automountServiceAccountToken false.
    this.serviceAccount = agentServiceAccount(this, name, namespace, labels, false);

    this.agent = new NodeAgent(this, 'Agent', {
      name,
      namespace,
      role: AgentRole.NODE_EXPORTER,
      image: props.image ?? NODE_EXPORTER_IMAGE,
      resources: props.resources ?? NODE_EXPORTER_RESOURCES,
      containerName: 'node-exporter',
      // charts/prometheus-node-exporter templates/daemonset.yaml
      args: [
        '--path.procfs=/host/proc',
        '--path.sysfs=/host/sys',
        '--path.rootfs=/host/root',
        '--path.udev.data=/host/root/run/udev/data',
        `--web.listen-address=[$(HOST_IP)]:${port}`,
        ...(props.extraArgs ?? []),
      ],
      envVariables: { HOST_IP: kplus.EnvValue.fromValue('0.0.0.0') },
      exposeNodeName: false,
      ports: [{ name: 'metrics', number: port, protocol: kplus.Protocol.TCP }],
      hostNetwork: true,
      hostPID: true,
      tolerations: props.tolerations ?? AgentTolerations.noSchedule(),
      updateStrategy: props.updateStrategy,
      priorityClassName: props.priorityClassName ?? SYSTEM_CLUSTER_CRITICAL,
      nodeSelector: props.nodeSelector,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      // charts/prometheus-node-exporter values.yaml `securityContext`: 65534, non-root; readOnlyRootFilesystem true.
      podSecurityContext: { ensureNonRoot: true, user: 65534, group: 65534, fsGroup: 65534 },
      liveness: kplus.Probe.fromHttpGet('/', { port }),
      readiness: kplus.Probe.fromHttpGet('/', { port }),
      labels: props.labels,
      podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true', ...(props.podAnnotations ?? {}) },
      hostMounts: [
        { hostPath: '/proc', mountPath: '/host/proc', readOnly: true, volumeName: 'proc' },
        { hostPath: '/sys', mountPath: '/host/sys', readOnly: true, volumeName: 'sys' },
        { hostPath: '/', mountPath: '/host/root', readOnly: true, propagation: kplus.MountPropagation.HOST_TO_CONTAINER, volumeName: 'root' },
      ],
    });
    applyNodeAffinity(this.agent, [], props.excludeVirtualNodes ?? true);
    this.agentNamespace = joinNamespace(this, this.agent, props.createNamespace);

    // kube-prometheus manifests/nodeExporter-service.yaml: headless; chart annotation prometheus.io/scrape.
    this.service = exposeMetrics(this, this.agent, {
      name,
      namespace,
      labels,
      annotations: { 'prometheus.io/scrape': 'true' },
      headless: true,
      portName: 'metrics',
      port,
      path: '/metrics',
      serviceMonitor: props.serviceMonitor,
    });
  }
}
