/**
 * YAML as kubectl reads it (src/input/kubectl-yaml.ts): the corpus in
 * kubectl-yaml-cases.json, decoded by the loader the CLI uses, must give what
 * kubectl gives (`want`) or be refused where kubectl refuses it; and the recorded
 * answers must still be kubectl's own (it runs here: kubectl is on every machine
 * that runs these tests).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { caseText, CORPUS_FILE, eachInParallel, normalize, readCorpus, runKubectl, runKubectlBatch, YamlCase } from './kubectl-yaml-corpus';
import { computeCheck } from '../../src/cli/check';
import { formatFloat32, parseKubectlYaml, plainScalarReadsAsString, splitYamlDocuments } from '../../src/input/kubectl-yaml';
import { InputError } from '../../src/input/load';

const corpus = readCorpus();
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-yaml-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * What `check` makes of a case before validating it: the objects read by the loader
 * and decoded as the apiserver's types would take them, or the error message.
 */
function ours(c: YamlCase, dir: string): { objects?: unknown[]; error?: string } {
  fs.writeFileSync(path.join(dir, 'case.yaml'), caseText(corpus, c));
  try {
    return { objects: normalize(c, computeCheck({ json: false, manifests: ['case.yaml'] }, dir).map((o) => o.loaded.object)) };
  } catch (e) {
    if (e instanceof InputError) return { error: e.message };
    throw e;
  }
}

if (process.env.RECORD_KUBECTL_YAML) {
  test('record kubectl\'s answers', async () => {
    const dirs = [0, 1, 2].map((i) => fs.mkdtempSync(path.join(tmp, `record-${i}-`)));
    const answers = new Map<YamlCase, object>();
    await eachInParallel(corpus.cases, dirs.length, async (c, slot) => {
      const known = c.want !== undefined || c.kubectlError !== undefined;
      const k = known && process.env.RECORD_KUBECTL_YAML !== 'all'
        ? (c.want !== undefined ? { want: c.want } : { kubectlError: c.kubectlError })
        : await runKubectl(corpus, c, dirs[slot]);
      const o = ours(c, dirs[slot]);
      answers.set(c, { ...k, ...(o.error !== undefined ? { ourError: o.error } : {}) });
    });
    const cases = corpus.cases.map((c) => ({
      name: c.name,
      ...(c.fragment !== undefined ? { fragment: c.fragment } : { yaml: c.yaml }),
      ...(c.knownDeviation !== undefined ? { knownDeviation: c.knownDeviation } : {}),
      ...answers.get(c),
    }));
    fs.writeFileSync(CORPUS_FILE, JSON.stringify({ ...corpus, cases }, null, 1) + '\n');
  }, 600_000);
}

describe('the corpus: the loader decodes each case as kubectl does', () => {
  test('it holds cases of every kind, each answered', () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(200);
    const names = new Set(corpus.cases.map((c) => c.name));
    expect(names.size).toBe(corpus.cases.length);
    for (const c of corpus.cases) expect([c.want !== undefined, c.kubectlError !== undefined]).toContain(true);
  });

  test.each(corpus.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = ours(c, tmp);
    if (c.knownDeviation !== undefined) {
      expect(c.want).toBeDefined();
      expect(got.error).toBe(c.ourError);
    } else if (c.kubectlError !== undefined) {
      expect(got.objects).toBeUndefined();
      expect(got.error).toBe(c.ourError);
    } else {
      expect(got.error).toBeUndefined();
      expect(got.objects).toEqual(c.want);
    }
  });
});

describe('the recorded answers are kubectl\'s', () => {
  test('kubectl annotate --local gives every recorded answer', async () => {
    const mismatches: string[] = [];
    const record = (c: YamlCase, got: object) => {
      const recorded = c.kubectlError !== undefined ? { kubectlError: c.kubectlError } : { want: c.want };
      if (JSON.stringify(got) !== JSON.stringify(recorded)) {
        mismatches.push(`${c.name}: kubectl says ${JSON.stringify(got)}, recorded ${JSON.stringify(recorded)}`);
      }
    };
    // The cases kubectl accepts in one kubectl process; the others one by one (~0.2 s each), three at a time.
    const accepted = corpus.cases.filter((c) => c.want !== undefined);
    const batch = await runKubectlBatch(corpus, accepted, fs.mkdtempSync(path.join(tmp, 'batch-')));
    if (batch.error !== undefined) mismatches.push(`kubectl refused a case recorded as accepted: ${batch.error}`);
    else accepted.forEach((c, i) => record(c, { want: batch.answers[i] }));
    const refused = corpus.cases.filter((c) => c.want === undefined);
    const dirs = [0, 1, 2].map((i) => fs.mkdtempSync(path.join(tmp, `live-${i}-`)));
    await eachInParallel(refused, dirs.length, async (c, slot) => record(c, await runKubectl(corpus, c, dirs[slot])));
    expect(mismatches).toEqual([]);
  }, 300_000);
});

describe('pieces of the decoder', () => {
  test('float keys are written as Go\'s strconv.FormatFloat(f, \'g\', -1, 32)', () => {
    const cases: Array<[number, string]> = [
      [1.5, '1.5'], [0.1234567891234, '0.12345679'], [1e6, '1e+06'], [100000, '100000'], [0.00001, '1e-05'],
      [0.0001, '0.0001'], [1, '1'], [3.14159265358979, '3.1415927'], [1e38, '1e+38'], [123456789, '1.2345679e+08'],
      [-2.5e-7, '-2.5e-07'], [0, '0'], [Infinity, '.inf'], [-Infinity, '-.inf'], [NaN, '.nan'], [1e39, '.inf'],
    ];
    for (const [f, want] of cases) expect([f, formatFloat32(f)]).toEqual([f, want]);
  });

  test('document separators: lines starting with ---, positions kept for errors', () => {
    expect(splitYamlDocuments('a: 1\n---\nb: 2\n--- # c\n\n---\n')).toEqual([
      { text: 'a: 1\n', line: 1 }, { text: 'b: 2\n', line: 3 }, { text: '\n', line: 5 },
    ]);
    expect(() => parseKubectlYaml('a: 1\n--- b\n')).toThrow('line 2, column 4: invalid Yaml document separator: b');
    expect(() => parseKubectlYaml('a: 1\n---\nb: [\n')).toThrow(/^line 4, column 1: /);
  });

  test('which plain strings kubectl reads back as the same string', () => {
    for (const s of ['agent', 'a:1', '100m', '1:30', '2001-12-14', '1e400', '0o', '0x', 'yEs', '_12', '-']) {
      expect([s, plainScalarReadsAsString(s)]).toEqual([s, true]);
    }
    for (const s of ['yes', 'y', 'Off', '0644', '0o644', '0B11', '+0o7', '0b-1', '+1.5e3_0', '1_000', '~', '', 'null', '.inf', '<<', '.5', '08']) {
      expect([s, plainScalarReadsAsString(s)]).toEqual([s, false]);
    }
  });
});
