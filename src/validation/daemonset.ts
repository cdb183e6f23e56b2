/**
 * `ValidateDaemonSet` of the 1.28 apiserver, on an apps/v1 manifest after
 * apps/v1 defaulting.
 *
 * Upstream: pkg/apis/apps/validation/validation.go (ValidateDaemonSet,
 * ValidateDaemonSetSpec, ValidateDaemonSetUpdateStrategy,
 * ValidateRollingUpdateDaemonSet, ValidatePositiveIntOrPercent,
 * getIntOrPercentValue, IsNotMoreThan100Percent) and
 * pkg/apis/core/validation/validation.go (ValidateReadOnlyPersistentDisks; the
 * `SkipReadOnlyValidationGCE` gate is off in 1.28), with the selector match
 * of `metav1.LabelSelectorAsSelector` (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go).
 * Internal module.
 */
import { FieldError, FieldPath, forbidden, GoRaw, goPointerText, goQuote, goStringMap, invalid, notSupported, required } from './field';
import {
  goLabelSelector, isRecord, nameIsDNSSubdomain, str, validateLabelSelector, validateNonnegativeField, validateObjectMeta,
} from './meta';
import { PodValidationOptions, validatePodTemplateSpec } from './pod';
import { isQualifiedName, isValidLabelValue, isValidPercent } from '../util/validation';

type Obj = Record<string, any>;

/** Kubernetes' error when the selector does not select the template's labels. */
export const SELECTOR_DOES_NOT_MATCH = '`selector` does not match template `labels`';
/** Kubernetes' error for `selector: {}`. */
export const EMPTY_SELECTOR = 'empty selector is invalid for daemonset';
/** Kubernetes' errors of `ValidateRollingUpdateDaemonSet`. */
export const MAX_SURGE_WITH_MAX_UNAVAILABLE = 'may not be set when maxUnavailable is non-zero';
export const BOTH_ZERO = 'cannot be 0 when maxSurge is 0';
export const MORE_THAN_100_PERCENT = 'must not be greater than 100%';

/**
 * `metav1.LabelSelectorAsSelector(sel).Matches(labels)`: undefined when the
 * selector cannot be converted (then the apiserver skips the match check).
 */
export function labelSelectorMatches(sel: unknown, labels: Record<string, string>): boolean | undefined {
  if (!isRecord(sel)) return false; // nil selector = labels.Nothing()
  const matchLabels = isRecord(sel.matchLabels) ? sel.matchLabels : {};
  const exprs: unknown[] = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  if (Object.keys(matchLabels).length + exprs.length === 0) return true; // labels.Everything()
  const requirements: Array<{ key: string; op: string; values: string[] }> = [];
  for (const [k, v] of Object.entries(matchLabels)) requirements.push({ key: k, op: '=', values: [str(v)] });
  for (const raw of exprs) {
    const e = isRecord(raw) ? raw : {};
    const op = str(e.operator);
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) return undefined;
    requirements.push({ key: str(e.key), op, values: Array.isArray(e.values) ? e.values.map(str) : [] });
  }
  // labels.NewRequirement's checks.
  for (const r of requirements) {
    if (isQualifiedName(r.key).length > 0) return undefined;
    if ((r.op === 'In' || r.op === 'NotIn') && r.values.length === 0) return undefined;
    if ((r.op === 'Exists' || r.op === 'DoesNotExist') && r.values.length !== 0) return undefined;
    if (r.values.some((v) => isValidLabelValue(v).length > 0)) return undefined;
  }
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case '=': return has && labels[r.key] === r.values[0];
      case 'In': return has && r.values.includes(labels[r.key]);
      case 'NotIn': return !has || !r.values.includes(labels[r.key]);
      case 'Exists': return has;
      default: return !has;
    }
  });
}

/** `ValidateDaemonSet` on a defaulted apps/v1 DaemonSet. */
export function validateDaemonSet(ds: Obj, opts: PodValidationOptions = {}): FieldError[] {
  const errs = validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain, FieldPath.root('metadata'));
  errs.push(...validateDaemonSetSpec(isRecord(ds.spec) ? ds.spec : {}, FieldPath.root('spec'), opts));
  return errs;
}

/** `ValidateDaemonSetSpec` (create: no old spec). */
export function validateDaemonSetSpec(spec: Obj, fldPath: FieldPath, opts: PodValidationOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(spec.selector, {}, fldPath.child('selector')));
  const template = isRecord(spec.template) ? spec.template : {};
  const templateMeta = isRecord(template.metadata) ? template.metadata : {};
  const templateLabels = isRecord(templateMeta.labels) ? templateMeta.labels as Record<string, string> : undefined;
  const matches = labelSelectorMatches(spec.selector, templateLabels ?? {});
  if (matches === false) {
    errs.push(invalid(fldPath.child('template', 'metadata', 'labels'), goStringMap(templateLabels), SELECTOR_DOES_NOT_MATCH));
  }
  if (isRecord(spec.selector)) {
    const n = Object.keys(isRecord(spec.selector.matchLabels) ? spec.selector.matchLabels : {}).length
      + (Array.isArray(spec.selector.matchExpressions) ? spec.selector.matchExpressions.length : 0);
    if (n === 0) errs.push(invalid(fldPath.child('selector'), goLabelSelector(spec.selector), EMPTY_SELECTOR));
  }
  errs.push(...validatePodTemplateSpec(template, fldPath.child('template'), opts));
  const podSpec = isRecord(template.spec) ? template.spec : {};
  const volumes: unknown[] = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  volumes.forEach((v, i) => {
    if (isRecord(v) && isRecord(v.gcePersistentDisk) && v.gcePersistentDisk.readOnly !== true) {
      errs.push(invalid(fldPath.child('template', 'spec', 'volumes').index(i).child('gcePersistentDisk', 'readOnly'), false,
        'must be true for replicated pods > 1; GCE PD can only be mounted on multiple machines if it is read-only'));
    }
  });
  const restartPolicy = str(podSpec.restartPolicy);
  if (restartPolicy !== 'Always') errs.push(notSupported(fldPath.child('template', 'spec', 'restartPolicy'), restartPolicy, ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(forbidden(fldPath.child('template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...validateNonnegativeField(numberOr0(spec.minReadySeconds), fldPath.child('minReadySeconds')));
  errs.push(...validateNonnegativeField(numberOr0(spec.templateGeneration), fldPath.child('templateGeneration')));
  errs.push(...validateDaemonSetUpdateStrategy(isRecord(spec.updateStrategy) ? spec.updateStrategy : {}, fldPath.child('updateStrategy')));
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) {
    errs.push(...validateNonnegativeField(numberOr0(spec.revisionHistoryLimit), fldPath.child('revisionHistoryLimit')));
  }
  return errs;
}

function numberOr0(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** `ValidateDaemonSetUpdateStrategy`: OnDelete checks nothing else. */
export function validateDaemonSetUpdateStrategy(strategy: Obj, fldPath: FieldPath): FieldError[] {
  const type = str(strategy.type);
  switch (type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate':
      if (!isRecord(strategy.rollingUpdate)) return [required(fldPath.child('rollingUpdate'), '')];
      return validateRollingUpdateDaemonSet(strategy.rollingUpdate, fldPath.child('rollingUpdate'));
    default: {
      const ru = goPointerText('apps.RollingUpdateDaemonSet', !isRecord(strategy.rollingUpdate));
      return [notSupported(fldPath, new GoRaw(`apps.DaemonSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${ru}}`), ['RollingUpdate', 'OnDelete'])];
    }
  }
}

/** An `intstr.IntOrString` decoded from JSON (absent = the zero value, Int 0). */
export type IntOrString = { readonly kind: 'int'; readonly value: number } | { readonly kind: 'string'; readonly value: string }
| { readonly kind: 'invalid'; readonly raw: unknown };

export function decodeIntOrString(v: unknown): IntOrString {
  if (v === undefined || v === null) return { kind: 'int', value: 0 };
  if (typeof v === 'number' && Number.isInteger(v)) return { kind: 'int', value: v };
  if (typeof v === 'string') return { kind: 'string', value: v };
  return { kind: 'invalid', raw: v };
}

/** `%#v` of an `intstr.IntOrString`. */
export function goIntOrString(v: IntOrString): GoRaw {
  if (v.kind === 'int') return new GoRaw(`intstr.IntOrString{Type:0, IntVal:${v.value}, StrVal:""}`);
  if (v.kind === 'string') return new GoRaw(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v.value)}}`);
  return new GoRaw(`intstr.IntOrString{Type:2, IntVal:0, StrVal:${goQuote(JSON.stringify(v.raw))}}`);
}

/** `ValidatePositiveIntOrPercent`. */
function validatePositiveIntOrPercent(v: IntOrString, fldPath: FieldPath): FieldError[] {
  if (v.kind === 'string') return isValidPercent(v.value).map((msg) => invalid(fldPath, goIntOrString(v), msg));
  if (v.kind === 'int') return validateNonnegativeField(v.value, fldPath);
  return [invalid(fldPath, goIntOrString(v), "must be an integer or percentage (e.g '5%%')")];
}

function getPercentValue(v: IntOrString): number | undefined {
  if (v.kind !== 'string' || isValidPercent(v.value).length !== 0) return undefined;
  return Number.parseInt(v.value.slice(0, -1), 10);
}

/** `intstr.IntValue()`: a string goes through strconv.Atoi (0 on error). */
function intValue(v: IntOrString): number {
  if (v.kind === 'int') return v.value;
  if (v.kind === 'string' && /^[+-]?\d+$/.test(v.value)) {
    const n = Number(v.value);
    return Math.abs(n) <= Number.MAX_SAFE_INTEGER ? n : 0;
  }
  return 0;
}

function getIntOrPercentValue(v: IntOrString): number {
  return getPercentValue(v) ?? intValue(v);
}

function isNotMoreThan100Percent(v: IntOrString, fldPath: FieldPath): FieldError[] {
  const p = getPercentValue(v);
  if (p === undefined || p <= 100) return [];
  return [invalid(fldPath, goIntOrString(v), MORE_THAN_100_PERCENT)];
}

/** `ValidateRollingUpdateDaemonSet`; `ru` holds the JSON fields (absent = Int 0, as Go's zero value). */
export function validateRollingUpdateDaemonSet(ru: { maxUnavailable?: unknown; maxSurge?: unknown }, fldPath: FieldPath): FieldError[] {
  const maxUnavailable = decodeIntOrString(ru.maxUnavailable);
  const maxSurge = decodeIntOrString(ru.maxSurge);
  const errs: FieldError[] = [];
  errs.push(...validatePositiveIntOrPercent(maxUnavailable, fldPath.child('maxUnavailable')));
  errs.push(...validatePositiveIntOrPercent(maxSurge, fldPath.child('maxSurge')));
  errs.push(...isNotMoreThan100Percent(maxUnavailable, fldPath.child('maxUnavailable')));
  errs.push(...isNotMoreThan100Percent(maxSurge, fldPath.child('maxSurge')));
  const hasUnavailable = getIntOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = getIntOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    errs.push(invalid(fldPath.child('maxSurge'), goIntOrString(maxSurge), MAX_SURGE_WITH_MAX_UNAVAILABLE));
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(required(fldPath.child('maxUnavailable'), BOTH_ZERO));
  }
  return errs;
}
