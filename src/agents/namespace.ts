/**
 * One Namespace per agent namespace and chart, labelled for Pod Security
 * admission with the level its agents need.
 *
 * Upstream: staging/src/k8s.io/pod-security-admission/api/constants.go (the
 * `pod-security.kubernetes.io/{enforce,audit,warn}[-version]` labels) and
 * policy/check_*.go (the checks that decide each pod template's level,
 * evaluated by src/validation/pod-security.ts).
 */
import { Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { MANAGED_BY, NodeAgent } from '../agent/node-agent';
import { compareLevels, evaluatePodSecurity, PodSecurityFailure } from '../validation/pod-security';
import { PodSecurityLevel } from '../validation/validator';

/** The namespace label keys PodSecurity admission reads. */
export const POD_SECURITY_LABELS = {
  enforce: 'pod-security.kubernetes.io/enforce',
  enforceVersion: 'pod-security.kubernetes.io/enforce-version',
  audit: 'pod-security.kubernetes.io/audit',
  auditVersion: 'pod-security.kubernetes.io/audit-version',
  warn: 'pod-security.kubernetes.io/warn',
  warnVersion: 'pod-security.kubernetes.io/warn-version',
} as const;

/** The namespace that always exists and that this library never creates by default. */
export const KUBE_SYSTEM = 'kube-system';

/**
 * Options of an agent namespace. The first `AgentNamespace.of()` call for a
 * name decides them; later calls may repeat them but not contradict them.
 */
export interface AgentNamespaceProps {
  /**
   * Emit the Namespace object. Turn off for namespaces that exist already
   * (`kube-system`) or are managed elsewhere.
   *
   * @default - true, except for `kube-system`
   */
  readonly create?: boolean;

  /**
   * `pod-security.kubernetes.io/enforce`. Synth fails when an agent in the
   * namespace needs a less strict level.
   *
   * @default - computed at synth: the strictest level every agent's pod template meets
   */
  readonly enforce?: PodSecurityLevel;

  /**
   * `pod-security.kubernetes.io/audit`.
   *
   * @default - the enforce level
   */
  readonly audit?: PodSecurityLevel;

  /**
   * `pod-security.kubernetes.io/warn`.
   *
   * @default - the enforce level
   */
  readonly warn?: PodSecurityLevel;

  /**
   * Policy version pinned in the `-version` labels (`v1.<minor>` or `latest`).
   *
   * @default 'v1.28' — the Kubernetes version this library's checks follow
   */
  readonly policyVersion?: string;

  /**
   * Extra labels on the Namespace.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

const LEVEL_ORDER = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];

function toLevel(value: string): PodSecurityLevel {
  const level = LEVEL_ORDER.find((l) => l === value);
  if (!level) throw new Error(`unknown Pod Security level "${value}"; allowed: privileged, baseline, restricted`);
  return level;
}

/** The level of `a` and `b` that admits both (the less strict one). */
function looser(a: PodSecurityLevel, b: PodSecurityLevel): PodSecurityLevel {
  return compareLevels(a, b) <= 0 ? a : b;
}

/** What one agent needs from its namespace. */
export interface AgentPodSecurity {
  readonly agent: NodeAgent;
  readonly level: PodSecurityLevel;
  /** Why it cannot run under baseline (empty when it can). */
  readonly baseline: PodSecurityFailure[];
  /** Why it cannot run under restricted (empty when it can). */
  readonly restricted: PodSecurityFailure[];
}

/**
 * The Pod Security level one agent's pod template needs: `privileged` when
 * it uses hostPath, host namespaces, privileged containers, capabilities
 * beyond the baseline set, ...; `baseline` when it only misses the
 * restricted hardening; `restricted` otherwise.
 */
export function podSecurityOfAgent(agent: NodeAgent): AgentPodSecurity {
  const template = agent.toManifest().spec.template;
  const result = evaluatePodSecurity(template.metadata ?? {}, template.spec);
  return { agent, level: toLevel(result.level), baseline: result.baseline, restricted: result.restricted };
}

/**
 * The Namespace of one or more node agents, shared per chart: several agents
 * in the same namespace produce ONE Namespace object, labelled for Pod
 * Security admission with the strictest level all of them meet (computed at
 * synth from their pod templates, so later changes count).
 *
 * @example
 * const logging = AgentNamespace.of(chart, 'logging');
 * logging.addAgent(myCustomAgent);
 */
export class AgentNamespace extends Construct {
  /**
   * The agent namespace `name` of the chart that contains `scope`, created on
   * first use.
   */
  public static of(scope: IConstruct, name: string, props: AgentNamespaceProps = {}): AgentNamespace {
    const chart = Chart.of(scope);
    const id = `AgentNamespace-${name}`;
    const existing = chart.node.tryFindChild(id);
    if (existing instanceof AgentNamespace) {
      existing.reconcile(props);
      return existing;
    }
    return new AgentNamespace(chart, id, name, props);
  }

  /** Name of the namespace. */
  public readonly name: string;

  /** Whether the Namespace object is emitted. */
  public readonly created: boolean;

  /** The Namespace object, when created. */
  public readonly namespaceObject?: kplus.Namespace;

  private readonly props: AgentNamespaceProps;
  private readonly _agents: NodeAgent[] = [];

  private constructor(scope: Construct, id: string, name: string, props: AgentNamespaceProps) {
    super(scope, id);
    this.name = name;
    this.props = { ...props };
    this.created = props.create ?? name !== KUBE_SYSTEM;
    const version = props.policyVersion ?? 'v1.28';

    if (this.created) {
      const level = (explicit: PodSecurityLevel | undefined) => explicit ?? Lazy.any({ produce: () => this.enforceLevel });
      this.namespaceObject = new kplus.Namespace(this, 'Resource', {
        metadata: {
          name,
          labels: {
            ...(props.labels ?? {}),
            'app.kubernetes.io/managed-by': MANAGED_BY,
            [POD_SECURITY_LABELS.enforce]: level(props.enforce),
            [POD_SECURITY_LABELS.enforceVersion]: version,
            [POD_SECURITY_LABELS.audit]: props.audit ?? level(props.enforce),
            [POD_SECURITY_LABELS.auditVersion]: version,
            [POD_SECURITY_LABELS.warn]: props.warn ?? level(props.enforce),
            [POD_SECURITY_LABELS.warnVersion]: version,
          },
        },
      });
    }
    this.node.addValidation({ validate: () => this.validateLevels() });
  }

  /** The agents registered in this namespace. */
  public get agents(): NodeAgent[] {
    return [...this._agents];
  }

  /**
   * Register an agent: its pod template then counts toward the namespace's
   * Pod Security level. The agent must be in this namespace.
   */
  public addAgent(agent: NodeAgent): void {
    if (agent.namespace !== this.name) {
      throw new Error(`DaemonSet ${agent.namespace ?? '(chart namespace)'}/${agent.name} cannot join namespace "${this.name}": set its namespace to "${this.name}"`);
    }
    if (this._agents.includes(agent)) return;
    this._agents.push(agent);
    // The Namespace must be applied before the agent's DaemonSet.
    if (this.namespaceObject) agent.node.addDependency(this);
  }

  /**
   * The strictest Pod Security level every registered agent meets (computed
   * now; `restricted` when there is no agent).
   */
  public get requiredLevel(): PodSecurityLevel {
    return this._agents.map((a) => podSecurityOfAgent(a).level).reduce(looser, PodSecurityLevel.RESTRICTED);
  }

  /** The `enforce` level the Namespace carries: the explicit one, or the required one. */
  public get enforceLevel(): PodSecurityLevel {
    return this.props.enforce ?? this.requiredLevel;
  }

  private reconcile(props: AgentNamespaceProps): void {
    const conflicts: string[] = [];
    if (props.create !== undefined && props.create !== this.created) {
      conflicts.push(`create: ${props.create} (it was registered with create: ${this.created})`);
    }
    for (const key of ['enforce', 'audit', 'warn', 'policyVersion'] as const) {
      if (props[key] !== undefined && props[key] !== this.props[key]) {
        conflicts.push(`${key}: "${props[key]}" (it was registered with ${this.props[key] === undefined ? 'the default' : `"${this.props[key]}"`})`);
      }
    }
    if (conflicts.length > 0) {
      throw new Error(`namespace "${this.name}" is already registered in this chart with other options: ${conflicts.join('; ')}. Give every agent in a namespace the same namespace options (e.g. the same createNamespace)`);
    }
    if (props.labels && this.namespaceObject) {
      for (const [k, v] of Object.entries(props.labels)) this.namespaceObject.metadata.addLabel(k, v);
    }
  }

  private validateLevels(): string[] {
    const enforce = this.props.enforce;
    if (enforce === undefined) return [];
    const errors: string[] = [];
    for (const agent of this._agents) {
      const needs = podSecurityOfAgent(agent);
      if (compareLevels(enforce, needs.level) <= 0) continue;
      const failures = enforce === PodSecurityLevel.RESTRICTED ? needs.restricted : needs.baseline;
      const why = failures.map((f) => `${f.reason} (${f.detail})`).join('; ');
      errors.push(`Namespace ${this.name}: ${POD_SECURITY_LABELS.enforce} is "${enforce}" but DaemonSet ${this.name}/${agent.name} needs "${needs.level}": ${why}. Set enforce to "${needs.level}" or leave it unset to compute it`);
    }
    return errors;
  }
}
