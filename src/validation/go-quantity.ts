/**
 * Go's in-memory form of a `resource.Quantity`, only so validation can print
 * it the way the apiserver does when it passes a Quantity (not its String())
 * as an error's value: `ValidateResourceQuantityValue`'s "must be an integer"
 * renders `%#v` of the struct, e.g.
 * `resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}`.
 *
 * Upstream: staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go
 * (`ParseQuantity`'s int64 fast path, `parseQuantityString`, `RoundUp`) and
 * amount.go / math.go (`AsScale`, `negativeScaleInt64`); defaulting rounds
 * every container quantity up to milli scale (`SetDefaults_ResourceList`).
 * Values outside the fast path live in an `inf.Dec` whose pointer Go prints as
 * an address; those render with a placeholder address. Internal module.
 */
import { goQuote } from './field';

interface Suffix {
  readonly base: 2 | 10;
  readonly exponent: number;
  readonly format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
}

const DECIMAL: Record<string, number> = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

function interpret(suffix: string): Suffix | undefined {
  if (suffix in DECIMAL) return { base: 10, exponent: DECIMAL[suffix], format: 'DecimalSI' };
  if (suffix in BINARY) return { base: 2, exponent: BINARY[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const n = Number.parseInt(suffix.slice(1), 10);
    if (!/^[+-]?\d+$/.test(suffix.slice(1)) || !Number.isFinite(n)) return undefined;
    return { base: 10, exponent: n, format: 'DecimalExponent' };
  }
  return undefined;
}

interface Parts { positive: boolean; num: string; denom: string; suffix: string }

function parseParts(str: string): Parts | undefined {
  let pos = 0;
  const end = str.length;
  let positive = true;
  if (pos < end && (str[0] === '-' || str[0] === '+')) {
    positive = str[0] !== '-';
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && str[i] >= '0' && str[i] <= '9') i++;
  let num = str.slice(pos, i);
  pos = i;
  if (num.length === 0) num = '0';
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && str[i] >= '0' && str[i] <= '9') i++;
    denom = str.slice(pos, i);
    pos = i;
  }
  const suffix = str.slice(pos);
  if (!/^[eEinumkKMGTP]*[-+]?\d*$/.test(suffix)) return undefined;
  return { positive, num, denom, suffix };
}

const INT64_MAX = 2n ** 63n - 1n;

/** `%#v` of the Quantity that `input` becomes after parsing and defaulting (rounded up to milli scale). */
export function goQuantityDump(input: string): string {
  const str = input.trim();
  const decDump = (format: string) =>
    `resource.Quantity{i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(0xc000000000)}, s:"", Format:${goQuote(format)}}`;
  if (str === '0') return intDump(0n, 0, '0', 'DecimalSI');
  const parts = parseParts(str);
  if (!parts) return decDump('DecimalSI');
  const sfx = interpret(parts.suffix);
  if (!sfx) return decDump('DecimalSI');
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (sfx.format === 'BinarySI') {
    if (sfx.exponent >= 0 && parts.denom.length === 0) {
      mantissa = 2n ** BigInt(sfx.exponent);
      precision = 15 - parts.num.length - Math.trunc(Math.fround(sfx.exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = sfx.exponent;
    precision = 18 - (parts.num.length + parts.denom.length);
  }
  if (precision >= 0) {
    scale -= parts.denom.length;
    if (scale >= -9) {
      const shifted = parts.num + parts.denom;
      const value = BigInt(shifted);
      let result = value * mantissa;
      if (value <= INT64_MAX && result <= INT64_MAX) {
        if (!parts.positive) result = -result;
        let cached = '';
        if (sfx.format === 'BinarySI') {
          if (sfx.exponent % 10 === 0 && value % 8n !== 0n) cached = str;
        } else if (scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') {
          cached = str;
        }
        // SetDefaults_ResourceList: RoundUp(-3) keeps the cached string when no rounding is needed.
        if (scale < -3) {
          result = negativeScale(result, -3 - scale);
          scale = -3;
          cached = '';
        }
        return intDump(result, scale, cached, sfx.format);
      }
    }
  }
  return decDump(sfx.format);
}

function negativeScale(base: bigint, steps: number): bigint {
  let value = base;
  let fraction = false;
  for (let i = 0; i < steps; i++) {
    if (!fraction && value % 10n !== 0n) fraction = true;
    value = value / 10n;
    if (value === 0n) {
      if (fraction) return base > 0n ? 1n : -1n;
      return 0n;
    }
  }
  if (fraction) value = base > 0n ? value + 1n : value - 1n;
  return value;
}

function intDump(value: bigint, scale: number, s: string, format: string): string {
  return `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${goQuote(s)}, Format:${goQuote(format)}}`;
}
