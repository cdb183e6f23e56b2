import table from './go_sort_slice.json';
import { goSortSlice } from '../../src/util/go-sort';

interface Case {
  name: string;
  keys: number[] | null;
  less: 'key' | 'always' | 'keyOrAlwaysOnZero';
  result: number[] | null;
}

const LESS: Record<Case['less'], (a: number, b: number) => boolean> = {
  key: (a, b) => a < b,
  always: () => true,
  keyOrAlwaysOnZero: (a, b) => (a === 0 && b === 0) || a < b,
};

describe('goSortSlice: Go 1.21 sort.Slice permutations', () => {
  const cases = table.cases as Case[];
  test('has the recorded cases', () => expect(cases).toHaveLength(72));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const keys = c.keys ?? [];
    const idx = keys.map((_k, i) => i);
    goSortSlice(idx, (i, j) => LESS[c.less](keys[i], keys[j]));
    expect(idx).toEqual(c.result ?? []);
  });
});
