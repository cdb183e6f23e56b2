import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MARKER_FILE, OutputError, writeTreeAtomically } from '../../src/gitops/atomic';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every file under `dir` (relative, sorted) with its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (fs.statSync(full).isDirectory()) walk(full, rel);
      else out[rel] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('writeTreeAtomically', () => {
  test('writes a new tree with a marker listing its top-level entries', () => {
    const out = path.join(root, 'dist');
    const written = writeTreeAtomically(out, tree({ 'apps/a/manifests.yaml': 'a: 1\n', 'report/placement.txt': 'ok\n' }));
    expect(written).toEqual([path.join(out, 'apps', 'a', 'manifests.yaml'), path.join(out, 'report', 'placement.txt')]);
    expect(snapshot(out)).toEqual({
      [MARKER_FILE]: '{\n  "managed": [\n    "apps",\n    "report"\n  ]\n}\n',
      'apps/a/manifests.yaml': 'a: 1\n',
      'report/placement.txt': 'ok\n',
    });
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('a rewrite replaces the managed entries completely (stale files disappear)', () => {
    const out = path.join(root, 'dist');
    writeTreeAtomically(out, tree({ 'apps/old/manifests.yaml': 'old\n', 'apps/keep/manifests.yaml': 'v1\n' }));
    writeTreeAtomically(out, tree({ 'apps/keep/manifests.yaml': 'v2\n' }));
    expect(snapshot(out)).toEqual({
      [MARKER_FILE]: '{\n  "managed": [\n    "apps"\n  ]\n}\n',
      'apps/keep/manifests.yaml': 'v2\n',
    });
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('entries it did not write (e.g. dist/js from packaging) are kept', () => {
    const out = path.join(root, 'dist');
    fs.mkdirSync(path.join(out, 'js'), { recursive: true });
    fs.writeFileSync(path.join(out, 'js', 'pkg.tgz'), 'binary');
    writeTreeAtomically(out, tree({ 'apps/a/manifests.yaml': '1\n' }));
    writeTreeAtomically(out, tree({ 'apps/a/manifests.yaml': '2\n' }));
    expect(snapshot(out)).toEqual({
      [MARKER_FILE]: '{\n  "managed": [\n    "apps"\n  ]\n}\n',
      'apps/a/manifests.yaml': '2\n',
      'js/pkg.tgz': 'binary',
    });
  });

  test('refuses to replace an entry it did not write, and changes nothing', () => {
    const out = path.join(root, 'dist');
    fs.mkdirSync(path.join(out, 'apps'), { recursive: true });
    fs.writeFileSync(path.join(out, 'apps', 'mine.yaml'), 'hand-written');
    const before = snapshot(out);
    expect(() => writeTreeAtomically(out, tree({ 'apps/a/manifests.yaml': '1\n' }))).toThrow(OutputError);
    expect(() => writeTreeAtomically(out, tree({ 'apps/a/manifests.yaml': '1\n' })))
      .toThrow(`${path.join(out, 'apps')} already exists and was not written by cdk8s-node-agents; move it away or choose another output directory`);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('a failure while writing leaves the previous tree and no temporary directory', () => {
    const out = path.join(root, 'dist');
    writeTreeAtomically(out, tree({ 'apps/a/manifests.yaml': 'v1\n', 'apps/b/manifests.yaml': 'v1\n' }));
    const before = snapshot(out);
    // The second file cannot be written: a file and a directory with the same path.
    const bad = tree({ 'apps/a/manifests.yaml': 'v2\n', 'apps/a/manifests.yaml/x': 'v2\n' });
    expect(() => writeTreeAtomically(out, bad)).toThrow();
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test.each(['', '/abs/file', '../escape', 'a/./b', 'a\\b', 'a//b'])('rejects the file name %j before touching anything', (name) => {
    const out = path.join(root, 'dist');
    expect(() => writeTreeAtomically(out, tree({ [name]: 'x' }))).toThrow(/invalid output file name/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('the marker name is reserved', () => {
    expect(() => writeTreeAtomically(path.join(root, 'd'), tree({ [MARKER_FILE]: '{}' }))).toThrow(/reserved/);
  });

  test('a corrupt marker is reported, not trusted', () => {
    const out = path.join(root, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, MARKER_FILE), 'not json');
    expect(() => writeTreeAtomically(out, tree({ 'apps/a.yaml': 'x' }))).toThrow(/not a valid marker file/);
  });

  test('the output path must be a directory', () => {
    const out = path.join(root, 'file');
    fs.writeFileSync(out, 'x');
    expect(() => writeTreeAtomically(out, tree({ 'a.yaml': 'x' }))).toThrow(/exists and is not a directory/);
  });

  test('the same files give the same bytes', () => {
    const files = tree({ 'b/x.yaml': 'b\n', 'a/y.yaml': 'a\n' });
    writeTreeAtomically(path.join(root, 'one'), files);
    writeTreeAtomically(path.join(root, 'two'), files);
    expect(snapshot(path.join(root, 'one'))).toEqual(snapshot(path.join(root, 'two')));
  });
});
