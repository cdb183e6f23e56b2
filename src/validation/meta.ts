/**
 * Object metadata, labels, annotations and label selectors, as the 1.28
 * apiserver validates them.
 *
 * Upstream: staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go
 * (ValidateObjectMeta, ValidateAnnotations, ValidateOwnerReferences,
 * ValidateFinalizers), generic.go (NameIsDNSSubdomain, NameIsDNSLabel,
 * NameIsDNS1035Label, ValidateNonnegativeField),
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go
 * (ValidateLabels, ValidateLabelName, ValidateLabelSelector) and
 * pkg/apis/core/validation/validation.go (ValidateObjectMeta's finalizer
 * check). Internal module.
 */
import { FieldError, FieldPath, forbidden, GoRaw, goQuote, goStringMap, goStringSliceText, invalid, required, tooLong } from './field';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../util/validation';

/** `apimachineryvalidation.ValidateNameFunc`. */
export type NameFn = (name: string, prefix: boolean) => string[];

function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-')) return name.slice(0, -1) + 'a';
  return name;
}

/** `NameIsDNSSubdomain`. */
export const nameIsDNSSubdomain: NameFn = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
/** `NameIsDNSLabel`. */
export const nameIsDNSLabel: NameFn = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
/** `NameIsDNS1035Label`. */
export const nameIsDNS1035Label: NameFn = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/**
 * `path.ValidatePathSegmentName`: RBAC object names only have to be usable as
 * a URL path segment (staging/src/k8s.io/apimachinery/pkg/api/validation/path/name.go).
 */
export const nameIsPathSegment: NameFn = (name, prefix) => {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  const errs: string[] = [];
  if (name.includes('/')) errs.push("may not contain '/'");
  if (name.includes('%')) errs.push("may not contain '%'");
  return errs;
};

export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';

/** `ValidateNonnegativeField`. */
export function validateNonnegativeField(value: number, fldPath: FieldPath): FieldError[] {
  return value < 0 ? [invalid(fldPath, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/** `ValidateLabelName`. */
export function validateLabelName(labelName: string, fldPath: FieldPath): FieldError[] {
  return isQualifiedName(labelName).map((msg) => invalid(fldPath, labelName, msg));
}

/** `ValidateLabels`: errors carry the map's path, never the key. */
export function validateLabels(labels: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!isRecord(labels)) return errs;
  for (const [k, v] of Object.entries(labels)) {
    errs.push(...validateLabelName(k, fldPath));
    const value = typeof v === 'string' ? v : String(v);
    for (const msg of isValidLabelValue(value)) errs.push(invalid(fldPath, value, msg));
  }
  return errs;
}

/** `apimachineryvalidation.TotalAnnotationSizeLimitB`. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10);

/** `ValidateAnnotations`. */
export function validateAnnotations(annotations: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!isRecord(annotations)) return errs;
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(fldPath, k, msg));
    total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(typeof v === 'string' ? v : String(v), 'utf8');
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(tooLong(fldPath, '', TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

export interface LabelSelectorValidationOptions {
  readonly allowInvalidLabelValueInSelector?: boolean;
}

/** `ValidateLabelSelectorRequirement`. */
export function validateLabelSelectorRequirement(sr: Record<string, any>, opts: LabelSelectorValidationOptions, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values: unknown[] = Array.isArray(sr.values) ? sr.values : [];
  const operator = str(sr.operator);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(fldPath.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(fldPath.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errs.push(invalid(fldPath.child('operator'), operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(sr.key), fldPath.child('key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((value, i) => {
      const v = str(value);
      for (const msg of isValidLabelValue(v)) errs.push(invalid(fldPath.child('values').index(i), v, msg));
    });
  }
  return errs;
}

/** `ValidateLabelSelector` (a nil selector passes). */
export function validateLabelSelector(ps: unknown, opts: LabelSelectorValidationOptions, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!isRecord(ps)) return errs;
  errs.push(...validateLabels(ps.matchLabels, fldPath.child('matchLabels')));
  const exprs: unknown[] = Array.isArray(ps.matchExpressions) ? ps.matchExpressions : [];
  exprs.forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(isRecord(expr) ? expr : {}, opts, fldPath.child('matchExpressions').index(i)));
  });
  return errs;
}

/** `%#v` of a `*metav1.LabelSelector` after it is dereferenced (`v1.LabelSelector{...}`). */
export function goLabelSelector(sel: Record<string, any>): GoRaw {
  const ml = isRecord(sel.matchLabels) ? goStringMap(sel.matchLabels as Record<string, string>).text : 'map[string]string(nil)';
  let me: string;
  if (!Array.isArray(sel.matchExpressions)) {
    me = '[]v1.LabelSelectorRequirement(nil)';
  } else {
    me = '[]v1.LabelSelectorRequirement{' + sel.matchExpressions.map((e: any) => {
      const r = isRecord(e) ? e : {};
      const values = Array.isArray(r.values) ? goStringSliceText(r.values.map(String)) : '[]string(nil)';
      return `v1.LabelSelectorRequirement{Key:${goQuote(str(r.key))}, Operator:${goQuote(str(r.operator))}, Values:${values}}`;
    }).join(', ') + '}';
  }
  return new GoRaw(`v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`);
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/**
 * `ValidateObjectMeta`: apimachinery's, plus core's finalizer-name check
 * (pkg/apis/core/validation `validateKubeFinalizerName`) unless `coreFinalizerNames`
 * is false — custom resources get apimachinery's alone
 * (apiextensions-apiserver pkg/registry/customresource/validator.go).
 */
export function validateObjectMeta(
  meta: unknown, requiresNamespace: boolean, nameFn: NameFn, fldPath: FieldPath, coreFinalizerNames = true,
): FieldError[] {
  const m = isRecord(meta) ? meta : {};
  const errs: FieldError[] = [];
  const generateName = str(m.generateName);
  if (generateName.length !== 0) {
    for (const msg of nameFn(generateName, true)) errs.push(invalid(fldPath.child('generateName'), generateName, msg));
  }
  const name = str(m.name);
  if (name.length === 0) {
    errs.push(required(fldPath.child('name'), 'name or generateName is required'));
  } else {
    for (const msg of nameFn(name, false)) errs.push(invalid(fldPath.child('name'), name, msg));
  }
  const namespace = str(m.namespace);
  if (requiresNamespace) {
    if (namespace.length === 0) {
      errs.push(required(fldPath.child('namespace'), ''));
    } else {
      for (const msg of nameIsDNSLabel(namespace, false)) errs.push(invalid(fldPath.child('namespace'), namespace, msg));
    }
  } else if (namespace.length !== 0) {
    errs.push(forbidden(fldPath.child('namespace'), 'not allowed on this type'));
  }
  if (typeof m.generation === 'number') errs.push(...validateNonnegativeField(m.generation, fldPath.child('generation')));
  errs.push(...validateLabels(m.labels, fldPath.child('labels')));
  errs.push(...validateAnnotations(m.annotations, fldPath.child('annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, fldPath.child('ownerReferences')));
  const finalizers: unknown[] = Array.isArray(m.finalizers) ? m.finalizers : [];
  const fPath = fldPath.child('finalizers');
  for (const f of finalizers) {
    for (const msg of isQualifiedName(str(f))) errs.push(invalid(fPath, str(f), msg));
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(fPath, new GoRaw(goStringSliceText(finalizers.map(String))), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  finalizers.forEach((f, i) => {
    const s = str(f);
    if (coreFinalizerNames && s.split('/').length === 1 && !STANDARD_FINALIZERS.has(s)) {
      errs.push(invalid(fPath.index(i), s, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

function validateOwnerReferences(refs: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(refs)) return errs;
  let firstController = '';
  for (const raw of refs) {
    const ref = isRecord(raw) ? raw : {};
    const apiVersion = str(ref.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.split('/').slice(1).join('/') : apiVersion;
    if (version.length === 0) errs.push(invalid(fldPath.child('apiVersion'), apiVersion, 'version must not be empty'));
    if (str(ref.kind).length === 0) errs.push(invalid(fldPath.child('kind'), str(ref.kind), 'kind must not be empty'));
    if (str(ref.name).length === 0) errs.push(invalid(fldPath.child('name'), str(ref.name), 'name must not be empty'));
    if (str(ref.uid).length === 0) errs.push(invalid(fldPath.child('uid'), str(ref.uid), 'uid must not be empty'));
    if (ref.controller === true) {
      const cur = `${str(ref.kind)}/${str(ref.name)}`;
      if (firstController !== '') {
        errs.push(invalid(fldPath, new GoRaw('[]v1.OwnerReference{...}'),
          `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`));
      } else {
        firstController = cur;
      }
    }
  }
  return errs;
}

/** A JSON mapping (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A Go string field decoded from JSON: absent means "". */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  return String(v);
}
