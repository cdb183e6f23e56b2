/**
 * A cdk8s-cli validation plugin that runs this library's checks on the
 * output of `cdk8s synth`: Kubernetes 1.28 apiserver validation, Pod Security
 * levels against Namespaces in the app, and the node-agent lints.
 *
 * cdk8s-cli loads it from `cdk8s.yaml` (node_modules/cdk8s-cli/lib/plugins/_manager.js,
 * validation.js): a `package` that is an absolute path or starts with `./` is
 * `require`d directly — nothing is installed, so it works offline — and
 * `class` is instantiated with `properties`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-node-agents/lib/plugin
 *     class: NodeAgentsValidation
 *     version: 0.0.0          # any pinned version (ranges are refused); not used for local paths
 *     properties:
 *       failOnWarnings: false # also fail synth on warnings (default false)
 *       includeWarnings: true # list warnings in the report (default true)
 *       ignore: [missing-cpu-limit]   # rule ids to skip everywhere
 * ```
 *
 * It reads each file `cdk8s synth` wrote the way `kubectl apply -f` will
 * (src/input/load.ts: YAML 1.1 as go-yaml v2 resolves it), not with
 * cdk8s-cli's `parseManifest` (the `yaml` package's YAML 1.2): a string that
 * cdk8s wrote unquoted and kubectl reads as a number (`0o644`) is caught here.
 *
 * The plugin reports one violation per rule (apiserver errors under
 * `kubernetes-1.28-api-validation`, and a file kubectl cannot read at all),
 * each location `<field>: <message>`, and fails the report when any object
 * has an error (or a warning, with `failOnWarnings`). Silenced lints
 * (`cdk8s-node-agents.io/ignore.<rule-id>` or `cdk8s-node-agents.io/ignore`)
 * are not reported. Internal module: loaded by cdk8s-cli, not part of the jsii API.
 */
import { InputError, readManifestFile } from '../input/load';
import { LINT_RULES } from '../validation/lints';
import { ObjectReport, validateObjects } from '../validation/validate';

/** The parts of cdk8s-cli's `ValidationViolation` this plugin fills in. */
export interface PluginViolation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: ReadonlyArray<{ readonly resourceName: string; readonly locations: readonly string[]; readonly manifestPath: string }>;
}

/** The parts of cdk8s-cli's `ValidationContext` this plugin uses. */
export interface PluginContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: PluginViolation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
  parseManifest(manifestPath: string): any[];
}

/** `properties` from cdk8s.yaml. */
export interface NodeAgentsValidationProperties {
  readonly failOnWarnings?: boolean;
  readonly includeWarnings?: boolean;
  readonly ignore?: string[];
}

/** The rule name under which apiserver validation errors are reported. */
export const API_VALIDATION_RULE = 'kubernetes-1.28-api-validation';
/** The rule name under which apiserver warnings are reported. */
export const API_WARNING_RULE = 'kubernetes-1.28-api-warning';

const API_RECOMMENDATION = 'kubectl cannot read these files, or the Kubernetes 1.28 apiserver (or PodSecurity admission) rejects these objects.';
const API_FIX = 'Fix each listed field; the messages are kubectl\'s and the apiserver\'s own (quote strings that YAML 1.1 reads as numbers or booleans).';

interface Located {
  readonly report: ObjectReport;
  readonly manifestPath: string;
}

/** The validation plugin class named in cdk8s.yaml. */
export class NodeAgentsValidation {
  private readonly failOnWarnings: boolean;
  private readonly includeWarnings: boolean;
  private readonly ignore: ReadonlySet<string>;

  constructor(properties: { [key: string]: any } = {}) {
    const props = properties as NodeAgentsValidationProperties;
    const bad = Object.keys(properties).filter((k) => !['failOnWarnings', 'includeWarnings', 'ignore'].includes(k));
    if (bad.length > 0) {
      throw new Error(`cdk8s-node-agents validation plugin: unknown properties ${bad.map((k) => JSON.stringify(k)).join(', ')} in cdk8s.yaml; `
        + 'supported: failOnWarnings (boolean), includeWarnings (boolean), ignore (list of rule ids)');
    }
    if (props.ignore !== undefined && (!Array.isArray(props.ignore) || props.ignore.some((r) => typeof r !== 'string'))) {
      throw new Error('cdk8s-node-agents validation plugin: properties.ignore in cdk8s.yaml must be a list of rule ids, e.g. [missing-cpu-limit]');
    }
    this.failOnWarnings = props.failOnWarnings === true;
    this.includeWarnings = props.includeWarnings !== false;
    this.ignore = new Set(props.ignore ?? []);
  }

  /** Called by cdk8s-cli after synthesis. */
  public async validate(context: PluginContext): Promise<void> {
    const sources: Array<{ object: unknown; manifestPath: string }> = [];
    const unreadable: Array<{ manifestPath: string; message: string }> = [];
    for (const manifestPath of context.manifests) {
      try {
        for (const loaded of readManifestFile(manifestPath, process.cwd())) sources.push({ object: loaded.object, manifestPath });
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        unreadable.push({ manifestPath, message: e.message });
      }
    }
    const reports = validateObjects(sources.map((s) => s.object));
    const located: Located[] = reports.map((report, i) => ({ report, manifestPath: sources[i].manifestPath }));

    const byRule = new Map<string, { recommendation: string; fix: string; resources: Map<string, { manifestPath: string; locations: string[] }> }>();
    const add = (rule: string, recommendation: string, fix: string, at: Located, location: string) => {
      let v = byRule.get(rule);
      if (!v) {
        v = { recommendation, fix, resources: new Map() };
        byRule.set(rule, v);
      }
      const key = `${at.manifestPath}\u0000${at.report.kind}\u0000${at.report.namespace}\u0000${at.report.name}`;
      let r = v.resources.get(key);
      if (!r) {
        r = { manifestPath: at.manifestPath, locations: [] };
        v.resources.set(key, r);
      }
      r.locations.push(location);
    };

    let errors = 0;
    let warnings = 0;
    for (const u of unreadable) {
      // A file kubectl cannot read: named by its path (resourceName is the last key part).
      errors++;
      const at: Located = { manifestPath: u.manifestPath, report: { apiVersion: '', kind: '', namespace: '', name: u.manifestPath, errors: [], warnings: [], lints: [] } };
      add(API_VALIDATION_RULE, API_RECOMMENDATION, API_FIX, at, u.message);
    }
    for (const at of located) {
      for (const e of at.report.errors) {
        errors++;
        add(API_VALIDATION_RULE, API_RECOMMENDATION, API_FIX, at, `${describe(at.report)} ${e.message}`);
      }
      if (this.includeWarnings) {
        for (const w of at.report.warnings) {
          warnings++;
          add(API_WARNING_RULE, 'The Kubernetes 1.28 apiserver accepts these objects but returns warnings for them.',
            'Address each warning (kubectl prints them as "Warning: ...").', at, `${describe(at.report)} ${w}`);
        }
      }
      for (const l of at.report.lints) {
        if (l.silenced || this.ignore.has(l.rule)) continue;
        if (l.severity === 'error') errors++;
        else if (l.severity === 'warning') warnings++;
        if (l.severity === 'info' || (l.severity === 'warning' && !this.includeWarnings)) continue;
        const rule = LINT_RULES.find((r) => r.id === l.rule);
        add(`${l.rule} (${l.severity})`, rule ? capitalize(rule.description) + '.' : l.message,
          `Fix it, or accept it on the object with the annotation cdk8s-node-agents.io/ignore.${l.rule}: "<container>[,<container>]: <reason>"`,
          at, `${describe(at.report)} ${l.field}: ${l.message}`);
      }
    }

    for (const [ruleName, v] of byRule) {
      context.report.addViolation({
        ruleName,
        recommendation: v.recommendation,
        fix: v.fix,
        violatingResources: [...v.resources.entries()].map(([key, r]) => ({
          resourceName: key.split('\u0000')[3],
          locations: r.locations,
          manifestPath: r.manifestPath,
        })),
      });
    }
    const failed = errors > 0 || (this.failOnWarnings && warnings > 0);
    context.report.submit(failed ? 'failure' : 'success', {
      objects: String(located.length),
      errors: String(errors),
      warnings: String(warnings),
    });
  }
}

function describe(r: ObjectReport): string {
  return `${r.kind}/${r.namespace ? r.namespace + '/' : ''}${r.name}:`;
}

function capitalize(s: string): string {
  return s.length > 0 ? s[0].toUpperCase() + s.slice(1) : s;
}
