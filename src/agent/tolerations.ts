import * as kplus from 'cdk8s-plus-28';

/**
 * Operator of a toleration.
 */
export enum TolerationOperator {
  /** The taint's key must exist (any value). With an empty key: every taint. */
  EXISTS = 'Exists',
  /** The taint's key and value must equal the toleration's. */
  EQUAL = 'Equal',
}

/**
 * One toleration, in the Kubernetes API's terms.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export interface AgentToleration {
  /**
   * Taint key to match. Empty with operator `Exists` matches every taint.
   *
   * @default - every key (only valid with `TolerationOperator.EXISTS`)
   */
  readonly key?: string;

  /**
   * How the key and value are matched.
   *
   * @default TolerationOperator.EQUAL when a value is given, otherwise TolerationOperator.EXISTS
   */
  readonly operator?: TolerationOperator;

  /**
   * Taint value to match (operator `Equal` only).
   *
   * @default - empty value
   */
  readonly value?: string;

  /**
   * Taint effect to match.
   *
   * @default - every effect
   */
  readonly effect?: kplus.TaintEffect;

  /**
   * For `NoExecute` only: how long the pod stays after the taint appears.
   *
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** The control-plane taint kubeadm and most distributions set since 1.24. */
export const CONTROL_PLANE_TAINT_KEY = 'node-role.kubernetes.io/control-plane';
/** The pre-1.24 name of the control-plane taint, still seen on old and some managed clusters. */
export const LEGACY_MASTER_TAINT_KEY = 'node-role.kubernetes.io/master';

/**
 * A set of tolerations for a node agent.
 *
 * Sets are additive: `AgentTolerations.controlPlane().and(AgentTolerations.of(...))`
 * keeps both, so adding a toleration never drops the defaults (a common way
 * for chart users to lose the control-plane or not-ready toleration).
 *
 * You do not need to tolerate what the DaemonSet controller injects into
 * every daemon pod anyway (`util.AddOrUpdateDaemonPodTolerations`, Kubernetes
 * 1.28): `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable`
 * with effect NoExecute; `node.kubernetes.io/disk-pressure`,
 * `node.kubernetes.io/memory-pressure`, `node.kubernetes.io/pid-pressure` and
 * `node.kubernetes.io/unschedulable` with effect NoSchedule; and, for
 * `hostNetwork` pods only, `node.kubernetes.io/network-unavailable`
 * NoSchedule. Note that the NoSchedule variants of not-ready and unreachable
 * are NOT injected: an agent that must start on NotReady nodes (a CNI) has to
 * tolerate them itself, which `AgentTolerations.everything()` does.
 */
export class AgentTolerations {
  /**
   * Tolerate every taint (`operator: Exists` with no key and no effect).
   * What CNI, CSI, log and security agents use: they must run on every node,
   * including control-plane and not-ready ones. Combine with a node selector
   * so the agent still stays off nodes it cannot run on (Windows, virtual).
   */
  public static everything(): AgentTolerations {
    return new AgentTolerations([{ operator: TolerationOperator.EXISTS }]);
  }

  /**
   * Tolerate every NoSchedule taint, but not NoExecute ones (the
   * prometheus node-exporter chart's default).
   */
  public static noSchedule(): AgentTolerations {
    return new AgentTolerations([{ operator: TolerationOperator.EXISTS, effect: kplus.TaintEffect.NO_SCHEDULE }]);
  }

  /**
   * Tolerate the control-plane taint, under its current and its legacy name.
   */
  public static controlPlane(): AgentTolerations {
    return new AgentTolerations([
      { key: CONTROL_PLANE_TAINT_KEY, operator: TolerationOperator.EXISTS, effect: kplus.TaintEffect.NO_SCHEDULE },
      { key: LEGACY_MASTER_TAINT_KEY, operator: TolerationOperator.EXISTS, effect: kplus.TaintEffect.NO_SCHEDULE },
    ]);
  }

  /**
   * No tolerations beyond those the DaemonSet controller injects.
   */
  public static none(): AgentTolerations {
    return new AgentTolerations([]);
  }

  /**
   * A custom list.
   */
  public static of(...tolerations: AgentToleration[]): AgentTolerations {
    return new AgentTolerations(tolerations);
  }

  /** The tolerations, in order. */
  public readonly tolerations: AgentToleration[];

  private constructor(tolerations: AgentToleration[]) {
    this.tolerations = [...tolerations];
  }

  /**
   * This set plus `other` (duplicates removed, order kept).
   */
  public and(other: AgentTolerations): AgentTolerations {
    const seen = new Set<string>();
    const merged: AgentToleration[] = [];
    for (const t of [...this.tolerations, ...other.tolerations]) {
      const key = JSON.stringify(renderToleration(t));
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(t);
    }
    return new AgentTolerations(merged);
  }

  /**
   * Whether this set tolerates every taint (an entry with operator Exists,
   * no key and no effect).
   */
  public get toleratesEverything(): boolean {
    return this.tolerations.some((t) => !t.key && resolvedOperator(t) === TolerationOperator.EXISTS && !t.effect);
  }
}

function resolvedOperator(t: AgentToleration): TolerationOperator {
  return t.operator ?? (t.value !== undefined ? TolerationOperator.EQUAL : TolerationOperator.EXISTS);
}

/** A toleration as the manifest carries it. */
export interface KubeToleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Render one toleration in API form (no empty fields). */
export function renderToleration(t: AgentToleration): KubeToleration {
  const out: KubeToleration = {};
  if (t.key) out.key = t.key;
  out.operator = resolvedOperator(t);
  if (t.value !== undefined && t.value !== '') out.value = t.value;
  if (t.effect) out.effect = t.effect;
  if (t.tolerationSeconds !== undefined) out.tolerationSeconds = t.tolerationSeconds;
  return out;
}

/** A problem in a toleration, with its index in the rendered list. */
export interface TolerationProblem {
  readonly index: number;
  readonly field: string;
  readonly message: string;
}

/**
 * The apiserver's toleration rules (`validateTolerations` in
 * pkg/apis/core/validation/validation.go), applied before synth.
 */
export function validateTolerations(tolerations: AgentToleration[]): TolerationProblem[] {
  const problems: TolerationProblem[] = [];
  tolerations.forEach((t, index) => {
    const op = resolvedOperator(t);
    if (!t.key && op !== TolerationOperator.EXISTS) {
      problems.push({ index, field: 'operator', message: `Invalid value: "${op}": operator must be Exists when \`key\` is empty, which means "match all values and all keys"` });
    }
    if (t.tolerationSeconds !== undefined && t.effect !== kplus.TaintEffect.NO_EXECUTE) {
      problems.push({ index, field: 'effect', message: `Invalid value: "${t.effect ?? ''}": effect must be 'NoExecute' when \`tolerationSeconds\` is set` });
    }
    if (op === TolerationOperator.EXISTS && t.value !== undefined && t.value !== '') {
      problems.push({ index, field: 'operator', message: `Invalid value: "${t.value}": value must be empty when \`operator\` is 'Exists'` });
    }
  });
  return problems;
}
