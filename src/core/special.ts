/**
 * Numerically careful building blocks shared by several activations.
 * Each branch says which interval it covers and what it avoids.
 */
import erfLibrary from '@stdlib/math-base-special-erf';
import erfcLibrary from '@stdlib/math-base-special-erfc';
import { twoProductError, twoSumError } from './double-double.ts';

export const erf: (x: number) => number = erfLibrary;
export const erfc: (x: number) => number = erfcLibrary;

/** σ(x) = 1 / (1 + e^(−x)), never overflowing. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  // x < 0: e^(−x) would overflow for x < −709; e^x / (1 + e^x) stays finite and exact to the last ulp.
  const e = Math.exp(x);
  return e / (1 + e);
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

/**
 * softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)), exact for every x:
 * no overflow for x > 709 and no log(1) = 0 for x ≪ 0.
 */
export function softplus(x: number): number {
  // x < −37: log1p(e^x) = e^x to within 2^-53 relative, and Math.exp is the more accurate path.
  if (x < -37) return Math.exp(x);
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
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
