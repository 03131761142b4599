/**
 * Lower precisions: rounding a double to float32, float16 or bfloat16 (round to
 * nearest, ties to even, subnormals and overflow to ±Infinity as IEEE 754 says),
 * and distances in units in the last place of each format.
 */

export const DTYPES = ['float64', 'float32', 'float16', 'bfloat16'] as const;
export type DType = (typeof DTYPES)[number];

interface Format {
  /** Significant bits, the hidden one included. */
  readonly precision: number;
  /** Exponent of the smallest normal number. */
  readonly minExponent: number;
  readonly maxFinite: number;
}

const FORMATS: Record<DType, Format> = {
  float64: { precision: 53, minExponent: -1022, maxFinite: Number.MAX_VALUE },
  float32: { precision: 24, minExponent: -126, maxFinite: 3.4028234663852886e38 },
  float16: { precision: 11, minExponent: -14, maxFinite: 65504 },
  bfloat16: { precision: 8, minExponent: -126, maxFinite: 3.3895313892515355e38 },
};

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

/** floor(log2 |x|) for finite non-zero x, read from the bits (exact, unlike Math.log2). */
function exponentOf(x: number): number {
  float[0] = x;
  const biased = (words[1] >>> 20) & 0x7ff;
  if (biased !== 0) return biased - 1023;
  // Subnormal double: normalise by 2^64 first.
  float[0] = x * 2 ** 64;
  return ((words[1] >>> 20) & 0x7ff) - 1023 - 64;
}

function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const fraction = v - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The quantum (ulp) of the format at x: 2^(e − p + 1), with e at least the minimum exponent. */
function quantum(format: Format, x: number): number {
  return 2 ** (Math.max(exponentOf(x), format.minExponent) - format.precision + 1);
}

/** x rounded once to the dtype (ties to even), returned as the double of equal value. */
export function roundTo(dtype: DType, x: number): number {
  if (dtype === 'float64') return x;
  if (dtype === 'float32') return Math.fround(x);
  if (x === 0 || !Number.isFinite(x)) return x;
  const format = FORMATS[dtype];
  const q = quantum(format, x);
  // x/q and the product are exact: both are scalings by a power of two within range.
  const rounded = roundHalfEven(x / q) * q;
  if (Math.abs(rounded) > format.maxFinite) return x > 0 ? Infinity : -Infinity;
  // Keep the sign of a value that rounds to zero.
  return rounded === 0 ? (x < 0 ? -0 : 0) : rounded;
}

/**
 * For x exactly halfway between two neighbours in the dtype, the neighbour that rounding to
 * nearest-even did not pick; undefined when x is not such a midpoint. Midpoints of the lower
 * formats are doubles: rounding a double answer a second time is only wrong at them.
 */
export function otherNeighbourAtMidpoint(dtype: DType, x: number): number | undefined {
  if (dtype === 'float64' || !Number.isFinite(x)) return undefined;
  const rounded = roundTo(dtype, x);
  if (rounded === x) return undefined;
  // Just above the largest finite value, ties go to ∞; the other neighbour is the largest finite.
  if (!Number.isFinite(rounded)) {
    const largest = FORMATS[dtype].maxFinite;
    return Math.abs(x) === largest + quantum(FORMATS[dtype], largest) / 2 ? Math.sign(x) * largest : undefined;
  }
  // x = (a + b)/2 exactly if and only if 2x − a is the other neighbour b, a value of the dtype.
  const other = 2 * x - rounded;
  return roundTo(dtype, other) === other ? other : undefined;
}

/** A function that rounds to the dtype (the identity for float64). */
export function rounderFor(dtype: DType): (x: number) => number {
  if (dtype === 'float64') return (x) => x;
  if (dtype === 'float32') return Math.fround;
  return (x) => roundTo(dtype, x);
}

/** The position of a value of the dtype on the line of all its values (±0 share 0). */
function ordinal(format: Format, x: number): number {
  if (x === 0) return 0;
  const magnitude = Math.abs(x);
  const exponent = Math.max(exponentOf(magnitude), format.minExponent);
  const significand = magnitude / 2 ** (exponent - format.precision + 1);
  const index = (exponent - format.minExponent) * 2 ** (format.precision - 1) + significand;
  return x < 0 ? -index : index;
}

/**
 * Distance between two values in ulps of the dtype (both should already be values of it).
 * NaN matches NaN; infinities match only themselves.
 */
export function ulpsBetween(dtype: DType, a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  // float64 ordinals exceed 2^53: count on the bit patterns with BigInt instead.
  if (dtype === 'float64') {
    const difference = orderedBits(a) - orderedBits(b);
    return Number(difference < 0n ? -difference : difference);
  }
  const format = FORMATS[dtype];
  return Math.abs(ordinal(format, a) - ordinal(format, b));
}

const bits = new BigInt64Array(float.buffer);

function orderedBits(x: number): bigint {
  float[0] = x;
  const b = bits[0];
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}

