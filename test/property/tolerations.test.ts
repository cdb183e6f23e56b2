/**
 * Tolerating more taints never takes a node away from a DaemonSet.
 *
 * A toleration only ever removes taints from the untolerated set
 * (k8s.io/api core/v1 toleration.go `ToleratesTaint`; component-helpers
 * `FindMatchingUntoleratedTaint`), so for the DaemonSet controller
 * (pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod`) and the
 * TaintToleration filter adding tolerations is monotone: shouldRun,
 * shouldContinueRunning and schedulable can only turn from false to true, and
 * desiredNumberScheduled can only grow.
 */
import * as fc from 'fast-check';
import { affinityArb, daemonSet, labelsArb, nodesArb, podsArb, RUNS, tolerationArb } from './arbitraries';
import { nodeShouldRunDaemonPod } from '../../src/placement/daemon-controller';
import { buildClusterState, simulateDaemonSet } from '../../src/placement/simulate';
import { toleratesTaint } from '../../src/placement/taints';

describe('tolerating more taints never turns shouldRun into false', () => {
  test('NodeShouldRunDaemonPod: shouldRun and shouldContinueRunning are monotone in the tolerations', () => {
    fc.assert(fc.property(
      nodesArb(4),
      fc.array(tolerationArb, { maxLength: 3 }),
      fc.array(tolerationArb, { minLength: 1, maxLength: 3 }),
      fc.option(labelsArb, { nil: undefined }),
      fc.boolean(),
      (nodes, base, extra, nodeSelector, hostNetwork) => {
        const fewer = daemonSet({ tolerations: base, nodeSelector, hostNetwork });
        const more = daemonSet({ tolerations: [...base, ...extra], nodeSelector, hostNetwork });
        for (const node of nodes) {
          const a = nodeShouldRunDaemonPod(node, fewer);
          const b = nodeShouldRunDaemonPod(node, more);
          if (a.shouldRun && !b.shouldRun) return false;
          if (a.shouldContinueRunning && !b.shouldContinueRunning) return false;
        }
        return true;
      },
    ), { numRuns: RUNS });
  });

  test('the simulation: shouldRun, shouldContinueRunning, schedulable and desiredNumberScheduled never decrease', () => {
    fc.assert(fc.property(
      nodesArb(5).chain((nodes) => fc.tuple(fc.constant(nodes), podsArb(nodes.length), affinityArb(nodes.map((n) => n.metadata.name!)))),
      fc.array(tolerationArb, { maxLength: 3 }),
      fc.array(tolerationArb, { minLength: 1, maxLength: 3 }),
      fc.constantFrom(undefined, 9100),
      ([nodes, pods, affinity], base, extra, hostPort) => {
        const state = buildClusterState(nodes, pods);
        const a = simulateDaemonSet(daemonSet({ tolerations: base, affinity, hostPort }), state);
        const b = simulateDaemonSet(daemonSet({ tolerations: [...base, ...extra], affinity, hostPort }), state);
        expect(b.desiredNumberScheduled).toBeGreaterThanOrEqual(a.desiredNumberScheduled);
        a.nodes.forEach((va, i) => {
          const vb = b.nodes[i];
          expect(vb.node).toBe(va.node);
          if (va.shouldRun) expect(vb.shouldRun).toBe(true);
          if (va.shouldContinueRunning) expect(vb.shouldContinueRunning).toBe(true);
          if (va.schedulable) expect(vb.schedulable).toBe(true);
          // A node that still fails on a taint failed on one before (the filter reports only the first untolerated taint).
          const taintFailure = (reasons: string[]) => reasons.some((x) => x.startsWith('node(s) had untolerated taint'));
          if (taintFailure(vb.reasons)) expect(taintFailure(va.reasons)).toBe(true);
        });
      },
    ), { numRuns: RUNS });
  });

  test('tolerating every taint (operator Exists, no key) makes shouldRun depend only on nodeName, selector and affinity', () => {
    fc.assert(fc.property(nodesArb(4), fc.option(labelsArb, { nil: undefined }), (nodes, nodeSelector) => {
      const all = daemonSet({ tolerations: [{ operator: 'Exists' }], nodeSelector });
      const state = buildClusterState(nodes, []);
      const result = simulateDaemonSet(all, state);
      result.nodes.forEach((v, i) => {
        const selected = Object.entries(nodeSelector ?? {}).every(([k, val]) => nodes[i].metadata.labels?.[k] === val);
        expect(v.shouldRun).toBe(selected);
        expect(v.shouldContinueRunning).toBe(selected);
        expect(v.reasons.filter((r) => r.includes('untolerated taint'))).toEqual([]);
      });
    }), { numRuns: RUNS });
  });

  test('toleratesTaint: a toleration without key and with operator Exists tolerates every taint of its effect', () => {
    fc.assert(fc.property(
      fc.record({ key: fc.string({ minLength: 1, maxLength: 20 }), value: fc.string({ maxLength: 10 }), effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute') }),
      (taint) => {
        expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
        expect(toleratesTaint({ operator: 'Exists', effect: taint.effect }, taint)).toBe(true);
        expect(toleratesTaint({ key: taint.key, operator: 'Exists' }, taint)).toBe(true);
        expect(toleratesTaint({ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }, taint)).toBe(true);
      },
    ), { numRuns: RUNS });
  });
});
