/**
 * The rollout budget scaled against the desired count stays within Kubernetes'
 * rules (spec §2.2–2.3).
 *
 * pkg/controller/daemon/util/daemonset_util.go `SurgeCount` / `UnavailableCount`
 * scale with apimachinery intstr `GetScaledValueFromIntOrPercent(v, desired, roundUp=true)`:
 * a percentage p gives ceil(p × desired / 100), so p ≤ 100% gives at most `desired`,
 * and any p > 0 of a positive desired count gives at least 1; integers are returned as
 * they are (not capped). pkg/controller/daemon/update.go `updatedDesiredNodeCounts`
 * then turns "both zero" into maxUnavailable 1 when desired > 0 (for OnDelete too, whose
 * counts are both zero).
 */
import * as fc from 'fast-check';
import { daemonSet, RUNS } from './arbitraries';
import { rolloutNumbers } from '../../src/placement/rollout';
import { buildClusterState, simulateDaemonSet } from '../../src/placement/simulate';
import { Node } from '../../src/placement/types';

const percentArb = fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`);
const valueArb = fc.oneof(fc.integer({ min: 0, max: 50 }), percentArb);

function rolling(maxUnavailable?: number | string, maxSurge?: number | string) {
  return daemonSet({
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: { ...(maxUnavailable !== undefined ? { maxUnavailable } : {}), ...(maxSurge !== undefined ? { maxSurge } : {}) },
    },
  });
}

/** ceil(p × total / 100) in float64, in the order Go computes it. */
function scaledUp(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  return Math.ceil((parseInt(v, 10) * total) / 100);
}

describe('scaled maxSurge / maxUnavailable stay within [0, desired]', () => {
  test('percentages up to 100% scale to at most desired, rounding up; positive ones to at least 1', () => {
    fc.assert(fc.property(percentArb, percentArb, fc.integer({ min: 0, max: 20000 }), (unavailable, surge, desired) => {
      const r = rolloutNumbers(rolling(unavailable, surge), desired);
      for (const [value, got] of [[unavailable, r.maxUnavailable], [surge, r.maxSurge]] as const) {
        const p = parseInt(value, 10);
        expect(got).toBeGreaterThanOrEqual(0);
        expect(got).toBeLessThanOrEqual(desired);
        if (p > 0 && desired > 0) expect(got).toBeGreaterThanOrEqual(1);
      }
      expect(r.maxSurge).toBe(scaledUp(surge, desired));
      const both = scaledUp(unavailable, desired) === 0 && scaledUp(surge, desired) === 0;
      expect(r.maxUnavailable).toBe(both && desired > 0 ? 1 : scaledUp(unavailable, desired));
      expect(r.error).toBeUndefined();
    }), { numRuns: RUNS * 4 });
  });

  test('integers are returned as given, not capped at desired', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 50 }), (unavailable, desired) => {
      const r = rolloutNumbers(rolling(unavailable, 0), desired);
      expect(r.maxUnavailable).toBe(unavailable);
      expect(r.maxSurge).toBe(0);
    }), { numRuns: RUNS });
  });

  test('both zero: maxUnavailable falls back to 1 only when some node wants the pod', () => {
    fc.assert(fc.property(fc.constantFrom<number | string>(0, '0%'), fc.constantFrom<number | string>(0, '0%'), fc.integer({ min: 0, max: 500 }), (unavailable, surge, desired) => {
      const r = rolloutNumbers(rolling(unavailable, surge), desired);
      expect(r.maxSurge).toBe(0);
      expect(r.maxUnavailable).toBe(desired > 0 ? 1 : 0);
    }), { numRuns: RUNS });
  });

  test('defaults: maxUnavailable 1 and maxSurge 0 (apps/v1 SetDefaults_DaemonSet), whatever the desired count', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10000 }), (desired) => {
      expect(rolloutNumbers(daemonSet({}), desired)).toEqual({ strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 });
      expect(rolloutNumbers(rolling(undefined, '25%'), desired)).toEqual({ strategy: 'RollingUpdate', maxSurge: scaledUp('25%', desired), maxUnavailable: 1 });
    }), { numRuns: RUNS });
  });

  test('OnDelete: rollingUpdate is ignored (SurgeCount = UnavailableCount = 0), then the both-zero fallback applies', () => {
    // The oracle (Kubernetes 1.28.7's updatedDesiredNodeCounts) gives OnDelete with desired 1: maxSurge 0, maxUnavailable 1.
    fc.assert(fc.property(valueArb, valueArb, fc.integer({ min: 0, max: 1000 }), (unavailable, surge, desired) => {
      const ds = daemonSet({ updateStrategy: { type: 'OnDelete', rollingUpdate: { maxUnavailable: unavailable, maxSurge: surge } } });
      expect(rolloutNumbers(ds, desired)).toEqual({ strategy: 'OnDelete', maxSurge: 0, maxUnavailable: desired > 0 ? 1 : 0 });
    }), { numRuns: RUNS });
  });

  test('the simulation scales against desiredNumberScheduled: the nodes with shouldRun, not all nodes', () => {
    fc.assert(fc.property(valueArb, valueArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (unavailable, surge, wanted, other) => {
      const nodes: Node[] = [
        ...Array.from({ length: wanted }, (_, i) => ({ metadata: { name: `linux-${i}`, labels: { 'kubernetes.io/os': 'linux' } } })),
        ...Array.from({ length: other }, (_, i) => ({ metadata: { name: `windows-${i}`, labels: { 'kubernetes.io/os': 'windows' } } })),
      ];
      const ds = rolling(unavailable, surge);
      ds.spec.template.spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
      const result = simulateDaemonSet(ds, buildClusterState(nodes, []));
      expect(result.desiredNumberScheduled).toBe(wanted);
      const expected = rolloutNumbers(ds, wanted);
      expect(result.rollout).toEqual({ strategy: expected.strategy, maxSurge: expected.maxSurge, maxUnavailable: expected.maxUnavailable });
    }), { numRuns: RUNS });
  });
});
