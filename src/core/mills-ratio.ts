/**
 * The Mills ratio R(t) = Φ(−t)/φ(t) for 0 ≤ t ≤ 37, fast: from its Taylor expansion about the
 * nearest t0 = k/32. R is entire (√(π/2)·e^(t²/2)·erfc(t/√2)) and slowly varying (R ≈ 1/t), so
 * with |t − t0| ≤ 1/64 eleven terms reach 2^-76 of R everywhere on [0, 37], and fewer from
 * t0 = 1.5 on (mpmath): each expansion keeps the terms that can reach 2^-80 of R.
 *
 * Each expansion is built the first time a t near its t0 is asked for (at most 1185 of them), from
 * an accurate double-double R(t0) that the caller supplies (about 2^-95) and the recurrence of
 * R's derivatives, R′ = tR − 1, R⁽ⁿ⁺¹⁾ = t·R⁽ⁿ⁾ + n·R⁽ⁿ⁻¹⁾, in double-double. The recurrence loses
 * up to log2(t0²) bits a step, but each term is smaller than the last by more than that, so every
 * term's error stays near 2^-94 of R.
 */
import { twoProductError, twoSumError } from './double-double.ts';
import { addExtended, divideExtended, extended, multiplyExtended } from './extended.ts';

/** The largest t the table covers. */
export const MILLS_TABLE_LIMIT = 37;

/**
 * The bound on R's relative error from a MillsRatio: the double Horner sum of the terms from
 * (t − t0)³ on (below 2^-20 of R) and their coefficients rounded to doubles leave about 2^-72; the
 * largest error measured against mpmath is 2^-72.7 (test/core/mills-ratio.test.ts holds it under
 * 2^-72.5), and the bound keeps a factor of 64 beyond it.
 */
export const MILLS_RATIO_BOUND = 2 ** -66;

const STEPS_PER_UNIT = 32;
const DEGREE = 11;
const HALF_WIDTH = 1 / (2 * STEPS_PER_UNIT);
// c0, c1 and c2 as two doubles each (their rounding would be 2^-58 … 2^-66 of R), c3 … c11 as one.
const STRIDE = DEGREE + 4;
const CELLS = MILLS_TABLE_LIMIT * STEPS_PER_UNIT + 1;

/** R(t) as two doubles into `extended`, for 0 ≤ t ≤ MILLS_TABLE_LIMIT, within MILLS_RATIO_BOUND·R(t). */
export type MillsRatio = (t: number) => void;

/**
 * The fast R(t), whose expansions are built from `reference(t0)`: R(t0) as two doubles into
 * `extended`, to about 2^-95.
 */
export function createMillsRatio(reference: (t0: number) => void): MillsRatio {
  // Allocated on first use (start-up time); the slot of each expansion's last term, 0 until it is built.
  let coefficients = new Float64Array(0);
  let lastSlots = new Uint8Array(0);
  return (t) => {
    const k = Math.round(t * STEPS_PER_UNIT);
    if (lastSlots.length === 0) {
      coefficients = new Float64Array(CELLS * STRIDE);
      lastSlots = new Uint8Array(CELLS);
    }
    if (lastSlots[k] === 0) lastSlots[k] = build(coefficients, k, reference);
    // t − t0 is exact: t0 is a multiple of 1/32 within 1/64 of t.
    const h = t - k / STEPS_PER_UNIT;
    const at = k * STRIDE;
    const last = lastSlots[k];
    let tail = coefficients[at + last];
    for (let n = last - 1; n >= 6; n--) tail = tail * h + coefficients[at + n];
    // c2 + h·tail, then ·h + c1, then ·h + c0, in double-double.
    const p = h * tail;
    let high = coefficients[at + 4] + p;
    let low = twoSumError(coefficients[at + 4], p, high) + coefficients[at + 5];
    for (let n = 2; n >= 0; n -= 2) {
      const product = high * h;
      const productLow = twoProductError(high, h, product) + low * h;
      const sum = coefficients[at + n] + product;
      const sumLow = twoSumError(coefficients[at + n], product, sum) + coefficients[at + n + 1] + productLow;
      high = sum + sumLow;
      low = sumLow - (high - sum);
    }
    extended.hi = high;
    extended.lo = low;
  };
}

/**
 * The coefficients R⁽ⁿ⁾(t0)/n! of cell k (t0 = k/32) into `coefficients`; returns the slot of the
 * last term that can reach 2^-80 of R where |t − t0| ≤ 1/64 (at least c3's).
 */
function build(coefficients: Float64Array, k: number, reference: (t0: number) => void): number {
  const t0 = k / STEPS_PER_UNIT;
  const at = k * STRIDE;
  reference(t0);
  let previousHigh = extended.hi;
  let previousLow = extended.lo;
  coefficients[at] = previousHigh;
  coefficients[at + 1] = previousLow;
  // R′ = t0·R − 1
  multiplyExtended(t0, 0, previousHigh, previousLow);
  addExtended(extended.hi, extended.lo, -1, 0);
  let currentHigh = extended.hi;
  let currentLow = extended.lo;
  let factorial = 1;
  let lastSlot = 6;
  for (let n = 1; n <= DEGREE; n++) {
    factorial *= n;
    divideExtended(currentHigh, currentLow, factorial, 0);
    if (n <= 2) {
      coefficients[at + 2 * n] = extended.hi;
      coefficients[at + 2 * n + 1] = extended.lo;
    } else {
      coefficients[at + n + 3] = extended.hi + extended.lo;
      if (Math.abs(extended.hi) * HALF_WIDTH ** n >= 2 ** -80 * coefficients[at]) lastSlot = n + 3;
    }
    // R⁽ⁿ⁺¹⁾ = t0·R⁽ⁿ⁾ + n·R⁽ⁿ⁻¹⁾
    multiplyExtended(t0, 0, currentHigh, currentLow);
    const scaledHigh = extended.hi;
    const scaledLow = extended.lo;
    multiplyExtended(n, 0, previousHigh, previousLow);
    addExtended(scaledHigh, scaledLow, extended.hi, extended.lo);
    previousHigh = currentHigh;
    previousLow = currentLow;
    currentHigh = extended.hi;
    currentLow = extended.lo;
  }
  return lastSlot;
}
