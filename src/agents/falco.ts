/**
 * Falco, the runtime-security sensor, with the modern eBPF driver.
 *
 * Upstream: falcosecurity/charts charts/falco 9.1.0 (Falco 0.44.1) @548458c6:
 * values.yaml, templates/pod-template.tpl (`falco.podTemplate`,
 * `falco.securityContext`), templates/_helpers.tpl (`falco.engineConfiguration`,
 * `falco.containerPlugin`, `falcoctl.initContainer`), templates/configmap.yaml,
 * templates/falcoctl-configmap.yaml, templates/role.yaml.
 */
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify as toYaml } from 'yaml';
import { addConfigChecksum, AgentCommonProps, agentServiceAccount, applyNodeAffinity, companionLabels, joinNamespace } from './common';
import { AgentNamespace } from './namespace';
import { NodeAgent } from '../agent/node-agent';
import { AgentResources } from '../agent/resources';
import { AgentRole, SYSTEM_NODE_CRITICAL } from '../agent/role';
import { AgentTolerations } from '../agent/tolerations';
import { AgentUpdateStrategy } from '../agent/update-strategy';

/** charts/falco 9.1.0: `docker.io/falcosecurity/falco` + appVersion 0.44.1. */
export const FALCO_IMAGE = 'docker.io/falcosecurity/falco:0.44.1';
/** charts/falco values.yaml `falcoctl.image`: 0.13.0. */
export const FALCOCTL_IMAGE = 'docker.io/falcosecurity/falcoctl:0.13.0';
/** charts/falco values.yaml `resources`: requests 100m / 512Mi, limits 1000m / 1024Mi. */
export const FALCO_RESOURCES: AgentResources = { cpuRequest: '100m', memoryRequest: '512Mi', memoryLimit: '1024Mi', cpuLimit: '1000m' };
/** falcoctl's resources (`falcoctl.artifact.install.resources: {}` upstream; NodeAgent requires them). */
export const FALCOCTL_RESOURCES: AgentResources = { cpuRequest: '10m', memoryRequest: '64Mi', memoryLimit: '256Mi' };
/** charts/falco values.yaml `falco.webserver.listen_port`. */
export const FALCO_WEB_PORT = 8765;
/** charts/falco values.yaml `collectors.containerEngine.pluginRef`. */
export const FALCO_CONTAINER_PLUGIN_REF = 'ghcr.io/falcosecurity/plugins/plugin/container:0.7.1';
/**
 * Capabilities of the modern eBPF probe in least-privileged mode
 * (`falco.securityContext` with `driver.modernEbpf.leastPrivileged`).
 */
export const FALCO_LEAST_PRIVILEGED_CAPABILITIES = ['BPF', 'SYS_RESOURCE', 'PERFMON', 'SYS_PTRACE'];

/**
 * Properties of a `Falco` agent.
 */
export interface FalcoProps extends AgentCommonProps {
  /**
   * Run the modern eBPF probe with only BPF, SYS_RESOURCE, PERFMON and
   * SYS_PTRACE instead of a privileged container (kernels >= 5.8).
   *
   * @default true (charts/falco values.yaml `driver.modernEbpf.leastPrivileged`; the chart's default is a privileged `auto` driver)
   */
  readonly leastPrivileged?: boolean;

  /**
   * Container-runtime sockets (host paths) the container plugin reads
   * metadata from; each is mounted at `/host<path>`.
   *
   * @default ['/run/containerd/containerd.sock', '/run/crio/crio.sock'] (charts/falco values.yaml `collectors.containerEngine.engines.cri.sockets`, first two)
   */
  readonly containerRuntimeSockets?: string[];

  /**
   * Name of the DaemonSet and its companions.
   *
   * @default 'falco'
   */
  readonly name?: string;

  /**
   * Namespace of the agent.
   *
   * @default 'falco' (the chart's documented install namespace)
   */
  readonly namespace?: string;

  /**
   * Falco image.
   *
   * @default 'docker.io/falcosecurity/falco:0.44.1' (charts/falco 9.1.0 appVersion)
   */
  readonly image?: string;

  /**
   * falcoctl image (installs the rules and the container plugin at start).
   *
   * @default 'docker.io/falcosecurity/falcoctl:0.13.0' (charts/falco values.yaml `falcoctl.image.tag`)
   */
  readonly falcoctlImage?: string;

  /**
   * Requests and limits of Falco.
   *
   * @default - requests 100m / 512Mi, limits 1000m / 1024Mi (charts/falco values.yaml `resources`)
   */
  readonly resources?: AgentResources;

  /**
   * Tolerations; they replace the default (add to it with `agent.addTolerations()`). A sensor must run everywhere workloads can.
   *
   * @default AgentTolerations.everything() — the chart tolerates only the control-plane taints; a sensor that skips tainted pools leaves them unwatched
   */
  readonly tolerations?: AgentTolerations;

  /**
   * Update strategy.
   *
   * @default AgentUpdateStrategy.rollingUpdate() (charts/falco values.yaml `controller.daemonset.updateStrategy.type: RollingUpdate`)
   */
  readonly updateStrategy?: AgentUpdateStrategy;

  /**
   * Priority class (`''` for none).
   *
   * @default 'system-node-critical' — charts/falco sets none (`podPriorityClassName`), but a sensor missing from a full node leaves it unwatched, so it gets the class Kubernetes gives its own per-node agents (kubernetes/kubernetes v1.28.7 cluster/addons: kube-proxy, fluentd-gcp, nodelocaldns, ip-masq-agent): on a full node the pod preempts workloads instead of staying Pending. On GKE, pods of a system-*-critical class outside kube-system are admitted only when their namespace has a ResourceQuota scoped to the class
   */
  readonly priorityClassName?: string;
}

/**
 * Falco on every Linux node with the modern eBPF probe: least-privileged
 * capabilities by default, `/proc`, `/etc` and `/sys/kernel` read-only
 * under `/host`, container-runtime sockets, rules and the container plugin
 * installed by a falcoctl init container, `/healthz` probes on 8765.
 * Companions: the Namespace, a ServiceAccount without a token (this
 * configuration never calls the API), and the `falco` / `falco-falcoctl`
 * ConfigMaps (with a `checksum/config` pod annotation).
 */
export class Falco extends Construct {
  /** The DaemonSet and its pod template. */
  public readonly agent: NodeAgent;

  /** The agent's namespace. */
  public readonly agentNamespace: AgentNamespace;

  /** The pods' ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** `falco.yaml`. */
  public readonly configMap: kplus.ConfigMap;

  /** `falcoctl.yaml`. */
  public readonly falcoctlConfigMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: FalcoProps = {}) {
    super(scope, id);
    const name = props.name ?? 'falco';
    const namespace = props.namespace ?? 'falco';
    const leastPrivileged = props.leastPrivileged ?? true;
    const sockets = props.containerRuntimeSockets ?? ['/run/containerd/containerd.sock', '/run/crio/crio.sock'];
    for (const s of sockets) {
      if (!s.startsWith('/')) throw new Error(`Falco ${name}: containerRuntimeSockets entry "${s}" must be an absolute path on the node`);
    }
    const labels = companionLabels(name, AgentRole.RUNTIME_SECURITY, props.labels);

    this.serviceAccount = agentServiceAccount(this, name, namespace, labels, false);
    this.configMap = new kplus.ConfigMap(this, 'ConfigMap', {
      metadata: { name, namespace, labels },
      data: { 'falco.yaml': toYaml(falcoConfig(sockets), { sortMapEntries: false }) },
    });
    this.falcoctlConfigMap = new kplus.ConfigMap(this, 'FalcoctlConfigMap', {
      metadata: { name: `${name}-falcoctl`, namespace, labels },
      data: { 'falcoctl.yaml': toYaml(falcoctlConfig(), { sortMapEntries: false }) },
    });

    const probe = (options: kplus.HttpGetProbeOptions) => kplus.Probe.fromHttpGet('/healthz', { port: FALCO_WEB_PORT, timeoutSeconds: Duration.seconds(5), ...options });
    this.agent = new NodeAgent(this, 'Agent', {
      name,
      namespace,
      role: AgentRole.RUNTIME_SECURITY,
      image: props.image ?? FALCO_IMAGE,
      resources: props.resources ?? FALCO_RESOURCES,
      containerName: 'falco',
      args: ['/usr/bin/falco'],
      exposeNodeName: false,
      envVariables: {
        HOST_ROOT: kplus.EnvValue.fromValue('/host'),
        FALCO_HOSTNAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
        FALCO_K8S_NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
      },
      ports: [{ name: 'web', number: FALCO_WEB_PORT, protocol: kplus.Protocol.TCP }],
      // The chart sets no seccomp profile (Unconfined on a default kubelet):
      // RuntimeDefault blocks bpf()/perf_event_open() on older runtimes.
      securityContext: leastPrivileged
        ? {
          ensureNonRoot: false,
          readOnlyRootFilesystem: false,
          capabilities: { add: FALCO_LEAST_PRIVILEGED_CAPABILITIES.map((c) => c as kplus.Capability), drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.UNCONFINED },
        }
        : { privileged: true, ensureNonRoot: false, readOnlyRootFilesystem: false },
      startup: probe({ initialDelaySeconds: Duration.seconds(3), periodSeconds: Duration.seconds(5), failureThreshold: 20 }),
      liveness: probe({ periodSeconds: Duration.seconds(15), failureThreshold: 3 }),
      readiness: probe({ periodSeconds: Duration.seconds(15), failureThreshold: 3 }),
      tolerations: props.tolerations ?? AgentTolerations.everything(),
      updateStrategy: props.updateStrategy,
      priorityClassName: props.priorityClassName ?? SYSTEM_NODE_CRITICAL,
      nodeSelector: props.nodeSelector,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      labels: props.labels,
      podAnnotations: {
        ...(leastPrivileged ? { 'container.apparmor.security.beta.kubernetes.io/falco': 'unconfined' } : {}),
        ...(props.podAnnotations ?? {}),
      },
      hostMounts: [
        { hostPath: '/proc', mountPath: '/host/proc', readOnly: true, volumeName: 'proc-fs' },
        { hostPath: '/etc', mountPath: '/host/etc', readOnly: true, volumeName: 'etc-fs' },
        { hostPath: '/sys/kernel', readOnly: true, volumeName: 'sys-fs' },
        ...sockets.map((s, i) => ({ hostPath: s, mountPath: `/host${s}`, readOnly: false, volumeName: `container-engine-socket-${i}` })),
      ],
    });

    const emptyDir = (volumeName: string) => kplus.Volume.fromEmptyDir(this, `Volume-${volumeName}`, volumeName);
    const plugins = emptyDir('plugins-install-dir');
    const rulesfiles = emptyDir('rulesfiles-install-dir');
    const state = emptyDir('artifact-state-dir');
    const falcoYaml = kplus.Volume.fromConfigMap(this, 'FalcoYamlVolume', this.configMap, { name: 'falco-yaml' });
    const falcoctlVolume = kplus.Volume.fromConfigMap(this, 'FalcoctlConfigVolume', this.falcoctlConfigMap, { name: 'falcoctl-config-volume' });
    const falco = this.agent.container;
    falco.mount('/root/.falco', emptyDir('root-falco-fs'));
    falco.mount('/etc/falco', rulesfiles);
    falco.mount('/usr/share/falco/plugins', plugins);
    falco.mount('/etc/falco/falco.yaml', falcoYaml, { subPath: 'falco.yaml' });

    const install = this.agent.addInitContainer({
      name: 'falcoctl-artifact-install',
      image: props.falcoctlImage ?? FALCOCTL_IMAGE,
      resources: FALCOCTL_RESOURCES,
      args: ['artifact', 'install', '--log-format=json'],
      securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
    });
    install.mount('/plugins', plugins);
    install.mount('/rulesfiles', rulesfiles);
    install.mount('/etc/falcoctl', falcoctlVolume);
    install.mount('/artifactstate', state);
    this.agent.ignoreLint('no-read-only-root-fs', 'upstream keeps it writable: charts/falco 9.1.0 sets no container securityContext '
      + '(containerSecurityContext and falcoctl.artifact.install.securityContext are {}), and its OpenShift SCC sets readOnlyRootFilesystem: false',
    ['falcoctl-artifact-install', 'falco']);

    addConfigChecksum(this.agent, [this.configMap, this.falcoctlConfigMap]);
    applyNodeAffinity(this.agent, [], props.excludeVirtualNodes ?? true);
    this.agentNamespace = joinNamespace(this, this.agent, props.createNamespace);
  }
}

/** `falco.yaml`: the chart's `falco` values with the modern_ebpf engine and the container plugin. */
function falcoConfig(sockets: string[]): { [key: string]: any } {
  return {
    rules_files: ['/etc/falco/falco_rules.yaml', '/etc/falco/falco_rules.local.yaml', '/etc/falco/rules.d'],
    engine: {
      kind: 'modern_ebpf',
      modern_ebpf: { buf_size_preset: 4, drop_failed_exit: false, cpus_for_each_buffer: 2, disable_iterators: false },
    },
    load_plugins: ['container'],
    plugins: [{
      name: 'container',
      library_path: 'libcontainer.so',
      init_config: {
        label_max_len: 100,
        with_size: false,
        hooks: ['create'],
        engines: {
          docker: { enabled: false, sockets: ['/var/run/docker.sock'] },
          podman: { enabled: false, sockets: ['/run/podman/podman.sock'] },
          containerd: { enabled: false, sockets: ['/run/host-containerd/containerd.sock'] },
          cri: { enabled: true, sockets },
          lxc: { enabled: false },
          libvirt_lxc: { enabled: false },
          bpm: { enabled: false },
        },
      },
    }],
    plugins_hostinfo: true,
    time_format_iso_8601: false,
    priority: 'debug',
    json_output: false,
    json_include_output_property: true,
    json_include_tags_property: true,
    buffered_outputs: false,
    rule_matching: 'first',
    stdout_output: { enabled: true },
    syslog_output: { enabled: true },
    file_output: { enabled: false },
    http_output: { enabled: false },
    program_output: { enabled: false },
    webserver: {
      enabled: true,
      threadiness: 0,
      listen_port: FALCO_WEB_PORT,
      listen_address: '0.0.0.0',
      k8s_healthz_endpoint: '/healthz',
      prometheus_metrics_enabled: false,
      ssl_enabled: false,
    },
    log_stderr: true,
    log_syslog: true,
    log_level: 'info',
    libs_logger: { enabled: true, severity: 'info' },
    output_timeout: 2000,
  };
}

/** `falcoctl.yaml`: charts/falco values.yaml `falcoctl.config`, install only (no follow sidecar). */
function falcoctlConfig(): { [key: string]: any } {
  return {
    indexes: [{ name: 'falcosecurity', url: 'https://falcosecurity.github.io/falcoctl/index.yaml' }],
    artifact: {
      allowedTypes: ['rulesfile', 'plugin'],
      install: {
        resolveDeps: true,
        refs: ['falco-rules:5', FALCO_CONTAINER_PLUGIN_REF],
        rulesfilesDir: '/rulesfiles',
        pluginsDir: '/plugins',
        stateDir: '/artifactstate',
      },
    },
  };
}
