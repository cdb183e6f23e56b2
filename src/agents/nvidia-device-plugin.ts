/**
 * The NVIDIA GPU device plugin, only on GPU nodes.
 *
 * Upstream: NVIDIA/k8s-device-plugin @1b826acc deployments/helm/nvidia-device-plugin
 * 0.20.0 values.yaml (`affinity`, `tolerations`, `priorityClassName`,
 * `updateStrategy`, `mps.root`), templates/daemonset-device-plugin.yml,
 * templates/_helpers.tpl (`nvidia-device-plugin.securityContext`);
 * deployments/static/nvidia-device-plugin.yml (v0.20.0 image).
 */
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AgentCommonProps, applyNodeAffinity, joinNamespace } from './common';
import { AgentNamespace } from './namespace';
import { NodeAgent } from '../agent/node-agent';
import { AgentResources } from '../agent/resources';
import { AgentRole } from '../agent/role';
import { AgentTolerations, TolerationOperator } from '../agent/tolerations';
import { AgentUpdateStrategy } from '../agent/update-strategy';

/** deployments/static/nvidia-device-plugin.yml and chart 0.20.0 appVersion. */
export const NVIDIA_DEVICE_PLUGIN_IMAGE = 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0';
/** The chart sets no resources (`resources: {}`); NodeAgent requires them. */
export const NVIDIA_DEVICE_PLUGIN_RESOURCES: AgentResources = { cpuRequest: '10m', memoryRequest: '64Mi', memoryLimit: '256Mi' };
/** NFD: a PCI device of vendor 0x10de (NVIDIA) is present. */
export const NFD_NVIDIA_PCI_LABEL = 'feature.node.kubernetes.io/pci-10de.present';
/** NFD: the CPU vendor is NVIDIA (Tegra / Jetson). */
export const NFD_CPU_VENDOR_LABEL = 'feature.node.kubernetes.io/cpu-model.vendor_id';
/** GPU feature discovery (or the GPU operator / cloud node pools): a GPU is present. */
export const GFD_GPU_PRESENT_LABEL = 'nvidia.com/gpu.present';
/** The taint GPU pools carry so ordinary pods stay off them, and the extended resource the plugin advertises. */
export const NVIDIA_GPU_TAINT_KEY = 'nvidia.com/gpu';

/**
 * Properties of an `NvidiaDevicePlugin`.
 */
export interface NvidiaDevicePluginProps extends AgentCommonProps {
  /**
   * Name of the DaemonSet.
   *
   * @default 'nvidia-device-plugin' (chart name)
   */
  readonly name?: string;

  /**
   * Namespace of the agent.
   *
   * @default 'nvidia-device-plugin' (the chart's documented install namespace)
   */
  readonly namespace?: string;

  /**
   * Image.
   *
   * @default 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0' (chart 0.20.0 appVersion)
   */
  readonly image?: string;

  /**
   * Requests and limits.
   *
   * @default - 10m / 64Mi, limit memory 256Mi (the chart sets none)
   */
  readonly resources?: AgentResources;

  /**
   * Label queries that each mark a GPU node: the agent runs on nodes
   * matching any of them (one node-affinity term per query, OR'd).
   *
   * @default - NFD `feature.node.kubernetes.io/pci-10de.present=true` OR NFD `feature.node.kubernetes.io/cpu-model.vendor_id=NVIDIA` OR `nvidia.com/gpu.present=true` (chart values.yaml `affinity`)
   */
  readonly gpuNodeQueries?: kplus.NodeLabelQuery[];

  /**
   * Tolerations; they replace the default (add to it with `agent.addTolerations()`).
   *
   * @default - `CriticalAddonsOnly` Exists and `nvidia.com/gpu` Exists NoSchedule (chart values.yaml `tolerations`)
   */
  readonly tolerations?: AgentTolerations;

  /**
   * Update strategy.
   *
   * @default AgentUpdateStrategy.rollingUpdate() (chart values.yaml `updateStrategy.type: RollingUpdate`)
   */
  readonly updateStrategy?: AgentUpdateStrategy;

  /**
   * Priority class.
   *
   * @default 'system-node-critical' (chart values.yaml `priorityClassName`)
   */
  readonly priorityClassName?: string;

  /**
   * Host directory of the MPS control daemon.
   *
   * @default '/run/nvidia/mps' (chart values.yaml `mps.root`)
   */
  readonly mpsRoot?: string;
}

/**
 * The NVIDIA device plugin: registers `nvidia.com/gpu` with the kubelet
 * through `/var/lib/kubelet/device-plugins`, runs only where NFD / GFD
 * labels say there is an NVIDIA GPU, tolerates the `nvidia.com/gpu` taint,
 * `system-node-critical`, no privilege escalation and every capability
 * dropped. Companions: the Namespace; no RBAC (the plugin talks to the
 * kubelet only).
 */
export class NvidiaDevicePlugin extends Construct {
  /** The DaemonSet and its pod template. */
  public readonly agent: NodeAgent;

  /** The agent's namespace. */
  public readonly agentNamespace: AgentNamespace;

  constructor(scope: Construct, id: string, props: NvidiaDevicePluginProps = {}) {
    super(scope, id);
    const name = props.name ?? 'nvidia-device-plugin';
    const namespace = props.namespace ?? 'nvidia-device-plugin';
    const mpsRoot = (props.mpsRoot ?? '/run/nvidia/mps').replace(/\/+$/, '');
    if (!mpsRoot.startsWith('/')) throw new Error(`NvidiaDevicePlugin ${name}: mpsRoot "${props.mpsRoot}" must be an absolute path on the node`);

    this.agent = new NodeAgent(this, 'Agent', {
      name,
      namespace,
      role: AgentRole.DEVICE_PLUGIN,
      image: props.image ?? NVIDIA_DEVICE_PLUGIN_IMAGE,
      resources: props.resources ?? NVIDIA_DEVICE_PLUGIN_RESOURCES,
      containerName: 'nvidia-device-plugin-ctr',
      command: ['nvidia-device-plugin'],
      exposeNodeName: false,
      envVariables: {
        MPS_ROOT: kplus.EnvValue.fromValue(mpsRoot),
        NVIDIA_VISIBLE_DEVICES: kplus.EnvValue.fromValue('all'),
        NVIDIA_DRIVER_CAPABILITIES: kplus.EnvValue.fromValue('compute,utility'),
      },
      // templates/_helpers.tpl `nvidia-device-plugin.securityContext`: allowPrivilegeEscalation false, drop ALL; root to write the kubelet socket.
      securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
      tolerations: props.tolerations ?? AgentTolerations.of(
        { key: 'CriticalAddonsOnly', operator: TolerationOperator.EXISTS },
        { key: NVIDIA_GPU_TAINT_KEY, operator: TolerationOperator.EXISTS, effect: kplus.TaintEffect.NO_SCHEDULE },
      ),
      updateStrategy: props.updateStrategy,
      priorityClassName: props.priorityClassName,
      nodeSelector: props.nodeSelector,
      labels: props.labels,
      podAnnotations: props.podAnnotations,
      hostMounts: [
        { hostPath: '/var/lib/kubelet/device-plugins', type: kplus.HostPathVolumeType.DIRECTORY, readOnly: false, volumeName: 'kubelet-device-plugins-dir' },
        { hostPath: `${mpsRoot}/shm`, mountPath: '/dev/shm', readOnly: false, volumeName: 'mps-shm' },
        { hostPath: mpsRoot, mountPath: '/mps', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'mps-root' },
        { hostPath: '/var/run/cdi', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'cdi-root' },
      ],
    });
    const ctr = ['nvidia-device-plugin-ctr'];
    this.agent.ignoreLint('run-as-root', 'the plugin creates its socket in /var/lib/kubelet/device-plugins, which the kubelet creates root-owned '
      + 'with mode 0750 (pkg/kubelet/cm/devicemanager/plugin/v1beta1/server.go); chart 0.20.0 sets no user', ctr);
    this.agent.ignoreLint('no-read-only-root-fs', 'upstream keeps it writable: chart 0.20.0 templates/_helpers.tpl '
      + '`nvidia-device-plugin.securityContext` sets only allowPrivilegeEscalation: false and drops ALL', ctr);
    const noHealthEndpoint = 'the plugin serves no health endpoint: it watches kubelet.sock and registers again when the kubelet restarts '
      + '(cmd/nvidia-device-plugin/main.go); chart 0.20.0 ships no probes';
    this.agent.ignoreLint('missing-liveness-probe', noHealthEndpoint, ctr);
    this.agent.ignoreLint('missing-readiness-probe', noHealthEndpoint, ctr);
    const queries = props.gpuNodeQueries ?? [
      kplus.NodeLabelQuery.in(NFD_NVIDIA_PCI_LABEL, ['true']),
      kplus.NodeLabelQuery.in(NFD_CPU_VENDOR_LABEL, ['NVIDIA']),
      kplus.NodeLabelQuery.in(GFD_GPU_PRESENT_LABEL, ['true']),
    ];
    if (queries.length === 0) throw new Error(`NvidiaDevicePlugin ${name}: gpuNodeQueries is empty; give at least one label query that marks GPU nodes`);
    applyNodeAffinity(this.agent, queries.map((q) => [q]), props.excludeVirtualNodes ?? true);
    this.agentNamespace = joinNamespace(this, this.agent, props.createNamespace);
  }
}
