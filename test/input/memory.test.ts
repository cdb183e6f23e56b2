/**
 * `place` reads pod files one at a time and keeps only what the simulation
 * reads of each pod (src/placement/simulate.ts `ClusterStateBuilder`): the full
 * parse tree of a file must be garbage once the next file is read. A reference
 * held anywhere in the loader (it once kept every pod whole in its
 * duplicate-name index) took the peak RSS of `place` at 150,000 pods from
 * 835 MiB to 1.2 GiB (bench/README.md).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { LoadedObject, visitObjectList } from '../../src/input/load';
import * as shapes from '../../src/input/validate';
import { Placement } from '../../src/placement/placement';

v8.setFlagsFromString('--expose-gc');
const gc: () => void = vm.runInNewContext('gc');

const PODS = 200;
// ≈ 40 MB of annotations in the first file, which no projection keeps. Each is
// larger than V8's largest regular object, so it lives in the large-object space.
const NOTE = 'x'.repeat(200_000);

function pod(i: number): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${i}`, namespace: 'default', annotations: { note: `${i}${NOTE}` } },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'example.com/c:1', resources: { requests: { cpu: '10m' } } }] },
  };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-memory-'));
  fs.mkdirSync(path.join(dir, 'pods'));
  fs.writeFileSync(path.join(dir, 'pods', 'a.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: PODS }, (_, i) => pod(i)) }));
  fs.writeFileSync(path.join(dir, 'pods', 'b.json'), JSON.stringify(pod(PODS)));
  fs.writeFileSync(path.join(dir, 'nodes.yaml'), 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {allocatable: {cpu: "64", memory: 256Gi, pods: "110"}}\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Bytes in V8's large-object spaces after full GCs: where the annotations live.
 * Not `heapUsed`: in a jest worker that ran other test files, each GC also
 * flushes their old bytecode, which moves `heapUsed` by tens of MB.
 */
function heapAfterGc(): number {
  for (let i = 0; i < 2; i++) gc();
  return v8.getHeapSpaceStatistics()
    .filter((s) => s.space_name === 'large_object_space' || s.space_name === 'new_large_object_space')
    .reduce((sum, s) => sum + s.space_used_size, 0);
}

test('Placement.fromFiles: the parse tree of a pod file is garbage once its pods are counted', () => {
  const before = heapAfterGc();
  let during = NaN;
  // Not jest.spyOn: a mock records its arguments, which would keep every pod alive.
  const exports = shapes as { validatePodShape: (pod: LoadedObject) => void };
  const real = exports.validatePodShape;
  exports.validatePodShape = (p) => {
    if (p.object?.metadata?.name === `p${PODS}`) during = heapAfterGc(); // reading b.json: a.json is done
    real(p);
  };
  try {
    expect(Placement.fromFiles(path.join(dir, 'nodes.yaml'), path.join(dir, 'pods')).nodeNames).toEqual(['n1']);
  } finally {
    exports.validatePodShape = real;
  }
  expect(during - before).toBeLessThan(12 * 2 ** 20);
});

test('control: pods kept whole hold the first file in memory (the measurement can tell)', () => {
  const before = heapAfterGc();
  let during = NaN;
  const kept: LoadedObject[] = [];
  visitObjectList(path.join(dir, 'pods'), dir, 'Pod', (l) => {
    if (l.object.metadata.name === `p${PODS}`) during = heapAfterGc();
    kept.push(l);
  });
  expect(kept).toHaveLength(PODS + 1);
  expect(during - before).toBeGreaterThan(30 * 2 ** 20);
});
