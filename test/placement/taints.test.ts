import {
  addOrUpdateDaemonPodTolerations, addOrUpdateToleration, findMatchingUntoleratedTaint, matchTaint, TaintFilter, taintToString, toleratesTaint,
} from '../../src/placement/taints';
import { Taint, Toleration } from '../../src/placement/types';

describe('TestTolerationToleratesTaint (staging/src/k8s.io/api/core/v1/toleration_test.go)', () => {
  const cases: Array<[string, Toleration, Taint, boolean]> = [
    ['toleration and taint have the same key and effect, and operator is Exists, and taint has no value, expect tolerated',
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }, { key: 'foo', effect: 'NoSchedule' }, true],
    ['toleration and taint have the same key and effect, and operator is Exists, and taint has some value, expect tolerated',
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'NoSchedule' }, true],
    ['toleration and taint have the same effect, toleration has empty key and operator is Exists, means match all taints, expect tolerated',
      { key: '', operator: 'Exists', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'NoSchedule' }, true],
    ['toleration and taint have the same key, effect and value, and operator is Equal, expect tolerated',
      { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'NoSchedule' }, true],
    ['toleration and taint have the same key and effect, but different values, and operator is Equal, expect not tolerated',
      { key: 'foo', operator: 'Equal', value: 'value1', effect: 'NoSchedule' }, { key: 'foo', value: 'value2', effect: 'NoSchedule' }, false],
    ['toleration and taint have the same key and value, but different effects, and operator is Equal, expect not tolerated',
      { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'NoExecute' }, false],
  ];
  test.each(cases)('%s', (_d, toleration, taint, want) => expect(toleratesTaint(toleration, taint)).toBe(want));

  test.each([
    ['an empty operator means Equal', { key: 'foo', value: 'bar' }, { key: 'foo', value: 'bar', effect: 'NoExecute' }, true],
    ['Equal with no value matches only an empty taint value', { key: 'foo', operator: 'Equal' }, { key: 'foo', value: 'x', effect: 'NoSchedule' }, false],
    ['an unknown operator tolerates nothing (Lt/Gt are 1.35+)', { key: 'foo', operator: 'Gt', value: '1' }, { key: 'foo', value: '2', effect: 'NoSchedule' }, false],
    ['empty key + Exists + empty effect tolerates everything', { operator: 'Exists' }, { key: 'anything', value: 'x', effect: 'NoExecute' }, true],
  ] as Array<[string, Toleration, Taint, boolean]>)('%s', (_d, toleration, taint, want) => expect(toleratesTaint(toleration, taint)).toBe(want));
});

describe('TestFindMatchingUntoleratedTaint (staging/src/k8s.io/component-helpers/scheduling/corev1/helpers_test.go)', () => {
  const all: TaintFilter = () => true;
  const none: TaintFilter = () => false;
  const noExecute: TaintFilter = (t) => t.effect === 'NoExecute';
  const fooExists: Toleration[] = [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }];
  const cases: Array<[string, Toleration[], Taint[], TaintFilter | undefined, boolean]> = [
    ['empty tolerations tolerate empty taints', [], [], all, true],
    ['non-empty tolerations tolerate empty taints', fooExists, [], all, true],
    ['tolerations match all taints, expect tolerated', fooExists, [{ key: 'foo', effect: 'NoSchedule' }], all, true],
    ["tolerations don't match taints, but no taints apply to the filter, expect tolerated", fooExists, [{ key: 'bar', effect: 'NoSchedule' }], none, true],
    ["no filterFunc indicated, means all taints apply to the filter, tolerations don't match taints, expect untolerated",
      fooExists, [{ key: 'bar', effect: 'NoSchedule' }], undefined, false],
    ['tolerations match taints, expect tolerated', [{ key: 'foo', operator: 'Exists', effect: 'NoExecute' }],
      [{ key: 'foo', effect: 'NoExecute' }, { key: 'bar', effect: 'NoSchedule' }], noExecute, true],
  ];
  test.each(cases)('%s', (_d, tolerations, taints, filter, tolerated) => {
    expect(findMatchingUntoleratedTaint(taints, tolerations, filter) === undefined).toBe(tolerated);
  });
  test('returns the first untolerated taint in node order', () => {
    const taints: Taint[] = [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'NoSchedule' }, { key: 'c', effect: 'NoExecute' }];
    expect(findMatchingUntoleratedTaint(taints, [], (t) => t.effect !== 'PreferNoSchedule')).toEqual(taints[1]);
  });
});

describe('TestTaintToString (staging/src/k8s.io/api/core/v1/taint_test.go)', () => {
  test.each([
    [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }, 'foo=bar:NoSchedule'],
    [{ key: 'foo', effect: 'NoSchedule' }, 'foo:NoSchedule'],
    [{ key: 'foo' } as Taint, 'foo'],
    [{ key: 'foo', value: 'bar' } as Taint, 'foo=bar:'],
  ] as Array<[Taint, string]>)('%j', (taint, want) => expect(taintToString(taint)).toBe(want));
});

describe('TestMatchTaint (staging/src/k8s.io/api/core/v1/taint_test.go)', () => {
  const foo: Taint = { key: 'foo', value: 'bar', effect: 'NoSchedule' };
  test.each([
    ['two taints with the same key,value,effect should match', foo, { key: 'foo', value: 'bar', effect: 'NoSchedule' }, true],
    ['two taints with the same key,effect but different value should match', foo, { key: 'foo', value: 'different-value', effect: 'NoSchedule' }, true],
    ['two taints with the different key cannot match', foo, { key: 'different-key', value: 'bar', effect: 'NoSchedule' }, false],
    ['two taints with the different effect cannot match', foo, { key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }, false],
  ] as Array<[string, Taint, Taint, boolean]>)('%s', (_d, a, b, want) => expect(matchTaint(a, b)).toBe(want));
});

describe('AddOrUpdateDaemonPodTolerations (pkg/controller/daemon/util/daemonset_util.go)', () => {
  const injected = (hostNetwork: boolean): Toleration[] => [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ...(hostNetwork ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }] : []),
  ];
  test('adds the six infinite tolerations in order, network-unavailable only with hostNetwork', () => {
    expect(addOrUpdateDaemonPodTolerations({}).tolerations).toEqual(injected(false));
    expect(addOrUpdateDaemonPodTolerations({ hostNetwork: true }).tolerations).toEqual(injected(true));
  });
  test('a matching user toleration is replaced in place, dropping tolerationSeconds', () => {
    const user: Toleration[] = [
      { key: 'a', operator: 'Exists' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ];
    expect(addOrUpdateDaemonPodTolerations({ tolerations: user }).tolerations).toEqual([{ key: 'a', operator: 'Exists' }, ...injected(false)]);
    expect(user[1].tolerationSeconds).toBe(300);
  });
  test('MatchToleration compares operators literally: Equal with value "" is kept and the injected one appended', () => {
    const user: Toleration[] = [{ key: 'node.kubernetes.io/not-ready', operator: 'Equal', value: '', effect: 'NoExecute' }];
    expect(addOrUpdateDaemonPodTolerations({ tolerations: user }).tolerations).toEqual([...user, ...injected(false)]);
  });
  test('every matching entry is replaced', () => {
    const t: Toleration = { key: 'k', operator: 'Exists', effect: 'NoSchedule' };
    expect(addOrUpdateToleration([{ ...t, tolerationSeconds: 1 }, { key: 'x' }, { ...t, tolerationSeconds: 2 }], t)).toEqual([t, { key: 'x' }, t]);
  });
});
