/**
 * Taints and tolerations.
 *
 * Ports of staging/src/k8s.io/api/core/v1/toleration.go (ToleratesTaint, MatchToleration),
 * staging/src/k8s.io/api/core/v1/taint.go (MatchTaint, ToString),
 * staging/src/k8s.io/component-helpers/scheduling/corev1/helpers.go (TolerationsTolerateTaint,
 * FindMatchingUntoleratedTaint), pkg/apis/core/v1/helper/helpers.go
 * (AddOrUpdateTolerationInPodSpec) and pkg/controller/daemon/util/daemonset_util.go
 * (AddOrUpdateDaemonPodTolerations) of Kubernetes 1.28. Internal module.
 */
import { PodSpec, Taint, Toleration } from './types';

/** Taint keys (`v1.TaintNode*`). */
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NODE_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_NODE_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NODE_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_NODE_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';

/** Taint effects. */
export const TAINT_EFFECT_NO_SCHEDULE = 'NoSchedule';
export const TAINT_EFFECT_PREFER_NO_SCHEDULE = 'PreferNoSchedule';
export const TAINT_EFFECT_NO_EXECUTE = 'NoExecute';

/** Toleration operators. */
export const TOLERATION_OP_EXISTS = 'Exists';
export const TOLERATION_OP_EQUAL = 'Equal';

/** A taint filter (`taintsFilterFunc`). */
export type TaintFilter = (t: Taint) => boolean;

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** `Toleration.ToleratesTaint`: effect and key (when set) must match; Equal compares values, Exists does not. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  const effect = str(toleration.effect);
  if (effect.length > 0 && effect !== str(taint.effect)) return false;
  const key = str(toleration.key);
  if (key.length > 0 && key !== str(taint.key)) return false;
  switch (str(toleration.operator)) {
    case '':
    case TOLERATION_OP_EQUAL:
      return str(toleration.value) === str(taint.value);
    case TOLERATION_OP_EXISTS:
      return true;
    default:
      return false;
  }
}

/** `Toleration.MatchToleration`: same key, effect, operator and value (literal strings). */
export function matchToleration(a: Toleration, b: Toleration): boolean {
  return str(a.key) === str(b.key) && str(a.effect) === str(b.effect)
    && str(a.operator) === str(b.operator) && str(a.value) === str(b.value);
}

/** `Taint.MatchTaint`: same key and effect. */
export function matchTaint(a: Taint, b: Taint): boolean {
  return str(a.key) === str(b.key) && str(a.effect) === str(b.effect);
}

/** `Taint.ToString`: `key[=value]:effect` (as kubectl prints taints). */
export function taintToString(t: Taint): string {
  const key = str(t.key);
  const value = str(t.value);
  const effect = str(t.effect);
  if (effect.length === 0) {
    if (value.length === 0) return key;
    return `${key}=${value}:`;
  }
  if (value.length === 0) return `${key}:${effect}`;
  return `${key}=${value}:${effect}`;
}

/** `TolerationsTolerateTaint`: some toleration tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/**
 * `FindMatchingUntoleratedTaint`: the first taint, in node order, that passes `filter` and is
 * not tolerated; undefined when every such taint is tolerated.
 */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter?: TaintFilter,
): Taint | undefined {
  if (!taints) return undefined;
  for (const taint of taints) {
    if (filter && !filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/** `helper.DoNotScheduleTaintsFilterFunc`: NoSchedule and NoExecute taints. */
export const doNotScheduleTaintsFilter: TaintFilter = (t) =>
  t.effect === TAINT_EFFECT_NO_SCHEDULE || t.effect === TAINT_EFFECT_NO_EXECUTE;

/** NoExecute taints only (what decides `shouldContinueRunning`). */
export const noExecuteTaintsFilter: TaintFilter = (t) => t.effect === TAINT_EFFECT_NO_EXECUTE;

/**
 * `AddOrUpdateTolerationInPodSpec`: replaces every toleration that `MatchToleration`es the new
 * one in place (dropping its tolerationSeconds), else appends it. Returns the new list.
 */
export function addOrUpdateToleration(tolerations: readonly Toleration[] | undefined, toleration: Toleration): Toleration[] {
  const out: Toleration[] = [];
  let updated = false;
  for (const t of tolerations ?? []) {
    if (matchToleration(toleration, t)) {
      out.push({ ...toleration });
      updated = true;
      continue;
    }
    out.push(t);
  }
  if (!updated) out.push({ ...toleration });
  return out;
}

/**
 * The tolerations `AddOrUpdateDaemonPodTolerations` adds, in order: not-ready and unreachable
 * NoExecute, disk/memory/pid-pressure and unschedulable NoSchedule, and network-unavailable
 * NoSchedule only for hostNetwork pods.
 */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const ts: Toleration[] = [
    { key: TAINT_NODE_NOT_READY, operator: TOLERATION_OP_EXISTS, effect: TAINT_EFFECT_NO_EXECUTE },
    { key: TAINT_NODE_UNREACHABLE, operator: TOLERATION_OP_EXISTS, effect: TAINT_EFFECT_NO_EXECUTE },
    { key: TAINT_NODE_DISK_PRESSURE, operator: TOLERATION_OP_EXISTS, effect: TAINT_EFFECT_NO_SCHEDULE },
    { key: TAINT_NODE_MEMORY_PRESSURE, operator: TOLERATION_OP_EXISTS, effect: TAINT_EFFECT_NO_SCHEDULE },
    { key: TAINT_NODE_PID_PRESSURE, operator: TOLERATION_OP_EXISTS, effect: TAINT_EFFECT_NO_SCHEDULE },
    { key: TAINT_NODE_UNSCHEDULABLE, operator: TOLERATION_OP_EXISTS, effect: TAINT_EFFECT_NO_SCHEDULE },
  ];
  if (hostNetwork) {
    ts.push({ key: TAINT_NODE_NETWORK_UNAVAILABLE, operator: TOLERATION_OP_EXISTS, effect: TAINT_EFFECT_NO_SCHEDULE });
  }
  return ts;
}

/**
 * `util.AddOrUpdateDaemonPodTolerations(spec)`: the spec's tolerations with the DaemonSet
 * controller's infinite tolerations merged in. Returns a new spec; the input is not changed.
 */
export function addOrUpdateDaemonPodTolerations<T extends Pick<PodSpec, 'tolerations' | 'hostNetwork'>>(spec: T): T & { tolerations: Toleration[] } {
  let tolerations: Toleration[] = spec.tolerations ?? [];
  for (const t of daemonPodTolerations(spec.hostNetwork === true)) {
    tolerations = addOrUpdateToleration(tolerations, t);
  }
  return { ...spec, tolerations };
}
