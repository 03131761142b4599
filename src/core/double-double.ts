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

/** a·x + b with one rounding of the exact result (fused multiply-add, up to rare double-rounding ties). */
export function multiplyAdd(a: number, x: number, b: number): number {
  const product = a * x;
  const productError = twoProductError(a, x, product);
  const sum = product + b;
  const sumError = twoSumError(product, b, sum);
  return sum + (sumError + productError);
}

/**
 * The rounding error of a·b where it is representable: 0 when the product is
 * non-finite or so large that Veltkamp's split would overflow (|a·b| > 2^996),
 * where callers need no correction.
 */
export function productError(a: number, b: number, product: number): number {
  return Math.abs(product) < 1e290 ? twoProductError(a, b, product) : 0;
}

/** A double-double: the unevaluated sum hi + lo, |lo| ≤ ulp(hi)/2 (about 106 bits). */
export type DoubleDouble = readonly [number, number];

function normalize(hi: number, lo: number): DoubleDouble {
  const sum = hi + lo;
  return [sum, lo - (sum - hi)];
}

export function ddAdd(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const sum = a[0] + b[0];
  return normalize(sum, twoSumError(a[0], b[0], sum) + a[1] + b[1]);
}

export function ddMultiply(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const product = a[0] * b[0];
  return normalize(product, productError(a[0], b[0], product) + a[0] * b[1] + a[1] * b[0]);
}

export function ddDivide(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const q = a[0] / b[0];
  if (!Number.isFinite(q) || q === 0) return [q, 0];
  // remainder a − q·b, exactly enough for one correction step
  const remainder = ddAdd(a, ddMultiply([-q, 0], b));
  return normalize(q, remainder[0] / b[0]);
}

const LN2_HIGH = 0.6931471805599453;
const LN2_LOW = 2.3190468138462996e-17;

/**
 * e^t as a double-double (relative error about 2^-100): t = k·ln 2 + r, then e^(r/512) by
 * its Taylor series in double-double arithmetic, squared nine times, times 2^k.
 * Math.exp alone is off by up to half an ulp, which a softmax of correctly rounded outputs cannot afford.
 */
export function ddExp(t: number): DoubleDouble {
  if (t !== t) return [t, 0];
  if (t < -745.2) return [0, 0];
  if (t > 709.8) return [Infinity, 0];
  const k = Math.round(t / LN2_HIGH);
  const p = k * LN2_HIGH;
  let r = ddAdd([t, 0], [-p, -twoProductError(k, LN2_HIGH, p)]);
  r = ddAdd(r, [-k * LN2_LOW, 0]);
  const s: DoubleDouble = [r[0] / 512, r[1] / 512];
  // Taylor series of e^s − 1 to s^10/10! (|s| < 7e-4: the next term is below 2^-110)
  let term: DoubleDouble = s;
  let sum: DoubleDouble = s;
  for (let n = 2; n <= 10; n++) {
    term = ddDivide(ddMultiply(term, s), [n, 0]);
    sum = ddAdd(sum, term);
  }
  // e^(512 s) = (1 + (e^s − 1))^512: square the expm1 form to keep its small part exact.
  let value = ddAdd([1, 0], sum);
  for (let i = 0; i < 9; i++) value = ddMultiply(value, value);
  // 2^k in two steps, so that neither factor overflows or underflows on its own.
  const half = Math.trunc(k / 2);
  const scaleA = 2 ** half;
  const scaleB = 2 ** (k - half);
  return [value[0] * scaleA * scaleB, value[1] * scaleA * scaleB];
}
