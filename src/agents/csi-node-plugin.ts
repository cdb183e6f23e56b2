/**
 * CsiNodePlugin: the node half of a CSI driver — the driver container plus
 * the `node-driver-registrar` and `livenessprobe` sidecars — and its
 * `CSIDriver` object.
 *
 * Upstream (agent-defaults.md §6, §7): kubernetes-sigs/aws-ebs-csi-driver
 * charts/aws-ebs-csi-driver 2.64.0 templates/node.yaml, templates/_node.tpl,
 * templates/csidriver.yaml, values.yaml; kubernetes-csi/node-driver-registrar
 * README.md and cmd/csi-node-driver-registrar/main.go (v2.17.0);
 * kubernetes-csi/livenessprobe README.md; the CSIDriver API:
 * staging/src/k8s.io/api/storage/v1/types.go (`CSIDriverSpec`).
 */
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AgentCommonProps, agentServiceAccount, applyNodeAffinity, companionLabels, joinNamespace } from './common';
import { AgentNamespace } from './namespace';
import { AgentPolicyRule, grantCluster } from './rbac';
import { NodeAgent } from '../agent/node-agent';
import { AgentResources } from '../agent/resources';
import { AgentRole } from '../agent/role';
import { AgentTolerations } from '../agent/tolerations';
import { AgentUpdateStrategy } from '../agent/update-strategy';
import { isDNS1123Subdomain } from '../util/validation';

/** kubernetes-csi/node-driver-registrar latest tag v2.17.0 (registry.k8s.io/sig-storage). */
export const NODE_DRIVER_REGISTRAR_IMAGE = 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0';
/** kubernetes-csi/livenessprobe v2.19.0, the version aws-ebs-csi-driver 2.64.0 ships (`livenessprobe:v2.19.0-eksbuild.5`). */
export const LIVENESS_PROBE_IMAGE = 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0';
/** aws-ebs-csi-driver values.yaml `node.resources`: 10m / 40Mi, limit memory 256Mi. */
export const CSI_DRIVER_RESOURCES: AgentResources = { cpuRequest: '10m', memoryRequest: '40Mi', memoryLimit: '256Mi' };
/** aws-ebs-csi-driver templates/_node.tpl sidecar fallback: 10m / 32Mi, limit memory 32Mi. */
export const CSI_SIDECAR_RESOURCES: AgentResources = { cpuRequest: '10m', memoryRequest: '32Mi', memoryLimit: '32Mi' };

/**
 * How Kubernetes applies a pod's fsGroup to volumes of the driver
 * (`CSIDriverSpec.fsGroupPolicy`).
 */
export enum CsiFsGroupPolicy {
  /** Never change ownership or permissions. */
  NONE = 'None',
  /** Always apply fsGroup (the driver supports ownership changes). */
  FILE = 'File',
  /** Apply fsGroup only for ReadWriteOnce volumes with an fsType (the API default). */
  READ_WRITE_ONCE_WITH_FS_TYPE = 'ReadWriteOnceWithFSType',
}

/** Volume lifecycle modes a CSI driver supports (`CSIDriverSpec.volumeLifecycleModes`). */
export enum CsiVolumeLifecycleMode {
  /** Normal PersistentVolumes. */
  PERSISTENT = 'Persistent',
  /** Inline ephemeral volumes in the pod spec. */
  EPHEMERAL = 'Ephemeral',
}

/**
 * Properties of a `CsiNodePlugin`.
 */
export interface CsiNodePluginProps extends AgentCommonProps {
  /**
   * The CSI driver's name (`CSIDriver` name, the directory under
   * `plugins/`), e.g. `ebs.csi.aws.com`.
   */
  readonly driverName: string;

  /**
   * Image of the driver, with a pinned tag or digest.
   */
  readonly image: string;

  /**
   * Arguments of the driver container. `$(CSI_ENDPOINT)` is
   * `unix:/csi/csi.sock`; `$(CSI_NODE_NAME)` and `$(NODE_NAME)` the node's name.
   *
   * @default ['--endpoint=$(CSI_ENDPOINT)', '--v=2'] (aws-ebs-csi-driver templates/_node.tpl, without its `node` subcommand)
   */
  readonly args?: string[];

  /**
   * Extra environment variables of the driver container.
   *
   * @default - only CSI_ENDPOINT, CSI_NODE_NAME and NODE_NAME
   */
  readonly envVariables?: { [name: string]: kplus.EnvValue };

  /**
   * The kubelet's root directory on the nodes (k3s, k0s and microk8s move it).
   *
   * @default '/var/lib/kubelet' (aws-ebs-csi-driver values.yaml `node.kubeletPath`)
   */
  readonly kubeletDir?: string;

  /**
   * Name of the DaemonSet and its companions.
   *
   * @default - the first label of the driver name + `-csi-node` (`ebs.csi.aws.com` → `ebs-csi-node`)
   */
  readonly name?: string;

  /**
   * Namespace of the agent.
   *
   * @default 'kube-system' (aws-ebs-csi-driver deploy/kubernetes/base/kustomization.yaml)
   */
  readonly namespace?: string;

  /**
   * Requests and limits of the driver container.
   *
   * @default - 10m / 40Mi, limit memory 256Mi (aws-ebs-csi-driver values.yaml `node.resources`)
   */
  readonly resources?: AgentResources;

  /**
   * node-driver-registrar image.
   *
   * @default 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0' (kubernetes-csi/node-driver-registrar latest tag)
   */
  readonly registrarImage?: string;

  /**
   * livenessprobe image.
   *
   * @default 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0' (aws-ebs-csi-driver 2.64.0 sidecars.livenessProbe)
   */
  readonly livenessProbeImage?: string;

  /**
   * Requests and limits of each sidecar.
   *
   * @default - 10m / 32Mi, limit memory 32Mi (aws-ebs-csi-driver templates/_node.tpl)
   */
  readonly sidecarResources?: AgentResources;

  /**
   * Port of the livenessprobe sidecar's `/healthz` (probed on the driver container).
   *
   * @default 9808 (kubernetes-csi/livenessprobe `--health-port` default)
   */
  readonly livenessProbePort?: number;

  /**
   * Port of node-driver-registrar's `/healthz` (`--http-endpoint`).
   *
   * @default 9809 (aws-ebs-csi-driver templates/_node.tpl; node-driver-registrar README example)
   */
  readonly registrarHealthPort?: number;

  /**
   * RBAC rules the driver needs (e.g. `nodes` get to read topology labels).
   *
   * @default - none: no ClusterRole and no token (node-driver-registrar and livenessprobe need no API access)
   */
  readonly rules?: AgentPolicyRule[];

  /**
   * Emit the `CSIDriver` object.
   *
   * @default true
   */
  readonly createCsiDriver?: boolean;

  /**
   * `CSIDriver.spec.attachRequired`: the driver implements ControllerPublishVolume.
   *
   * @default true (the API default)
   */
  readonly attachRequired?: boolean;

  /**
   * `CSIDriver.spec.podInfoOnMount`: pass pod name, namespace, UID and
   * service account to NodePublishVolume.
   *
   * @default false (the API default; aws-ebs-csi-driver templates/csidriver.yaml)
   */
  readonly podInfoOnMount?: boolean;

  /**
   * `CSIDriver.spec.fsGroupPolicy`.
   *
   * @default CsiFsGroupPolicy.READ_WRITE_ONCE_WITH_FS_TYPE (the API default)
   */
  readonly fsGroupPolicy?: CsiFsGroupPolicy;

  /**
   * `CSIDriver.spec.volumeLifecycleModes`.
   *
   * @default [CsiVolumeLifecycleMode.PERSISTENT] (the API default)
   */
  readonly volumeLifecycleModes?: CsiVolumeLifecycleMode[];

  /**
   * Tolerations; they replace the default (add to it with `agent.addTolerations()`).
   *
   * @default AgentTolerations.everything() (aws-ebs-csi-driver values.yaml `node.tolerateAllTaints: true`)
   */
  readonly tolerations?: AgentTolerations;

  /**
   * Update strategy.
   *
   * @default - RollingUpdate with maxUnavailable 10% (aws-ebs-csi-driver values.yaml `node.updateStrategy`)
   */
  readonly updateStrategy?: AgentUpdateStrategy;

  /**
   * Priority class.
   *
   * @default 'system-node-critical' (aws-ebs-csi-driver templates/_node.tpl)
   */
  readonly priorityClassName?: string;
}

/**
 * A CSI node plugin: the privileged driver container with the kubelet
 * directory mounted Bidirectional, `/dev`, and the plugin socket directory
 * `<kubeletDir>/plugins/<driver>/` shared at `/csi` with the
 * `node-driver-registrar` sidecar (which registers the driver through
 * `<kubeletDir>/plugins_registry/`) and the `livenessprobe` sidecar (which
 * serves the driver's `/healthz`). `system-node-critical`, tolerates every
 * taint, Linux only. Companions: the `CSIDriver` object, a ServiceAccount,
 * an optional ClusterRole, and the Namespace unless it is kube-system.
 */
export class CsiNodePlugin extends Construct {
  /** The DaemonSet and its pod template. */
  public readonly agent: NodeAgent;

  /** The agent's namespace. */
  public readonly agentNamespace: AgentNamespace;

  /** The pods' ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** The ClusterRole, when rules were given. */
  public readonly clusterRole?: kplus.ClusterRole;

  /** The CSIDriver object, when created. */
  public readonly csiDriver?: kplus.k8s.KubeCsiDriver;

  /** The node-driver-registrar container. */
  public readonly registrar: kplus.Container;

  /** The livenessprobe container. */
  public readonly livenessProbe: kplus.Container;

  /** The driver's name. */
  public readonly driverName: string;

  constructor(scope: Construct, id: string, props: CsiNodePluginProps) {
    super(scope, id);
    const driverName = props.driverName;
    const driverProblem = csiDriverNameProblem(driverName);
    if (driverProblem) throw new Error(`CsiNodePlugin: driverName "${driverName}" ${driverProblem}`);
    this.driverName = driverName;
    const kubeletDir = (props.kubeletDir ?? '/var/lib/kubelet').replace(/\/+$/, '');
    if (!kubeletDir.startsWith('/')) throw new Error(`CsiNodePlugin ${driverName}: kubeletDir "${props.kubeletDir}" must be an absolute path on the node`);
    const name = props.name ?? `${driverName.split('.')[0].toLowerCase()}-csi-node`;
    const namespace = props.namespace ?? 'kube-system';
    const labels = companionLabels(name, AgentRole.CSI, props.labels);
    const rules = props.rules ?? [];
    const probePort = props.livenessProbePort ?? 9808;
    const registrarPort = props.registrarHealthPort ?? 9809;
    const pluginDir = `${kubeletDir}/plugins/${driverName}/`;
    const sidecarResources = props.sidecarResources ?? CSI_SIDECAR_RESOURCES;

    this.serviceAccount = agentServiceAccount(this, name, namespace, labels, rules.length > 0);
    if (rules.length > 0) {
      this.clusterRole = grantCluster(this, 'ClusterRole', { name, labels }, rules, this.serviceAccount);
    }

    this.agent = new NodeAgent(this, 'Agent', {
      name,
      namespace,
      role: AgentRole.CSI,
      image: props.image,
      resources: props.resources ?? CSI_DRIVER_RESOURCES,
      containerName: 'csi-driver',
      args: props.args ?? ['--endpoint=$(CSI_ENDPOINT)', '--v=2'],
      envVariables: {
        CSI_ENDPOINT: kplus.EnvValue.fromValue('unix:/csi/csi.sock'),
        CSI_NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
        ...(props.envVariables ?? {}),
      },
      ports: [{ name: 'healthz', number: probePort, protocol: kplus.Protocol.TCP }],
      // The driver mounts volumes for the kubelet: privileged (Bidirectional
      // propagation requires it) and root, as aws-ebs-csi-driver.
      securityContext: { privileged: true, ensureNonRoot: false, readOnlyRootFilesystem: true },
      podSecurityContext: { ensureNonRoot: false, user: 0, group: 0, fsGroup: 0 },
      liveness: kplus.Probe.fromHttpGet('/healthz', {
        port: probePort,
        initialDelaySeconds: secs(10),
        timeoutSeconds: secs(3),
        periodSeconds: secs(10),
        failureThreshold: 5,
      }),
      readiness: kplus.Probe.fromHttpGet('/healthz', {
        port: probePort,
        timeoutSeconds: secs(3),
        periodSeconds: secs(5),
        failureThreshold: 3,
      }),
      tolerations: props.tolerations ?? AgentTolerations.everything(),
      updateStrategy: props.updateStrategy ?? AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
      priorityClassName: props.priorityClassName,
      nodeSelector: props.nodeSelector,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: rules.length > 0,
      labels: props.labels,
      podAnnotations: props.podAnnotations,
      hostMounts: [
        { hostPath: kubeletDir, type: kplus.HostPathVolumeType.DIRECTORY, readOnly: false, propagation: kplus.MountPropagation.BIDIRECTIONAL, volumeName: 'kubelet-dir' },
        { hostPath: pluginDir, mountPath: '/csi', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'plugin-dir' },
        { hostPath: '/dev', type: kplus.HostPathVolumeType.DIRECTORY, readOnly: false, volumeName: 'device-dir' },
      ],
    });

    const sidecarSecurity: kplus.ContainerSecurityContextProps = {
      ensureNonRoot: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    };
    this.registrar = this.agent.addContainer({
      name: 'node-driver-registrar',
      image: props.registrarImage ?? NODE_DRIVER_REGISTRAR_IMAGE,
      resources: sidecarResources,
      args: ['--csi-address=$(ADDRESS)', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)', `--http-endpoint=0.0.0.0:${registrarPort}`, '--v=2'],
      envVariables: {
        ADDRESS: kplus.EnvValue.fromValue('/csi/csi.sock'),
        DRIVER_REG_SOCK_PATH: kplus.EnvValue.fromValue(`${pluginDir}csi.sock`),
      },
      ports: [{ name: 'healthz-ndr', number: registrarPort, protocol: kplus.Protocol.TCP }],
      securityContext: sidecarSecurity,
      liveness: kplus.Probe.fromHttpGet('/healthz', {
        port: registrarPort,
        initialDelaySeconds: secs(30),
        periodSeconds: secs(90),
        timeoutSeconds: secs(15),
      }),
      hostMounts: [
        { hostPath: pluginDir, mountPath: '/csi', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'plugin-dir' },
        { hostPath: `${kubeletDir}/plugins_registry/`, mountPath: '/registration', type: kplus.HostPathVolumeType.DIRECTORY, readOnly: false, volumeName: 'registration-dir' },
      ],
    });
    this.livenessProbe = this.agent.addContainer({
      name: 'liveness-probe',
      image: props.livenessProbeImage ?? LIVENESS_PROBE_IMAGE,
      resources: sidecarResources,
      args: ['--csi-address=/csi/csi.sock', `--health-port=${probePort}`],
      securityContext: sidecarSecurity,
      hostMounts: [
        { hostPath: pluginDir, mountPath: '/csi', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'plugin-dir' },
      ],
    });
    // aws-ebs-csi-driver templates/_node.tpl: the sidecars' only probe is the registrar's livenessProbe.
    this.agent.ignoreLint('missing-liveness-probe', 'it is the driver\'s health endpoint: the csi-driver container\'s livenessProbe goes through it '
      + 'and restarts the driver (kubernetes-csi/livenessprobe README); aws-ebs-csi-driver 2.64.0 templates/_node.tpl gives it no probe', ['liveness-probe']);
    this.agent.ignoreLint('missing-readiness-probe', 'aws-ebs-csi-driver 2.64.0 templates/_node.tpl gives the sidecars no readiness probe: '
      + 'the pod\'s readiness follows the csi-driver container\'s /healthz, served by liveness-probe', ['node-driver-registrar', 'liveness-probe']);
    applyNodeAffinity(this.agent, [], props.excludeVirtualNodes ?? true);
    this.agentNamespace = joinNamespace(this, this.agent, props.createNamespace);

    if (props.createCsiDriver ?? true) {
      this.csiDriver = new kplus.k8s.KubeCsiDriver(this, 'CSIDriver', {
        metadata: { name: driverName, labels },
        spec: {
          attachRequired: props.attachRequired ?? true,
          podInfoOnMount: props.podInfoOnMount ?? false,
          fsGroupPolicy: props.fsGroupPolicy ?? CsiFsGroupPolicy.READ_WRITE_ONCE_WITH_FS_TYPE,
          volumeLifecycleModes: props.volumeLifecycleModes ?? [CsiVolumeLifecycleMode.PERSISTENT],
        },
      });
    }
  }
}

const secs = (n: number) => Duration.seconds(n);

/**
 * Why `name` is not a valid CSI driver name, or undefined:
 * `ValidateCSIDriverName` (pkg/apis/core/validation/validation.go) — required,
 * at most 63 characters, and a DNS-1123 subdomain once lower-cased.
 */
export function csiDriverNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name === '') return 'is empty; give the name the driver reports in GetPluginInfo, e.g. "ebs.csi.aws.com"';
  if (name.length > 63) return `must have at most 63 characters (it has ${name.length})`;
  const problems = isDNS1123Subdomain(name.toLowerCase());
  return problems.length > 0 ? problems.join('; ') : undefined;
}
