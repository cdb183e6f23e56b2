/**
 * The error text of Go's `encoding/json` for a document that does not parse,
 * so a validation message that embeds it (the apiserver decoding the
 * `scheduler.alpha.kubernetes.io/tolerations` annotation) reads as Go's.
 *
 * Upstream: Go's src/encoding/json/scanner.go (the scanner state machine,
 * `quoteChar`, "unexpected end of JSON input"). Bytes are scanned as UTF-8,
 * as Go does. Internal module.
 */
import { goQuote } from './field';

type Step = (c: number) => 'continue' | 'error';

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** `quoteChar`. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return '\'"\'';
  const q = goQuote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

/** The `encoding/json` syntax error for `text`, or undefined when it is valid JSON. */
export function goJsonSyntaxError(text: string): string | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const parseState: Array<'objectKey' | 'objectValue' | 'arrayValue'> = [];
  let error: string | undefined;
  let endTop = false;
  let step: Step;

  const fail = (c: number, context: string): 'error' => {
    error = `invalid character ${quoteChar(c)} ${context}`;
    return 'error';
  };
  const literal = (rest: string, word: string): Step => {
    let i = 0;
    const next: Step = (c) => {
      if (c === rest.charCodeAt(i)) {
        i++;
        if (i === rest.length) step = stateEndValue;
        return 'continue';
      }
      return fail(c, `in literal ${word} (expecting '${rest[i]}')`);
    };
    return next;
  };

  const stateEndTop: Step = (c) => (isSpace(c) ? 'continue' : fail(c, 'after top-level value'));
  const stateEndValue: Step = (c) => {
    const n = parseState.length;
    if (n === 0) {
      step = stateEndTop;
      endTop = true;
      return stateEndTop(c);
    }
    if (isSpace(c)) {
      step = stateEndValue;
      return 'continue';
    }
    switch (parseState[n - 1]) {
      case 'objectKey':
        if (c === 0x3a) {
          parseState[n - 1] = 'objectValue';
          step = stateBeginValue;
          return 'continue';
        }
        return fail(c, 'after object key');
      case 'objectValue':
        if (c === 0x2c) {
          parseState[n - 1] = 'objectKey';
          step = stateBeginString;
          return 'continue';
        }
        if (c === 0x7d) {
          parseState.pop();
          step = parseState.length === 0 ? markEndTop : stateEndValue;
          return 'continue';
        }
        return fail(c, 'after object key:value pair');
      default:
        if (c === 0x2c) {
          step = stateBeginValue;
          return 'continue';
        }
        if (c === 0x5d) {
          parseState.pop();
          step = parseState.length === 0 ? markEndTop : stateEndValue;
          return 'continue';
        }
        return fail(c, 'after array element');
    }
  };
  const markEndTop: Step = (c) => {
    endTop = true;
    step = stateEndTop;
    return stateEndTop(c);
  };
  const stateInString: Step = (c) => {
    if (c === 0x22) {
      step = stateEndValue;
      return 'continue';
    }
    if (c === 0x5c) {
      step = stateInStringEsc;
      return 'continue';
    }
    if (c < 0x20) return fail(c, 'in string literal');
    return 'continue';
  };
  const hexStep = (remaining: number): Step => (c) => {
    if (!isHex(c)) return fail(c, 'in \\u hexadecimal character escape');
    step = remaining === 1 ? stateInString : hexStep(remaining - 1);
    return 'continue';
  };
  const stateInStringEsc: Step = (c) => {
    if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) {
      step = stateInString;
      return 'continue';
    }
    if (c === 0x75) {
      step = hexStep(4);
      return 'continue';
    }
    return fail(c, 'in string escape code');
  };
  const stateE0: Step = (c) => (isDigit(c) ? 'continue' : stateEndValue(c));
  const stateESign: Step = (c) => {
    if (isDigit(c)) {
      step = stateE0;
      return 'continue';
    }
    return fail(c, 'in exponent of numeric literal');
  };
  const stateE: Step = (c) => {
    if (c === 0x2b || c === 0x2d) {
      step = stateESign;
      return 'continue';
    }
    return stateESign(c);
  };
  const stateDot0: Step = (c) => {
    if (isDigit(c)) return 'continue';
    if (c === 0x65 || c === 0x45) {
      step = stateE;
      return 'continue';
    }
    return stateEndValue(c);
  };
  const stateDot: Step = (c) => {
    if (isDigit(c)) {
      step = stateDot0;
      return 'continue';
    }
    return fail(c, 'after decimal point in numeric literal');
  };
  const state0: Step = (c) => {
    if (c === 0x2e) {
      step = stateDot;
      return 'continue';
    }
    if (c === 0x65 || c === 0x45) {
      step = stateE;
      return 'continue';
    }
    return stateEndValue(c);
  };
  const state1: Step = (c) => (isDigit(c) ? 'continue' : state0(c));
  const stateNeg: Step = (c) => {
    if (c === 0x30) {
      step = state0;
      return 'continue';
    }
    if (c >= 0x31 && c <= 0x39) {
      step = state1;
      return 'continue';
    }
    return fail(c, 'in numeric literal');
  };
  const stateBeginValue: Step = (c) => {
    if (isSpace(c)) return 'continue';
    switch (c) {
      case 0x7b:
        parseState.push('objectKey');
        step = stateBeginStringOrEmpty;
        return 'continue';
      case 0x5b:
        parseState.push('arrayValue');
        step = stateBeginValueOrEmpty;
        return 'continue';
      case 0x22:
        step = stateInString;
        return 'continue';
      case 0x2d:
        step = stateNeg;
        return 'continue';
      case 0x30:
        step = state0;
        return 'continue';
      case 0x74:
        step = literal('rue', 'true');
        return 'continue';
      case 0x66:
        step = literal('alse', 'false');
        return 'continue';
      case 0x6e:
        step = literal('ull', 'null');
        return 'continue';
      default:
        if (c >= 0x31 && c <= 0x39) {
          step = state1;
          return 'continue';
        }
        return fail(c, 'looking for beginning of value');
    }
  };
  const stateBeginValueOrEmpty: Step = (c) => {
    if (isSpace(c)) return 'continue';
    if (c === 0x5d) {
      parseState.pop();
      step = parseState.length === 0 ? markEndTop : stateEndValue;
      return 'continue';
    }
    return stateBeginValue(c);
  };
  const stateBeginString: Step = (c) => {
    if (isSpace(c)) return 'continue';
    if (c === 0x22) {
      step = stateInString;
      return 'continue';
    }
    return fail(c, 'looking for beginning of object key string');
  };
  const stateBeginStringOrEmpty: Step = (c) => {
    if (isSpace(c)) return 'continue';
    if (c === 0x7d) {
      parseState.pop();
      step = parseState.length === 0 ? markEndTop : stateEndValue;
      return 'continue';
    }
    return stateBeginString(c);
  };

  step = stateBeginValue;
  for (const c of bytes) {
    if (step(c) === 'error') return error;
  }
  // eof: a trailing space finishes numbers and closes nothing else.
  if (endTop) return undefined;
  if (step(0x20) === 'error') return error;
  return endTop ? undefined : 'unexpected end of JSON input';
}

/** Go's name for a JSON value's kind in "cannot unmarshal <kind> into ...". */
export function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': return 'string';
    case 'number': return 'number';
    case 'boolean': return 'bool';
    default: return 'object';
  }
}

/** Fields of the internal `core.Toleration` (no json tags: Go field names, matched case-insensitively). */
const TOLERATION_FIELDS: ReadonlyArray<readonly [json: string, goField: string, goType: string, kind: 'string' | 'int64']> = [
  ['key', 'Key', 'string', 'string'],
  ['operator', 'Operator', 'core.TolerationOperator', 'string'],
  ['value', 'Value', 'string', 'string'],
  ['effect', 'Effect', 'core.TaintEffect', 'string'],
  ['tolerationSeconds', 'TolerationSeconds', 'int64', 'int64'],
];

/**
 * `helper.GetTolerationsFromPodAnnotations`: `json.Unmarshal` of the
 * `scheduler.alpha.kubernetes.io/tolerations` annotation into
 * `[]core.Toleration`, with Go's error text (syntax first, then the first type
 * mismatch; keys match case-insensitively, as encoding/json does).
 */
export function decodeTolerationsAnnotation(text: string): { tolerations: Array<Record<string, unknown>>; error?: string } {
  const syntax = goJsonSyntaxError(text);
  if (syntax) return { tolerations: [], error: syntax };
  const v: unknown = JSON.parse(text);
  if (v === null) return { tolerations: [] };
  if (!Array.isArray(v)) return { tolerations: [], error: `json: cannot unmarshal ${goJsonKind(v)} into Go value of type []core.Toleration` };
  let error: string | undefined;
  const tolerations = v.map((item) => {
    const t: Record<string, unknown> = {};
    if (item === null) return t;
    if (typeof item !== 'object' || Array.isArray(item)) {
      error = error ?? `json: cannot unmarshal ${goJsonKind(item)} into Go value of type core.Toleration`;
      return t;
    }
    for (const [k, raw] of Object.entries(item as Record<string, unknown>)) {
      const field = TOLERATION_FIELDS.find(([json]) => json.toLowerCase() === k.toLowerCase());
      if (!field || raw === null) continue;
      const [json, goField, goType, kind] = field;
      const ok = kind === 'string' ? typeof raw === 'string' : typeof raw === 'number' && Number.isInteger(raw);
      if (ok) {
        t[json] = raw;
      } else {
        const what = kind === 'int64' && typeof raw === 'number' ? `number ${String(raw)}` : goJsonKind(raw);
        error = error ?? `json: cannot unmarshal ${what} into Go struct field Toleration.${goField} of type ${goType}`;
      }
    }
    return t;
  });
  return { tolerations, error };
}
