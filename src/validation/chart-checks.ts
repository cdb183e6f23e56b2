import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { OncePerSynth } from './synth-session';
import { ObjectReport, validateObjects } from './validate';

/** Where lint findings and apiserver warnings go at synth. */
export interface LintSink {
  (line: string): void;
}

const ID = 'cdk8s-node-agents.ChartChecks';

/**
 * What synth prints: unset = apiserver warnings and warning/error lints;
 * `all` = also informational lints; `off` = nothing.
 */
export const LINTS_ENV = 'CDK8S_NODE_AGENTS_LINTS';

/**
 * Something in a chart that knows its own construct-level problems (a
 * NodeAgent): when it has any, the chart checks leave its object to it, so a
 * user never sees the same mistake twice in two wordings.
 */
export interface SelfChecked {
  /** `Kind/namespace/name` of the object the construct renders. */
  readonly checkedObjectKey: string;
  /** The construct's own problems (empty when it is fine). */
  constructProblems(): string[];
}

/**
 * One per chart: runs the apiserver rules, Pod Security (including the
 * namespace `enforce` label check) and the lints over everything the chart
 * synthesizes, once. Errors fail synth through `node.addValidation`; lints
 * and apiserver warnings are printed to stderr (they never fail synth).
 */
export class ChartChecks extends Construct {
  /** The chart's checks, created on first use. */
  public static of(scope: IConstruct): ChartChecks {
    const chart = Chart.of(scope);
    return (chart.node.tryFindChild(ID) as ChartChecks | undefined) ?? new ChartChecks(chart, ID);
  }

  /** Where findings that do not fail synth are written. */
  public sink: LintSink = defaultSink;

  private readonly selfChecked: SelfChecked[] = [];
  /** Lines already printed: a chart validated again (each toJson) does not repeat them. */
  private readonly printed = new Set<string>();
  /**
   * cdk8s validates the whole app again before rendering each chart
   * (`Chart.toJson` → `App._synthChart`), so one `app.synth()` asks N + 1
   * times. Within one `app.synth()` the first report stands (`perSynth`);
   * outside, the reports are reused while the rendered objects are unchanged
   * (`cache`).
   */
  private readonly perSynth: OncePerSynth<ObjectReport[]>;
  private cache?: { readonly key: string; readonly reports: ObjectReport[] };
  private lastReports: ObjectReport[] = [];

  private constructor(scope: Chart, id: string) {
    super(scope, id);
    this.perSynth = new OncePerSynth(scope);
    this.node.addValidation({ validate: () => this.run(scope) });
  }

  /** Register a construct that reports its own problems. */
  public register(c: SelfChecked): void {
    this.selfChecked.push(c);
  }

  /** The reports of the last synth (for tests and tools). */
  public get reports(): ObjectReport[] {
    return [...this.lastReports];
  }

  private print(line: string): void {
    if (this.printed.has(line)) return;
    this.printed.add(line);
    this.sink(line);
  }

  private run(chart: Chart): string[] {
    const skip = new Set<string>();
    for (const c of this.selfChecked) {
      if (c.constructProblems().length > 0) skip.add(c.checkedObjectKey);
    }
    const reports = this.reportsFor(chart);
    this.lastReports = reports;
    const errors: string[] = [];
    for (const r of reports) {
      const key = objectKey(r.kind, r.namespace, r.name);
      if (skip.has(key)) continue;
      for (const e of r.errors) errors.push(`${key}: ${e.message}`);
      for (const w of r.warnings) this.print(`warning: ${key}: ${w}`);
      for (const l of r.lints) {
        if (l.silenced) continue;
        if (l.severity === 'info' && process.env[LINTS_ENV] !== 'all') continue;
        this.print(`lint ${l.severity} [${l.rule}] ${key}: ${l.field ? l.field + ': ' : ''}${l.message}`);
      }
    }
    return errors;
  }

  private reportsFor(chart: Chart): ObjectReport[] {
    return this.perSynth.get(() => {
      // Not chart.toJson(): it validates the chart first, which would recurse.
      const apiObjects = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
      // In a session each object renders once (synth-session.ts): cdk8s writes this rendering.
      const objects = apiObjects.map((o) => o.toJson());
      if (this.perSynth.inSession) return validateObjects(objects);
      const key = JSON.stringify(objects);
      const reports = this.cache?.key === key ? this.cache.reports : validateObjects(objects);
      this.cache = { key, reports };
      return reports;
    });
  }
}

function defaultSink(line: string): void {
  if (process.env[LINTS_ENV] !== 'off') process.stderr.write(line + '\n');
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}
