/**
 * Numerically careful building blocks shared by several activations.
 * Each branch says which interval it covers and what it avoids.
 */
import erfLibrary from '@stdlib/math-base-special-erf';
import erfcLibrary from '@stdlib/math-base-special-erfc';
import { twoProductError, twoSumError } from './double-double.ts';

export const erf: (x: number) => number = erfLibrary;
export const erfc: (x: number) => number = erfcLibrary;

/** 1 / (s + sLow) for a double-double s + sLow, with one rounding's worth of error. */
function reciprocal(s: number, sLow: number): number {
  const q = 1 / s;
  return q - q * (sLow / s);
}

/** σ(x) = 1 / (1 + e^(−x)), never overflowing; the rounding of 1 + u is carried as a correction. */
export function sigmoid(x: number): number {
  const u = Math.exp(-Math.abs(x));
  const sum = 1 + u;
  const r = reciprocal(sum, twoSumError(1, u, sum));
  // x < 0: e^x / (1 + e^x), which cannot overflow (e^(−x) would for x < −709).
  return x >= 0 ? r : x < 0 ? u * r : x;
}

/**
 * σ′(x) = σ(x)·σ(−x) = u / (1 + u)² with u = e^(−|x|): never the y·(1 − y) that is 0
 * from x = 37 on. The square of 1 + u carries its rounding errors as a correction
 * term, so the only error left is that of e^(−|x|) and one division.
 */
export function sigmoidDerivative(x: number): number {
  const u = Math.exp(-Math.abs(x));
  const sum = 1 + u;
  const sumError = twoSumError(1, u, sum);
  const square = sum * sum;
  const squareLow = twoProductError(sum, sum, square) + 2 * sum * sumError;
  const quotient = u / square;
  return quotient - quotient * (squareLow / square);
}

/** σ(a + b) for a correction b far below a's ulp: σ(a)·(1 + σ(−a)·b). */
export function sigmoidOfSum(a: number, b: number): number {
  const s = sigmoid(a);
  return b === 0 ? s : s + s * sigmoid(-a) * b;
}

/**
 * softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)), exact for every x:
 * no overflow for x > 709 and no log(1) = 0 for x ≪ 0.
 */
export function softplus(x: number): number {
  // x < −37: log1p(e^x) = e^x to within 2^-53 relative, and Math.exp is the more accurate path.
  if (x < -37) return Math.exp(x);
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** softplus(a + b) for a small correction b: softplus(a) + σ(a)·b. */
export function softplusOfSum(a: number, b: number): number {
  const s = softplus(a);
  return b === 0 ? s : s + sigmoid(a) * b;
}

/** tanh′(x) = 1 − tanh²(x) = sech²(x), without the cancellation of 1 − t² when |t| → 1. */
export function tanhDerivative(x: number): number {
  const a = Math.abs(x);
  if (a <= 0.5) {
    // |x| ≤ 0.5: t² < 0.22, so 1 − t² amplifies the error of tanh by at most 0.55 (measured ≤ 1 ulp).
    const t = Math.tanh(x);
    return 1 - t * t;
  }
  // sech²(x) = 4·σ′(2x): no cancellation, no overflow (2x is exact).
  if (a < 354) return 4 * sigmoidDerivative(2 * a);
  // |x| ≥ 354: e^(−2|x|) is subnormal and would lose digits before the ×4; square e^(−|x|) instead.
  const t = Math.exp(-a);
  return 4 * t * t;
}

// Results below 2^-1022 are computed at scale 2^600 and scaled down once, so that the subnormal
// rounding happens once, at the end. 600·ln 2 as a double and the rest of its exact value:
const SCALE_EXPONENT_LOG = 415.88830833596717;
const SCALE_EXPONENT_LOG_LOW = 1.8355172981578424e-14;
const SCALE_DOWN = 2 ** -600;

/** e^(a + aLow)·2^600 for a < −700 (a + aLow a double-double argument). */
function scaledExponential(a: number, aLow: number): number {
  const shifted = a + SCALE_EXPONENT_LOG;
  const e = Math.exp(shifted);
  return e + e * (twoSumError(a, SCALE_EXPONENT_LOG, shifted) + SCALE_EXPONENT_LOG_LOW + aLow);
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
  const squareLow = twoProductError(x, x, square);
  const half = 0.5 * square;
  if (half < 700) {
    const e = Math.exp(-half);
    return (e - e * (0.5 * squareLow)) * coefficient;
  }
  return scaledExponential(-half, -0.5 * squareLow) * coefficient * SCALE_DOWN;
}

/**
 * coefficient·e^(x + xLow), with a single rounding where e^x is subnormal (x < −708): there e^x alone
 * would already have lost bits that a coefficient > 1 magnifies.
 */
export function exponentialTimes(x: number, coefficient: number, xLow = 0): number {
  if (!(x < -700)) {
    const e = Math.exp(x);
    return coefficient * (e + e * xLow);
  }
  if (x === -Infinity) return 0;
  return scaledExponential(x, xLow) * coefficient * SCALE_DOWN;
}

/** x / y as a double-double quotient's correction: the exact x − q·y for q = fl(x / y). */
export function divisionRemainder(x: number, y: number, q: number): number {
  const product = q * y;
  return x - product - twoProductError(q, y, product);
}
