/**
 * `resource.Quantity`: Kubernetes' exact fixed-point quantities ("100m", "1.5Gi", "12e6").
 *
 * A port of staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go (ParseQuantity,
 * String/CanonicalizeBytes, Cmp, Add, RoundUp, Value/MilliValue/ScaledValue), suffix.go,
 * amount.go (int64Amount), math.go and scale_int.go (scaledValue) of Kubernetes 1.28.
 *
 * Values are exact: a Quantity is `unscaled * 10^exponent` with a bigint `unscaled`. Go keeps
 * a Quantity either as an `int64Amount` (the fast path) or as an `inf.Dec`; the two agree on
 * every exact answer but overflow differently in `Value()`/`MilliValue()`, so this port records
 * which of the two Go would hold (`dec`) and reproduces both behaviours, including int64
 * wrap-around.
 */

/** How a Quantity is printed: the family of the suffix it was parsed with. */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** The regular expression Go's error message quotes (the parser is a hand-written scanner). */
export const QUANTITY_SPLIT_RE_STRING = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** `resource.ErrFormatWrong`. */
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_SPLIT_RE_STRING}'`;
/** `resource.ErrNumeric`. */
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
/** `resource.ErrSuffix`. */
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const ALLOWED =
  'a quantity is a decimal number (e.g. 100, 0.5, 1.5e3) with an optional suffix: ' +
  'm, k, M, G, T, P, E (decimal SI), Ki, Mi, Gi, Ti, Pi, Ei (binary SI) or an exponent e<n>/E<n>';

/** Thrown for a string that is not a valid quantity; `reason` is Go's error text. */
export class QuantityError extends Error {
  /** The rejected input, as given. */
  public readonly input: string;
  /** Go's error (`ErrFormatWrong`, `ErrNumeric` or `ErrSuffix`) for this input. */
  public readonly reason: string;

  constructor(input: string, reason: string) {
    super(`invalid quantity ${JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input)}: ${reason} (${ALLOWED})`);
    this.name = 'QuantityError';
    this.input = input;
    this.reason = reason;
  }
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const MAX_INT64_FACTORS = 18;
const NANO = -9;

function asInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

function inInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function digitCount(v: bigint): number {
  return (v < 0n ? -v : v).toString().length;
}

/**
 * Quantities beyond 10^MAX_EXPONENT are rejected: Go's own arithmetic on such values takes
 * unbounded time and memory (ParseQuantity never returns for "1e-2147483647", and String() of
 * "1234567890123456789e99999" takes seconds), and no resource amount comes close. Tiny values
 * are fine: they round up to 1n as in Go.
 */
const MAX_EXPONENT = 100000;
export const ERR_TOO_LARGE = `quantity is too large (the exponent must be at most ${MAX_EXPONENT})`;

interface Suffix {
  base: 10 | 2;
  exponent: number;
  format: QuantityFormat;
}

const DEC_SUFFIXES: Record<string, number> = {
  'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18,
};
const BIN_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC_EXP_TO_SUFFIX: Record<number, string> = Object.fromEntries(
  Object.entries(DEC_SUFFIXES).map(([s, e]) => [e, s]),
);
const BIN_EXP_TO_SUFFIX: Record<number, string> = Object.fromEntries(
  Object.entries(BIN_SUFFIXES).map(([s, e]) => [e, s]),
);

const INT64_DECIMAL = /^[+-]?[0-9]+$/;

/** `strconv.ParseInt(s, 10, 64)`; undefined on error. */
function parseInt64(s: string): bigint | undefined {
  if (!INT64_DECIMAL.test(s)) return undefined;
  const v = BigInt(s);
  return inInt64(v) ? v : undefined;
}

/** `quantitySuffixer.interpret`. */
function interpretSuffix(s: string): Suffix | undefined {
  if (Object.prototype.hasOwnProperty.call(DEC_SUFFIXES, s)) {
    return { base: 10, exponent: DEC_SUFFIXES[s], format: 'DecimalSI' };
  }
  if (Object.prototype.hasOwnProperty.call(BIN_SUFFIXES, s)) {
    return { base: 2, exponent: BIN_SUFFIXES[s], format: 'BinarySI' };
  }
  if (s.length > 1 && (s[0] === 'E' || s[0] === 'e')) {
    const parsed = parseInt64(s.slice(1));
    if (parsed === undefined) return undefined;
    // Go converts the parsed int64 with int32(parsed).
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

const SUFFIX_CHARS = 'eEinumkKMGTP';

/** `parseQuantityString`: the fast scanner. Throws ErrFormatWrong. */
function parseQuantityString(str: string): Scanned {
  let positive = true;
  let pos = 0;
  const end = str.length;
  let num = '';
  let denom = '';
  let value = '';

  if (pos < end) {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') {
      pos++;
    }
  }

  // strip leading zeros
  for (let i = pos; ; i++) {
    if (i >= end) {
      num = '0';
      value = num;
      return { positive, value, num, denom, suffix: '' };
    }
    if (str[i] === '0') {
      pos++;
    } else {
      break;
    }
  }

  // the numerator
  for (let i = pos; ; i++) {
    if (i >= end) {
      num = str.slice(pos, end);
      value = str.slice(0, end);
      return { positive, value, num, denom, suffix: '' };
    }
    if (!isDigit(str[i])) {
      num = str.slice(pos, i);
      pos = i;
      break;
    }
  }
  if (num.length === 0) num = '0';

  // the denominator
  if (pos < end && str[pos] === '.') {
    pos++;
    for (let i = pos; ; i++) {
      if (i >= end) {
        denom = str.slice(pos, end);
        value = str.slice(0, end);
        return { positive, value, num, denom, suffix: '' };
      }
      if (!isDigit(str[i])) {
        denom = str.slice(pos, i);
        pos = i;
        break;
      }
    }
  }
  value = str.slice(0, pos);

  // the suffix
  const suffixStart = pos;
  for (let i = pos; ; i++) {
    if (i >= end) {
      return { positive, value, num, denom, suffix: str.slice(suffixStart, end) };
    }
    if (!SUFFIX_CHARS.includes(str[i])) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  for (let i = pos; ; i++) {
    if (i >= end) {
      return { positive, value, num, denom, suffix: str.slice(suffixStart, end) };
    }
    if (!isDigit(str[i])) break;
  }
  throw new QuantityError(str, ERR_FORMAT_WRONG);
}

/** `inf.Dec.SetString` on the numeric part: [sign] digits [. digits]. */
function decSetString(s: string): { unscaled: bigint; scale: number } | undefined {
  let i = 0;
  let digits = '';
  let sign = '';
  let dp = -1;
  let sawDigit = false;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '+' || c === '-') {
      if (digits.length > 0 || sign !== '' || dp >= 0) return undefined; // not consumed: trailing junk
      sign = c;
    } else if (c === '.') {
      if (dp >= 0) return undefined;
      dp = digits.length;
    } else if (isDigit(c)) {
      sawDigit = true;
      digits += c;
    } else {
      return undefined;
    }
  }
  if (!sawDigit) return undefined;
  const unscaled = BigInt(digits) * (sign === '-' ? -1n : 1n);
  return { unscaled, scale: dp >= 0 ? digits.length - dp : 0 };
}

/** inf.Dec.Round(x, s, RoundUp): round away from zero to `-exp` decimal places. */
function roundUpToExp(unscaled: bigint, exp: number, targetExp: number): { unscaled: bigint; exact: boolean } {
  if (exp >= targetExp) {
    return { unscaled: unscaled * pow10(exp - targetExp), exact: true };
  }
  if (unscaled === 0n) return { unscaled: 0n, exact: true };
  if (targetExp - exp > digitCount(unscaled) + 1) {
    // |value| < 10^targetExp: rounds away from zero to one unit.
    return { unscaled: unscaled > 0n ? 1n : -1n, exact: false };
  }
  const div = pow10(targetExp - exp);
  const q = unscaled / div; // truncates toward zero
  const r = unscaled % div;
  if (r === 0n) return { unscaled: q, exact: true };
  return { unscaled: unscaled > 0n ? q + 1n : q - 1n, exact: false };
}

/** `negativeScaleInt64`: divide by 10^scale rounding away from zero. */
function negativeScaleInt64(base: bigint, scale: number): { value: bigint; exact: boolean } {
  if (scale === 0) return { value: base, exact: true };
  let value = base;
  let fraction = false;
  for (let i = 0; i < scale; i++) {
    if (!fraction && value % 10n !== 0n) fraction = true;
    value = value / 10n;
    if (value === 0n) {
      if (fraction) return { value: base > 0n ? 1n : -1n, exact: false };
      return { value: 0n, exact: true };
    }
  }
  if (fraction) value = base > 0n ? value + 1n : value - 1n;
  return { value, exact: !fraction };
}

/**
 * `positiveScaleInt64`: multiply by 10^scale. Like Go, the scales 1, 2, 3, 6 and 9 return the
 * wrapped int64 product with ok=false on overflow; other scales multiply by 10 step by step and
 * return 0 with ok=false on the first overflowing step. A negative scale returns the base.
 */
function positiveScaleInt64(base: bigint, scale: number): { value: bigint; ok: boolean } {
  if (scale <= 0 || base === 0n) return { value: base, ok: true };
  if (scale === 1 || scale === 2 || scale === 3 || scale === 6 || scale === 9) {
    if (base === INT64_MIN) return { value: 0n, ok: false };
    const v = base * pow10(scale);
    return { value: asInt64(v), ok: inInt64(v) };
  }
  if (scale > 19) return { value: 0n, ok: false };
  const v = base * pow10(scale);
  return inInt64(v) ? { value: v, ok: true } : { value: 0n, ok: false };
}

function removeFactors(value: bigint, factor: bigint): { result: bigint; times: number } {
  let result = value < 0n ? -value : value;
  let times = 0;
  while (result !== 0n && result % factor === 0n) {
    result /= factor;
    times++;
  }
  return { result: value < 0n ? -result : result, times };
}

/**
 * An exact Kubernetes resource quantity. Immutable: `add` returns a new Quantity.
 */
export class Quantity {
  /** `resource.ParseQuantity`; a number is read as its JSON text (`String(n)`). */
  public static parse(input: string | number): Quantity {
    if (typeof input === 'number') {
      if (!Number.isFinite(input)) {
        throw new QuantityError(String(input), ERR_FORMAT_WRONG);
      }
      return Quantity.parseString(String(input));
    }
    if (typeof input !== 'string') {
      throw new QuantityError(String(input), `a quantity must be a string or a number, got ${typeof input}`);
    }
    return Quantity.parseString(input);
  }

  /** A Quantity of `value * 10^exponent` in DecimalSI (like `resource.NewScaledQuantity`). */
  public static fromScaled(value: bigint, exponent: number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(asInt64(value), exponent, format, false, '');
  }

  /** An exact `unscaled * 10^exponent` held as Go holds an inf.Dec-backed Quantity (`decQuantity`). */
  public static fromDecimal(unscaled: bigint, exponent: number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(unscaled, exponent, format, true, '');
  }

  /** The zero Quantity (DecimalSI). */
  public static zero(): Quantity {
    return new Quantity(0n, 0, 'DecimalSI', false, '');
  }

  private static parseString(str: string): Quantity {
    if (str.length === 0) throw new QuantityError(str, ERR_FORMAT_WRONG);
    if (str === '0') return new Quantity(0n, 0, 'DecimalSI', false, str);

    const { positive, value, num, denom, suffix } = parseQuantityString(str);
    const suf = interpretSuffix(suffix);
    if (!suf) throw new QuantityError(str, ERR_SUFFIX);
    let { format } = suf;
    const { base, exponent } = suf;

    let precision = 0;
    let scale = 0;
    let mantissa = 1n;
    if (format === 'BinarySI') {
      if (exponent >= 0 && denom.length === 0) {
        mantissa = 1n << BigInt(exponent);
        // Go: 15 - len(num) - int32(float32(exponent)*3/10) - 1
        precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
      } else {
        precision = -1;
      }
    } else {
      scale = exponent;
      precision = MAX_INT64_FACTORS - (num.length + denom.length);
    }

    if (precision >= 0) {
      scale -= denom.length;
      if (scale >= NANO) {
        const shifted = num + denom;
        const parsed = parseInt64(shifted);
        if (parsed === undefined) throw new QuantityError(str, ERR_NUMERIC);
        let result = parsed * mantissa;
        if (inInt64(result)) {
          if (!positive) result = -result;
          let canonical: boolean;
          if (format === 'BinarySI') {
            canonical = exponent % 10 === 0 && (parsed & 7n) !== 0n;
          } else {
            canonical = scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
          }
          if (scale > MAX_EXPONENT) throw new QuantityError(str, ERR_TOO_LARGE);
          return new Quantity(result, scale, format, false, canonical ? str : '');
        }
      }
    }

    const dec = decSetString(value);
    if (!dec) throw new QuantityError(str, ERR_NUMERIC);
    let unscaled = dec.unscaled;
    let exp = -dec.scale;
    if (base === 10) {
      exp += exponent;
      if (unscaled !== 0n && exp + digitCount(unscaled) > MAX_EXPONENT) throw new QuantityError(str, ERR_TOO_LARGE);
    } else {
      unscaled *= 1n << BigInt(exponent);
    }
    const negative = unscaled < 0n;
    if (negative) unscaled = -unscaled;
    if (unscaled !== 0n) {
      const r = roundUpToExp(unscaled, exp, NANO);
      unscaled = r.unscaled;
      exp = NANO;
    }
    if (format === 'BinarySI' && compareExact(unscaled, exp, INT64_MAX, 0) > 0) {
      unscaled = INT64_MAX;
      exp = 0;
    }
    if (format === 'BinarySI' && compareExact(unscaled, exp, 1n, 0) < 0 && unscaled > 0n) {
      format = 'DecimalSI';
    }
    if (negative) unscaled = -unscaled;
    return new Quantity(unscaled, exp, format, true, '');
  }

  /** value = unscaled * 10^exponent. */
  private readonly unscaled: bigint;
  private readonly exponent: number;
  /** True when Go would hold this value as an inf.Dec rather than an int64Amount. */
  private readonly dec: boolean;
  /** The cached/echoed string (Go's `q.s`). */
  private readonly cached: string;
  /** The suffix family used for printing. */
  public readonly format: QuantityFormat;

  private constructor(unscaled: bigint, exponent: number, format: QuantityFormat, dec: boolean, cached: string) {
    this.unscaled = unscaled;
    this.exponent = exponent;
    this.format = format;
    this.dec = dec;
    this.cached = cached;
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other` (exact). */
  public cmp(other: Quantity): number {
    return compareExact(this.unscaled, this.exponent, other.unscaled, other.exponent);
  }

  /**
   * `q.Cmp(y)` with its side effect: Go's `Cmp` calls `q.AsDec()` whenever either operand is held as
   * an inf.Dec, which converts the receiver in place, and that changes how `Value()`/`MilliValue()`
   * overflow afterwards (e.g. `PodRequests`' `maxResourceList` stores the converted receiver).
   * Returns the comparison and the receiver as it is after the call.
   */
  public cmpInPlace(other: Quantity): { cmp: number; self: Quantity } {
    const cmp = this.cmp(other);
    return { cmp, self: this.dec || !other.dec ? this : this.toDec() };
  }

  /** True when Go would hold this value as an inf.Dec rather than an int64Amount. */
  public isDec(): boolean {
    return this.dec;
  }

  /** `q.ToDec()` / `q.AsDec()`: the same value held as an inf.Dec (Go's `int64Amount.AsDec`). */
  public toDec(): Quantity {
    return this.dec ? this : new Quantity(this.unscaled, this.exponent, this.format, true, this.cached);
  }

  /** `Quantity.CmpInt64`. */
  public cmpInt64(y: bigint | number): number {
    return compareExact(this.unscaled, this.exponent, BigInt(y), 0);
  }

  /** True when the value is zero. */
  public isZero(): boolean {
    return this.unscaled === 0n;
  }

  /** -1, 0 or 1. */
  public sign(): number {
    return this.unscaled === 0n ? 0 : this.unscaled > 0n ? 1 : -1;
  }

  /** `Quantity.Value`: rounded up (away from zero) to an integer, as Go's int64. */
  public value(): bigint {
    return this.scaledValue(0);
  }

  /** `Quantity.MilliValue`: ceil(q * 1000), as Go's int64. */
  public milliValue(): bigint {
    return this.scaledValue(-3);
  }

  /** `Quantity.ScaledValue(scale)`: the value in units of 10^scale, rounded up, as Go's int64. */
  public scaledValue(scale: number): bigint {
    if (!this.dec) {
      if (this.exponent < scale) {
        return negativeScaleInt64(this.unscaled, scale - this.exponent).value;
      }
      return positiveScaleInt64(this.unscaled, this.exponent - scale).value;
    }
    // scale_int.go scaledValue(unscaled, decScale, newScale) with decScale = -exponent.
    const dif = -this.exponent - -scale;
    const u = this.unscaled;
    if (dif === 0) return asInt64(u);
    if (dif < 0) {
      // int64(math.Pow10(-dif)): exact up to 10^18, the int64 "indefinite" value beyond.
      const factor = -dif <= 18 ? pow10(-dif) : INT64_MIN;
      return asInt64(asInt64(u) * factor);
    }
    if (u < INT64_MAX && dif < 19) {
      const ui = asInt64(u);
      const divide = pow10(dif);
      const result = ui / divide;
      const mod = ui % divide;
      return mod !== 0n ? asInt64(result + 1n) : result;
    }
    const divisor = pow10(dif);
    // big.Int.DivMod is Euclidean: the remainder is never negative.
    let q = u / divisor;
    let r = u % divisor;
    if (r < 0n) {
      q -= 1n;
      r += divisor;
    }
    return r !== 0n ? asInt64(asInt64(q) + 1n) : asInt64(q);
  }

  /** `q.Add(y)` on a copy of q. */
  public add(other: Quantity): Quantity {
    let format = this.format;
    if (!this.dec && !other.dec) {
      if (this.unscaled === 0n) format = other.format;
      const sum = int64AmountAdd(this.unscaled, this.exponent, other.unscaled, other.exponent);
      if (sum) return new Quantity(sum.value, sum.scale, format, false, '');
    } else if (this.isZero()) {
      format = other.format;
    }
    const exp = Math.min(this.exponent, other.exponent);
    const sum = this.unscaled * pow10(this.exponent - exp) + other.unscaled * pow10(other.exponent - exp);
    return new Quantity(sum, exp, format, true, '');
  }

  /** `q.Sub(y)` on a copy of q. */
  public sub(other: Quantity): Quantity {
    return this.add(other.neg());
  }

  /** `q.Neg()` on a copy of q. */
  public neg(): Quantity {
    return new Quantity(-this.unscaled, this.exponent, this.format, this.dec, '');
  }

  /**
   * `q.RoundUp(scale)` on a copy of q: rounded away from zero to units of 10^scale (the
   * apiserver's `SetDefaults_ResourceList` applies `roundUp(-3)` to every resource list).
   */
  public roundUp(scale: number): Quantity {
    if (this.dec) {
      const r = roundUpToExp(this.unscaled, this.exponent, scale);
      return new Quantity(r.unscaled, scale, this.format, true, '');
    }
    if (this.exponent >= scale) return this;
    const r = negativeScaleInt64(this.unscaled, scale - this.exponent);
    return new Quantity(r.value, scale, this.format, false, '');
  }

  /** `Quantity.String()`: the canonical form (or the original text when it was canonical). */
  public toString(): string {
    if (this.cached.length > 0) return this.cached;
    const [number, suffix] = this.canonicalize();
    return number + suffix;
  }

  /** JSON form: the canonical string, as Go marshals a Quantity. */
  public toJSON(): string {
    return this.toString();
  }

  /** A number approximation (may lose precision); for display and sorting only. */
  public asApproximateNumber(): number {
    return Number(this.unscaled) * Math.pow(10, this.exponent);
  }

  /** `CanonicalizeBytes`. */
  private canonicalize(): [string, string] {
    if (this.isZero()) return ['0', ''];
    let format = this.format;
    let rounded = 0n;
    if (format === 'BinarySI') {
      if (this.cmpInt64(-1024) > 0 && this.cmpInt64(1024) < 0) {
        format = 'DecimalSI';
      } else {
        const r = roundUpToExp(this.unscaled, this.exponent, 0);
        rounded = r.unscaled;
        if (!r.exact) format = 'DecimalSI';
      }
    }
    if (format === 'BinarySI') {
      const { result, times } = removeFactors(rounded, 1024n);
      return [result.toString(), BIN_EXP_TO_SUFFIX[times * 10] ?? ''];
    }
    const removed = removeFactors(this.unscaled, 10n);
    let amount = removed.result;
    let exponent = this.exponent + removed.times;
    while (exponent % 3 !== 0) {
      amount *= 10n;
      exponent--;
    }
    let suffix: string;
    if (format === 'DecimalExponent') {
      suffix = exponent === 0 ? '' : `e${exponent}`;
    } else {
      suffix = DEC_EXP_TO_SUFFIX[exponent] ?? '';
    }
    return [amount.toString(), suffix];
  }
}

/** Exact comparison of a*10^ea with b*10^eb. */
function compareExact(a: bigint, ea: number, b: bigint, eb: number): number {
  const sa = a === 0n ? 0 : a > 0n ? 1 : -1;
  const sb = b === 0n ? 0 : b > 0n ? 1 : -1;
  if (sa !== sb || sa === 0) return sa < sb ? -1 : sa > sb ? 1 : 0;
  // Same sign, both non-zero: magnitudes that differ by more than a digit decide at once.
  const ma = digitCount(a) + ea;
  const mb = digitCount(b) + eb;
  if (ma !== mb) return (ma > mb ? 1 : -1) * sa;
  const e = Math.min(ea, eb);
  const x = a * pow10(ea - e);
  const y = b * pow10(eb - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `int64Amount.Add`: undefined when Go would overflow (and fall back to inf.Dec). */
function int64AmountAdd(av: bigint, as: number, bv: bigint, bs: number): { value: bigint; scale: number } | undefined {
  if (bv === 0n) return { value: av, scale: as };
  if (av === 0n) return { value: bv, scale: bs };
  let a = av;
  let b = bv;
  let scale = as;
  if (as > bs) {
    const c = positiveScaleInt64(av, as - bs);
    if (!c.ok) return undefined;
    a = c.value;
    scale = bs;
  } else if (as < bs) {
    const c = positiveScaleInt64(bv, bs - as);
    if (!c.ok) return undefined;
    b = c.value;
  }
  const sum = a + b;
  if (!inInt64(sum)) return undefined;
  return { value: sum, scale };
}

/** `resource.ParseQuantity` (same as `Quantity.parse`). */
export function parseQuantity(input: string | number): Quantity {
  return Quantity.parse(input);
}

/**
 * The white space `Quantity.UnmarshalJSON` trims: Go's `strings.TrimSpace` (Unicode White_Space)
 * runs on the raw JSON text between the quotes, where a client's JSON encoder has already escaped
 * control characters (`\t`, `\n`, ...) and U+2028/U+2029 (Go's `encoding/json`, as kubectl sends
 * it): those stay escaped, are not trimmed, and fail to parse.
 */
const JSON_QUANTITY_SPACE = /^[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+|[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$/g;

/**
 * How a Quantity field is decoded from JSON/YAML (`Quantity.UnmarshalJSON`): surrounding
 * spaces are trimmed before `ParseQuantity` (see {@link JSON_QUANTITY_SPACE}: a tab or a newline
 * is not, as the apiserver sees it).
 */
export function parseQuantityJSON(input: string | number): Quantity {
  return Quantity.parse(typeof input === 'string' ? input.replace(JSON_QUANTITY_SPACE, '') : input);
}
