/**
 * Error-free transformations (Dekker 1971, Knuth TAOCP 4.2.2): the exact
 * rounding error of a sum or a product, so that a formula can carry a second
 * double of precision through its one delicate step.
 */

/** The rounding error of a + b: a + b = fl(a + b) + twoSumError(a, b, fl(a + b)) exactly. */
export function twoSumError(a: number, b: number, sum: number): number {
  const bVirtual = sum - a;
  const aVirtual = sum - bVirtual;
  return (a - aVirtual) + (b - bVirtual);
}

// Veltkamp's splitting constant 2^27 + 1 splits a double into two 26-bit halves.
const SPLITTER = 134217729;

/** The rounding error of a·b: a·b = fl(a·b) + twoProductError(a, b, fl(a·b)) exactly (absent overflow/underflow). */
export function twoProductError(a: number, b: number, product: number): number {
  let t = SPLITTER * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = SPLITTER * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  return aLow * bLow - (((product - aHigh * bHigh) - aLow * bHigh) - aHigh * bLow);
}

/** a's upper 26-bit half (Veltkamp): a − highHalf(a) is exact, for a constant that many products share. */
export function highHalf(a: number): number {
  const t = SPLITTER * a;
  return t - (t - a);
}

/** twoProductError(a, b, product) with a's halves given (aHigh = highHalf(a), aLow = a − aHigh): one split fewer. */
export function twoProductErrorOfHalves(aHigh: number, aLow: number, b: number, product: number): number {
  const t = SPLITTER * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  return aLow * bLow - (((product - aHigh * bHigh) - aLow * bHigh) - aHigh * bLow);
}

/**
 * The rounding error of a·b where it is representable: 0 when the product is
 * non-finite or so large that Veltkamp's split would overflow (|a·b| > 2^996),
 * where callers need no correction.
 */
export function productError(a: number, b: number, product: number): number {
  return Math.abs(product) < 1e290 ? twoProductError(a, b, product) : 0;
}
