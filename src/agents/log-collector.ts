/**
 * LogCollector: a node log shipper (Fluent Bit, Fluentd or Vector) as the
 * upstream charts ship it, with the companions it needs.
 *
 * Upstream sources (see /work/shared/reference/agent-defaults.md §1, §8.1):
 * - Fluent Bit: fluent/helm-charts charts/fluent-bit 0.58.1 (app 5.1.1) values.yaml,
 *   templates/_pod.tpl, templates/clusterrole.yaml, templates/service.yaml,
 *   templates/servicemonitor.yaml, templates/configmap.yaml.
 * - Fluentd: fluent/helm-charts charts/fluentd 0.6.0 (app 1.19.3) values.yaml,
 *   templates/_pod.tpl, templates/clusterrole.yaml, templates/fluentd-configurations-cm.yaml.
 * - Vector: vectordotdev/helm-charts charts/vector 0.57.0 (app 0.56.0) values.yaml,
 *   templates/_pod.tpl, templates/rbac.yaml, templates/configmap.yaml.
 */
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify as toYaml } from 'yaml';
import { addConfigChecksum, AgentCommonProps, agentServiceAccount, applyNodeAffinity, companionLabels, joinNamespace } from './common';
import { LogCollectorFlavor, LogOutput } from './log-output';
import { AgentNamespace } from './namespace';
import { AgentPolicyRule, grantCluster } from './rbac';
import { AgentServiceMonitorOptions, exposeMetrics } from './service-monitor';
import { NodeAgent } from '../agent/node-agent';
import { AgentResources } from '../agent/resources';
import { AgentRole, SYSTEM_NODE_CRITICAL } from '../agent/role';
import { AgentTolerations } from '../agent/tolerations';
import { AgentUpdateStrategy } from '../agent/update-strategy';

/** Upstream images, pinned. */
export const LOG_COLLECTOR_IMAGES = {
  /** fluent/helm-charts charts/fluent-bit 0.58.1: `cr.fluentbit.io/fluent/fluent-bit` + appVersion 5.1.1. */
  [LogCollectorFlavor.FLUENT_BIT]: 'cr.fluentbit.io/fluent/fluent-bit:5.1.1',
  /** fluent/helm-charts charts/fluentd 0.6.0: `v<appVersion>-debian-<variant>-<variantVersion>` = v1.19.3-debian-elasticsearch7-1.1. */
  [LogCollectorFlavor.FLUENTD]: 'fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch7-1.1',
  /** vectordotdev/helm-charts charts/vector 0.57.0: appVersion `0.56.0-distroless-libc`. */
  [LogCollectorFlavor.VECTOR]: 'docker.io/timberio/vector:0.56.0-distroless-libc',
} as const;

/** Vector's Debian image, which has `journalctl` for the journald source (the distroless one does not). */
export const VECTOR_DEBIAN_IMAGE = 'docker.io/timberio/vector:0.56.0-debian';

/** Requests and limits from each chart's commented example (CPU limits left out: they throttle shipping under load). */
export const LOG_COLLECTOR_RESOURCES: { readonly [flavor: string]: AgentResources } = {
  /** charts/fluent-bit values.yaml `resources` example: 100m / 128Mi. */
  [LogCollectorFlavor.FLUENT_BIT]: { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '128Mi' },
  /** charts/fluentd values.yaml `resources` example: 10m / 128Mi, limit 128Mi. */
  [LogCollectorFlavor.FLUENTD]: { cpuRequest: '10m', memoryRequest: '128Mi', memoryLimit: '128Mi' },
  /** charts/vector values.yaml `resources` example: 200m / 256Mi. */
  [LogCollectorFlavor.VECTOR]: { cpuRequest: '200m', memoryRequest: '256Mi', memoryLimit: '256Mi' },
};

/** Metrics and health endpoints of each flavor. */
interface FlavorEndpoints {
  readonly portName: string;
  readonly port: number;
  readonly metricsPath: string;
}

const ENDPOINTS: { readonly [flavor: string]: FlavorEndpoints } = {
  /** charts/fluent-bit: port `http` 2020, ServiceMonitor path `/api/v2/metrics/prometheus`. */
  [LogCollectorFlavor.FLUENT_BIT]: { portName: 'http', port: 2020, metricsPath: '/api/v2/metrics/prometheus' },
  /** charts/fluentd: port `metrics` 24231 (prometheus source), path `/metrics`. */
  [LogCollectorFlavor.FLUENTD]: { portName: 'metrics', port: 24231, metricsPath: '/metrics' },
  /** charts/vector: port `prom-exporter` 9090 (prometheus_exporter sink). */
  [LogCollectorFlavor.VECTOR]: { portName: 'prom-exporter', port: 9090, metricsPath: '/metrics' },
};

/** Vector's API port (`api.address`), serving `/health`. */
const VECTOR_API_PORT = 8686;

/** The default output of each flavor, as its chart ships it. */
function defaultOutput(flavor: LogCollectorFlavor): LogOutput {
  // charts/fluent-bit and charts/fluentd ship to `elasticsearch-master`; charts/vector prints to stdout.
  return flavor === LogCollectorFlavor.VECTOR ? LogOutput.stdout() : LogOutput.elasticsearch({ host: 'elasticsearch-master' });
}

/**
 * Properties of a `LogCollector`.
 */
export interface LogCollectorProps extends AgentCommonProps {
  /**
   * Which collector to run.
   *
   * @default LogCollectorFlavor.FLUENT_BIT
   */
  readonly flavor?: LogCollectorFlavor;

  /**
   * Where logs go.
   *
   * @default - Fluent Bit and Fluentd: `LogOutput.elasticsearch({ host: 'elasticsearch-master' })` (charts/fluent-bit values.yaml `config.outputs`, charts/fluentd values.yaml `04_outputs.conf`); Vector: `LogOutput.stdout()` (charts/vector values.yaml agent `stdout` sink)
   */
  readonly output?: LogOutput;

  /**
   * Also read the kubelet's journald unit (`kubelet.service`) from
   * `/var/log/journal`.
   *
   * @default false
   */
  readonly journald?: boolean;

  /**
   * Also mount `/var/lib/docker/containers` read-only, for nodes whose
   * container logs are symlinks into Docker's directory (dockershim,
   * cri-dockerd).
   *
   * @default false — containerd and CRI-O nodes keep logs under /var/log/pods
   */
  readonly dockerContainerLogs?: boolean;

  /**
   * Writable node directory for the collector's read positions (Fluent Bit
   * `DB`, Fluentd `pos_file`, Vector `data_dir`), so a restart neither
   * re-ships nor skips logs.
   *
   * @default - `/var/lib/fluent-bit`, `/var/lib/fluentd` or `/var/lib/vector` (charts/vector values.yaml `persistence.hostPath.path`)
   */
  readonly stateHostPath?: string;

  /**
   * Name of the DaemonSet and its companions.
   *
   * @default - the flavor: `fluent-bit`, `fluentd` or `vector`
   */
  readonly name?: string;

  /**
   * Namespace of the agent.
   *
   * @default 'logging'
   */
  readonly namespace?: string;

  /**
   * Image of the collector.
   *
   * @default - Fluent Bit `cr.fluentbit.io/fluent/fluent-bit:5.1.1` (charts/fluent-bit 0.58.1 appVersion); Fluentd `fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch7-1.1` (charts/fluentd 0.6.0 default tag); Vector `docker.io/timberio/vector:0.56.0-distroless-libc` (charts/vector 0.57.0 appVersion), `0.56.0-debian` with journald
   */
  readonly image?: string;

  /**
   * Requests and limits.
   *
   * @default - Fluent Bit 100m/128Mi, limit 128Mi (charts/fluent-bit values.yaml `resources` example); Fluentd 10m/128Mi, limit 128Mi (charts/fluentd values.yaml example); Vector 200m/256Mi, limit 256Mi (charts/vector values.yaml example)
   */
  readonly resources?: AgentResources;

  /**
   * Tolerations; they replace the default (add to it with `agent.addTolerations()`).
   *
   * @default AgentTolerations.everything() — logs are needed from every node, control-plane and tainted pools included
   */
  readonly tolerations?: AgentTolerations;

  /**
   * Update strategy.
   *
   * @default AgentUpdateStrategy.rollingUpdate() — maxUnavailable 1 (charts/fluent-bit values.yaml `updateStrategy` example; Kubernetes' default)
   */
  readonly updateStrategy?: AgentUpdateStrategy;

  /**
   * Priority class (`''` for none).
   *
   * @default 'system-node-critical' — the class Kubernetes gives its own log collector (kubernetes/kubernetes v1.28.7 cluster/addons/fluentd-gcp/fluentd-gcp-ds.yaml; charts/fluentd values.yaml suggests it, charts/fluent-bit sets none): on a full node the pod preempts workloads instead of staying Pending. On GKE, pods of a system-*-critical class outside kube-system are admitted only when their namespace has a ResourceQuota scoped to the class
   */
  readonly priorityClassName?: string;

  /**
   * Grace period to flush buffers on stop.
   *
   * @default - 30s for Fluent Bit and Fluentd (charts leave it unset); 60s for Vector (charts/vector values.yaml `terminationGracePeriodSeconds`)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Emit a Prometheus-operator ServiceMonitor for the metrics Service.
   *
   * @default - none (charts/fluent-bit values.yaml `serviceMonitor.enabled: false`)
   */
  readonly serviceMonitor?: AgentServiceMonitorOptions;
}

/**
 * A log collector on every Linux node: reads `/var/log/containers` and
 * `/var/log/pods` read-only (journald optionally), keeps its read positions
 * on a writable hostPath, enriches records with Kubernetes metadata and
 * ships them to a configurable output. Tolerates every taint.
 *
 * Companions: the Namespace (shared, Pod Security level computed), a
 * ServiceAccount, a ClusterRole limited to get/list/watch on pods and
 * namespaces (Vector: list/watch on namespaces, nodes and pods, as its
 * chart), the pipeline ConfigMap (with a `checksum/config` pod annotation),
 * a metrics Service and optionally a ServiceMonitor.
 *
 * @example
 * new LogCollector(chart, 'logs', { output: LogOutput.loki({ host: 'loki-gateway.monitoring' }) });
 */
export class LogCollector extends Construct {
  /** The collector. */
  public readonly flavor: LogCollectorFlavor;

  /** The DaemonSet and its pod template. */
  public readonly agent: NodeAgent;

  /** The agent's namespace. */
  public readonly agentNamespace: AgentNamespace;

  /** The pods' ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** The ClusterRole granting read access to pod and namespace metadata. */
  public readonly clusterRole: kplus.ClusterRole;

  /** The pipeline configuration. */
  public readonly configMap: kplus.ConfigMap;

  /** The metrics Service. */
  public readonly service: kplus.Service;

  /** The RBAC rules granted. */
  public readonly rules: AgentPolicyRule[];

  constructor(scope: Construct, id: string, props: LogCollectorProps = {}) {
    super(scope, id);
    const flavor = props.flavor ?? LogCollectorFlavor.FLUENT_BIT;
    this.flavor = flavor;
    const name = props.name ?? flavor;
    const namespace = props.namespace ?? 'logging';
    const journald = props.journald ?? false;
    const stateDir = props.stateHostPath ?? `/var/lib/${flavor}`;
    const output = props.output ?? defaultOutput(flavor);
    const endpoints = ENDPOINTS[flavor];
    const labels = companionLabels(name, AgentRole.LOG_COLLECTOR, props.labels);
    if (!stateDir.startsWith('/')) throw new Error(`LogCollector ${name}: stateHostPath "${stateDir}" must be an absolute path on the node`);

    this.serviceAccount = agentServiceAccount(this, name, namespace, labels, true);
    this.rules = flavor === LogCollectorFlavor.VECTOR
      // charts/vector templates/rbac.yaml (role Agent)
      ? [{ apiGroups: [''], resources: ['namespaces', 'nodes', 'pods'], verbs: ['list', 'watch'] }]
      // charts/fluent-bit templates/clusterrole.yaml, charts/fluentd templates/clusterrole.yaml
      : [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }];
    this.clusterRole = grantCluster(this, 'ClusterRole', { name, labels }, this.rules, this.serviceAccount);

    const config = renderConfig(flavor, { name, namespace, journald, stateDir, output, endpoints });
    this.configMap = new kplus.ConfigMap(this, 'ConfigMap', { metadata: { name, namespace, labels }, data: config.data });

    const image = props.image ?? (flavor === LogCollectorFlavor.VECTOR && journald ? VECTOR_DEBIAN_IMAGE : LOG_COLLECTOR_IMAGES[flavor]);
    const ports: kplus.ContainerPort[] = [{ name: endpoints.portName, number: endpoints.port, protocol: kplus.Protocol.TCP }];
    if (flavor === LogCollectorFlavor.VECTOR) ports.push({ name: 'api', number: VECTOR_API_PORT, protocol: kplus.Protocol.TCP });

    this.agent = new NodeAgent(this, 'Agent', {
      name,
      namespace,
      role: AgentRole.LOG_COLLECTOR,
      image,
      resources: props.resources ?? LOG_COLLECTOR_RESOURCES[flavor],
      containerName: name,
      command: config.command,
      args: config.args,
      envVariables: config.env,
      ports,
      tolerations: props.tolerations ?? AgentTolerations.everything(),
      updateStrategy: props.updateStrategy,
      priorityClassName: props.priorityClassName ?? SYSTEM_NODE_CRITICAL,
      nodeSelector: props.nodeSelector,
      // Log files under /var/log/pods are root-owned 0640: collectors run as
      // root, with every capability dropped and no privilege escalation.
      securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: flavor !== LogCollectorFlavor.FLUENTD },
      serviceAccount: this.serviceAccount,
      terminationGracePeriod: props.terminationGracePeriod ?? (flavor === LogCollectorFlavor.VECTOR ? Duration.seconds(60) : undefined),
      liveness: kplus.Probe.fromHttpGet(config.livenessPath, { port: config.healthPort }),
      readiness: kplus.Probe.fromHttpGet(config.readinessPath, { port: config.healthPort }),
      labels: { ...(props.labels ?? {}), ...config.podLabels },
      podAnnotations: props.podAnnotations,
      hostMounts: [
        { hostPath: '/var/log/containers', readOnly: true },
        { hostPath: '/var/log/pods', readOnly: true },
        ...(props.dockerContainerLogs ? [{ hostPath: '/var/lib/docker/containers', readOnly: true }] : []),
        ...(journald ? [
          { hostPath: '/var/log/journal', readOnly: true },
          { hostPath: '/etc/machine-id', type: kplus.HostPathVolumeType.FILE, readOnly: true },
        ] : []),
        { hostPath: stateDir, mountPath: config.stateMountPath, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'state' },
      ],
    });
    if (flavor === LogCollectorFlavor.FLUENTD) {
      this.agent.ignoreLint('no-read-only-root-fs', 'fluentd does not start on a read-only root with an emptyDir /tmp: Ruby refuses a world-writable '
        + 'temporary directory without the sticky bit (fluent/fluentd-kubernetes-daemonset#1393); charts/fluentd 0.6.0 values.yaml `securityContext: {}`', [name]);
    }
    const configVolume = kplus.Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' });
    this.agent.container.mount(config.configMountPath, configVolume, { readOnly: true });
    addConfigChecksum(this.agent, [this.configMap]);
    applyNodeAffinity(this.agent, [], props.excludeVirtualNodes ?? true);
    this.agentNamespace = joinNamespace(this, this.agent, props.createNamespace);

    this.service = exposeMetrics(this, this.agent, {
      name,
      namespace,
      labels,
      portName: endpoints.portName,
      port: endpoints.port,
      path: endpoints.metricsPath,
      serviceMonitor: props.serviceMonitor,
    });
  }
}

interface ConfigInput {
  readonly name: string;
  readonly namespace: string;
  readonly journald: boolean;
  readonly stateDir: string;
  readonly output: LogOutput;
  readonly endpoints: FlavorEndpoints;
}

interface RenderedConfig {
  readonly data: { [key: string]: string };
  readonly command?: string[];
  readonly args?: string[];
  readonly env: { [name: string]: kplus.EnvValue };
  readonly configMountPath: string;
  readonly stateMountPath: string;
  readonly livenessPath: string;
  readonly readinessPath: string;
  readonly healthPort: number;
  readonly podLabels: { [key: string]: string };
}

function renderConfig(flavor: LogCollectorFlavor, input: ConfigInput): RenderedConfig {
  switch (flavor) {
    case LogCollectorFlavor.FLUENTD: return fluentdConfig(input);
    case LogCollectorFlavor.VECTOR: return vectorConfig(input);
    default: return fluentBitConfig(input);
  }
}

/** The collector's own container logs, excluded from its input to avoid a feedback loop. */
function ownLogs(input: ConfigInput): string {
  return `/var/log/containers/${input.name}-*_${input.namespace}_*.log`;
}

function section(header: string, entries: Array<[string, string]>): string {
  return [`[${header}]`, ...entries.map(([k, v]) => `    ${k} ${v}`)].join('\n');
}

/** charts/fluent-bit values.yaml `config.service`, `config.inputs`, `config.filters`, `config.customParsers`. */
function fluentBitConfig(input: ConfigInput): RenderedConfig {
  const stateMountPath = '/var/lib/fluent-bit';
  const sections = [
    section('SERVICE', [
      ['Daemon', 'Off'],
      ['Flush', '1'],
      ['Log_Level', 'info'],
      ['Parsers_File', '/fluent-bit/etc/parsers.conf'],
      ['Parsers_File', '/fluent-bit/etc/conf/custom_parsers.conf'],
      ['HTTP_Server', 'On'],
      ['HTTP_Listen', '0.0.0.0'],
      ['HTTP_Port', String(input.endpoints.port)],
      ['Health_Check', 'On'],
    ]),
    section('INPUT', [
      ['Name', 'tail'],
      ['Path', '/var/log/containers/*.log'],
      ['Exclude_Path', ownLogs(input)],
      ['multiline.parser', 'docker, cri'],
      ['Tag', 'kube.*'],
      ['Mem_Buf_Limit', '5MB'],
      ['Skip_Long_Lines', 'On'],
      ['DB', `${stateMountPath}/flb_kube.db`],
      ['DB.locking', 'true'],
    ]),
  ];
  if (input.journald) {
    sections.push(section('INPUT', [
      ['Name', 'systemd'],
      ['Tag', 'host.*'],
      ['Path', '/var/log/journal'],
      ['Systemd_Filter', '_SYSTEMD_UNIT=kubelet.service'],
      ['Read_From_Tail', 'On'],
      ['DB', `${stateMountPath}/flb_systemd.db`],
    ]));
  }
  sections.push(section('FILTER', [
    ['Name', 'kubernetes'],
    ['Match', 'kube.*'],
    ['Merge_Log', 'On'],
    ['Keep_Log', 'Off'],
    ['K8S-Logging.Parser', 'On'],
    ['K8S-Logging.Exclude', 'On'],
  ]));
  sections.push(input.output._renderFluentBit('*'));
  const customParsers = section('PARSER', [
    ['Name', 'docker_no_time'],
    ['Format', 'json'],
    ['Time_Keep', 'Off'],
    ['Time_Key', 'time'],
    ['Time_Format', '%Y-%m-%dT%H:%M:%S.%L'],
  ]);
  return {
    data: { 'fluent-bit.conf': sections.join('\n\n') + '\n', 'custom_parsers.conf': customParsers + '\n' },
    command: ['/fluent-bit/bin/fluent-bit'],
    args: ['--workdir=/fluent-bit/etc', '--config=/fluent-bit/etc/conf/fluent-bit.conf'],
    env: {},
    configMountPath: '/fluent-bit/etc/conf',
    stateMountPath,
    livenessPath: '/',
    readinessPath: '/api/v2/health',
    healthPort: input.endpoints.port,
    podLabels: {},
  };
}

/** charts/fluentd values.yaml `fileConfigs` and templates/fluentd-configurations-cm.yaml `fluent.conf`. */
function fluentdConfig(input: ConfigInput): RenderedConfig {
  const stateMountPath = '/var/lib/fluentd';
  const indent = (text: string, by: string) => text.split('\n').map((l) => (l ? by + l : l)).join('\n');
  const blocks = [
    '# do not collect fluentd logs to avoid infinite loops.',
    '<label @FLUENT_LOG>\n  <match **>\n    @type null\n    @id ignore_fluent_logs\n  </match>\n</label>',
    [
      '<source>',
      '  @type tail',
      '  @id in_tail_container_logs',
      '  @label @KUBERNETES',
      '  path /var/log/containers/*.log',
      `  exclude_path ["${ownLogs(input)}"]`,
      `  pos_file ${stateMountPath}/fluentd-containers.log.pos`,
      '  tag kubernetes.*',
      '  read_from_head true',
      '  <parse>',
      '    @type multi_format',
      '    <pattern>',
      '      format json',
      '      time_key time',
      '      time_type string',
      '      time_format "%Y-%m-%dT%H:%M:%S.%NZ"',
      '      keep_time_key false',
      '    </pattern>',
      '    <pattern>',
      '      format regexp',
      '      expression /^(?<time>.+) (?<stream>stdout|stderr)( (.))? (?<log>.*)$/',
      "      time_format '%Y-%m-%dT%H:%M:%S.%NZ'",
      '      keep_time_key false',
      '    </pattern>',
      '  </parse>',
      '  emit_unmatched_lines true',
      '</source>',
    ].join('\n'),
  ];
  if (input.journald) {
    blocks.push([
      '<source>',
      '  @type systemd',
      '  @id in_systemd_kubelet',
      '  @label @OUTPUT',
      '  matches [{ "_SYSTEMD_UNIT": "kubelet.service" }]',
      '  path /var/log/journal',
      '  read_from_head true',
      '  tag kubelet',
      '  <storage>',
      '    @type local',
      '    persistent true',
      `    path ${stateMountPath}/kubelet.pos`,
      '  </storage>',
      '</source>',
    ].join('\n'));
  }
  blocks.push(
    `<source>\n  @type prometheus\n  bind 0.0.0.0\n  port ${input.endpoints.port}\n  metrics_path ${input.endpoints.metricsPath}\n</source>`,
    [
      '<label @KUBERNETES>',
      '  <filter kubernetes.**>',
      '    @type kubernetes_metadata',
      '    @id filter_kube_metadata',
      '    skip_labels false',
      '    skip_container_metadata false',
      '    skip_namespace_metadata true',
      '    skip_master_url true',
      '  </filter>',
      '  <match **>',
      '    @type relabel',
      '    @label @OUTPUT',
      '  </match>',
      '</label>',
    ].join('\n'),
    ['<label @OUTPUT>', '  <match **>', indent(input.output._renderFluentd(), '    '), '  </match>', '</label>'].join('\n'),
  );
  return {
    data: { 'fluent.conf': blocks.join('\n\n') + '\n' },
    env: {
      // charts/fluentd templates/_pod.tpl: relative to the image's /fluentd/etc.
      FLUENTD_CONF: kplus.EnvValue.fromValue('../../../etc/fluent/fluent.conf'),
      // kubernetes_metadata filter: watch only the pods of this node.
      K8S_NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
    },
    configMountPath: '/etc/fluent',
    stateMountPath,
    livenessPath: input.endpoints.metricsPath,
    readinessPath: input.endpoints.metricsPath,
    healthPort: input.endpoints.port,
    podLabels: {},
  };
}

/** charts/vector values.yaml (role Agent) default agent configuration, without host_metrics. */
function vectorConfig(input: ConfigInput): RenderedConfig {
  const stateMountPath = '/vector-data-dir';
  const logInputs = ['kubernetes_logs', ...(input.journald ? ['journald'] : [])];
  const sources: { [key: string]: any } = {
    kubernetes_logs: { type: 'kubernetes_logs' },
    internal_metrics: { type: 'internal_metrics' },
  };
  if (input.journald) {
    sources.journald = { type: 'journald', journal_directory: '/var/log/journal', include_units: ['kubelet.service'] };
  }
  const config = {
    data_dir: stateMountPath,
    api: { enabled: true, address: `0.0.0.0:${VECTOR_API_PORT}` },
    sources,
    sinks: {
      prom_exporter: { type: 'prometheus_exporter', inputs: ['internal_metrics'], address: `0.0.0.0:${input.endpoints.port}` },
      output: input.output._renderVector(logInputs),
    },
  };
  return {
    data: { 'agent.yaml': toYaml(config, { sortMapEntries: false }) },
    args: ['--config-dir', '/etc/vector/'],
    env: {
      VECTOR_LOG: kplus.EnvValue.fromValue('info'),
      VECTOR_SELF_NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
      VECTOR_SELF_POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
      VECTOR_SELF_POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
    },
    configMountPath: '/etc/vector/',
    stateMountPath,
    livenessPath: '/health',
    readinessPath: '/health',
    healthPort: VECTOR_API_PORT,
    // charts/vector templates/_pod.tpl: kubernetes_logs skips pods labelled vector.dev/exclude=true (its own).
    podLabels: { 'vector.dev/exclude': 'true' },
  };
}
