/**
 * The DaemonSet rollout budget.
 *
 * Ports of pkg/apis/apps/v1/defaults.go (`SetDefaults_DaemonSet`: strategy RollingUpdate with
 * maxUnavailable 1 and maxSurge 0; revisionHistoryLimit 10), pkg/controller/daemon/util/daemonset_util.go
 * (`SurgeCount`, `UnavailableCount`: percentages of the desired count rounded UP, integers as
 * is) and pkg/controller/daemon/update.go (`updatedDesiredNodeCounts`: with both zero and at
 * least one desired node, maxUnavailable becomes 1) of Kubernetes 1.28. Internal module.
 */
import { DaemonSet, DaemonSetUpdateStrategy, RollingUpdateDaemonSet } from './types';
import { getScaledValueFromIntOrPercent } from '../util/validation';

/** `apps.RollingUpdateDaemonSetStrategyType`. */
export const ROLLING_UPDATE = 'RollingUpdate';
/** `apps.OnDeleteDaemonSetStrategyType`. */
export const ON_DELETE = 'OnDelete';

/** An `intstr.IntOrString` as JSON carries it. */
export type IntOrString = number | string;

/** The DaemonSet fields `SetDefaults_DaemonSet` fills in. */
export interface DaemonSetDefaults {
  readonly updateStrategy: DaemonSetUpdateStrategy;
  readonly revisionHistoryLimit: number;
}

/** `SetDefaults_DaemonSet` on the strategy and revisionHistoryLimit (the input is not changed). */
export function setDefaultsDaemonSet(ds: DaemonSet): DaemonSetDefaults {
  const given = ds.spec?.updateStrategy ?? {};
  const type = given.type ? given.type : ROLLING_UPDATE;
  let rollingUpdate: RollingUpdateDaemonSet | undefined = given.rollingUpdate ?? undefined;
  if (type === ROLLING_UPDATE) {
    const ru = rollingUpdate ?? {};
    rollingUpdate = {
      ...ru,
      maxUnavailable: ru.maxUnavailable === undefined || ru.maxUnavailable === null ? 1 : ru.maxUnavailable,
      maxSurge: ru.maxSurge === undefined || ru.maxSurge === null ? 0 : ru.maxSurge,
    };
  }
  const updateStrategy: DaemonSetUpdateStrategy = rollingUpdate ? { type, rollingUpdate } : { type };
  const rhl = ds.spec?.revisionHistoryLimit;
  return { updateStrategy, revisionHistoryLimit: rhl === undefined || rhl === null ? 10 : rhl };
}

/** An IntOrString the controller cannot scale; `message` is Go's error. */
export class IntOrStringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntOrStringError';
  }
}

/** `intstr.GetScaledValueFromIntOrPercent` with Go's error texts. */
export function scaledValue(v: IntOrString | undefined | null, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) throw new IntOrStringError('nil value for IntOrString');
  try {
    return getScaledValueFromIntOrPercent(v, total, roundUp);
  } catch (e) {
    const msg = (e as Error).message;
    throw new IntOrStringError(msg.startsWith('invalid value for IntOrString') || msg.startsWith('nil value') ? msg : `invalid value for IntOrString: ${msg}`);
  }
}

/** `SurgeCount(ds, numberToSchedule)` on an already defaulted strategy. */
export function surgeCount(strategy: DaemonSetUpdateStrategy, numberToSchedule: number): number {
  if (strategy.type !== ROLLING_UPDATE) return 0;
  const r = strategy.rollingUpdate;
  if (!r) return 0;
  if (r.maxSurge === undefined || r.maxSurge === null) return 0;
  return scaledValue(r.maxSurge, numberToSchedule, true);
}

/** `UnavailableCount(ds, numberToSchedule)` on an already defaulted strategy. */
export function unavailableCount(strategy: DaemonSetUpdateStrategy, numberToSchedule: number): number {
  if (strategy.type !== ROLLING_UPDATE) return 0;
  const r = strategy.rollingUpdate;
  if (!r) return 0;
  return scaledValue(r.maxUnavailable, numberToSchedule, true);
}

/** The rollout numbers for a desired count. */
export interface RolloutNumbers {
  /** The strategy type after defaulting. */
  readonly strategy: string;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  /** The controller's error when a value cannot be scaled (that value counts as 0). */
  readonly error?: string;
}

/**
 * `updatedDesiredNodeCounts`' maths: defaulting, `UnavailableCount`, `SurgeCount`, then the
 * both-zero fallback to maxUnavailable 1 when `desired > 0`. A value that fails to scale counts
 * as 0 and its error is returned (the controller would fail the rollout with it).
 */
export function rolloutNumbers(ds: DaemonSet, desired: number): RolloutNumbers {
  const { updateStrategy } = setDefaultsDaemonSet(ds);
  let error: string | undefined;
  let maxUnavailable = 0;
  let maxSurge = 0;
  try {
    maxUnavailable = unavailableCount(updateStrategy, desired);
  } catch (e) {
    if (!(e instanceof IntOrStringError)) throw e;
    error = `invalid value for MaxUnavailable: ${e.message}`;
  }
  try {
    maxSurge = surgeCount(updateStrategy, desired);
  } catch (e) {
    if (!(e instanceof IntOrStringError)) throw e;
    error = `invalid value for MaxSurge: ${e.message}`;
  }
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { strategy: updateStrategy.type ?? ROLLING_UPDATE, maxSurge, maxUnavailable, ...(error !== undefined ? { error } : {}) };
}
