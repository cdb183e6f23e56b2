/**
 * `field.Error` / `errors.Aggregate` text, as apimachinery prints them.
 *
 * Port of the parts of staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go
 * (Error, ErrorBody, Invalid, NotSupported) and staging/src/k8s.io/apimachinery/pkg/util/errors/
 * errors.go (aggregate.Error) that label-selector and node-selector parsing errors use
 * (Kubernetes 1.28). Internal module.
 */

/** A bad value with its Go type, which decides how `ErrorBody` prints it. */
export type BadValue =
  | { kind: 'string'; value: string }
  | { kind: 'strings'; value: readonly string[] | undefined }
  | { kind: 'int'; value: number }
  | { kind: 'raw'; value: unknown };

/** `field.ErrorType` strings. */
export type FieldErrorType = 'FieldValueInvalid' | 'FieldValueNotSupported';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
};

/** One `field.Error`. */
export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  readonly badValue: BadValue;
  readonly detail: string;
}

function toBadValue(v: BadValue | string | readonly string[] | number | unknown): BadValue {
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'number') return { kind: 'int', value: v };
  if (Array.isArray(v)) return { kind: 'strings', value: v as string[] };
  if (v && typeof v === 'object' && 'kind' in (v as object) && 'value' in (v as object)) return v as BadValue;
  return { kind: 'raw', value: v };
}

/** How `ErrorBody` prints a value: `%q` for strings, `%#v` for string slices. */
export function badValueString(v: BadValue): string {
  switch (v.kind) {
    case 'string':
      return JSON.stringify(v.value);
    case 'strings':
      // %#v: a nil slice prints as []string(nil).
      if (v.value === undefined) return '[]string(nil)';
      return '[]string{' + v.value.map((s) => JSON.stringify(s)).join(', ') + '}';
    case 'int':
      return String(v.value);
    default:
      return v.value === undefined || v.value === null ? 'null' : JSON.stringify(v.value);
  }
}

/** `field.Invalid`. */
export function invalid(field: string, value: BadValue | string | readonly string[] | number, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, badValue: toBadValue(value), detail };
}

/** `field.NotSupported`: the detail lists the quoted valid values. */
export function notSupported(field: string, value: BadValue | string, validValues: readonly string[]): FieldError {
  const detail =
    validValues.length > 0 ? 'supported values: ' + validValues.map((v) => JSON.stringify(v)).join(', ') : '';
  return { type: 'FieldValueNotSupported', field, badValue: toBadValue(value), detail };
}

/** `Error.ErrorBody()`. */
export function fieldErrorBody(e: FieldError): string {
  let s = `${TYPE_TEXT[e.type]}: ${badValueString(e.badValue)}`;
  if (e.detail.length > 0) s += `: ${e.detail}`;
  return s;
}

/** `Error.Error()`: `<field>: <body>`. */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** `errors.NewAggregate(...).Error()`: one message as is, several as `[a, b]` (duplicates dropped). */
export function aggregateString(messages: readonly string[]): string {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const m of messages) {
    if (!seen.has(m)) {
      seen.add(m);
      unique.push(m);
    }
  }
  if (unique.length === 1) return unique[0];
  return '[' + unique.join(', ') + ']';
}

/** `path.Child(name)`; an empty root gives just `name`. */
export function childPath(path: string, name: string): string {
  return path.length === 0 ? name : `${path}.${name}`;
}

/** `path.Index(i)`. */
export function indexPath(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path.Key(k)`. */
export function keyPath(path: string, k: string): string {
  return `${path}[${k}]`;
}
