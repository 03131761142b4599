/**
 * sin and cos of a double-double argument, in double-double: the argument reduced by π/2 carried
 * to three doubles (so that a result near a root of sin or cos keeps its relative accuracy), then
 * Taylor series. For snake and sine, whose fast paths need them; Math.sin is within an ulp but
 * cannot be told how far.
 */
import { twoProductError } from './double-double.ts';
import { addExtended, extended, multiplyExtended } from './extended.ts';

// π/2 = P1 + P2 + P3 to 2^-160 (mpmath), and 2/π for the quotient.
const HALF_PI_1 = 1.5707963267948966;
const HALF_PI_2 = 6.123233995736766e-17;
const HALF_PI_3 = -1.4973849048591698e-33;
const TWO_OVER_PI = 0.6366197723675814;
/**
 * Up to this many quarter turns the reduction keeps 2^-100 relative even at the closest approach
 * of a double to a multiple of π/2 (about 2^-61 of it, for doubles below 2^30): beyond, the slow
 * path decides.
 */
export const TRIGONOMETRIC_LIMIT = 2 ** 28;

/** sin and cos of the last argument, each as two doubles. */
export const sineOf = { hi: 0, lo: 0 };
export const cosineOf = { hi: 0, lo: 0 };

/** Σ terms of the series in r² for sin(r)/r or cos(r), Horner from the smallest: 1 − r²/(a·b)·(1 − r²/(c·d)·(…)). */
function series(squareHigh: number, squareLow: number, first: number): void {
  // Terms fall below 2^-110 by the 14th pair for |r| ≤ π/4.
  let high = 1;
  let low = 0;
  for (let k = 28 + first; k > first; k -= 2) {
    multiplyExtended(squareHigh, squareLow, high, low);
    // (hi + lo)/divisor as two doubles: hi − quotient·divisor is exact (the two are close).
    const divisor = k * (k - 1);
    const quotient = extended.hi / divisor;
    const product = quotient * divisor;
    const rest = (extended.hi - product - twoProductError(quotient, divisor, product) + extended.lo) / divisor;
    addExtended(1, 0, -quotient, -rest);
    high = extended.hi;
    low = extended.lo;
  }
  extended.hi = high;
  extended.lo = low;
}

/**
 * sin(u + uLo) and cos(u + uLo) into `sineOf` and `cosineOf`, to about 2^-100 relative each; false
 * (and nothing written) when |u| is beyond TRIGONOMETRIC_LIMIT quarter turns or not finite.
 */
export function sinCosExtended(u: number, uLo: number): boolean {
  const quarter = Math.round(u * TWO_OVER_PI);
  if (!(Math.abs(quarter) <= TRIGONOMETRIC_LIMIT)) return false;
  // r = u − quarter·π/2, each product with its rounding error: the first subtraction cancels exactly.
  let high = u;
  let low = uLo;
  for (const part of [HALF_PI_1, HALF_PI_2, HALF_PI_3]) {
    const product = quarter * part;
    addExtended(high, low, -product, -twoProductError(quarter, part, product));
    high = extended.hi;
    low = extended.lo;
  }
  multiplyExtended(high, low, high, low);
  const squareHigh = extended.hi;
  const squareLow = extended.lo;
  // sin r = r·(1 − r²/(2·3)·(1 − r²/(4·5)·…)), cos r = 1 − r²/(1·2)·(1 − r²/(3·4)·…).
  series(squareHigh, squareLow, 1);
  multiplyExtended(extended.hi, extended.lo, high, low);
  const sinHigh = extended.hi;
  const sinLow = extended.lo;
  series(squareHigh, squareLow, 0);
  const cosHigh = extended.hi;
  const cosLow = extended.lo;
  switch (((quarter % 4) + 4) % 4) {
    case 0:
      [sineOf.hi, sineOf.lo, cosineOf.hi, cosineOf.lo] = [sinHigh, sinLow, cosHigh, cosLow];
      break;
    case 1:
      [sineOf.hi, sineOf.lo, cosineOf.hi, cosineOf.lo] = [cosHigh, cosLow, -sinHigh, -sinLow];
      break;
    case 2:
      [sineOf.hi, sineOf.lo, cosineOf.hi, cosineOf.lo] = [-sinHigh, -sinLow, -cosHigh, -cosLow];
      break;
    default:
      [sineOf.hi, sineOf.lo, cosineOf.hi, cosineOf.lo] = [-cosHigh, -cosLow, sinHigh, sinLow];
  }
  return true;
}
