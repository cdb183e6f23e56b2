import { Chart } from 'cdk8s';
import { LintFinding } from './lints';
import { ObjectReport, validateObjects } from './validate';

/**
 * How much a lint finding matters.
 */
export enum LintSeverity {
  /** Will break the agent or its rollout; fails `check` and synth validation. */
  ERROR = 'error',
  /** A best-practice violation worth fixing. */
  WARNING = 'warning',
  /** Expected for the agent's role, or a suggestion. */
  INFO = 'info',
}

/**
 * A Pod Security Standards level.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Heavily restricted pod hardening best practices. */
  RESTRICTED = 'restricted',
}

/**
 * An error the Kubernetes 1.28 apiserver would return for the object (or a
 * PodSecurity admission rejection of the pods it creates).
 */
export interface ValidationIssue {
  /** Field path, e.g. `spec.template.spec.containers[0].resources.requests`. */
  readonly field: string;
  /** The Kubernetes error type, e.g. `FieldValueInvalid`. */
  readonly type: string;
  /** The full message, as the apiserver prints it. */
  readonly message: string;
}

/**
 * One best-practice lint finding.
 */
export interface LintIssue {
  /** Stable rule id, e.g. `no-latest-tag`. */
  readonly rule: string;
  readonly severity: LintSeverity;
  /** Field path of the offending value. */
  readonly field: string;
  readonly message: string;
  /**
   * True when an ignore annotation on the object covers the finding
   * (`cdk8s-node-agents.io/ignore.<rule-id>` for its container, or
   * `cdk8s-node-agents.io/ignore` listing the rule).
   */
  readonly silenced: boolean;
  /**
   * How the finding was silenced: the annotation, and its reason when it gives one.
   *
   * @default - not silenced
   */
  readonly silencedBy?: string;
}

/**
 * A failed Pod Security Standards check.
 */
export interface PodSecurityViolation {
  /** The level at which the check failed. */
  readonly level: PodSecurityLevel;
  /** The PodSecurity admission reason, e.g. `host namespaces`. */
  readonly reason: string;
  /** The PodSecurity admission detail, e.g. `hostNetwork=true`. */
  readonly detail: string;
  /** Paths of the offending fields in the object. */
  readonly fields: string[];
}

/**
 * The findings for one manifest object.
 */
export interface ObjectValidationResult {
  readonly apiVersion: string;
  readonly kind: string;
  /** Namespace (`default` when a namespaced object has none; empty for cluster-scoped kinds). */
  readonly namespace: string;
  readonly name: string;
  readonly errors: ValidationIssue[];
  /** Apiserver warnings (kubectl prints them as `Warning: ...`). */
  readonly warnings: string[];
  readonly lints: LintIssue[];
  /**
   * The strictest Pod Security Standard the pod template meets.
   *
   * @default - not a pod-bearing kind
   */
  readonly podSecurityLevel?: PodSecurityLevel;
  /** What fails at baseline and at restricted (empty for kinds without pods). */
  readonly podSecurityViolations: PodSecurityViolation[];
}

/**
 * The findings for a set of manifest objects.
 */
export interface ValidationReport {
  /** One result per object, in input order. */
  readonly objects: ObjectValidationResult[];
  /** Number of apiserver errors plus unsilenced error-severity lints. */
  readonly errorCount: number;
  /** Number of apiserver warnings plus unsilenced warning-severity lints. */
  readonly warningCount: number;
}

/**
 * Validates manifests the way a Kubernetes 1.28 cluster would, plus
 * node-agent best-practice lints.
 *
 * For each object: the apiserver's validation errors and warnings (DaemonSets
 * are defaulted and validated exactly as `ValidateDaemonSet`; companion
 * objects get their metadata and key rules), the Pod Security level of pod
 * templates (and an error when a Namespace among the objects enforces a
 * stricter level), and lints with stable ids (`no-latest-tag`,
 * `max-surge-with-host-port`, ...). Accept a lint finding on an object with
 * the annotation `cdk8s-node-agents.io/ignore.<rule-id>: "<container>[,<container>]: <reason>"`
 * (`"*: <reason>"` for every finding of the rule, pod-level ones included);
 * `cdk8s-node-agents.io/ignore: <rule-id>[,<rule-id>]` silences whole rules
 * on the object without a reason.
 */
export class ManifestValidator {
  /**
   * Validate plain manifest objects (as `chart.toJson()` or `kubectl get -o json` print them).
   */
  public static validate(objects: any[]): ValidationReport {
    return toReport(validateObjects(objects));
  }

  /**
   * Validate everything a chart synthesizes.
   */
  public static validateChart(chart: Chart): ValidationReport {
    return ManifestValidator.validate(chart.toJson());
  }

  /**
   * The problems that should fail synthesis: every apiserver error and every
   * unsilenced error-severity lint, as `<Kind>/<name>: <message>` lines.
   */
  public static errorMessages(report: ValidationReport): string[] {
    const out: string[] = [];
    for (const o of report.objects) {
      const who = `${o.kind}/${o.namespace ? o.namespace + '/' : ''}${o.name}`;
      for (const e of o.errors) out.push(`${who}: ${e.message}`);
      for (const l of o.lints) {
        if (l.severity === LintSeverity.ERROR && !l.silenced) out.push(`${who}: [${l.rule}] ${l.field}: ${l.message}`);
      }
    }
    return out;
  }

  private constructor() {}
}

function toLint(l: LintFinding): LintIssue {
  return {
    rule: l.rule,
    severity: l.severity as LintSeverity,
    field: l.field,
    message: l.message,
    silenced: l.silenced === true,
    ...(l.silencedBy ? { silencedBy: l.silencedBy } : {}),
  };
}

function prefixFields(fields: string[], specPath: string): string[] {
  const base = specPath.replace(/\.spec$/, '').replace(/^spec$/, '');
  return fields.map((f) => (base === '' ? f : `${base}.${f}`));
}

function toReport(reports: ObjectReport[]): ValidationReport {
  let errorCount = 0;
  let warningCount = 0;
  const objects = reports.map((r): ObjectValidationResult => {
    const lints = r.lints.map(toLint);
    errorCount += r.errors.length + lints.filter((l) => l.severity === LintSeverity.ERROR && !l.silenced).length;
    warningCount += r.warnings.length + lints.filter((l) => l.severity === LintSeverity.WARNING && !l.silenced).length;
    const specPath = r.kind === 'Pod' ? 'spec' : r.kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
    const violations: PodSecurityViolation[] = [];
    if (r.podSecurity) {
      const byLevel = [[PodSecurityLevel.BASELINE, r.podSecurity.baseline], [PodSecurityLevel.RESTRICTED, r.podSecurity.restricted]] as const;
      for (const [level, list] of byLevel) {
        for (const f of list) violations.push({ level, reason: f.reason, detail: f.detail, fields: prefixFields(f.fields, specPath) });
      }
    }
    return {
      apiVersion: r.apiVersion,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      errors: r.errors.map((e) => ({ field: e.field, type: e.type, message: e.message })),
      warnings: [...r.warnings],
      lints,
      ...(r.podSecurityLevel ? { podSecurityLevel: r.podSecurityLevel as PodSecurityLevel } : {}),
      podSecurityViolations: violations,
    };
  });
  return { objects, errorCount, warningCount };
}
