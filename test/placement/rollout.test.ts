import updateTables from './k8s-tables/update_test.json';
import { nodeShouldRunDaemonPod } from '../../src/placement/daemon-controller';
import { rolloutNumbers, scaledValue, setDefaultsDaemonSet, surgeCount, unavailableCount } from '../../src/placement/rollout';
import { DaemonSet, Node } from '../../src/placement/types';

interface UnavailableCase { name: string; nodes?: Node[]; ds: DaemonSet; maxSurge?: number; maxUnavailable?: number; desiredNumberScheduled?: number }

describe(`TestGetUnavailableNumbers (${updateTables.TestGetUnavailableNumbers.source})`, () => {
  const cases = updateTables.TestGetUnavailableNumbers.cases as unknown as UnavailableCase[];
  test('has all 8 upstream cases', () => expect(cases).toHaveLength(8));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const desired = (c.nodes ?? []).filter((n) => nodeShouldRunDaemonPod(n, c.ds).shouldRun).length;
    expect(desired).toBe(c.desiredNumberScheduled ?? 0);
    const r = rolloutNumbers(c.ds, desired);
    expect([r.maxSurge, r.maxUnavailable]).toEqual([c.maxSurge ?? 0, c.maxUnavailable ?? 0]);
    expect(r.error).toBeUndefined();
  });
});

describe('TestSetDefaultDaemonSetSpec (pkg/apis/apps/v1/defaults_test.go), strategy and revisionHistoryLimit', () => {
  const template = { metadata: { labels: { foo: 'bar' } }, spec: { containers: [] } };
  const rolling = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
  test.each([
    ['labels change/defaulting', { metadata: {}, spec: { template } }, rolling, 10],
    ['labels change/defaulting with revisionHistoryLimit 1', { metadata: { labels: { bar: 'foo' } }, spec: { template, revisionHistoryLimit: 1 } }, rolling, 1],
    ['OnDeleteDaemonSetStrategyType update strategy', { metadata: {}, spec: { template, updateStrategy: { type: 'OnDelete' } } }, { type: 'OnDelete' }, 10],
    ['custom unique label key (empty spec)', { metadata: {}, spec: {} }, rolling, 10],
  ] as Array<[string, DaemonSet, unknown, number]>)('%s', (_name, ds, strategy, rhl) => {
    const before = JSON.stringify(ds);
    expect(setDefaultsDaemonSet(ds)).toEqual({ updateStrategy: strategy, revisionHistoryLimit: rhl });
    expect(JSON.stringify(ds)).toBe(before);
  });
  test('OnDelete keeps a given rollingUpdate undefaulted', () => {
    const ds: DaemonSet = { metadata: {}, spec: { template, updateStrategy: { type: 'OnDelete', rollingUpdate: { maxUnavailable: 'junk' } } } };
    expect(setDefaultsDaemonSet(ds).updateStrategy).toEqual({ type: 'OnDelete', rollingUpdate: { maxUnavailable: 'junk' } });
  });
  test('only maxSurge given: maxUnavailable still defaults to 1', () => {
    const ds: DaemonSet = { metadata: {}, spec: { template, updateStrategy: { rollingUpdate: { maxSurge: 1 } } } };
    expect(setDefaultsDaemonSet(ds).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } });
  });
});

describe('SurgeCount / UnavailableCount (pkg/controller/daemon/util/daemonset_util.go)', () => {
  const ru = (maxUnavailable: any, maxSurge?: any) => ({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } });
  // The worked examples: percentages of the desired count rounded UP, integers not scaled or capped.
  test.each([
    [1, 0, 1], [1, 1, 1], [1, 150, 1],
    ['10%', 0, 0], ['10%', 1, 1], ['10%', 5, 1], ['10%', 150, 15],
    ['50%', 3, 2], ['50%', 5, 3], ['50%', 150, 75],
    ['1%', 150, 2], [7, 0, 7], [7, 5, 7],
  ] as Array<[number | string, number, number]>)('maxUnavailable %s of %d nodes = %d', (v, n, want) => {
    expect(unavailableCount(ru(v), n)).toBe(want);
  });
  test('maxSurge 10% of 150 = 15; OnDelete gives 0', () => {
    expect(surgeCount(ru(0, '10%'), 150)).toBe(15);
    expect(surgeCount({ type: 'OnDelete' }, 150)).toBe(0);
    expect(unavailableCount({ type: 'OnDelete' }, 150)).toBe(0);
  });
  test('both zero with desired > 0 falls back to maxUnavailable 1; with none desired it does not', () => {
    const ds: DaemonSet = { metadata: {}, spec: { template: { spec: { containers: [] } }, updateStrategy: ru(0, 0) } };
    expect(rolloutNumbers(ds, 3)).toEqual({ strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 });
    expect(rolloutNumbers(ds, 0)).toEqual({ strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 0 });
  });
  test('a value that cannot be scaled counts as 0 and reports the controller\'s error', () => {
    const ds: DaemonSet = { metadata: {}, spec: { template: { spec: { containers: [] } }, updateStrategy: ru('5', 0) } };
    expect(rolloutNumbers(ds, 2)).toEqual({
      strategy: 'RollingUpdate',
      maxSurge: 0,
      maxUnavailable: 1,
      error: 'invalid value for MaxUnavailable: invalid value for IntOrString: invalid type: string is not a percentage',
    });
    expect(() => scaledValue(undefined, 1, true)).toThrow('nil value for IntOrString');
    expect(() => scaledValue('x%', 1, true)).toThrow('invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax');
  });
});
