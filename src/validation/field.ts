/**
 * Field paths and field errors, as apimachinery's `field` package renders them.
 *
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/validation/field/path.go
 * and errors.go (Kubernetes 1.28). `FieldError.message` is byte-for-byte what
 * `(*field.Error).Error()` prints, `detail` what `ErrorBody()` prints, so a
 * finding reads exactly like the apiserver's rejection.
 *
 * Go prints a bad value with `%q` for strings, `%v` for numbers and booleans,
 * `String()` for Stringers and `%#v` (a Go-syntax dump) for everything else.
 * The dumps are built by the helpers at the bottom of this file (`GoRaw`).
 * Internal module.
 */

/** `field.ErrorType` values, as they appear in a Status cause. */
export type ErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const TYPE_STRINGS: Record<ErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** A value already rendered the way Go's `%#v` (or a Stringer) prints it. */
export class GoRaw {
  constructor(readonly text: string) {}
}

/** What a bad value may be: rendered with %q, %v, or verbatim. */
export type BadValue = string | number | boolean | null | undefined | GoRaw;

/** `field.Path`: an immutable path such as `spec.template.spec.containers[0].ports[1]`. */
export class FieldPath {
  static root(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(name);
    for (const m of more) p = p.child(m);
    return p;
  }

  /** The path of `field.NewPath` with a nil receiver: children render without a leading dot. */
  static nil(): FieldPath {
    return new FieldPath('');
  }

  private constructor(private readonly text: string) {}

  child(name: string, ...more: string[]): FieldPath {
    let p: FieldPath = new FieldPath(this.text === '' ? name : `${this.text}.${name}`);
    for (const m of more) p = p.child(m);
    return p;
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

/** One `field.Error`. */
export interface FieldError {
  readonly type: ErrorType;
  readonly field: string;
  readonly badValue: BadValue;
  /** The free-text part (`Detail`). */
  readonly detailText: string;
  /** `ErrorBody()`: the message without the field name. */
  readonly detail: string;
  /** `Error()`: `<field>: <ErrorBody()>`. */
  readonly message: string;
}

const OMIT = new GoRaw('\u0000omit');

function makeError(type: ErrorType, field: FieldPath, badValue: BadValue, detail: string): FieldError {
  const body = errorBody(type, badValue, detail);
  const f = field.toString();
  return { type, field: f, badValue, detailText: detail, detail: body, message: `${f}: ${body}` };
}

/** `(*field.Error).ErrorBody()`. */
export function errorBody(type: ErrorType, badValue: BadValue, detail: string): string {
  let s: string;
  if (type === 'FieldValueRequired' || type === 'FieldValueForbidden' || type === 'FieldValueTooLong' || type === 'InternalError' || badValue === OMIT) {
    s = TYPE_STRINGS[type];
  } else {
    s = `${TYPE_STRINGS[type]}: ${formatValue(badValue)}`;
  }
  if (detail.length > 0) s += `: ${detail}`;
  return s;
}

function formatValue(v: BadValue): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof GoRaw) return v.text;
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  return v ? 'true' : 'false';
}

/** Go's `%v` of an integer or float64. */
export function goNumber(n: number): string {
  if (Number.isInteger(n)) return n.toFixed(0);
  // %v of a float64 is %g with the shortest representation.
  const s = String(n);
  if (s.includes('e')) {
    const [m, e] = s.split('e');
    const exp = Number(e);
    const sign = exp < 0 ? '-' : '+';
    const abs = Math.abs(exp);
    return `${m}e${sign}${abs < 10 ? '0' + abs : abs}`;
  }
  return s;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** `strconv.Quote`: Go's double-quoted string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\u0007': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
      default:
    }
    if (cp === 0x20 || (cp > 0x20 && cp < 0x7f)) {
      out += ch;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      // A lone surrogate cannot come from valid UTF-8: Go sees the replacement character.
      out += '\\ufffd';
    } else if (PRINTABLE.test(ch)) {
      out += ch;
    } else if (cp < 0x80) {
      out += `\\x${cp.toString(16).padStart(2, '0')}`;
    } else if (cp < 0x10000) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else {
      out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return out + '"';
}

/** `field.TypeInvalid`: the value does not have the field's type (the object cannot be decoded). */
export function typeInvalid(field: FieldPath, value: BadValue, detail: string): FieldError {
  return makeError('FieldValueTypeInvalid', field, value, detail);
}

export function required(field: FieldPath, detail: string): FieldError {
  return makeError('FieldValueRequired', field, '', detail);
}

export function invalid(field: FieldPath, value: BadValue, detail: string): FieldError {
  return makeError('FieldValueInvalid', field, value, detail);
}

export function notFound(field: FieldPath, value: BadValue): FieldError {
  return makeError('FieldValueNotFound', field, value, '');
}

export function notFoundWithDetail(field: FieldPath, value: BadValue, detail: string): FieldError {
  return makeError('FieldValueNotFound', field, value, detail);
}

export function duplicate(field: FieldPath, value: BadValue): FieldError {
  return makeError('FieldValueDuplicate', field, value, '');
}

export function forbidden(field: FieldPath, detail: string): FieldError {
  return makeError('FieldValueForbidden', field, '', detail);
}

export function tooLong(field: FieldPath, value: BadValue, maxLength: number): FieldError {
  return makeError('FieldValueTooLong', field, value, `must have at most ${maxLength} bytes`);
}

/** `field.NotSupported`: the valid values are quoted and joined in the order given. */
export function notSupported(field: FieldPath, value: BadValue, validValues: readonly string[]): FieldError {
  const detail = validValues.length > 0 ? 'supported values: ' + validValues.map(goQuote).join(', ') : '';
  return makeError('FieldValueNotSupported', field, value, detail);
}

// ---------------------------------------------------------------------------
// Go-syntax dumps (%#v) of the values validation passes as BadValue.
// ---------------------------------------------------------------------------

/** `%#v` of a `map[string]string` (keys sorted, as fmt prints maps). */
export function goStringMap(m: Record<string, string> | undefined | null): GoRaw {
  if (m === undefined || m === null) return new GoRaw('map[string]string(nil)');
  const keys = Object.keys(m).sort(goStringCompare);
  return new GoRaw(`map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`).join(', ')}}`);
}

/** `%#v` of a `[]string`. */
export function goStringSliceText(items: readonly string[] | undefined | null): string {
  if (items === undefined || items === null) return '[]string(nil)';
  return `[]string{${items.map((s) => goQuote(String(s))).join(', ')}}`;
}

/** A `*T` field inside a `%#v` dump: nil, or an address (which differs on every run). */
export function goPointerText(type: string, isNil: boolean): string {
  return isNil ? `(*${type})(nil)` : `(*${type})(0xc000000000)`;
}

/** Byte-wise string order, as Go's `sort.Strings`. */
export function goStringCompare(a: string, b: string): number {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ba, bb);
}

/** Sort strings as Go does (`sets.String.List()`, `sort.Strings`). */
export function goSorted(items: Iterable<string>): string[] {
  return [...items].sort(goStringCompare);
}

/** A `TooMany`-style omitted value (rendered as the type string only). */
export const OMIT_VALUE: GoRaw = OMIT;
