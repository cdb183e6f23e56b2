/**
 * An error never leaves a half-written output behind.
 *
 * The GitOps tree (src/gitops/gitops.ts `GitOpsOutput.write`, used by the example)
 * is staged in a temporary sibling directory and swapped in with renames
 * (src/gitops/atomic.ts `writeTreeAtomically`): a failure before or during the
 * write leaves the previous tree byte-identical and no temporary directory. The
 * fleet report (src/pools/fleet-check.ts `FleetCheck.writeReport`) writes its three
 * files in place, one after the other: a failure after the first leaves a report
 * whose files disagree (a known defect, marked below).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { main } from '../../examples/main';
import { NodeAgent } from '../../src/agent/node-agent';
import { GitOpsOutput, GitOpsTool } from '../../src/gitops/gitops';
import { Fleet } from '../../src/pools/fleet';
import { REPORT_FILES } from '../../src/pools/fleet-check';
import { NodePool } from '../../src/pools/node-pool';

jest.setTimeout(120_000);

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-output-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every file under `dir` with its content, and every directory. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) {
        out[`${rel}${name}/`] = '';
        walk(full, `${rel}${name}/`);
      } else {
        out[`${rel}${name}`] = fs.readFileSync(full, 'utf8');
      }
    }
  };
  walk(dir, '');
  return out;
}

function agentApp(image: string): App {
  const app = new App({ outdir: path.join(root, 'cdk8s.out') });
  const chart = new Chart(app, 'monitoring');
  new NodeAgent(chart, 'node-exporter', {
    namespace: 'monitoring',
    image,
    resources: { cpuRequest: '100m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
  });
  return app;
}

describe('the example (GitOps tree) is written atomically', () => {
  test('a run that fails on a bad inventory leaves the previous tree byte-identical and no temporary directory', () => {
    const outdir = path.join(root, 'dist');
    main({ outdir, gitops: 'argo' });
    const before = tree(outdir);
    expect(Object.keys(before)).toContain('report/placement.txt');

    const inventory = path.join(root, 'nodes.json');
    fs.writeFileSync(inventory, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable: { cpu: 'lots' } } }] }));
    expect(() => main({ outdir, gitops: 'flux', inventory })).toThrow();
    expect(tree(outdir)).toEqual(before);
    expect(fs.readdirSync(root).sort()).toEqual(['dist', 'nodes.json']);
  });

  test('a failure in the middle of the write (a file where a directory must go) changes nothing', () => {
    const outdir = path.join(root, 'dist');
    GitOpsOutput.write(agentApp('quay.io/prometheus/node-exporter:v1.8.2'), { outdir, tool: GitOpsTool.ARGO_CD, repoUrl: 'https://example.com/repo.git' });
    const before = tree(outdir);
    expect(() => GitOpsOutput.write(agentApp('quay.io/prometheus/node-exporter:v1.8.3'), {
      outdir,
      tool: GitOpsTool.ARGO_CD,
      repoUrl: 'https://example.com/repo.git',
      extraFiles: { 'report': 'a file', 'report/placement.txt': 'under the file' },
    })).toThrow();
    expect(tree(outdir)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('a chart that fails validation writes nothing', () => {
    const outdir = path.join(root, 'dist');
    expect(() => GitOpsOutput.write(agentApp('quay.io/prometheus/node-exporter:latest'), { outdir, tool: GitOpsTool.NONE })).toThrow(/latest/);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

describe('FleetCheck.writeReport', () => {
  function fleetApp(agents: number): { app: App; write: (dir: string) => string[] } {
    const fleet = new Fleet({ pools: [new NodePool({ name: 'general', count: 2, allocatable: { cpu: '4', memory: '16Gi' } })] });
    const app = new App({ outdir: path.join(root, 'cdk8s.out') });
    const chart = new Chart(app, 'agents');
    const check = fleet.attach(chart);
    for (let i = 0; i < agents; i++) {
      new NodeAgent(chart, `agent-${i}`, { image: 'example.com/agent:1.0.0', resources: { cpuRequest: '100m', memoryRequest: '64Mi', memoryLimit: '128Mi' } });
    }
    return { app, write: (dir) => check.writeReport(dir) };
  }

  test('writes the three report files', () => {
    const dir = path.join(root, 'report');
    const written = fleetApp(1).write(dir);
    expect(written.map((f) => path.basename(f)).sort()).toEqual([REPORT_FILES.html, REPORT_FILES.json, REPORT_FILES.text].sort());
  });

  // writeReport stages all three files and renames them only when every one can be written.
  test('a failure while writing leaves the previous report unchanged', () => {
    const dir = path.join(root, 'report');
    fleetApp(1).write(dir);
    const before = tree(dir);
    // placement.json cannot be written: a directory is in its place.
    fs.rmSync(path.join(dir, REPORT_FILES.json));
    fs.mkdirSync(path.join(dir, REPORT_FILES.json));
    const withDirectory = tree(dir);
    expect(() => fleetApp(2).write(dir)).toThrow();
    expect(tree(dir)).toEqual(withDirectory);
    expect(before[REPORT_FILES.text]).toBe(withDirectory[REPORT_FILES.text]);
  });
});
