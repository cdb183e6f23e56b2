/**
 * The pod the DaemonSet controller creates for node X matches node X and no
 * other node.
 *
 * pkg/controller/daemon/util/daemonset_util.go `ReplaceDaemonSetPodNodeNameNodeAffinity`
 * replaces the required node-selector terms with the single term
 * `matchFields: metadata.name In [X]` (spec §1.8); the scheduler's NodeAffinity
 * filter (component-helpers nodeaffinity `GetRequiredNodeAffinity(pod).Match`)
 * then admits only X, whatever terms the template had. `nodeSelector`,
 * preferred terms and pod (anti-)affinity are kept.
 */
import * as fc from 'fast-check';
import { affinityArb, labelsArb, RUNS } from './arbitraries';
import { getTargetNodeName, replaceDaemonSetPodNodeNameNodeAffinity } from '../../src/placement/daemon-controller';
import { getRequiredNodeAffinity } from '../../src/placement/node-affinity';
import { Node } from '../../src/placement/types';

/** Node names as Kubernetes allows them (DNS-1123 subdomains), some sharing prefixes. */
const nodeNameArb = fc.oneof(
  fc.constantFrom('n0', 'n1', 'n10', 'worker-1', 'worker-1.eu-west-1.compute.internal', 'ip-10-0-0-1'),
  fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/),
);

const fleetArb = fc.uniqueArray(nodeNameArb, { minLength: 1, maxLength: 8 }).chain((names) => fc.tuple(
  fc.constant(names),
  fc.tuple(...names.map(() => labelsArb)),
  fc.integer({ min: 0, max: names.length - 1 }),
));

function node(name: string, labels: Record<string, string>): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } };
}

describe('a pod pinned to node X by ReplaceDaemonSetPodNodeNameNodeAffinity matches only X', () => {
  test('whatever the template affinity, the required node affinity admits exactly the target node', () => {
    fc.assert(fc.property(fleetArb.chain(([names, labels, target]) => fc.tuple(fc.constant(names), fc.constant(labels), fc.constant(target), affinityArb(names))),
      ([names, labels, target, affinity]) => {
        const pinned = replaceDaemonSetPodNodeNameNodeAffinity(affinity, names[target]);
        const required = getRequiredNodeAffinity({ spec: { affinity: pinned } });
        names.forEach((name, i) => {
          expect(required.match(node(name, labels[i])).match).toBe(i === target);
        });
        expect(getTargetNodeName({ metadata: {}, spec: { containers: [], affinity: pinned } })).toBe(names[target]);
      }), { numRuns: RUNS });
  });

  test('the template nodeSelector still applies on top of the pin (it is not part of the affinity)', () => {
    fc.assert(fc.property(fleetArb, labelsArb, ([names, labels, target], nodeSelector) => {
      const pinned = replaceDaemonSetPodNodeNameNodeAffinity(undefined, names[target]);
      const required = getRequiredNodeAffinity({ spec: { affinity: pinned, nodeSelector } });
      names.forEach((name, i) => {
        const selected = Object.entries(nodeSelector).every(([k, v]) => labels[i][k] === v);
        expect(required.match(node(name, labels[i])).match).toBe(i === target && selected);
      });
    }), { numRuns: RUNS });
  });

  test('preferred terms and pod (anti-)affinity are kept; the input is not changed', () => {
    fc.assert(fc.property(affinityArb(['n0', 'n1', 'n2']), fc.constantFrom('n0', 'n1', 'n2'), (affinity, target) => {
      const before = JSON.stringify(affinity);
      const pinned = replaceDaemonSetPodNodeNameNodeAffinity(affinity, target);
      expect(JSON.stringify(affinity)).toBe(before);
      expect(pinned.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: [target] }] },
      ]);
      expect(pinned.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toEqual(affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
      expect(pinned.podAffinity).toEqual(affinity?.podAffinity);
      expect(pinned.podAntiAffinity).toEqual(affinity?.podAntiAffinity);
    }), { numRuns: RUNS });
  });
});
