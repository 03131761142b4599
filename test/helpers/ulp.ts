/** Distance between doubles in units in the last place; ±0 are equal, NaN equals NaN. */
const float = new Float64Array(1);
const bits = new BigInt64Array(float.buffer);

function ordered(x: number): bigint {
  float[0] = x;
  const b = bits[0];
  // Negative doubles sort in reverse order of their bit patterns; fold them below zero.
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}

export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const difference = ordered(a) - ordered(b);
  return Number(difference < 0n ? -difference : difference);
}

/** Size of one ulp at x (the gap to the next double away from zero). */
export function ulpOf(x: number): number {
  const magnitude = Math.abs(x);
  if (!Number.isFinite(magnitude)) return NaN;
  float[0] = magnitude;
  bits[0] += 1n;
  return float[0] - magnitude;
}

export function decode(value: number | string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  throw new Error(`bad fixture value ${value}`);
}
