/**
 * Numerically careful building blocks shared by several activations.
 * Each branch says which interval it covers and what it avoids.
 */
import erfLibrary from '@stdlib/math-base-special-erf';
import erfcLibrary from '@stdlib/math-base-special-erfc';
import { productError, twoProductError, twoSumError } from './double-double.ts';
import { EXP_OVERFLOW, EXP_SUBNORMAL, addExtended, divideExtended, expExtended, extended, multiplyExtended, sigmoidExtended } from './extended.ts';

export const erf: (x: number) => number = erfLibrary;
export const erfc: (x: number) => number = erfcLibrary;

// a < −42: σ(a) = e^a·(1 − e^a + …) = e^a to within e^-42 < 2^-60 relative, and the same holds
// for σ′(a) = e^a·(1 − 2e^a + …); e^a is then computed with one rounding even where it is subnormal.
export const SIGMOID_IS_EXPONENTIAL = -42;
export const SOFTPLUS_IS_EXPONENTIAL = -37;

/** Each point and its negation. */
export function symmetric(points: readonly number[]): number[] {
  return points.flatMap((point) => [point, -point]);
}

/** Where e^x's evaluation switches: 0, the scaled path below −700, subnormal results, and 0 in double. */
export const EXPONENT_BRANCHES: readonly number[] = [0, -700, EXP_SUBNORMAL, -745.1332191019411, EXP_OVERFLOW];

/** σ(x) = 1 / (1 + e^(−x)), never overflowing, from the double-double gate (about 0.5 ulp). */
export function sigmoid(x: number): number {
  return sigmoidOfSum(x, 0);
}

/**
 * σ′(x) = σ(x)·σ(−x) = e / (1 + e)² with e = e^(−|x|): never the y·(1 − y) that is 0 from
 * x = 37 on. Everything is carried in double-double and rounded once.
 */
export function sigmoidDerivative(x: number): number {
  const a = -Math.abs(x);
  if (a < SIGMOID_IS_EXPONENTIAL) return a === a ? exponentialTimes(a, 1) : a;
  expExtended(a);
  const e = extended.hi;
  const eLow = extended.lo;
  const d = 1 + e;
  const dLow = twoSumError(1, e, d) + eLow;
  multiplyExtended(d, dLow, d, dLow);
  divideExtended(e, eLow, extended.hi, extended.lo);
  return extended.hi;
}

/** σ(a + b) for a correction b far below a's ulp, rounded once. */
export function sigmoidOfSum(a: number, b: number): number {
  if (a < SIGMOID_IS_EXPONENTIAL) return exponentialTimes(a, 1, b);
  sigmoidExtended(a, b);
  return extended.hi;
}

/**
 * softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)), exact for every x:
 * no overflow for x > 709 and no log(1) = 0 for x ≪ 0.
 */
export function softplus(x: number): number {
  // x < −37: log1p(e^x) = e^x·(1 − e^x/2 + …) = e^(x − e^x/2) to within 2^-106 relative.
  if (x < SOFTPLUS_IS_EXPONENTIAL) return x === -Infinity ? 0 : exponentialTimes(x, 1, -0.5 * Math.exp(x));
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** softplus(a + b) for a small correction b: softplus(a) + σ(a)·b. */
export function softplusOfSum(a: number, b: number): number {
  const s = softplus(a);
  return b === 0 ? s : s + sigmoid(a) * b;
}

/** Where tanh and tanh′ switch formulas: 1 − t² to 4σ′(2x) and to 4e^(−2|x|); the series near 0 and ±1 far out. */
export const TANH_DERIVATIVE_BRANCHES: readonly number[] = [0.5, 354, 2 ** -20, 20];

/** tanh′(x) = 1 − tanh²(x) = sech²(x), without the cancellation of 1 − t² when |t| → 1. */
export function tanhDerivative(x: number): number {
  const a = Math.abs(x);
  if (a <= TANH_DERIVATIVE_BRANCHES[0]) {
    // |x| ≤ 0.5: t² < 0.22, so 1 − t² does not cancel; t in double-double keeps it to the last bit.
    tanhExtended(a);
    const t = extended.hi;
    const tLow = extended.lo;
    multiplyExtended(t, tLow, t, tLow);
    addExtended(1, 0, -extended.hi, -extended.lo);
    return extended.hi;
  }
  // sech²(x) = 4·σ′(2x): no cancellation, no overflow (2x is exact).
  if (a < TANH_DERIVATIVE_BRANCHES[1]) return 4 * sigmoidDerivative(2 * a);
  // |x| ≥ 354: e^(−2|x|) is subnormal and would lose digits before the ×4; 4·e^(−2|x|) rounded once.
  return a === a ? exponentialTimes(-2 * a, 4) : a;
}

// |x| ≥ 20: tanh x = ±(1 − 2e^(−2|x|) + …) rounds to ±1 (2e^-40 < 2^-54).
const TANH_SATURATED = 20;
// |x| < 2^-20: tanh x = x − x³/3 + 2x⁵/15 − …, the x⁵ term below 2^-82 relative.
const TANH_SERIES = 2 ** -20;

/**
 * tanh x as two doubles into `extended`: (1 − e)/(1 + e)·sign(x) with e = e^(−2|x|) in double-double
 * (1 − e loses no more than the bits that e^(−2|x|) carries beyond a double), the series near 0.
 */
export function tanhExtended(x: number): void {
  const a = Math.abs(x);
  if (!(a < TANH_SATURATED)) {
    extended.hi = a === a ? Math.sign(x) : x;
    extended.lo = 0;
    return;
  }
  if (a < TANH_SERIES) {
    const cube = (x * x * x) / 3;
    extended.hi = x === 0 ? x : x - cube;
    extended.lo = twoSumError(x, -cube, extended.hi);
    return;
  }
  expExtended(-2 * a);
  const e = extended.hi;
  const eLow = extended.lo;
  const numerator = 1 - e;
  const numeratorLow = twoSumError(1, -e, numerator) - eLow;
  const denominator = 1 + e;
  divideExtended(numerator, numeratorLow, denominator, twoSumError(1, e, denominator) + eLow);
  if (x < 0) {
    extended.hi = -extended.hi;
    extended.lo = -extended.lo;
  }
}

/** tanh x rounded once. */
export function tanh(x: number): number {
  tanhExtended(x);
  return extended.hi;
}

// Results below 2^-1022 are computed at scale 2^600 and scaled down once, so that the subnormal
// rounding happens once, at the end. 600·ln 2 as a double and the rest of its exact value:
const SCALE_EXPONENT_LOG = 415.88830833596717;
const SCALE_EXPONENT_LOG_LOW = 1.8355172981578424e-14;
const SCALE_DOWN = 2 ** -600;

/** e^(a + aLow)·2^600 for a < −700 (a + aLow a double-double argument), rounded once. */
function scaledExponential(a: number, aLow: number): number {
  const shifted = a + SCALE_EXPONENT_LOG;
  expExtended(shifted, twoSumError(a, SCALE_EXPONENT_LOG, shifted) + SCALE_EXPONENT_LOG_LOW + aLow);
  return extended.hi;
}

/**
 * coefficient·e^(−x²/2), accurate to the last bits for every x:
 * - x² is carried exactly (x² = hi + lo); rounding it first would cost x²·2^-53 relative error
 *   (hundreds of ulps at x = 38);
 * - a subnormal result is rounded once, after the multiplication by the coefficient.
 */
export function gaussianTimes(x: number, coefficient: number): number {
  const square = x * x;
  // |x| > 1.3e154: e^(−x²/2) is 0 to far beyond any coefficient (the limit, not ∞·0 = NaN).
  if (!Number.isFinite(square)) return x === x ? 0 : x;
  // squareLow is 0 where the split would overflow (|x| > 1e145): e^(−x²/2) is 0 there anyway.
  return exponentialTimes(-0.5 * square, coefficient, -0.5 * productError(x, x, square));
}

/**
 * coefficient·e^(x + xLow), with a single rounding where e^x is subnormal (x < −708): there e^x alone
 * would already have lost bits that a coefficient > 1 magnifies.
 */
export function exponentialTimes(x: number, coefficient: number, xLow = 0): number {
  if (!(x < -700)) {
    expExtended(x, xLow);
    const e = extended.hi;
    const product = coefficient * e;
    return product + (productError(coefficient, e, product) + coefficient * extended.lo);
  }
  if (x === -Infinity) return 0;
  return scaledExponential(x, xLow) * coefficient * SCALE_DOWN;
}

/** x / y as a double-double quotient's correction: the exact x − q·y for q = fl(x / y). */
export function divisionRemainder(x: number, y: number, q: number): number {
  const product = q * y;
  return x - product - twoProductError(q, y, product);
}
