/**
 * Building blocks for the second and third derivatives and the parameter gradients (issue 17):
 * a small immutable double-double type over the kernels of extended.ts, and the derivatives of
 * the gates (σ, tanh, the Gaussian) that the definitions combine. Each formula is carried in
 * double-double and rounded once, so that the sums of the product rule keep their last bits
 * wherever their terms cancel less than about 2^-50; the tails where a result is subnormal are
 * written as coefficient·e^(−|t|) and rounded once by exponentialTimes.
 */
import { twoProductError, twoSumError } from './double-double.ts';
import { addExtended, complement, divideExtended, expExtended, extended, multiplyExtended, sigmoidExtended, sqrtExtended } from './extended.ts';
import { exponentialTimes, expm1Extended, log1pExtended, sigmoid, tanhDerivative, tanhDerivativeKernel, tanhExtended } from './special.ts';
import type { HigherDerivatives, KinkConvention } from './types.ts';

/** hi + lo, |lo| ≤ ulp(hi)/2. */
export interface DoubleDouble {
  readonly hi: number;
  readonly lo: number;
}

export function dd(hi: number, lo = 0): DoubleDouble {
  return { hi, lo };
}

function fromExtended(): DoubleDouble {
  return { hi: extended.hi, lo: extended.lo };
}

export function add(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  addExtended(a.hi, a.lo, b.hi, b.lo);
  return fromExtended();
}

export function subtract(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  addExtended(a.hi, a.lo, -b.hi, -b.lo);
  return fromExtended();
}

export function multiply(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  multiplyExtended(a.hi, a.lo, b.hi, b.lo);
  // Beyond about 2^996 the product's splitting overflows: the double product is all there is.
  if (extended.hi !== extended.hi) return { hi: a.hi * b.hi, lo: 0 };
  return fromExtended();
}

export function divide(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  // A divisor beyond 2^900 would overflow the product's splitting: divide by it scaled down, then scale.
  if (Math.abs(b.hi) > HUGE && Number.isFinite(b.hi)) {
    const q = divide(a, { hi: b.hi * TINY, lo: b.lo * TINY });
    return { hi: q.hi * TINY, lo: q.lo * TINY };
  }
  divideExtended(a.hi, a.lo, b.hi, b.lo);
  return fromExtended();
}

const HUGE = 2 ** 900;
const TINY = 2 ** -600;

/** a·k for a double k (exact for powers of two). */
export function times(a: DoubleDouble, k: number): DoubleDouble {
  return multiply(a, dd(k));
}

export function negate(a: DoubleDouble): DoubleDouble {
  return { hi: -a.hi, lo: -a.lo };
}

/** x·y exactly, as two doubles. */
export function product(x: number, y: number): DoubleDouble {
  const hi = x * y;
  return { hi, lo: Number.isFinite(hi) ? twoProductError(x, y, hi) : 0 };
}

/** x + y exactly, as two doubles. */
export function sum(x: number, y: number): DoubleDouble {
  const hi = x + y;
  return { hi, lo: Number.isFinite(hi) ? twoSumError(x, y, hi) : 0 };
}

/** The double nearest hi + lo. */
export function rounded(a: DoubleDouble): number {
  return a.hi + a.lo;
}

export function sqrt(a: DoubleDouble): DoubleDouble {
  if (a.hi === 0) return a;
  sqrtExtended(a.hi, a.lo);
  return fromExtended();
}

export const ONE = dd(1);

/** e^(t) − 1 for a double-double t. */
export function expm1(t: DoubleDouble): DoubleDouble {
  expm1Extended(t.hi, t.lo);
  return fromExtended();
}

/** log(1 + u) for 0 ≤ u ≤ 1. */
export function log1p(u: DoubleDouble): DoubleDouble {
  log1pExtended(u.hi, u.lo);
  return fromExtended();
}

export function exp(t: DoubleDouble): DoubleDouble {
  expExtended(t.hi, t.lo);
  return fromExtended();
}

// ---------------------------------------------------------------------------------------------
// σ and its derivatives.

/**
 * Beyond |t| = 700, σ′(t), −sign(t)·σ″(t) and σ‴(t) are e^(−|t|) to within e^-700 relative, and
 * e^(−|t|) nears the subnormals: there every formula is coefficient·e^(−|t|), rounded once.
 */
export const SIGMOID_TAIL = 700;

export interface GateDerivatives {
  readonly value: DoubleDouble;
  readonly first: DoubleDouble;
  readonly second: DoubleDouble;
  readonly third: DoubleDouble;
}

/** σ(t) and its first three derivatives at the double-double t, |t| ≤ SIGMOID_TAIL. */
export function sigmoidDerivatives(t: DoubleDouble): GateDerivatives {
  sigmoidExtended(t.hi, t.lo);
  const value = fromExtended();
  const other = dd(complement.hi, complement.lo);
  const first = multiply(value, other);
  // 1 − 2σ(t) = σ(−t) − σ(t) cancels near 0: there its series −t/2 + t³/24 (next term t⁵/240).
  const oneMinusTwice = Math.abs(t.hi) < 2 ** -20 ? add(times(t, -0.5), dd((t.hi * t.hi * t.hi) / 24)) : subtract(other, value);
  return { value, first, second: multiply(first, oneMinusTwice), third: multiply(first, add(ONE, times(first, -6))) };
}

/** tanh and its first three derivatives at the double x, |x| < TANH_TAIL. */
export function tanhDerivatives(x: number, xLow = 0): GateDerivatives {
  tanhExtended(x);
  let value = fromExtended();
  tanhDerivativeKernel(x);
  let first = fromExtended();
  // tanh(x + xLow) = tanh x + xLow·sech²x, sech²(x + xLow) = sech²x − 2·xLow·tanh x·sech²x.
  if (xLow !== 0) {
    const shift = times(first, xLow);
    first = subtract(first, times(multiply(value, shift), 2));
    value = add(value, shift);
  }
  // tanh″ = −2·tanh·sech², tanh‴ = −2·sech²·(sech² − 2·tanh²) = 2·sech²·(3·tanh² − 1).
  const second = times(multiply(value, first), -2);
  const third = times(multiply(first, subtract(times(multiply(value, value), 3), ONE)), 2);
  return { value, first, second, third };
}

/** Beyond |x| = 350, sech²x = 4e^(−2|x|) to within e^-700 relative and nears the subnormals. */
export const TANH_TAIL = 350;

// 1/√(2π) as two doubles (mpmath).
const INVERSE_SQRT_TWO_PI = dd(0.3989422804014327, -2.49232720227773e-17);

/**
 * c·φ(t) = c·e^(−t²/2)/√(2π) for double-double t and c, rounded once: t² carried exactly, and a
 * subnormal result rounded once at the end.
 */
export function densityTimes(t: DoubleDouble, coefficient: DoubleDouble): number {
  const square = multiply(t, t);
  if (!Number.isFinite(square.hi)) return t.hi === t.hi ? 0 : t.hi;
  const c = multiply(coefficient, INVERSE_SQRT_TWO_PI);
  return exponentialTimes(-0.5 * square.hi, c.hi, -0.5 * square.lo, c.lo);
}

/** c/y^n for a double-double c, by n divisions in double-double (no overflow on the way). */
export function dividedByPower(c: DoubleDouble, y: DoubleDouble, n: number): number {
  let result = c;
  for (let i = 0; i < n; i++) result = divide(result, y);
  return rounded(result);
}

// ---------------------------------------------------------------------------------------------
// Pieces and kinks.

/** Whether x is on the right-hand piece of a kink at `at` under the convention. */
export function onRight(x: number, at: number, kink: KinkConvention): boolean {
  return x > at || (x === at && kink === 'right');
}

/** NaN stays NaN; everything else takes the piece's constant. */
export function always(value: number): (x: number) => number {
  return (x) => (x === x ? value : x);
}

const zero = always(0);

/** Second and third derivatives of a piecewise-linear function: zero on every piece. */
export const LINEAR_HIGHER: HigherDerivatives = { second: zero, third: zero };

/** A derivative that is `inside` on [from, to) under the convention at each end, 0 outside. */
export function pieceConstant(from: number, to: number, inside: number, kink: KinkConvention): (x: number) => number {
  return (x) => (x !== x ? x : onRight(x, from, kink) && !onRight(x, to, kink) ? inside : 0);
}

// ---------------------------------------------------------------------------------------------
// Gates x·σ(βx) (silu, swish, quick_gelu).

/**
 * The second and third derivatives of x·σ(βx): with t = βx (exact as two doubles),
 * f″ = β·(2σ′(t) + t·σ″(t)) and f‴ = β²·(3σ″(t) + t·σ‴(t)).
 */
export function swishHigher(beta: number): HigherDerivatives {
  const betaSquared = product(beta, beta);
  const orders = (x: number, order: 2 | 3): number => {
    const t = product(beta, x);
    if (t.hi !== t.hi) return t.hi;
    const a = Math.abs(t.hi);
    if (a > SIGMOID_TAIL) {
      // σ′ ≈ e^(−|t|), σ″ ≈ −sign(t)·e^(−|t|), σ‴ ≈ e^(−|t|).
      if (!Number.isFinite(a)) return 0;
      const sign = Math.sign(t.hi);
      const lowOfExponent = -sign * t.lo;
      const coefficient = order === 2 ? times(sum(2, -a), beta) : times(multiply(betaSquared, sum(a, -3)), sign);
      return exponentialTimes(-a, coefficient.hi, lowOfExponent, coefficient.lo);
    }
    const gate = sigmoidDerivatives(t);
    return order === 2
      ? rounded(times(add(times(gate.first, 2), multiply(t, gate.second)), beta))
      : rounded(multiply(add(times(gate.second, 3), multiply(t, gate.third)), betaSquared));
  };
  return { second: (x) => orders(x, 2), third: (x) => orders(x, 3) };
}

/** ∂/∂β of x·σ(βx) = x²·σ′(βx). */
export function swishBetaGradient(beta: number): (x: number) => number {
  return (x) => {
    const t = product(beta, x);
    if (t.hi !== t.hi) return t.hi;
    const a = Math.abs(t.hi);
    const square = product(x, x);
    if (a > SIGMOID_TAIL) {
      if (!Number.isFinite(a)) return 0;
      // x² may overflow where e^(−|t|) is tiny: (|x|·e^(−|t|/2))².
      if (!Number.isFinite(square.hi)) {
        const half = Math.abs(x) * exponentialTimes(-a / 2, 1);
        return half * half;
      }
      return exponentialTimes(-a, square.hi, -Math.sign(t.hi) * t.lo, square.lo);
    }
    if (!Number.isFinite(square.hi)) return Infinity;
    return rounded(multiply(square, sigmoidDerivatives(t).first));
  };
}

// ---------------------------------------------------------------------------------------------
// softplus's β.

/**
 * ∂/∂β of softplus(βx)/β = (t·σ(t) − softplus(t))/β², t = βx, as a sum of two terms of one sign:
 * t·σ(t) − log1p(e^t) for t ≤ 0, −(t·σ(−t) + log1p(e^(−t))) for t > 0.
 */
export function softplusBetaGradient(beta: number): (x: number) => number {
  const betaSquared = product(beta, beta);
  return (x) => {
    const t = product(beta, x);
    if (t.hi !== t.hi) return t.hi;
    const a = Math.abs(t.hi);
    if (a > SIGMOID_TAIL) {
      if (t.hi === Infinity) return -0;
      if (t.hi === -Infinity) return 0;
      // t ≪ 0: (t − 1)·e^t; t ≫ 0: −(t + 1)·e^(−t); each over β².
      const coefficient = t.hi < 0 ? t.hi - 1 : -(t.hi + 1);
      return exponentialTimes(-a, coefficient / betaSquared.hi, -Math.sign(t.hi) * t.lo);
    }
    sigmoidExtended(t.hi, t.lo);
    const gate = t.hi <= 0 ? fromExtended() : dd(complement.hi, complement.lo);
    expExtended(-a, -Math.sign(t.hi) * t.lo);
    const logTerm = log1p(fromExtended());
    const gateTerm = multiply(t.hi <= 0 ? t : negate(t), gate);
    return rounded(divide(subtract(gateTerm, logTerm), betaSquared));
  };
}

/** The orders as one function: `orders(x, 2)` or `orders(x, 3)`. */
export function fromOrders(orders: (x: number, order: 2 | 3) => number): HigherDerivatives {
  return { second: (x) => orders(x, 2), third: (x) => orders(x, 3) };
}

/** `left(x)` on the left of a kink at `at`, `right(x)` on the right; the convention picks at the kink. */
export function byPiece(at: number, kink: KinkConvention, left: (x: number) => number, right: (x: number) => number): (x: number) => number {
  return (x) => (x !== x ? x : onRight(x, at, kink) ? right(x) : left(x));
}

/** x on the left of 0, 0 on the right: ∂/∂slope of a rectifier's negative piece. */
export function negativePart(kink: KinkConvention, factor = 1): (x: number) => number {
  return byPiece(0, kink, (x) => factor * x, () => 0);
}

// ---------------------------------------------------------------------------------------------
// σ and tanh themselves.

/** σ″ (order 2) or σ‴ (order 3) at the double x, rounded once. */
export function sigmoidOrder(x: number, order: 2 | 3): number {
  if (x !== x) return x;
  const a = Math.abs(x);
  if (a > SIGMOID_TAIL) return exponentialTimes(-a, order === 2 ? -Math.sign(x) : 1);
  const gate = sigmoidDerivatives(dd(x));
  return rounded(order === 2 ? gate.second : gate.third);
}

/** tanh″ (order 2) or tanh‴ (order 3) at the double x, rounded once. */
export function tanhOrder(x: number, order: 2 | 3): number {
  if (x !== x) return x;
  const a = Math.abs(x);
  // sech² = 4e^(−2|x|), tanh = ±1: tanh″ = ∓8e^(−2|x|), tanh‴ = 16e^(−2|x|).
  if (a >= TANH_TAIL) return exponentialTimes(-2 * a, order === 2 ? -8 * Math.sign(x) : 16);
  const gate = tanhDerivatives(x);
  return rounded(order === 2 ? gate.second : gate.third);
}

// Below 2^-1000 a result is subnormal, and one that vanishes linearly at 0 (tanh″, gelu‴) would
// lose its last bits inside the formula: it is evaluated at x·2^600 and scaled back (two roundings,
// within an ulp), where the two scales confirm that it is linear there.
const SUBNORMAL_RESULT = 2 ** -1000;
const UP = 2 ** 600;
const DOWN = 2 ** -600;

/** `derivative`, with a result that is linear in a tiny x computed at a scale where it is normal. */
export function scaledNearZero(derivative: (x: number) => number): (x: number) => number {
  return (x) => {
    const y = derivative(x);
    if (!(Math.abs(x) < DOWN) || x === 0 || !(Math.abs(y) < SUBNORMAL_RESULT)) return y;
    const scaled = derivative(x * UP);
    return Math.abs(derivative(2 * x * UP) - 2 * scaled) <= 2 ** -40 * Math.abs(scaled) ? scaled * DOWN : y;
  };
}

// ---------------------------------------------------------------------------------------------
// The largest term of each formula, in plain doubles: near a root of f″ or f‴ the terms cancel,
// and SPEC §7's mixed bound measures the error in ulps of the largest of them.

/** |σ′(t)|, |σ″(t)| and the largest term of σ‴ = σ′ − 6σ′². */
export function sigmoidMagnitudes(t: number): { first: number; second: number; third: number } {
  const s = sigmoid(t);
  const c = sigmoid(-t);
  const first = s * c;
  return { first, second: first * Math.abs(c - s), third: Math.max(first, 6 * first * first) };
}

/** |tanh|, sech², |tanh″| = 2|tanh|sech² and the largest term of tanh‴ = 6·sech²·tanh² − 2·sech². */
export function tanhMagnitudes(x: number): { value: number; first: number; second: number; third: number } {
  const value = Math.abs(Math.tanh(x));
  const first = tanhDerivative(x);
  return { value, first, second: 2 * value * first, third: Math.max(6 * first * value * value, 2 * first) };
}

/** The largest term of x·σ(βx)'s f″ = β(2σ′ + tσ″) and f‴ = β²(3σ″ + tσ‴), t = βx. */
export function swishLargestTerm(beta: number): (x: number, order: 2 | 3) => number {
  return (x, order) => {
    const t = beta * x;
    const m = sigmoidMagnitudes(t);
    return order === 2 ? Math.abs(beta) * Math.max(2 * m.first, Math.abs(t) * m.second) : beta * beta * Math.max(3 * m.second, Math.abs(t) * m.third);
  };
}
