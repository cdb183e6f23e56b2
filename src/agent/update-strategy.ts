import * as kplus from 'cdk8s-plus-28';

/**
 * Options of a RollingUpdate.
 */
export interface AgentRollingUpdateOptions {
  /**
   * How many daemon pods may be unavailable during the update: an absolute
   * number or a percentage of the nodes that should run the agent (rounded
   * UP by the DaemonSet controller).
   *
   * @default PercentOrAbsolute.absolute(1) — or absolute(0) when maxSurge is non-zero
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;

  /**
   * How many nodes may run an extra, new daemon pod while the old one still
   * runs. Requires `maxUnavailable` to be 0; never combine with host ports
   * (the new pod cannot bind the port the old one holds, so the rollout
   * wedges — Kubernetes does not reject it).
   *
   * @default PercentOrAbsolute.absolute(0)
   */
  readonly maxSurge?: kplus.PercentOrAbsolute;
}

/** DaemonSet update strategy types. */
export enum UpdateStrategyType {
  /** Replace pods node by node, within the surge/unavailability budget. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Replace a pod only when someone deletes it. */
  ON_DELETE = 'OnDelete',
}

/**
 * How a node agent's pods are replaced when its template changes.
 */
export class AgentUpdateStrategy {
  /**
   * RollingUpdate. With no options: `maxUnavailable: 1`, `maxSurge: 0`
   * (the apps/v1 defaults). For large pools prefer a percentage
   * (`PercentOrAbsolute.percent(10)`).
   */
  public static rollingUpdate(options: AgentRollingUpdateOptions = {}): AgentUpdateStrategy {
    const surge = options.maxSurge ?? kplus.PercentOrAbsolute.absolute(0);
    const surgeSet = options.maxSurge !== undefined && !options.maxSurge.isZero();
    const unavailable = options.maxUnavailable ?? kplus.PercentOrAbsolute.absolute(surgeSet ? 0 : 1);
    return new AgentUpdateStrategy(UpdateStrategyType.ROLLING_UPDATE, unavailable.value, surge.value);
  }

  /**
   * OnDelete: pods are only replaced when deleted. Updates never roll out by
   * themselves, and GitOps health checks never converge.
   */
  public static onDelete(): AgentUpdateStrategy {
    return new AgentUpdateStrategy(UpdateStrategyType.ON_DELETE, undefined, undefined);
  }

  /**
   * The strategy type.
   */
  public readonly type: UpdateStrategyType;
  /**
   * maxUnavailable as the API carries it (number or "N%"); undefined for OnDelete.
   */
  public readonly maxUnavailable?: any;
  /**
   * maxSurge as the API carries it (number or "N%"); undefined for OnDelete.
   */
  public readonly maxSurge?: any;

  private constructor(type: UpdateStrategyType, maxUnavailable: any, maxSurge: any) {
    this.type = type;
    this.maxUnavailable = maxUnavailable;
    this.maxSurge = maxSurge;
  }

  /**
   * Whether pods are surged (a new pod starts before the old one stops).
   */
  public get surges(): boolean {
    return this.type === UpdateStrategyType.ROLLING_UPDATE && intOrPercentNumber(this.maxSurge) !== 0;
  }
}

/** The update strategy as the manifest carries it. */
export function renderUpdateStrategy(s: AgentUpdateStrategy): { type: string; rollingUpdate?: { maxUnavailable: any; maxSurge: any } } {
  if (s.type === UpdateStrategyType.ON_DELETE) return { type: s.type };
  return { type: s.type, rollingUpdate: { maxUnavailable: s.maxUnavailable, maxSurge: s.maxSurge } };
}

/**
 * `getIntOrPercentValue` of pkg/apis/apps/validation: a percentage gives its
 * number, another string its integer value (0 when unparsable), an int itself.
 */
export function intOrPercentNumber(v: any): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^([0-9]+)%$/.exec(v);
    if (m) return Number(m[1]);
    return /^[+-]?[0-9]+$/.test(v) ? Number(v) : 0;
  }
  return 0;
}

/** A problem with a field below `spec.updateStrategy`. */
export interface StrategyProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * `ValidateRollingUpdateDaemonSet` (pkg/apis/apps/validation, Kubernetes
 * 1.28), with the apiserver's messages; field paths are relative to
 * `spec.updateStrategy`.
 */
export function validateUpdateStrategy(s: AgentUpdateStrategy): StrategyProblem[] {
  if (s.type === UpdateStrategyType.ON_DELETE) return [];
  const problems: StrategyProblem[] = [];
  for (const [name, v] of [['maxUnavailable', s.maxUnavailable], ['maxSurge', s.maxSurge]] as const) {
    const field = `rollingUpdate.${name}`;
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) problems.push({ field, message: `Invalid value: ${v}: must be an integer or a percentage` });
      else if (v < 0) problems.push({ field, message: `Invalid value: ${v}: must be greater than or equal to 0` });
    } else if (typeof v === 'string') {
      const m = /^([0-9]+)%$/.exec(v);
      if (!m) problems.push({ field, message: `Invalid value: "${v}": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')` });
      else if (Number(m[1]) > 100) problems.push({ field, message: `Invalid value: "${v}": must not be greater than 100%` });
    }
  }
  const unavailable = intOrPercentNumber(s.maxUnavailable);
  const surge = intOrPercentNumber(s.maxSurge);
  if (unavailable !== 0 && surge !== 0) {
    problems.push({ field: 'rollingUpdate.maxSurge', message: `Invalid value: ${JSON.stringify(s.maxSurge)}: may not be set when maxUnavailable is non-zero` });
  }
  if (unavailable === 0 && surge === 0) {
    problems.push({ field: 'rollingUpdate.maxUnavailable', message: 'Required value: cannot be 0 when maxSurge is 0' });
  }
  return problems;
}
