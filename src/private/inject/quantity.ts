/**
 * Kubernetes resource quantities (`100m`, `1.5`, `128Mi`, `1e3`): parsing, comparison and the
 * canonical form the API machinery writes back (`2000m` → `2`, `1024Mi` → `1Gi`), so injected
 * resources read exactly like `istioctl kube-inject` output.
 */

/** How a quantity was written; the canonical form keeps the family. */
export enum QuantityFormat {
  /** `Ki`, `Mi`, … (powers of 1024) */
  BINARY_SI = 'BinarySI',
  /** `m`, `k`, `M`, … or no suffix (powers of 1000) */
  DECIMAL_SI = 'DecimalSI',
  /** `1e3`, `5E-3` */
  DECIMAL_EXPONENT = 'DecimalExponent',
}

/** A parsed quantity: its exact value in units of 10⁻⁹ (rounded up beyond that precision). */
export interface Quantity {
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

const NANO = 1_000_000_000n;

const DECIMAL_SUFFIXES: { [suffix: string]: number } = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const BINARY_SUFFIXES: { [suffix: string]: number } = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const BINARY_NAMES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?([a-zA-Z]*|[eE][+-]?\d+)$/;

function pow(base: bigint, exp: number): bigint {
  let r = 1n;
  for (let i = 0; i < exp; i++) r *= base;
  return r;
}

/** Divides rounding away from zero (Kubernetes rounds over-precise quantities up). */
function divCeil(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d === 0n ? q : q + (n > 0n ? 1n : -1n);
}

/** The largest amount of a binary quantity: Kubernetes caps them at the largest int64. */
const MAX_BINARY = 9_223_372_036_854_775_807n * NANO;
/**
 * Decimal exponents beyond this are refused here, though Kubernetes takes any (`1e3000000`): no
 * resource amount needs them, and the exact value would have millions of digits.
 */
const MAX_EXPONENT = 10_000;

/**
 * Parses a quantity string the way Kubernetes' `resource.ParseQuantity` does, edge cases included:
 * a sign, a dot or a suffix without digits is 0 (`+`, `.`, `Mi`), an exponent needs digits (`1e` is
 * no quantity, `1E` is one exa), and binary quantities above the largest int64 are capped to it.
 *
 * @returns the quantity, or undefined when `s` is not a valid quantity
 */
export function parseQuantity(s: string): Quantity | undefined {
  const m = QUANTITY.exec(s);
  if (!m) return undefined;
  const [, sign, whole, fraction = '', suffix] = m;
  // without digits Kubernetes reads 0, unless the suffix sends it down its slow path, which then
  // fails on the empty number: Pi and Ei, and exponents below -9
  if (whole === '' && fraction === '' && (s === '' || suffix === 'Pi' || suffix === 'Ei' || (/^[eE]-\d+$/.test(suffix) && Number(suffix.slice(1)) < -9))) {
    return undefined;
  }
  const digits = BigInt((whole || '0') + fraction) * (sign === '-' ? -1n : 1n);
  const scale = fraction.length; // value = digits × 10^-scale × multiplier

  let numerator: bigint;
  let denominator = pow(10n, scale);
  let format: QuantityFormat;
  if (suffix in BINARY_SUFFIXES) {
    format = QuantityFormat.BINARY_SI;
    numerator = digits * pow(1024n, BINARY_SUFFIXES[suffix]) * NANO;
  } else if (suffix in DECIMAL_SUFFIXES) {
    format = QuantityFormat.DECIMAL_SI;
    const exp = DECIMAL_SUFFIXES[suffix] + 9;
    numerator = digits * pow(10n, exp);
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    format = QuantityFormat.DECIMAL_EXPONENT;
    const exp = Number(suffix.slice(1)) + 9;
    if (Math.abs(exp) > MAX_EXPONENT) return undefined;
    numerator = exp >= 0 ? digits * pow(10n, exp) : digits;
    if (exp < 0) denominator *= pow(10n, -exp);
  } else {
    return undefined;
  }
  let nanos = divCeil(numerator, denominator);
  if (format === QuantityFormat.BINARY_SI && (nanos > MAX_BINARY || -nanos > MAX_BINARY)) {
    nanos = nanos > 0n ? MAX_BINARY : -MAX_BINARY;
  }
  return { nanos, format };
}

/** Strips factors of `base` (at most `max` of them), like apimachinery's removeInt64Factors. */
function removeFactors(value: bigint, base: bigint, max = Infinity): [bigint, number] {
  let v = value < 0n ? -value : value;
  let times = 0;
  while (times < max && v >= base && v % base === 0n) {
    v /= base;
    times++;
  }
  return [value < 0n ? -v : v, times];
}

/** The canonical string of a quantity, as Kubernetes serializes it. */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  let format = q.format;
  if (format === QuantityFormat.BINARY_SI) {
    const small = q.nanos > -1024n * NANO && q.nanos < 1024n * NANO;
    if (small || q.nanos % NANO !== 0n) format = QuantityFormat.DECIMAL_SI;
  }
  if (format === QuantityFormat.BINARY_SI) {
    const [amount, times] = removeFactors(q.nanos / NANO, 1024n, BINARY_NAMES.length - 1);
    return `${amount}${BINARY_NAMES[times]}`;
  }
  let [amount, times] = removeFactors(q.nanos, 10n);
  let exponent = times - 9;
  const rest = ((exponent % 3) + 3) % 3;
  amount *= pow(10n, rest);
  exponent -= rest;
  if (format === QuantityFormat.DECIMAL_EXPONENT) {
    return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  }
  const suffix = Object.keys(DECIMAL_SUFFIXES).find(k => DECIMAL_SUFFIXES[k] === exponent);
  return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`;
}

/**
 * Canonicalizes a quantity given as a string or a number (YAML `cpu: 2`).
 *
 * @returns the canonical string, or undefined when the value is not a quantity
 */
export function canonicalQuantity(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const q = parseQuantity(String(value));
  return q && formatQuantity(q);
}
