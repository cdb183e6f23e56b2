import { ApiObject, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { HostMount, volumeNameForPath } from './host-mounts';
import { imageProblem, imageTag } from './image';
import { AgentResources, renderResources, validateResources } from './resources';
import { AgentRole, IGNORE_RULE_ANNOTATION_PREFIX, isNodeCriticalRole, ROLE_ANNOTATION, SYSTEM_NODE_CRITICAL } from './role';
import { AgentTolerations, renderToleration, validateTolerations } from './tolerations';
import { AgentUpdateStrategy, renderUpdateStrategy, validateUpdateStrategy } from './update-strategy';
import { isDNS1123Label, isDNS1123Subdomain, isValidLabelValue } from '../util/validation';
import { ChartChecks } from '../validation/chart-checks';
import { formatIgnoreClause, LINT_RULES } from '../validation/lints';

/** The label every object of this library carries as `app.kubernetes.io/managed-by`. */
export const MANAGED_BY = 'cdk8s-node-agents';

/**
 * A container of a node agent beyond the main one (a sidecar such as CSI's
 * node-driver-registrar, or an init container).
 */
export interface AgentContainerProps {
  /**
   * Container name (a DNS-1123 label, unique in the pod).
   */
  readonly name: string;

  /**
   * Image, with a pinned tag or digest (`latest` and untagged images are rejected at synth).
   */
  readonly image: string;

  /**
   * Requests and limits. Required for every node-agent container.
   */
  readonly resources: AgentResources;

  /**
   * Entrypoint.
   *
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments.
   *
   * @default - the image's arguments
   */
  readonly args?: string[];

  /**
   * Environment variables.
   *
   * @default - none
   */
  readonly envVariables?: { [name: string]: kplus.EnvValue };

  /**
   * Ports.
   *
   * @default - none
   */
  readonly ports?: kplus.ContainerPort[];

  /**
   * Security context, merged over the hardened node-agent defaults (non-root
   * 65534, no privilege escalation, all capabilities dropped, read-only root
   * filesystem, RuntimeDefault seccomp).
   *
   * @default - the hardened defaults
   */
  readonly securityContext?: kplus.ContainerSecurityContextProps;

  /**
   * Host paths mounted into this container.
   *
   * @default - none
   */
  readonly hostMounts?: HostMount[];

  /**
   * Liveness probe.
   *
   * @default - none
   */
  readonly liveness?: kplus.Probe;

  /**
   * Readiness probe.
   *
   * @default - none
   */
  readonly readiness?: kplus.Probe;

  /**
   * Startup probe.
   *
   * @default - none
   */
  readonly startup?: kplus.Probe;

  /**
   * Add a `NODE_NAME` variable from the downward API (`spec.nodeName`).
   *
   * @default false
   */
  readonly exposeNodeName?: boolean;

  /**
   * Environment from ConfigMaps or Secrets.
   *
   * @default - none
   */
  readonly envFrom?: kplus.EnvFrom[];

  /**
   * Lifecycle hooks (e.g. a preStop hook that lets a CNI agent clean up).
   *
   * @default - none
   */
  readonly lifecycle?: kplus.ContainerLifecycle;
}

/**
 * Properties of a `NodeAgent`.
 */
export interface NodeAgentProps {
  /**
   * Image of the main container, with a pinned tag or digest.
   */
  readonly image: string;

  /**
   * Requests and limits of the main container: cpu and memory requests and a
   * memory limit are required; the cpu limit is optional.
   */
  readonly resources: AgentResources;

  /**
   * Name of the DaemonSet (and `app.kubernetes.io/name`).
   *
   * @default - the construct id, lower-cased into a DNS-1123 name
   */
  readonly name?: string;

  /**
   * Namespace of the DaemonSet.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * `app.kubernetes.io/instance`; part of the selector, which is fixed to
   * `app.kubernetes.io/name` + `app.kubernetes.io/instance` so refactors
   * of the construct tree never change it (selectors are immutable).
   *
   * @default - the name
   */
  readonly instance?: string;

  /**
   * What the agent does: drives priority defaults, role-aware lints and GitOps ordering.
   *
   * @default AgentRole.GENERIC
   */
  readonly role?: AgentRole;

  /**
   * Name of the main container.
   *
   * @default - the name
   */
  readonly containerName?: string;

  /**
   * Entrypoint of the main container.
   *
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments of the main container.
   *
   * @default - the image's arguments
   */
  readonly args?: string[];

  /**
   * Environment variables of the main container.
   *
   * @default - only NODE_NAME (see `exposeNodeName`)
   */
  readonly envVariables?: { [name: string]: kplus.EnvValue };

  /**
   * Expose the node's name to the main container as `NODE_NAME` (downward API, `spec.nodeName`).
   *
   * @default true
   */
  readonly exposeNodeName?: boolean;

  /**
   * Environment of the main container from ConfigMaps or Secrets.
   *
   * @default - none
   */
  readonly envFrom?: kplus.EnvFrom[];

  /**
   * Lifecycle hooks of the main container (e.g. a preStop hook that lets a CNI agent clean up).
   *
   * @default - none
   */
  readonly lifecycle?: kplus.ContainerLifecycle;

  /**
   * Ports of the main container. With `hostNetwork` the host port always
   * equals the container port (the apiserver enforces it).
   *
   * @default - none
   */
  readonly ports?: kplus.ContainerPort[];

  /**
   * Tolerations. The tolerations the DaemonSet controller injects anyway
   * (not-ready/unreachable NoExecute; disk-, memory-, pid-pressure and
   * unschedulable NoSchedule; network-unavailable NoSchedule with
   * hostNetwork) need not be listed.
   *
   * @default - AgentTolerations.everything() for CNI, CSI, log-collector and runtime-security agents; AgentTolerations.none() otherwise
   */
  readonly tolerations?: AgentTolerations;

  /**
   * Host paths mounted into the main container (read-only unless stated).
   *
   * @default - none
   */
  readonly hostMounts?: HostMount[];

  /**
   * How pods are replaced when the template changes.
   *
   * @default AgentUpdateStrategy.rollingUpdate() — maxUnavailable 1, maxSurge 0
   */
  readonly updateStrategy?: AgentUpdateStrategy;

  /**
   * Priority class of the pods (`''` for none: the field is left out, which
   * the apiserver treats as unset).
   *
   * @default - `system-node-critical` for CNI, CSI and device-plugin agents; none otherwise
   */
  readonly priorityClassName?: string;

  /**
   * Use the node's network namespace. Implies `dnsPolicy: ClusterFirstWithHostNet`
   * so the agent still resolves cluster Services.
   *
   * @default false
   */
  readonly hostNetwork?: boolean;

  /**
   * Use the node's PID namespace.
   *
   * @default false
   */
  readonly hostPID?: boolean;

  /**
   * Node labels a node must have (`spec.template.spec.nodeSelector`).
   *
   * @default { 'kubernetes.io/os': 'linux' }
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Required node affinity: every query must hold (one node selector term).
   *
   * @default - none
   */
  readonly nodeAffinity?: kplus.NodeLabelQuery[];

  /**
   * Security context of the main container, merged over the hardened
   * defaults: `runAsNonRoot: true`, `runAsUser`/`runAsGroup` 65534,
   * `allowPrivilegeEscalation: false`, `privileged: false`,
   * `readOnlyRootFilesystem: true`, `capabilities.drop: [ALL]`,
   * `seccompProfile: RuntimeDefault`. Agents loosen it explicitly
   * (`privileged: true` also turns on privilege escalation, as the apiserver requires).
   *
   * @default - the hardened defaults
   */
  readonly securityContext?: kplus.ContainerSecurityContextProps;

  /**
   * Pod security context.
   *
   * @default - `runAsNonRoot` as the main container's `ensureNonRoot`
   */
  readonly podSecurityContext?: kplus.PodSecurityContextProps;

  /**
   * Service account of the pods.
   *
   * @default - the namespace's default service account, with no token mounted
   */
  readonly serviceAccount?: kplus.IServiceAccount;

  /**
   * Mount the service account token.
   *
   * @default - true when `serviceAccount` is set, false otherwise
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Seconds a new pod must be ready before it counts as available.
   *
   * @default 0
   */
  readonly minReadySeconds?: number;

  /**
   * Old ControllerRevisions kept for rollback.
   *
   * @default 10
   */
  readonly revisionHistoryLimit?: number;

  /**
   * Grace period on stop (log shippers need time to flush).
   *
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Liveness probe of the main container.
   *
   * @default - none
   */
  readonly liveness?: kplus.Probe;

  /**
   * Readiness probe of the main container.
   *
   * @default - none
   */
  readonly readiness?: kplus.Probe;

  /**
   * Startup probe of the main container.
   *
   * @default - none
   */
  readonly startup?: kplus.Probe;

  /**
   * Extra labels on the DaemonSet and its pods (never in the selector).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Extra annotations on the pods (e.g. a config checksum).
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * `app.kubernetes.io/part-of` label.
   *
   * @default - none
   */
  readonly partOf?: string;
}

interface ManagedContainer {
  readonly container: kplus.Container;
  readonly resources: AgentResources;
  readonly init: boolean;
}

interface HostVolume {
  readonly volume: kplus.Volume;
  readonly hostPath: string;
  readonly type: kplus.HostPathVolumeType;
}

interface MountRecord {
  readonly container: kplus.Container;
  readonly mount: HostMount;
}

/**
 * A node agent: one DaemonSet with production defaults.
 *
 * Built on cdk8s-plus-28's `DaemonSet` (containers, volumes and env are
 * cdk8s-plus types, reachable through `daemonSet` and `container`), it adds
 * what cdk8s-plus lacks for node agents — update strategy, hostPID,
 * priority class, revision history, node selector, typed tolerations and
 * host mounts, exact resource quantities — and checks at synth everything
 * the apiserver would reject, with the field path in each message.
 *
 * @example
 * new NodeAgent(chart, 'node-problem-detector', {
 *   image: 'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.19',
 *   resources: { cpuRequest: '20m', memoryRequest: '40Mi', memoryLimit: '80Mi' },
 *   hostMounts: [{ hostPath: '/var/log' }],
 * });
 */
export class NodeAgent extends Construct {
  /**
   * The cdk8s-plus DaemonSet. Add containers with `addContainer` rather than
   * on the DaemonSet directly, so they get resources and checks.
   */
  public readonly daemonSet: kplus.DaemonSet;

  /** The main container. */
  public readonly container: kplus.Container;

  /** Name of the DaemonSet. */
  public readonly name: string;

  /** Namespace of the DaemonSet, if set. */
  public readonly namespace?: string;

  /** The agent's role. */
  public readonly role: AgentRole;

  /** The update strategy. */
  public readonly updateStrategy: AgentUpdateStrategy;

  /** The labels the DaemonSet selects its pods by (fixed: name + instance). */
  public readonly selectorLabels: { [key: string]: string };

  /** Node labels the pods require. */
  public readonly nodeSelector: { [key: string]: string };

  /** Priority class of the pods, if any. */
  public readonly priorityClassName?: string;

  /** Whether the pods use the host network. */
  public readonly hostNetwork: boolean;

  /** Whether the pods use the host PID namespace. */
  public readonly hostPID: boolean;

  private _tolerations: AgentTolerations;
  private readonly requiredEverywhere: kplus.NodeLabelQuery[] = [];
  private readonly managed: ManagedContainer[] = [];
  private readonly hostVolumes = new Map<string, HostVolume>();
  private readonly mounts: MountRecord[] = [];
  private readonly lintClauses = new Map<string, string[]>();
  private readonly revisionHistoryLimit?: number;
  private readonly props: NodeAgentProps;

  constructor(scope: Construct, id: string, props: NodeAgentProps) {
    super(scope, id);
    this.props = props;
    this.name = props.name ?? dnsNameFromId(id);
    this.namespace = props.namespace;
    this.role = props.role ?? AgentRole.GENERIC;
    this.updateStrategy = props.updateStrategy ?? AgentUpdateStrategy.rollingUpdate();
    this.hostNetwork = props.hostNetwork ?? false;
    this.hostPID = props.hostPID ?? false;
    this.nodeSelector = { ...(props.nodeSelector ?? { 'kubernetes.io/os': 'linux' }) };
    const priorityClassName = props.priorityClassName ?? (isNodeCriticalRole(this.role) ? SYSTEM_NODE_CRITICAL : undefined);
    this.priorityClassName = priorityClassName === '' ? undefined : priorityClassName;
    this.revisionHistoryLimit = props.revisionHistoryLimit;
    this._tolerations = props.tolerations ?? defaultTolerations(this.role);

    const instance = props.instance ?? this.name;
    this.selectorLabels = {
      'app.kubernetes.io/name': this.name,
      'app.kubernetes.io/instance': instance,
    };
    const version = versionLabel(props.image);
    const labels: { [key: string]: string } = {
      ...(props.labels ?? {}),
      ...this.selectorLabels,
      'app.kubernetes.io/component': this.role,
      'app.kubernetes.io/managed-by': MANAGED_BY,
      ...(props.partOf ? { 'app.kubernetes.io/part-of': props.partOf } : {}),
      ...(version ? { 'app.kubernetes.io/version': version } : {}),
    };

    const mainSecurity = hardenedSecurityContext(props.securityContext);
    this.daemonSet = new AgentDaemonSet(this, 'Resource', this, {
      metadata: {
        name: this.name,
        namespace: props.namespace,
        labels,
        annotations: { [ROLE_ANNOTATION]: this.role },
      },
      podMetadata: { labels, annotations: props.podAnnotations },
      select: false,
      minReadySeconds: props.minReadySeconds,
      hostNetwork: this.hostNetwork,
      dns: this.hostNetwork ? { policy: kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET } : undefined,
      serviceAccount: props.serviceAccount,
      automountServiceAccountToken: props.automountServiceAccountToken ?? props.serviceAccount !== undefined,
      terminationGracePeriod: props.terminationGracePeriod,
      securityContext: props.podSecurityContext ?? { ensureNonRoot: mainSecurity.ensureNonRoot },
    });
    this.daemonSet.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    if (props.nodeAffinity && props.nodeAffinity.length > 0) {
      // One call, one node selector term: the queries are ANDed. (Each
      // `attract` call adds a term, and terms are ORed.)
      this.daemonSet.scheduling.attract(kplus.Node.labeled(...props.nodeAffinity));
    }

    this.container = this.addContainer({
      name: props.containerName ?? this.name,
      image: props.image,
      resources: props.resources,
      command: props.command,
      args: props.args,
      envVariables: props.envVariables,
      ports: props.ports,
      securityContext: props.securityContext,
      hostMounts: props.hostMounts,
      liveness: props.liveness,
      readiness: props.readiness,
      startup: props.startup,
      exposeNodeName: props.exposeNodeName ?? true,
      envFrom: props.envFrom,
      lifecycle: props.lifecycle,
    });

    this.node.addValidation({ validate: () => this.validateAgent() });
    // The chart-wide checks (apiserver rules on every object, Pod Security
    // against the namespace's enforce label, lints) run once per chart.
    ChartChecks.of(this).register({
      checkedObjectKey: `DaemonSet/${this.namespace ?? Chart.of(this).namespace ?? 'default'}/${this.name}`,
      constructProblems: () => this.validateAgent(),
    });
  }

  /** The tolerations of the pods (before the controller injects its own). */
  public get tolerations(): AgentTolerations {
    return this._tolerations;
  }

  /**
   * Add tolerations to the existing ones.
   */
  public addTolerations(tolerations: AgentTolerations): void {
    this._tolerations = this._tolerations.and(tolerations);
  }

  /**
   * Require node labels in addition to everything else: each query is ANDed
   * into every required node-selector term (a new term when there is none),
   * so it narrows placement whatever affinity the agent already has. This is
   * how per-pool variants confine an agent to its pools.
   */
  public requireNodeLabels(...queries: kplus.NodeLabelQuery[]): void {
    this.requiredEverywhere.push(...queries);
  }

  /**
   * Add a container (sidecar) with node-agent defaults: pinned image, required
   * resources, hardened security context, `IfNotPresent` pulls.
   */
  public addContainer(props: AgentContainerProps): kplus.Container {
    return this.addManagedContainer(props, false);
  }

  /**
   * Add an init container with the same defaults as `addContainer`.
   */
  public addInitContainer(props: AgentContainerProps): kplus.Container {
    return this.addManagedContainer(props, true);
  }

  /**
   * Mount a host path into a container (the main one by default). Mounting
   * the same host path into several containers shares one volume.
   */
  public addHostMount(mount: HostMount, container?: kplus.Container): kplus.Volume {
    const target = container ?? this.container;
    const name = mount.volumeName ?? volumeNameForPath(mount.hostPath);
    const type = mount.type ?? kplus.HostPathVolumeType.DEFAULT;
    let entry = this.hostVolumes.get(name);
    if (entry === undefined) {
      const volume = kplus.Volume.fromHostPath(this, `HostPath-${name}`, name, { path: mount.hostPath, type });
      entry = { volume, hostPath: mount.hostPath, type };
      this.hostVolumes.set(name, entry);
    } else if (entry.hostPath !== mount.hostPath || entry.type !== type) {
      throw new Error(`host mount volume "${name}" is already used for ${entry.hostPath} (type "${entry.type}"); give ${mount.hostPath} another volumeName`);
    }
    target.mount(mount.mountPath ?? mount.hostPath, entry.volume, {
      readOnly: mount.readOnly ?? true,
      propagation: mount.propagation,
    });
    this.mounts.push({ container: target, mount });
    return entry.volume;
  }

  /**
   * Accept the findings of a lint rule on this agent, with a reason.
   *
   * Adds the line `<container>, ...: <reason>` (`*: <reason>` without
   * containers) to the DaemonSet's annotation
   * `cdk8s-node-agents.io/ignore.<rule>`, where a reviewer reads it.
   * Findings of the rule in any other container (a sidecar added later)
   * still report; with containers, so do pod-level findings.
   *
   * @param rule the lint rule id, e.g. `no-read-only-root-fs`
   * @param reason why the finding is accepted, on one line (e.g. the upstream chart that makes the same choice)
   * @param containers the (init or regular) containers it covers, or none for every finding of the rule on this DaemonSet
   */
  public ignoreLint(rule: string, reason: string, containers?: string[]): void {
    if (!LINT_RULES.some((r) => r.id === rule)) {
      throw new Error(`ignoreLint: ${JSON.stringify(rule)} is not a lint rule; known rules: ${LINT_RULES.map((r) => r.id).join(', ')}`);
    }
    const why = reason.trim();
    if (why === '') throw new Error(`ignoreLint: the reason for ${rule} is empty; say why the finding is accepted (e.g. which upstream chart makes the same choice)`);
    if (/[\r\n]/.test(why)) throw new Error(`ignoreLint: the reason for ${rule} spans several lines; give it on one line (each line of the annotation is one clause)`);
    if (containers !== undefined) {
      if (containers.length === 0) throw new Error(`ignoreLint: the container list for ${rule} is empty; name the containers, or omit the list for every finding of the rule`);
      for (const c of containers) {
        const problems = isDNS1123Label(c);
        if (problems.length > 0) throw new Error(`ignoreLint: container name ${JSON.stringify(c)} for ${rule} is not a container name: ${problems.join('; ')}`);
      }
    }
    const clauses = this.lintClauses.get(rule) ?? [];
    clauses.push(formatIgnoreClause(why, containers));
    this.lintClauses.set(rule, clauses);
    this.daemonSet.metadata.addAnnotation(`${IGNORE_RULE_ANNOTATION_PREFIX}${rule}`, clauses.join('\n'));
  }

  /**
   * The DaemonSet as it will be synthesized (plain JSON), e.g. to run the
   * placement engine on it.
   */
  public toManifest(): any {
    return ApiObject.of(this.daemonSet).toJson();
  }

  private addManagedContainer(props: AgentContainerProps, init: boolean): kplus.Container {
    const env: { [name: string]: kplus.EnvValue } = { ...(props.envVariables ?? {}) };
    if (props.exposeNodeName && env.NODE_NAME === undefined) {
      env.NODE_NAME = kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME);
    }
    const containerProps: kplus.ContainerProps = {
      name: props.name,
      image: props.image,
      command: props.command,
      args: props.args,
      envVariables: env,
      envFrom: props.envFrom,
      lifecycle: props.lifecycle,
      ports: props.ports,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      securityContext: hardenedSecurityContext(props.securityContext),
      liveness: props.liveness,
      readiness: props.readiness,
      startup: props.startup,
      // Rendered exactly from AgentResources in AgentDaemonSet; an empty spec
      // keeps cdk8s-plus from injecting its application defaults.
      resources: {},
    };
    const container = init ? this.daemonSet.addInitContainer(containerProps) : this.daemonSet.addContainer(containerProps);
    this.managed.push({ container, resources: props.resources, init });
    for (const mount of props.hostMounts ?? []) this.addHostMount(mount, container);
    return container;
  }

  /** @internal */
  public _decorate(spec: k8s.DaemonSetSpec): k8s.DaemonSetSpec {
    const byName = new Map(this.managed.map((m) => [m.container.name, m]));
    const withResources = (containers: k8s.Container[] | undefined) =>
      containers?.map((c) => {
        const m = byName.get(c.name);
        if (!m) return c;
        const r = renderResources(m.resources ?? ({} as AgentResources));
        return {
          ...c,
          resources: {
            requests: Object.keys(r.requests).length ? quantityMap(r.requests) : undefined,
            limits: Object.keys(r.limits).length ? quantityMap(r.limits) : undefined,
          },
        };
      });
    const strategy = renderUpdateStrategy(this.updateStrategy);
    const podSpec = spec.template.spec!;
    const ours = this._tolerations.tolerations.map((t) => renderToleration(t) as k8s.Toleration);
    const theirs = podSpec.tolerations ?? [];
    return {
      ...spec,
      revisionHistoryLimit: this.revisionHistoryLimit,
      updateStrategy: {
        type: strategy.type,
        rollingUpdate: strategy.rollingUpdate
          ? {
            maxUnavailable: intOrString(strategy.rollingUpdate.maxUnavailable),
            maxSurge: intOrString(strategy.rollingUpdate.maxSurge),
          }
          : undefined,
      },
      template: {
        ...spec.template,
        spec: {
          ...podSpec,
          hostPid: this.hostPID || undefined,
          priorityClassName: this.priorityClassName,
          nodeSelector: Object.keys(this.nodeSelector).length ? this.nodeSelector : undefined,
          affinity: this.withRequiredLabels(podSpec.affinity),
          tolerations: ours.length + theirs.length ? [...ours, ...theirs] : undefined,
          containers: withResources(podSpec.containers)!,
          initContainers: withResources(podSpec.initContainers),
        },
      },
    };
  }

  private withRequiredLabels(affinity: k8s.Affinity | undefined): k8s.Affinity | undefined {
    if (this.requiredEverywhere.length === 0) return affinity;
    const extra = this.requiredEverywhere.map((q) => q._toKube());
    const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const terms = required && required.nodeSelectorTerms.length > 0
      ? required.nodeSelectorTerms.map((t) => ({ ...t, matchExpressions: [...(t.matchExpressions ?? []), ...extra] }))
      : [{ matchExpressions: extra }];
    return {
      ...affinity,
      nodeAffinity: {
        ...affinity?.nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
      },
    };
  }

  private validateAgent(): string[] {
    const errors: string[] = [];
    const push = (field: string, message: string) => errors.push(message.startsWith(field) ? message : `${field}: ${message}`);

    for (const [field, problems] of [
      ['metadata.name', isDNS1123Subdomain(this.name)],
      ['metadata.namespace', this.namespace !== undefined ? isDNS1123Label(this.namespace) : []],
    ] as const) {
      const value = field === 'metadata.name' ? this.name : this.namespace;
      for (const p of problems) push(field, `Invalid value: "${value}": ${p}`);
    }
    for (const [key, value] of Object.entries(this.nodeSelector)) {
      for (const p of isValidLabelValue(value)) push('spec.template.spec.nodeSelector', `Invalid value: "${value}": ${p} (key ${key})`);
    }

    const podPath = 'spec.template.spec';
    const indexOf = (m: ManagedContainer) => {
      const list = m.init ? this.daemonSet.initContainers : this.daemonSet.containers;
      return `${podPath}.${m.init ? 'initContainers' : 'containers'}[${list.indexOf(m.container)}]`;
    };
    for (const m of this.managed) {
      const path = indexOf(m);
      for (const p of validateResources(m.resources)) {
        push(p.field ? `${path}.resources.${p.field}` : `${path}.resources`, p.message);
      }
      const imageIssue = imageProblem(m.container.image);
      if (imageIssue) push(`${path}.image`, imageIssue);
    }
    const managedSet = new Set(this.managed.map((m) => m.container));
    this.daemonSet.containers.forEach((c, i) => {
      if (!managedSet.has(c)) {
        push(`${podPath}.containers[${i}]`, `container "${c.name}" was added to the cdk8s-plus DaemonSet directly and has no node-agent resources; add it with NodeAgent.addContainer()`);
      }
    });

    for (const { container, mount } of this.mounts) {
      if (mount.propagation === kplus.MountPropagation.BIDIRECTIONAL && !container.securityContext.privileged) {
        const list = this.daemonSet.initContainers.includes(container) ? 'initContainers' : 'containers';
        const i = (list === 'containers' ? this.daemonSet.containers : this.daemonSet.initContainers).indexOf(container);
        const j = container.mounts.findIndex((vm) => vm.path === (mount.mountPath ?? mount.hostPath));
        push(`${podPath}.${list}[${i}].volumeMounts[${j}].mountPropagation`, 'Forbidden: Bidirectional mount propagation is available only to privileged containers');
      }
    }

    for (const p of validateUpdateStrategy(this.updateStrategy)) push(`spec.updateStrategy.${p.field}`, p.message);
    for (const p of validateTolerations(this._tolerations.tolerations)) push(`${podPath}.tolerations[${p.index}].${p.field}`, p.message);

    if (this.hostNetwork) {
      this.daemonSet.containers.forEach((c, i) => {
        c.ports.forEach((port, j) => {
          if (port.hostPort !== undefined && port.hostPort !== port.number) {
            push(`${podPath}.containers[${i}].ports[${j}].hostPort`, `Invalid value: ${port.hostPort}: must match \`containerPort\` when \`hostNetwork\` is true`);
          }
        });
      });
    }
    if (this.props.minReadySeconds !== undefined && this.props.minReadySeconds < 0) {
      push('spec.minReadySeconds', `Invalid value: ${this.props.minReadySeconds}: must be greater than or equal to 0`);
    }
    if (this.revisionHistoryLimit !== undefined && this.revisionHistoryLimit < 0) {
      push('spec.revisionHistoryLimit', `Invalid value: ${this.revisionHistoryLimit}: must be greater than or equal to 0`);
    }
    return errors.map((e) => `${this.describe()} ${e}`);
  }

  private describe(): string {
    const ns = this.namespace ?? Chart.of(this).namespace ?? 'default';
    return `DaemonSet ${ns}/${this.name}:`;
  }
}

/**
 * The cdk8s-plus DaemonSet, with the node-agent fields cdk8s-plus lacks
 * rendered into its spec at synth (lazily, so later additions count).
 */
class AgentDaemonSet extends kplus.DaemonSet {
  constructor(scope: Construct, id: string, private readonly agent: NodeAgent, props: kplus.DaemonSetProps) {
    super(scope, id, props);
  }

  /** @internal */
  public _toKube(): k8s.DaemonSetSpec {
    return this.agent._decorate(super._toKube());
  }
}

function quantityMap(values: Record<string, string>): { [key: string]: k8s.Quantity } {
  const out: { [key: string]: k8s.Quantity } = {};
  for (const [k, v] of Object.entries(values)) out[k] = k8s.Quantity.fromString(v);
  return out;
}

function intOrString(v: any): k8s.IntOrString | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(String(v));
}

function defaultTolerations(role: AgentRole): AgentTolerations {
  switch (role) {
    case AgentRole.CNI:
    case AgentRole.CSI:
    case AgentRole.LOG_COLLECTOR:
    case AgentRole.RUNTIME_SECURITY:
      return AgentTolerations.everything();
    default:
      return AgentTolerations.none();
  }
}

/**
 * Hardened container security context merged with the caller's.
 * `privileged` implies privilege escalation (the apiserver rejects
 * privileged with allowPrivilegeEscalation false); a root agent
 * (`ensureNonRoot: false`) runs without the nobody uid/gid.
 */
export function hardenedSecurityContext(props: kplus.ContainerSecurityContextProps = {}): kplus.ContainerSecurityContextProps {
  const root = props.ensureNonRoot === false;
  const privileged = props.privileged ?? false;
  return {
    ensureNonRoot: !root,
    user: root ? undefined : 65534,
    group: root ? undefined : 65534,
    privileged,
    allowPrivilegeEscalation: privileged,
    readOnlyRootFilesystem: true,
    capabilities: privileged ? undefined : { drop: [kplus.Capability.ALL] },
    seccompProfile: privileged ? undefined : { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    ...definedOnly(props),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A DNS-1123 name from a construct id: `LogCollector` → `log-collector`. */
export function dnsNameFromId(id: string): string {
  const name = id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return name.slice(0, 253) || 'node-agent';
}

function versionLabel(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const tag = imageTag(image);
  if (!tag || tag === 'latest') return undefined;
  return isValidLabelValue(tag).length === 0 ? tag : undefined;
}
