import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing, Yaml } from 'cdk8s';
import { buildExample } from '../../examples/main';
import { AgentNamespace, CniAgent, CniPreset, LogCollector, NodeAgent, NodeExporter } from '../../src';
import { ChartChecks } from '../../src/validation/chart-checks';
import { inSynthSession, synthSessionOf } from '../../src/validation/synth-session';
import * as validate from '../../src/validation/validate';

const RESOURCES = { cpuRequest: '10m', memoryRequest: '10Mi', memoryLimit: '20Mi' };

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'synth-session-'));
}

function apiObjects(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** A chart with the catalogue's agents (many object kinds, lints, warnings). */
function catalogue(app: App, id: string): Chart {
  const chart = new Chart(app, id);
  const ns = AgentNamespace.of(chart, 'node-agents');
  new LogCollector(chart, 'logs', { namespace: ns.name });
  new NodeExporter(chart, 'metrics', { namespace: ns.name });
  new CniAgent(chart, 'cni', { preset: CniPreset.CILIUM });
  ChartChecks.of(chart).sink = () => {};
  return chart;
}

describe('synth session: one render and one validation per chart in app.synth()', () => {
  test('app.synth() writes exactly what the charts render outside a session', () => {
    const outdir = tmpdir();
    try {
      const app = new App({ outdir });
      const charts = [catalogue(app, 'one'), catalogue(app, 'two')];
      // Outside a session: cdk8s's own rendering, validated the ordinary way.
      const expected = charts.map((c) => Yaml.stringify(...c.toJson()));
      app.synth();
      expect(charts.map((c) => fs.readFileSync(path.join(outdir, `${c.node.id}.k8s.yaml`), 'utf8'))).toEqual(expected);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('each chart is rendered and validated once per app.synth(), not once per cdk8s validation pass', () => {
    const outdir = tmpdir();
    const spy = jest.spyOn(validate, 'validateObjects');
    try {
      const app = new App({ outdir });
      const charts = [catalogue(app, 'one'), catalogue(app, 'two'), catalogue(app, 'three')];
      const renders = new Map<ApiObject, number>();
      const render = ApiObject.prototype.toJson;
      const counter = jest.spyOn(ApiObject.prototype, 'toJson').mockImplementation(function (this: ApiObject) {
        renders.set(this, (renders.get(this) ?? 0) + 1);
        return render.call(this);
      });
      try {
        app.synth();
      } finally {
        counter.mockRestore();
      }
      // cdk8s validates 1 + 3 times (before each chart): without the session, 4 validations and 5 renders per
      // object, and each AgentNamespace renders its agents again for each of its 3 Pod Security labels.
      expect(spy).toHaveBeenCalledTimes(3);
      expect(new Set(renders.values())).toEqual(new Set([1]));
      expect(renders.size).toBe(charts.flatMap(apiObjects).length);
    } finally {
      spy.mockRestore();
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('after app.synth() every object renders itself again: changes before the next synth are seen', () => {
    const outdir = tmpdir();
    try {
      const app = new App({ outdir });
      const chart = new Chart(app, 'agents');
      const agent = new NodeAgent(chart, 'A', { image: 'example.com/a:1.0.0', resources: RESOURCES });
      ChartChecks.of(chart).sink = () => {};
      app.synth();
      expect(apiObjects(chart).some((o) => Object.prototype.hasOwnProperty.call(o, 'toJson'))).toBe(false);
      agent.daemonSet.metadata.addLabel('team', 'platform');
      expect(chart.toJson()[0].metadata.labels.team).toBe('platform');
      app.synth();
      expect(fs.readFileSync(path.join(outdir, 'agents.k8s.yaml'), 'utf8')).toContain('team: platform');
      // A third synth in the same turn validates the changed chart.
      new ApiObject(chart, 'raw', {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'raw', namespace: 'default' },
        spec: { selector: { matchLabels: { app: 'raw' } }, template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'c', image: 'example.com/c:1' }] } } },
      });
      expect(() => app.synth()).toThrow(/DaemonSet\/default\/raw: spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('a failed synth ends its session too', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'agents');
    new NodeAgent(chart, 'A', { image: 'example.com/a:latest', resources: RESOURCES });
    ChartChecks.of(chart).sink = () => {};
    expect(() => app.synthYaml()).toThrow(/latest/);
    expect(synthSessionOf(chart)!.active).toBe(false);
    expect(apiObjects(chart).some((o) => Object.prototype.hasOwnProperty.call(o, 'toJson'))).toBe(false);
  });

  test('an App subclass that overrides synth() still runs its own synth', () => {
    const calls: string[] = [];
    class MyApp extends App {
      public synthYaml(): string {
        calls.push('MyApp.synthYaml');
        return super.synthYaml();
      }
    }
    const app = new MyApp({ outdir: tmpdir() });
    const chart = new Chart(app, 'agents');
    new NodeAgent(chart, 'A', { image: 'example.com/a:1.0.0', resources: RESOURCES });
    ChartChecks.of(chart).sink = () => {};
    const yaml = app.synthYaml();
    expect(calls).toEqual(['MyApp.synthYaml']);
    expect(yaml).toContain('kind: DaemonSet');
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });

  test('outside a session nothing is pinned: chart.toJson() renders afresh each time', () => {
    const chart = Testing.chart();
    const agent = new NodeAgent(chart, 'A', { image: 'example.com/a:1.0.0', resources: RESOURCES });
    ChartChecks.of(chart).sink = () => {};
    const first = chart.toJson();
    agent.daemonSet.metadata.addLabel('team', 'platform');
    const second = chart.toJson();
    expect(first[0].metadata.labels.team).toBeUndefined();
    expect(second[0].metadata.labels.team).toBe('platform');
  });

  test('validation never modifies the objects it is given (they are what cdk8s writes)', () => {
    const app = Testing.app();
    const chart = catalogue(app, 'agents');
    const rendered = apiObjects(chart).map((o) => o.toJson());
    const before = JSON.stringify(rendered);
    const frozen = deepFreeze(JSON.parse(before));
    expect(() => validate.validateObjects(frozen)).not.toThrow();
    expect(JSON.stringify(validate.validateObjects(frozen))).toEqual(JSON.stringify(validate.validateObjects(rendered)));
    expect(JSON.stringify(rendered)).toBe(before);
  });

  test('the example (fleet checks, variants, namespaces): one session renders what separate toJson() calls render', () => {
    const separate = buildExample();
    const expected = separate.app.charts.map((c) => Yaml.stringify(...c.toJson()));
    const { app, check } = buildExample();
    const analyze = jest.spyOn(check, '_analyze');
    try {
      const actual = inSynthSession(app, () => {
        app.synthYaml();
        return app.charts.map((c) => Yaml.stringify(...c.toJson()));
      });
      expect(actual).toEqual(expected);
      // cdk8s validates 1 + 6 times (synthYaml, then before each of the 6 charts): the fleet is analysed once.
      expect(analyze).toHaveBeenCalledTimes(1);
    } finally {
      analyze.mockRestore();
    }
  });
});
