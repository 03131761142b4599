/**
 * Numerically careful building blocks shared by several activations.
 * Each branch says which interval it covers and what it avoids.
 */
import erfLibrary from '@stdlib/math-base-special-erf';
import erfcLibrary from '@stdlib/math-base-special-erfc';
import { productError, twoProductError, twoSumError } from './double-double.ts';
import { EXP_OVERFLOW, EXP_SUBNORMAL, addExtended, divideExtended, expExtended, expm1Series, extended, multiplyExtended, sigmoidExtended, sigmoidProductAt } from './extended.ts';

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

/**
 * Where e^x's evaluation switches: 0, the scaled path below −700, subnormal results, and 0 in
 * double; for the fast path, expm1's series below 2^-10, the overflow threshold up to 709.8, and
 * the tails that round to zero (−746, −760).
 */
export const EXPONENT_BRANCHES: readonly number[] = [0, -700, EXP_SUBNORMAL, -745.1332191019411, EXP_OVERFLOW, 709.8, -746, -760, -(2 ** -10)];

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
  sigmoidDerivativeExtended(a);
  return extended.hi;
}

/** e/(1 + e)² with e = e^a (a ≤ 0, e normal) as two doubles into `extended`. */
function sigmoidDerivativeExtended(a: number): void {
  expExtended(a);
  const e = extended.hi;
  const eLow = extended.lo;
  const d = 1 + e;
  const dLow = twoSumError(1, e, d) + eLow;
  multiplyExtended(d, dLow, d, dLow);
  divideExtended(e, eLow, extended.hi, extended.lo);
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
export const TANH_DERIVATIVE_BRANCHES: readonly number[] = [0.5, 354, 2 ** -20, 20, 2 ** -11];

/** tanh′(x) = 1 − tanh²(x) = sech²(x), without the cancellation of 1 − t² when |t| → 1. */
export function tanhDerivative(x: number): number {
  const a = Math.abs(x);
  // |x| ≥ 354: e^(−2|x|) is subnormal and would lose digits before the ×4; 4·e^(−2|x|) rounded once.
  if (!(a < TANH_DERIVATIVE_BRANCHES[1])) return a === a ? exponentialTimes(-2 * a, 4) : a;
  tanhDerivativeKernel(a);
  return extended.hi;
}

// |x| ≥ 20: tanh x = ±(1 − 2e^(−2|x|) + …) rounds to ±1 (2e^-40 < 2^-54).
export const TANH_SATURATED = 20;
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
  if (a < 0.5) {
    // −m/(2 + m) with m = expm1(−2|x|): 1 − e^(−2|x|) would cancel up to 2^20 times.
    expm1Extended(-2 * a);
    const m = extended.hi;
    const mLow = extended.lo;
    const two = 2 + m;
    divideExtended(-m, -mLow, two, twoSumError(2, m, two) + mLow);
  } else {
    tanhOfLarger(a);
  }
  if (x < 0) {
    extended.hi = -extended.hi;
    extended.lo = -extended.lo;
  }
}

/** tanh a for a ≥ 1/2: (1 − e)/(1 + e), e = e^(−2a), where 1 − e cancels at most twice. */
function tanhOfLarger(a: number): void {
  expExtended(-2 * a);
  const e = extended.hi;
  const eLow = extended.lo;
  const numerator = 1 - e;
  const numeratorLow = twoSumError(1, -e, numerator) - eLow;
  const denominator = 1 + e;
  divideExtended(numerator, numeratorLow, denominator, twoSumError(1, e, denominator) + eLow);
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
 * (coefficient + coefficientLow)·e^(x + xLow), with a single rounding where e^x is subnormal (x < −708):
 * there e^x alone would already have lost bits that a coefficient > 1 magnifies.
 */
export function exponentialTimes(x: number, coefficient: number, xLow = 0, coefficientLow = 0): number {
  if (!(x < -700)) {
    expExtended(x, xLow);
    const e = extended.hi;
    const product = coefficient * e;
    if (!Number.isFinite(product)) return product;
    return product + (productError(coefficient, e, product) + coefficient * extended.lo + coefficientLow * e);
  }
  // Below −1500, e^x·c is 0 for every finite c (and the limit for an infinite one).
  if (x < -1500) return coefficient < 0 ? -0 : coefficient === coefficient ? 0 : coefficient;
  return scaledExponential(x, xLow) * coefficient * SCALE_DOWN;
}

/** x / y as a double-double quotient's correction: the exact x − q·y for q = fl(x / y). */
export function divisionRemainder(x: number, y: number, q: number): number {
  const product = q * y;
  return x - product - twoProductError(q, y, product);
}

// ---------------------------------------------------------------------------------------------
// Double-double kernels with an error bound: the fast path of correct rounding. Each writes its
// result as hi + lo into `extended` and returns a bound on the error of hi + lo.

/**
 * The relative error bound claimed for every double-double kernel. Their measured worst is far
 * smaller (test/core/correct-rounding.test.ts checks the claim against mpmath on the sweep); a
 * generous bound only sends a few more results to the slow path (about 2^-18 of them).
 */
export const EXTENDED_BOUND = 2 ** -72;
// Below this the low part of a double-double is lost to underflow: such results go to the slow path.
export const SMALLEST_EXTENDED = 2 ** -960;

/** The bound for a result whose error is EXTENDED_BOUND relative to `scale` (by default |result|). */
export function extendedBound(scale = Math.abs(extended.hi)): number {
  return Math.abs(extended.hi) >= SMALLEST_EXTENDED ? scale * EXTENDED_BOUND : Infinity;
}

/**
 * The bound that says "hi is the correctly rounded result": an exact double (x, a clamp) or what a
 * far tail is known to round to (a zero, ±1, x). Such a result is never a midpoint of a lower dtype.
 */
export const SETTLED = -1;

/** A result whose correct rounding is known (see SETTLED). */
export function settled(value: number): number {
  extended.hi = value;
  extended.lo = 0;
  return SETTLED;
}

/** A saturated tail: `value` (1, x) within EXTENDED_BOUND of the result, which rounds to it or nearly. */
export function saturated(value: number): number {
  extended.hi = value;
  extended.lo = 0;
  return extendedBound();
}

/**
 * A plain double from a fast-path kernel, for definitions whose plain formula is their kernel:
 * hi + lo where the kernel decided, `fallback(x)` where it could not (without one, the plain
 * double the kernel left in `extended`).
 */
export function kernelRounded(kernel: (x: number) => number, fallback?: (x: number) => number): (x: number) => number {
  return (x) => (kernel(x) === Infinity && fallback ? fallback(x) : extended.hi + extended.lo);
}

/** No fast answer here: the slow path decides (the plain double in `extended` meanwhile). */
export function undecided(value: number): number {
  extended.hi = value;
  extended.lo = 0;
  return Infinity;
}

// |f| < 2^-1076 rounds to zero: e^x·|c| is that small once x + log|c| < −750.
const ROUNDS_TO_ZERO = -750;

/** Whether c·e^a is certainly below half the smallest subnormal. */
export function roundsToZero(a: number, coefficient: number): boolean {
  return a < zeroThreshold(coefficient);
}

/** The a below which c·e^a is certainly below half the smallest subnormal (+∞ for c = 0): for a kernel to work out once. */
export function zeroThreshold(coefficient: number): number {
  return coefficient === 0 ? Infinity : ROUNDS_TO_ZERO - Math.log(Math.abs(coefficient));
}

/** e^x (also the derivative of e^x). */
export function exponentialExtended(x: number): number {
  if (x > 709.8) return settled(Infinity);
  // Between the largest finite result and 709.8 the overflow threshold falls: decided slowly.
  if (x > EXP_OVERFLOW) return undecided(Infinity);
  if (x < -746) return settled(0);
  expExtended(x);
  return extendedBound();
}

// Down to 2^-10, e^x − 1 cancels at most 2^10 times the exponential's 2^-88, which leaves 2^-78;
// below 2^-10, the series.
export const EXPM1_SERIES = 2 ** -10;

/** e^(x + xLow) − 1 as two doubles into `extended`, about 2^-78 relative, without cancellation near 0. */
export function expm1Extended(x: number, xLow = 0): void {
  const a = Math.abs(x);
  if (a < EXPM1_SERIES) {
    expm1Series(x, xLow);
    return;
  }
  expExtended(x, xLow);
  addExtended(extended.hi, extended.lo, -1, 0);
}

/** σ(a + aLow). */
export function sigmoidKernel(a: number, aLow = 0): number {
  if (a < -746) return settled(0);
  // σ(a) ≈ e^a is subnormal below −708: the slow path rounds it.
  if (a < EXP_SUBNORMAL) return undecided(sigmoidOfSum(a, aLow));
  sigmoidExtended(a, aLow);
  return extendedBound();
}

/** σ′(x) = e/(1 + e)², e = e^(−|x|). */
export function sigmoidDerivativeKernel(x: number): number {
  const a = -Math.abs(x);
  if (a < -746) return settled(0);
  if (a < EXP_SUBNORMAL) return undecided(sigmoidDerivative(x));
  // σ(x) was usually just computed at this x (its value): σ(x)·σ(−x) then costs one product.
  if (!sigmoidProductAt(x)) sigmoidDerivativeExtended(a);
  return extendedBound();
}

/** tanh x. */
export function tanhKernel(x: number): number {
  if (x === 0) return settled(x);
  const a = Math.abs(x);
  tanhExtended(x);
  // Beyond 20 tanhExtended says ±1; the truth is 2e^(−2|x|) closer to 0.
  if (a >= TANH_SATURATED) return extendedBound() + 2.1 * Math.exp(-2 * a);
  return extendedBound();
}

/** tanh′ x = sech² x. */
export function tanhDerivativeKernel(x: number): number {
  const a = Math.abs(x);
  if (a <= TANH_DERIVATIVE_BRANCHES[0]) {
    // |x| ≤ 0.5: t² < 0.22, so 1 − t² does not cancel; t in double-double keeps it to the last bit.
    tanhExtended(a);
    const t = extended.hi;
    const tLow = extended.lo;
    multiplyExtended(t, tLow, t, tLow);
    addExtended(1, 0, -extended.hi, -extended.lo);
    return extendedBound();
  }
  // |x| ≥ 354: 4e^(−2|x|) is subnormal (or rounds to 0: the factor 4 counts).
  if (!(a < TANH_DERIVATIVE_BRANCHES[1])) return roundsToZero(-2 * a, 4) ? settled(0) : undecided(tanhDerivative(x));
  // sech²(x) = 4·σ′(2x): no cancellation, no overflow (2x and the factor 4 are exact).
  const bound = sigmoidDerivativeKernel(2 * a);
  extended.hi *= 4;
  extended.lo *= 4;
  return 4 * bound;
}

/**
 * log(1 + u) for 0 ≤ u ≤ 1 given as two doubles: one Newton step on expm1 from the double log1p,
 * y = y₀ + (u − expm1(y₀))/(1 + expm1(y₀)), whose error is that of expm1 (relative, since y ≈ u
 * near 0) plus the square of the double's.
 */
export function log1pExtended(u: number, uLow: number): void {
  const y0 = Math.log1p(u);
  expm1Extended(y0);
  const m = extended.hi;
  // u − m is exact (m is within a few ulps of u), and the step is a correction of about 2^-52 of
  // y: in double, its own rounding is 2^-105 of y.
  const step = (u - m + (uLow - extended.lo)) / (1 + m);
  const y = y0 + step;
  extended.hi = y;
  extended.lo = step - (y - y0);
}

// log1pQuick's table: c_j, the double nearest 1/(1 + j/1024), and −log(c_j) as two doubles, for
// j = 1 … 1024, made on first use from divideExtended and log1pExtended (within 2^-88).
const LOG_TABLE_SIZE = 1024;
const LOG_TABLE_INVERSE = new Float64Array(LOG_TABLE_SIZE + 1);
const LOG_TABLE_HIGH = new Float64Array(LOG_TABLE_SIZE + 1);
const LOG_TABLE_LOW = new Float64Array(LOG_TABLE_SIZE + 1);

function fillLogTable(): void {
  for (let j = 1; j <= LOG_TABLE_SIZE; j++) {
    const inverse = 1 / (1 + j / LOG_TABLE_SIZE);
    // 1/c_j as two doubles; 1/c_j − 1 is exact in its high part (it lies in [1, 2]).
    divideExtended(1, 0, inverse, 0);
    log1pExtended(extended.hi - 1, extended.lo);
    LOG_TABLE_INVERSE[j] = inverse;
    LOG_TABLE_HIGH[j] = extended.hi;
    LOG_TABLE_LOW[j] = extended.lo;
  }
}

/**
 * log1pQuick's error in softplus's loop, relative to log(1 + u), about 4 times over: its own is
 * 2^-63.6 (below u = 2^-11 the series' two roundings, each 2^-53 of at most 2^-12·u, and one of
 * the low part; above, the series' rounding, 2^-76 against a result of at least 2^-11, and the
 * table's 2^-88), and a relative error ε of u moves log(1 + u) by at most ε relatively
 * (u/((1 + u)·log(1 + u)) ≤ 1), which for the quick exponential's u is 2^-62.8: 2^-62.2 in all.
 */
export const QUICK_LOG1P_BOUND = 2 ** -60;

/**
 * log(1 + u) for 0 ≤ u ≤ 1 given as two doubles, into `extended`, in double arithmetic with one
 * exact product: the quick step of softplus's loop (log1pExtended takes an e^x in double-double).
 * u < 2^-11: u + uLow·(1 − u) and the series from −u²/2 to u⁷/7 (u⁸/8 < 2^-77·u). Above: 1 + u =
 * (1/c_j)(1 + r) with c_j ≈ 1/(1 + j/1024) from the table, r = (1 + u)·c_j − 1, |r| ≤ 2^-11, so
 * log(1 + u) = −log(c_j) + log1p(r) by the same series.
 */
export function log1pQuick(u: number, uLow: number): void {
  if (u < 2 ** -11) {
    const series = u * u * (-0.5 + u * (1 / 3 + u * (-0.25 + u * (0.2 + u * (-1 / 6 + u * (1 / 7))))));
    const low = uLow * (1 - u) + series;
    const high = u + low;
    extended.hi = high;
    extended.lo = low - (high - u);
    return;
  }
  if (LOG_TABLE_INVERSE[LOG_TABLE_SIZE] === 0) fillLogTable();
  const sum = 1 + u;
  // Fast2Sum (1 ≥ u): 1 + u + uLow = sum + sumLow, the first part exact.
  const sumLow = u - (sum - 1) + uLow;
  const j = Math.round((sum - 1) * LOG_TABLE_SIZE);
  const inverse = LOG_TABLE_INVERSE[j];
  const product = sum * inverse;
  // product is within 2^-10 of 1: product − 1 is exact (Sterbenz).
  const r = product - 1;
  const rLow = twoProductError(sum, inverse, product) + sumLow * inverse;
  const series = r * r * (-0.5 + r * (1 / 3 + r * (-0.25 + r * (0.2 + r * (-1 / 6 + r * (1 / 7))))));
  const tableHigh = LOG_TABLE_HIGH[j];
  const high = tableHigh + r;
  // log1p(r + rLow) = log1p(r) + rLow/(1 + r), the quotient to r²·rLow.
  const low = twoSumError(tableHigh, r, high) + LOG_TABLE_LOW[j] + rLow * (1 - r + r * r) + series;
  const result = high + low;
  extended.hi = result;
  extended.lo = low - (result - high);
}

/** softplus(a + aLow) = max(a, 0) + log1p(e^(−|a|)). */
export function softplusKernel(a: number, aLow = 0): number {
  if (a < -746) return settled(0);
  // softplus(a) ≈ e^a is subnormal below −708.
  if (a < EXP_SUBNORMAL) return undecided(softplusOfSum(a, aLow));
  const negative = a < 0;
  // e^(−|a| ∓ aLow): the correction enters the exponent with the sign of −|a|.
  expExtended(negative ? a : -a, negative ? aLow : -aLow);
  log1pExtended(extended.hi, extended.lo);
  if (!negative) addExtended(a, aLow, extended.hi, extended.lo);
  return extendedBound();
}
