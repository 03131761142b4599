/** Smooth gates: x times a sigmoid-like gate (GELU, SiLU, swish, mish) and the softplus family. */
import { productError, twoProductError, twoSumError } from '../double-double.ts';
import {
  EXP_SUBNORMAL,
  QUICK_EXPONENTIAL_BELOW,
  QUICK_EXPONENTIAL_BOUND,
  addExtended,
  complement,
  divideExtended,
  expAccurate,
  expExtended,
  expUncached,
  exponentialTable,
  extended,
  multiplyExtended,
  scaledExponentialQuick,
  sigmoidExtended,
  sigmoidPairOf,
  sigmoidPairQuick,
  sigmoidsOfExponential,
  sqrtExtended,
  timesExtended,
} from '../extended.ts';
import { mustBeFinite, mustBePositive, numberOf, numberParameter, optionalNumberOf, choiceOf } from '../parameters.ts';
import {
  erfc,
  log1pExtended,
  log1pQuick,
  QUICK_LOG1P_BOUND,
  exponentialTimes,
  gaussianTimes,
  EXPONENT_BRANCHES,
  SIGMOID_IS_EXPONENTIAL,
  SOFTPLUS_IS_EXPONENTIAL,
  sigmoid,
  sigmoidOfSum,
  softplusOfSum,
  symmetric,
} from '../special.ts';
import {
  EXTENDED_BOUND,
  SMALLEST_EXTENDED,
  extendedBound,
  roundsToZero,
  saturated,
  settled,
  sigmoidKernel,
  softplusKernel,
  undecided,
} from '../special.ts';
import {
  constant,
  exactDecimal,
  normalCdf,
  normalDensity as exactNormalDensity,
  sigmoid as exactSigmoid,
  softplus as exactSoftplus,
  tanh as exactTanh,
  type Exact,
  type ExactContext,
} from '../arbitrary.ts';
import type { ElementwiseDefinition, ExactActivation, ExtendedActivation, FusedLoop, KinkConvention, Params, ScalarActivation } from '../types.ts';
import {
  SIGMOID_TAIL,
  add,
  always,
  byPiece,
  dd,
  dividedByPower,
  fromOrders,
  densityTimes,
  divide,
  multiply,
  product,
  rounded,
  sigmoidDerivatives,
  softplusBetaGradient,
  sqrt as sqrtOf,
  subtract,
  swishBetaGradient,
  swishHigher,
  swishLargestTerm,
  sigmoidMagnitudes,
  tanhMagnitudes,
  tanhDerivatives,
  times,
  type DoubleDouble,
} from '../higher.ts';
import type { HigherDerivatives } from '../types.ts';
import { decideInto, writeBothIfDecided, writeOrAsk } from '../fused.ts';
import { decideDouble, nearestWithin, roundingStatistics } from '../correct-rounding.ts';
import { MILLS_RATIO_BOUND, MILLS_TABLE_LIMIT, createMillsRatio } from '../mills-ratio.ts';

// Each constant as a double (HIGH) and the rest of its exact value (LOW).
const INV_SQRT2_HIGH = 0.7071067811865476;
const INV_SQRT_2PI_HIGH = 0.3989422804014327;
const INV_SQRT_2PI_LOW = -2.49232720227773e-17;
export const SQRT_2_OVER_PI_HIGH = 0.7978845608028654;
export const SQRT_2_OVER_PI_LOW = -4.98465440455546e-17;
// The tanh approximation's cubic coefficient 0.044715 (Hendrycks & Gimpel) is not a double either.
const KAPPA_HIGH = 0.044715;
const KAPPA_LOW = 2.1960211427085595e-18;

/** φ(x)·coefficient, with 1/√(2π) carried to two doubles. */
function normalDensityTimes(x: number, coefficient: number): number {
  return gaussianTimes(x, coefficient * INV_SQRT_2PI_HIGH + coefficient * INV_SQRT_2PI_LOW);
}

/** Mills-ratio series t·(1 − Φ(t))/φ(t) = 1 − 1/t² + 3/t⁴ − 15/t⁶ + …, for t ≥ 26 (terms fall below 2^-60 by k = 9). */
function millsSeries(t: number): number {
  const w = 1 / (t * t);
  let sum = 0;
  for (let k = 10; k >= 1; k--) sum = -(2 * k - 1) * w * (1 + sum);
  return 1 + sum;
}

// |x| ≥ 26: the Mills-ratio series; for x ≥ 26, Φ(x) = 1 − 2^-490 or closer, so gelu(x) = x and gelu′(x) = 1.
const MILLS_THRESHOLD = 26;
const GELU_SATURATED = 40;
// ½ − φ(t)·S(t) loses log2(½/Φ(−t)) bits to cancellation: with φ from the 2^-104 exponential,
// 2^-95 relative at t = 3; beyond, the continued fraction.
export const NORMAL_SERIES_LIMIT = 3;

// e^(−x²/2) takes the scaled path beyond |x| = √1400; the lower tail switches from the series to the
// continued fraction at 5, and to the Mills-ratio series at 26.
export const GELU_EXACT_BRANCHES = symmetric([0, NORMAL_SERIES_LIMIT, 4, 6, 15, 37, 39, GELU_SATURATED, MILLS_THRESHOLD, Math.sqrt(1400), 38.6]);

export const normalDensity = { hi: 0, lo: 0 };

/** φ(x) = e^(−x²/2)/√(2π) to about 2^-100 (the 2^-104 exponential; ½ − φ·S cancels) as two doubles into `normalDensity` (x² carried exactly), for |x| ≤ 37. */
export function normalDensityExtended(x: number): void {
  if (x === densityMemo.argument) {
    normalDensity.hi = extended.hi = densityMemo.hi;
    normalDensity.lo = extended.lo = densityMemo.lo;
    return;
  }
  const square = x * x;
  expAccurate(-0.5 * square, -0.5 * twoProductError(x, x, square));
  multiplyExtended(extended.hi, extended.lo, INV_SQRT_2PI_HIGH, INV_SQRT_2PI_LOW);
  normalDensity.hi = extended.hi;
  normalDensity.lo = extended.lo;
  remember(densityMemo, x);
}

/**
 * The last argument and result of each costly kernel below: value and gradient are evaluated one
 * after the other at the same x, and gelu's both need φ and the series or continued fraction at |x|.
 */
interface Memo {
  argument: number;
  hi: number;
  lo: number;
}
const densityMemo: Memo = { argument: NaN, hi: 0, lo: 0 };
const seriesMemo: Memo = { argument: NaN, hi: 0, lo: 0 };
const millsMemo: Memo = { argument: NaN, hi: 0, lo: 0 };

function remember(memo: Memo, argument: number): void {
  memo.argument = argument;
  memo.hi = extended.hi;
  memo.lo = extended.lo;
}

/** Recalls a memo's result into `extended` when `argument` is its argument. */
function recalled(memo: Memo, argument: number): boolean {
  if (argument !== memo.argument) return false;
  extended.hi = memo.hi;
  extended.lo = memo.lo;
  return true;
}

/**
 * S(t) = Σ t^(2n+1)/(2n+1)!! as two doubles into `extended`, for 0 ≤ t ≤ 3: Φ(t) − ½ = φ(t)·S(t).
 * All terms are positive; the sum stops when a term falls below 2^-110 of it (about 60 terms at t = 3).
 */
function normalSeries(t: number): void {
  if (recalled(seriesMemo, t)) return;
  const square = t * t;
  const squareLow = twoProductError(t, t, square);
  let termHigh = t;
  let termLow = 0;
  let sumHigh = t;
  let sumLow = 0;
  for (let n = 1; n < 200; n++) {
    multiplyExtended(termHigh, termLow, square, squareLow);
    divideExtended(extended.hi, extended.lo, 2 * n + 1, 0);
    termHigh = extended.hi;
    termLow = extended.lo;
    addExtended(sumHigh, sumLow, termHigh, termLow);
    sumHigh = extended.hi;
    sumLow = extended.lo;
    if (termHigh < 2 ** -110 * sumHigh) break;
  }
  extended.hi = sumHigh;
  extended.lo = sumLow;
  remember(seriesMemo, t);
}

/**
 * The Mills ratio R(t) = Φ(−t)/φ(t) by Laplace's continued fraction 1/(t + 1/(t + 2/(t + 3/(t + …)))),
 * evaluated backwards in double-double, for t ≥ 3: 150 levels reach 2^-97 at t = 3, 96 levels
 * 2^-99 at t = 4 and 2^-122 at t = 5 (mpmath); fewer are needed beyond.
 */
function millsRatioExtended(t: number): void {
  if (recalled(millsMemo, t)) return;
  const levels = t >= 15 ? 24 : t >= 6 ? 48 : t >= 4 ? 96 : 150;
  let high = t;
  let low = 0;
  for (let k = levels; k >= 1; k--) {
    divideExtended(k, 0, high, low);
    addExtended(t, 0, extended.hi, extended.lo);
    high = extended.hi;
    low = extended.lo;
  }
  divideExtended(1, 0, high, low);
  remember(millsMemo, t);
}

/** Φ(−t), the lower tail of the normal distribution, as two doubles into `extended`, for 0 ≤ t ≤ 37 (φ from the 2^-104 exponential holds to 37). */
export function lowerTailExtended(t: number): void {
  normalDensityExtended(t);
  if (t <= NORMAL_SERIES_LIMIT) {
    // ½ − φ(t)·S(t): the cancellation (at most 2^8.5 at t = 3) leaves about 2^-95.
    normalSeries(t);
    multiplyExtended(normalDensity.hi, normalDensity.lo, extended.hi, extended.lo);
    addExtended(0.5, 0, -extended.hi, -extended.lo);
    return;
  }
  millsRatioExtended(t);
  multiplyExtended(normalDensity.hi, normalDensity.lo, extended.hi, extended.lo);
}

export function geluExact(): ScalarActivation {
  return GELU_EXACT;
}

/**
 * Exact gelu in doubles: the fast path's double-double rounded (its kernels cover −37 ≤ x < 26),
 * x itself from 26 on, and below −37 x·Φ(x) = −φ(x)·S(|x|) by the Mills-ratio series, rounded once
 * even where subnormal (and Φ(x) + x·φ(x) = −φ(x)·(t − S(t)/t)).
 */
const GELU_EXACT: ScalarActivation = {
  value: (x) => {
    if (!(x < MILLS_THRESHOLD)) return x;
    if (x < GELU_EXTENDED_LIMIT) return -normalDensityTimes(x, millsSeries(-x));
    GELU_EXACT_KERNELS.value!(x);
    return extended.hi;
  },
  derivative: (x) => {
    if (!(x < MILLS_THRESHOLD)) return x === x ? 1 : x;
    if (x < GELU_EXTENDED_LIMIT) return -normalDensityTimes(x, -x - millsSeries(-x) / -x);
    GELU_EXACT_KERNELS.derivative!(x);
    return extended.hi;
  },
};

// x < −39: |gelu(x)| < φ(x) < 2^-1090 and |gelu′(x)| < |x|·φ(x) < 2^-1085 round to −0; from −37
// down the results are subnormal and the slow path rounds them.
const GELU_ROUNDS_TO_ZERO = -39;
const GELU_EXTENDED_LIMIT = -37;

/** The fast path of exact gelu: Φ and φ in double-double, unrounded. */
function geluExactKernels(): ExtendedActivation {
  return GELU_EXACT_KERNELS;
}

export const GELU_EXACT_KERNELS: ExtendedActivation = {
  value: (x) => {
    if (x === 0) return settled(x);
    // x ≥ 26: x·Φ(x) = x − x·Φ(−x), within 2^-490·x of x.
    if (x >= MILLS_THRESHOLD) return settled(x);
    if (x < GELU_ROUNDS_TO_ZERO) return settled(-0);
    if (x < GELU_EXTENDED_LIMIT) return undecided(GELU_EXACT.value(x));
    geluFastAt(x);
    const bound = geluFast.valueBound;
    extended.hi = geluFast.valueHigh;
    extended.lo = geluFast.valueLow;
    if (decideDouble(extended.hi, extended.lo, bound) !== undefined) return bound;
    return geluValuePrecise(x);
  },
  derivative: (x) => {
    // Φ(x) + x·φ(x) exceeds 1 by less than 2^-480 from 26 on.
    if (x >= MILLS_THRESHOLD) {
      return saturated(1);
    }
    if (x < GELU_ROUNDS_TO_ZERO) return settled(-0);
    if (x < GELU_EXTENDED_LIMIT) return undecided(GELU_EXACT.derivative(x));
    geluFastAt(x);
    const bound = geluFast.gradientBound;
    extended.hi = geluFast.gradientHigh;
    extended.lo = geluFast.gradientLow;
    if (decideDouble(extended.hi, extended.lo, bound) !== undefined) return bound;
    return geluDerivativePrecise(x);
  },
};

/**
 * Exact gelu's loop: value and gradient from one geluFastAt (they share φ and the Mills ratio),
 * decided here; the kernels answer outside the fast path's range and where it leaves the rounding open.
 */
const geluExactLoop: FusedLoop = (xs, values, gradients, count, activation) => {
  let decided = 0;
  for (let i = 0; i < count; i++) {
    const x = xs[i];
    // NaN, 0, and x < −37 or x ≥ 26 (subnormal or saturated results): the kernels' own answers.
    if (!(x >= GELU_EXTENDED_LIMIT && x < MILLS_THRESHOLD) || x === 0) {
      values[i] = activation.value(x);
      gradients[i] = activation.gradient(x);
      continue;
    }
    geluFastAt(x);
    decided += writeOrAsk(nearestWithin(geluFast.valueHigh, geluFast.valueLow, geluFast.valueBound), activation.value, x, values, i);
    decided += writeOrAsk(nearestWithin(geluFast.gradientHigh, geluFast.gradientLow, geluFast.gradientBound), activation.gradient, x, gradients, i);
  }
  roundingStatistics.fast += decided;
};

// The table's R(t0): Φ(−t0)/φ(t0) from the series or the continued fraction (about 2^-95).
export const millsRatio = createMillsRatio((t0) => {
  lowerTailExtended(t0);
  divideExtended(extended.hi, extended.lo, normalDensity.hi, normalDensity.lo);
});

// The relative error of φ (expExtended's 2^-88 and the products) and of φ·R besides R's own.
const DENSITY_BOUND = 2 ** -76;
const TAIL_BOUND = MILLS_RATIO_BOUND + DENSITY_BOUND;

/** gelu's value and gradient at the last x of geluFastAt, each as two doubles and its bound (Infinity: no fast answer). */
const geluFast = { x: NaN, valueHigh: 0, valueLow: 0, valueBound: Infinity, gradientHigh: 0, gradientLow: 0, gradientBound: Infinity };

/**
 * gelu's fast path for −37 ≤ x < 26, x ≠ 0, value and gradient at once (they share φ(t) and the
 * Mills ratio R(t), t = |x|), into `geluFast`: R from the table (mills-ratio.ts) and φ from
 * expExtended, about 2^-66 relative, with their bounds; a NaN x gives infinite bounds.
 */
function geluFastAt(x: number): void {
  if (x === geluFast.x) return;
  geluFast.x = x;
  const t = Math.abs(x);
  if (!(t <= MILLS_TABLE_LIMIT)) {
    geluFast.valueBound = Infinity;
    geluFast.gradientBound = Infinity;
    return;
  }
  // Double-double steps written out (a call that V8 does not inline boxes every double it is
  // passed), and 1 / 0, not the global Infinity, which V8 boxes along with the bound it stands for.
  millsRatio(t);
  const ratio = extended.hi;
  const ratioLow = extended.lo;
  const square = t * t;
  expExtended(-0.5 * square, -0.5 * twoProductError(t, t, square));
  const exponential = extended.hi;
  const exponentialLow = extended.lo;
  // φ(t) = e^(−t²/2)/√(2π)
  const density = exponential * INV_SQRT_2PI_HIGH;
  const densityLow = twoProductError(exponential, INV_SQRT_2PI_HIGH, density) + exponential * INV_SQRT_2PI_LOW + exponentialLow * INV_SQRT_2PI_HIGH;
  // Φ(−t) = φ(t)·R(t)
  const tail = density * ratio;
  const tailLow = twoProductError(density, ratio, tail) + density * ratioLow + densityLow * ratio;
  // R's error is φ·R·MILLS_RATIO_BOUND in gelu′ whatever R − t cancels (near its root, x ≈ −0.7518).
  const ratioError = density * ratio * MILLS_RATIO_BOUND;
  if (x < 0) {
    // x·Φ(x) = −t·Φ(−t)
    const value = x * tail;
    const size = -value;
    geluFast.valueHigh = value;
    geluFast.valueLow = twoProductError(x, tail, value) + x * tailLow;
    geluFast.valueBound = size >= SMALLEST_EXTENDED ? size * (TAIL_BOUND + 2 ** -100) : 1 / 0;
    // Φ(x) + x·φ(x) = φ(t)·(R(t) − t)
    const difference = ratio - t;
    const differenceLow = twoSumError(ratio, -t, difference) + ratioLow;
    const slope = density * difference;
    const slopeSize = Math.abs(slope);
    geluFast.gradientHigh = slope;
    geluFast.gradientLow = twoProductError(density, difference, slope) + density * differenceLow + densityLow * difference;
    geluFast.gradientBound = slopeSize >= SMALLEST_EXTENDED ? ratioError + slopeSize * DENSITY_BOUND : 1 / 0;
    return;
  }
  // x·(1 − Φ(−x)): Φ(−x) ≤ ½, so its error is at most its own share.
  const gate = 1 - tail;
  const gateLow = twoSumError(1, -tail, gate) - tailLow;
  const value = x * gate;
  geluFast.valueHigh = value;
  geluFast.valueLow = twoProductError(x, gate, value) + x * gateLow;
  geluFast.valueBound = value >= SMALLEST_EXTENDED ? x * tail * TAIL_BOUND + value * 2 ** -100 : 1 / 0;
  // 1 + φ(t)·(t − R(t))
  const difference = t - ratio;
  const differenceLow = twoSumError(t, -ratio, difference) - ratioLow;
  const term = density * difference;
  const termLow = twoProductError(density, difference, term) + density * differenceLow + densityLow * difference;
  const slope = 1 + term;
  geluFast.gradientHigh = slope;
  geluFast.gradientLow = twoSumError(1, term, slope) + termLow;
  geluFast.gradientBound = ratioError + Math.abs(term) * DENSITY_BOUND + Math.abs(slope) * 2 ** -100;
}

/** gelu in double-double from the series and continued fraction (about 2^-95): where the fast path leaves the rounding open. */
function geluValuePrecise(x: number): number {
  if (x > 0) {
    lowerTailExtended(x);
    addExtended(1, 0, -extended.hi, -extended.lo);
  } else {
    lowerTailExtended(-x);
  }
  multiplyExtended(x, 0, extended.hi, extended.lo);
  return extendedBound();
}

/** gelu′ in double-double from the series and continued fraction: where the fast path leaves the rounding open. */
function geluDerivativePrecise(x: number): number {
  if (x >= 0) {
    lowerTailExtended(x);
    const tailHigh = extended.hi;
    const tailLow = extended.lo;
    multiplyExtended(x, 0, normalDensity.hi, normalDensity.lo);
    addExtended(1, 0, extended.hi, extended.lo);
    addExtended(extended.hi, extended.lo, -tailHigh, -tailLow);
    return extendedBound();
  }
  const t = -x;
  normalDensityExtended(t);
  if (t <= NORMAL_SERIES_LIMIT) {
    // ½ − φ(t)·(S(t) + t): near the root its terms (about ¼ each) set the scale of the error.
    normalSeries(t);
    addExtended(extended.hi, extended.lo, t, 0);
    multiplyExtended(normalDensity.hi, normalDensity.lo, extended.hi, extended.lo);
    addExtended(0.5, 0, -extended.hi, -extended.lo);
    return extendedBound(Math.max(Math.abs(extended.hi), 0.5));
  }
  millsRatioExtended(t);
  addExtended(extended.hi, extended.lo, -t, 0);
  multiplyExtended(normalDensity.hi, normalDensity.lo, extended.hi, extended.lo);
  return extendedBound();
}

/**
 * gelu from the plain erfc, with an absolute bound on its error, for rounding to the lower dtypes
 * without the double-double kernel: the library erfc is within 1.22·2^-52 relative (measured
 * against mpmath; 2^-50 is assumed), and rounding −x/√2 moves erfc(u) by 2u²·2^-52 relative.
 */
export const GELU_ESTIMATE: ExtendedActivation = {
  value: (x) => {
    if (x !== x || x < GELU_EXTENDED_LIMIT) return Infinity;
    // x ≥ 26: x·Φ(x) is x within 2^-490 of it.
    if (x >= MILLS_THRESHOLD) {
      extended.hi = x;
      extended.lo = 0;
      return Math.abs(x) * 2 ** -400;
    }
    const u = -x * Math.SQRT1_2;
    const value = 0.5 * x * erfc(u);
    extended.hi = value;
    extended.lo = 0;
    // Near the subnormal range the relative bound no longer holds: the kernels take over.
    if (Math.abs(value) < 2 ** -900) return Infinity;
    return Math.abs(value) * (2 * u * u + 8) * 2 ** -50;
  },
  derivative: (x) => {
    if (x !== x || x < GELU_EXTENDED_LIMIT) return Infinity;
    if (x >= MILLS_THRESHOLD) {
      extended.hi = 1;
      extended.lo = 0;
      return 2 ** -400;
    }
    const u = -x * Math.SQRT1_2;
    const tail = 0.5 * erfc(u);
    const density = x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI_HIGH;
    const value = tail + density;
    extended.hi = value;
    extended.lo = 0;
    // e^(−x²/2) moves by x²/2 times the rounding of x², relatively; near the root the two terms cancel.
    return Math.abs(tail) * (2 * u * u + 8) * 2 ** -50 + Math.abs(density) * (x * x + 8) * 2 ** -50 + Math.abs(value) * 2 ** -51;
  },
};

/** gelu exactly: x·Φ(x), or with approximate=tanh x·σ(2z), 2z = 2√(2/π)(x + 0.044715x³). */
export function geluExactFormulas(tanhForm: TanhGeluConstants | undefined): ExactActivation {
  if (!tanhForm) {
    return {
      value: (x, D) => {
        const exact = exactDecimal(D, x);
        return exact.times(normalCdf(D, exact));
      },
      derivative: (x, D) => {
        const exact = exactDecimal(D, x);
        return normalCdf(D, exact).plus(exact.times(exactNormalDensity(D, exact)));
      },
    };
  }
  const gate = (D: ExactContext, x: Exact): { twoZ: Exact; slope: Exact } => {
    const c = tanhForm.cDigits(D);
    const k = tanhForm.kappaDigits(D);
    return { twoZ: c.times(x.plus(k.times(x.pow(3)))).times(2), slope: c.times(k.times(x.times(x)).times(3).plus(1)).times(2) };
  };
  return {
    value: (x, D) => {
      const exact = exactDecimal(D, x);
      return exact.times(exactSigmoid(D, gate(D, exact).twoZ));
    },
    derivative: (x, D) => {
      const exact = exactDecimal(D, x);
      const { twoZ, slope } = gate(D, exact);
      const s = exactSigmoid(D, twoZ);
      return s.plus(exact.times(s).times(exactSigmoid(D, twoZ.neg())).times(slope));
    },
  };
}

/**
 * σ(a)·(1 + p·σ(−a)) in double-double with its bound (the derivative of x·σ(g(x)), p = x·g′(x)):
 * the bracket cancels near the derivative's root, so the bound scales with the bracket's terms.
 * Where σ(a) ≈ e^a is subnormal or less, the result is a zero or the slow path's.
 */
function gateSlopeKernel(a: number, aLow: number, pHigh: number, pLow: number, plain: (x: number) => number, x: number): number {
  if (a < EXP_SUBNORMAL) return roundsToZero(a, 1 + pHigh) ? settled(1 + pHigh < 0 ? -0 : 0) : undecided(plain(x));
  sigmoidExtended(a, aLow);
  const gateHigh = extended.hi;
  const gateLow = extended.lo;
  multiplyExtended(pHigh, pLow, complement.hi, complement.lo);
  const term = Math.abs(extended.hi);
  addExtended(1, 0, extended.hi, extended.lo);
  multiplyExtended(gateHigh, gateLow, extended.hi, extended.lo);
  return extendedBound(Math.max(Math.abs(extended.hi), gateHigh * Math.max(1, term)));
}

/**
 * The tanh form ½x(1 + tanh(c·(x + κx³))): c (√(2/π) in the paper) and κ (0.044715), each as a
 * double and the rest of its exact value, with d(2z)/dx = 2c + 6cκ·x² precomputed the same way.
 * The variants differ only here: the paper's exact constants, or the doubles a program holds.
 */
export interface TanhGeluConstants {
  readonly cHigh: number;
  readonly cLow: number;
  readonly kappaHigh: number;
  readonly kappaLow: number;
  readonly slopeConstantHigh: number;
  readonly slopeConstantLow: number;
  readonly slopeQuadraticHigh: number;
  readonly slopeQuadraticLow: number;
  /** c and κ to any precision, for the slow path. */
  readonly cDigits: (D: ExactContext) => Exact;
  readonly kappaDigits: (D: ExactContext) => Exact;
}

export function tanhGeluConstants(
  [cHigh, cLow]: readonly [number, number],
  [kappaHigh, kappaLow]: readonly [number, number],
  cDigits: (D: ExactContext) => Exact,
  kappaDigits: (D: ExactContext) => Exact,
): TanhGeluConstants {
  multiplyExtended(cHigh, cLow, kappaHigh, kappaLow);
  multiplyExtended(6, 0, extended.hi, extended.lo);
  return {
    cHigh,
    cLow,
    kappaHigh,
    kappaLow,
    slopeConstantHigh: 2 * cHigh,
    slopeConstantLow: 2 * cLow,
    slopeQuadraticHigh: extended.hi,
    slopeQuadraticLow: extended.lo,
    cDigits,
    kappaDigits,
  };
}

export const SQRT_2_OVER_PI_DIGITS = (D: ExactContext): Exact => new D(2).div(new D(-1).acos()).sqrt();

/** The paper's constants, exactly: √(2/π) and the decimal 0.044715. */
const PAPER_TANH_CONSTANTS = tanhGeluConstants([SQRT_2_OVER_PI_HIGH, SQRT_2_OVER_PI_LOW], [KAPPA_HIGH, KAPPA_LOW], SQRT_2_OVER_PI_DIGITS, (D) => constant(D, '0.044715'));

/**
 * 2z = 2c·(x + κx³) as a double and a correction: for x ≪ 0 the gate σ(2z) ≈ e^(2z)
 * turns any absolute error of 2z into the same relative error, so 2z is carried to ~2^-100.
 */
function tanhGateArgument(x: number, k: TanhGeluConstants): [number, number] {
  const x2 = x * x;
  const x2Low = twoProductError(x, x, x2);
  const x3 = x * x2;
  const x3Low = twoProductError(x, x2, x3) + x * x2Low;
  const cubic = k.kappaHigh * x3;
  const cubicLow = twoProductError(k.kappaHigh, x3, cubic) + k.kappaHigh * x3Low + k.kappaLow * x3;
  const inner = x + cubic;
  const innerLow = twoSumError(x, cubic, inner) + cubicLow;
  const z = k.cHigh * inner;
  const zLow = twoProductError(k.cHigh, inner, z) + k.cHigh * innerLow + k.cLow * inner;
  return [2 * z, 2 * zLow];
}

/** d(2z)/dx = 2c + 6cκ·x² as a double and a correction. */
function tanhGateSlope(x: number, k: TanhGeluConstants): [number, number] {
  const x2 = x * x;
  const x2Low = twoProductError(x, x, x2);
  const quadratic = k.slopeQuadraticHigh * x2;
  const quadraticLow = twoProductError(k.slopeQuadraticHigh, x2, quadratic) + k.slopeQuadraticHigh * x2Low + k.slopeQuadraticLow * x2;
  const slope = k.slopeConstantHigh + quadratic;
  return [slope, twoSumError(k.slopeConstantHigh, quadratic, slope) + quadraticLow + k.slopeConstantLow];
}

// |x| > 1000: 2z exceeds 10^7, the gate is exactly 0 or 1 (and x³ must not overflow).
const TANH_GATE_SATURATED = 1000;

/**
 * The derivative of x·σ(g(x)), σ(a)·(1 + p·σ(−a)) with a = g(x) and p = x·g′(x) given as two
 * doubles each, in double-double and rounded once: the bracket cancels near the derivative's root.
 */
function gateSlope(a: number, aLow: number, pHigh: number, pLow: number): number {
  if (a < SIGMOID_IS_EXPONENTIAL) {
    // e^a·(1 + p) to 2^-60, the bracket's low part joining the exponent (log(1 + ε) = ε here).
    const bracket = 1 + pHigh;
    return exponentialTimes(a, bracket, aLow + (twoSumError(1, pHigh, bracket) + pLow) / bracket);
  }
  sigmoidExtended(a, aLow);
  const gateHigh = extended.hi;
  const gateLow = extended.lo;
  multiplyExtended(pHigh, pLow, complement.hi, complement.lo);
  addExtended(1, 0, extended.hi, extended.lo);
  multiplyExtended(gateHigh, gateLow, extended.hi, extended.lo);
  return extended.hi;
}

/** Where 2z(x) crosses the gate's switches (σ = e^(2z) below −42, the scaled exponential below −700), and the saturation. */
export function geluTanhBranches(k: TanhGeluConstants): number[] {
  const crossing = (target: number): number => {
    let low = -TANH_GATE_SATURATED;
    let high = 0;
    for (let i = 0; i < 200 && low < high; i++) {
      const middle = (low + high) / 2;
      if (middle === low || middle === high) break;
      if (tanhGateArgument(middle, k)[0] < target) low = middle;
      else high = middle;
    }
    return high;
  };
  return [0, ...symmetric([TANH_GATE_SATURATED]), ...[SIGMOID_IS_EXPONENTIAL, -700, EXP_SUBNORMAL, -745.2, -760].map(crossing)];
}

export function geluTanh(k: TanhGeluConstants): ScalarActivation {
  return {
    // ½x(1 + tanh z) = x·σ(2z): no cancellation of 1 + tanh z for z ≪ 0.
    value: (x) => {
      if (Math.abs(x) > TANH_GATE_SATURATED) return x > 0 ? x : -0;
      const [a, b] = tanhGateArgument(x, k);
      // 2z < −42: σ(2z) = e^(2z) to 2^-60, and x·e^(2z) is rounded once even where subnormal.
      if (a < SIGMOID_IS_EXPONENTIAL) return exponentialTimes(a, x, b);
      sigmoidExtended(a, b);
      return timesExtended(x, extended.hi, extended.lo);
    },
    // σ(2z) + x·σ′(2z)·(2z)′ = σ(2z)·(1 + p·σ(−2z)) with p = x·(2z)′, in double-double:
    // the bracket cancels near the root x ≈ −0.7518.
    derivative: (x) => {
      if (Math.abs(x) > TANH_GATE_SATURATED) return x > 0 ? 1 : x === x ? 0 : x;
      const [a, b] = tanhGateArgument(x, k);
      const [slope, slopeLow] = tanhGateSlope(x, k);
      multiplyExtended(x, 0, slope, slopeLow);
      return gateSlope(a, b, extended.hi, extended.lo);
    },
  };
}

/** The fast path of gelu's tanh form. */
export function geluTanhKernels(k: TanhGeluConstants): ExtendedActivation {
  const plain = geluTanh(k);
  return {
    value: (x) => {
      if (x === 0 || Math.abs(x) > TANH_GATE_SATURATED) return settled(plain.value(x));
      const [a, b] = tanhGateArgument(x, k);
      if (a < EXP_SUBNORMAL) return roundsToZero(a, x) ? settled(x < 0 ? -0 : 0) : undecided(plain.value(x));
      sigmoidExtended(a, b);
      multiplyExtended(x, 0, extended.hi, extended.lo);
      return extendedBound();
    },
    derivative: (x) => {
      if (Math.abs(x) > TANH_GATE_SATURATED) return settled(plain.derivative(x));
      const [a, b] = tanhGateArgument(x, k);
      const [slope, slopeLow] = tanhGateSlope(x, k);
      multiplyExtended(x, 0, slope, slopeLow);
      return gateSlopeKernel(a, b, extended.hi, extended.lo, plain.derivative, x);
    },
  };
}

// Beyond |x| = 40, φ(x)·x³ < 2^-1080: gelu″ and gelu‴ round to zero.
const GELU_HIGHER_ZERO = 40;

/** gelu″ = φ(x)·(2 − x²) and gelu‴ = φ(x)·x·(x² − 4), each coefficient exact as two doubles. */
export const GELU_HIGHER: HigherDerivatives = fromOrders((x, order) => {
  if (x !== x) return x;
  if (Math.abs(x) > GELU_HIGHER_ZERO) return 0;
  const square = product(x, x);
  const coefficient = order === 2 ? subtract(dd(2), square) : times(subtract(square, dd(4)), x);
  return densityTimes(dd(x), coefficient);
});

/**
 * The tanh form x·S, S = σ(u), u = 2c(x + κx³): f″ = 2S′ + x·S″, f‴ = 3S″ + x·S‴ with
 * S′ = σ′u′, S″ = σ″u′² + σ′u″, S‴ = σ‴u′³ + 3σ″u′u″ + σ′u‴ (u″ = 12cκx, u‴ = 12cκ).
 */
export function geluTanhHigher(k: TanhGeluConstants): HigherDerivatives {
  const third = dd(2 * k.slopeQuadraticHigh, 2 * k.slopeQuadraticLow);
  return fromOrders((x, order) => {
    if (x !== x) return x;
    if (Math.abs(x) > TANH_GATE_SATURATED) return 0;
    const [a, aLow] = tanhGateArgument(x, k);
    const [slope, slopeLow] = tanhGateSlope(x, k);
    const u1 = dd(slope, slopeLow);
    const u2 = times(third, x);
    const u1Squared = multiply(u1, u1);
    if (Math.abs(a) > SIGMOID_TAIL) {
      // σ′, σ″, σ‴ = e^(−|u|)·(1, −sign u, 1): f″ = e^(−|u|)·(2u′ + x(u″ − sign(u)·u′²)), likewise f‴.
      const sign = Math.sign(a);
      const s2 = subtract(u2, times(u1Squared, sign));
      const coefficient =
        order === 2
          ? add(times(u1, 2), times(s2, x))
          : add(times(s2, 3), times(add(subtract(multiply(u1Squared, u1), times(multiply(u1, u2), 3 * sign)), third), x));
      return exponentialTimes(-Math.abs(a), coefficient.hi, -sign * aLow, coefficient.lo);
    }
    const gate = sigmoidDerivatives(dd(a, aLow));
    const s1 = multiply(gate.first, u1);
    const s2 = add(multiply(gate.second, u1Squared), multiply(gate.first, u2));
    if (order === 2) return rounded(add(times(s1, 2), times(s2, x)));
    const s3 = add(add(multiply(gate.third, multiply(u1Squared, u1)), times(multiply(gate.second, multiply(u1, u2)), 3)), multiply(gate.first, third));
    return rounded(add(times(s2, 3), times(s3, x)));
  });
}

export const gelu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'gelu',
  aliases: ['gelu_python'],
  family: 'smooth gates',
  summary: 'Gaussian error linear unit',
  formula: 'x·Φ(x) = ½x·(1 + erf(x/√2)); approximate=tanh: ½x·(1 + tanh(√(2/π)·(x + 0.044715x³)))',
  derivativeFormula: 'Φ(x) + x·φ(x); approximate=tanh: ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²), t = tanh(…)',
  parameters: [
    { name: 'approximate', type: 'choice', default: 'none', choices: ['none', 'tanh'], description: 'exact (erf) or the tanh approximation' },
  ],
  properties: { monotonicity: 'not monotonic', parity: 'none', range: '[−0.17, ∞)', bounds: [-0.17, Infinity], piecewiseLinear: false },
  higher: (params) => (choiceOf(params, 'approximate') === 'tanh' ? geluTanhHigher(PAPER_TANH_CONSTANTS) : GELU_HIGHER),
  higherBranchPoints: (params) => (choiceOf(params, 'approximate') === 'tanh' ? geluTanhBranches(PAPER_TANH_CONSTANTS).map((x) => -x) : symmetric([GELU_HIGHER_ZERO])),
  higherLargestTerm: (x, params, order) => (choiceOf(params, 'approximate') === 'tanh' ? geluTanhLargestHigherTerm(x, PAPER_TANH_CONSTANTS, order) : geluLargestHigherTerm(x, order)),
  fused: (parts) => {
    if (!parts) return undefined;
    if (parts.value === GELU_EXACT_KERNELS.value) return geluExactLoop;
    const { value: valueKernel, derivative: derivativeKernel, at } = parts;
    return (xs, values, gradients, count, activation) => {
      for (let i = 0; i < count; i++) {
        const x = xs[i];
        if (x - x !== 0 || x === at) {
          values[i] = activation.value(x);
          gradients[i] = activation.gradient(x);
        } else {
          decideInto(valueKernel(x), activation.value, x, values, i);
          decideInto(derivativeKernel(x), activation.gradient, x, gradients, i);
        }
      }
    };
  },
  kinks: () => [],
  create: (params) => (choiceOf(params, 'approximate') === 'tanh' ? geluTanh(PAPER_TANH_CONSTANTS) : geluExact()),
  exact: (params) => geluExactFormulas(choiceOf(params, 'approximate') === 'tanh' ? PAPER_TANH_CONSTANTS : undefined),
  extended: (params) => (choiceOf(params, 'approximate') === 'tanh' ? geluTanhKernels(PAPER_TANH_CONSTANTS) : geluExactKernels()),
  estimate: (params) => (choiceOf(params, 'approximate') === 'tanh' ? {} : GELU_ESTIMATE),
  branchPoints: (params) => (choiceOf(params, 'approximate') === 'tanh' ? geluTanhBranches(PAPER_TANH_CONSTANTS) : GELU_EXACT_BRANCHES),
  nearRoot: {
    root: (params) => (choiceOf(params, 'approximate') === 'tanh' ? -0.7522 : -0.7518),
    largestTerm: (x, params) => (choiceOf(params, 'approximate') === 'tanh' ? geluTanhLargestTerm(x, PAPER_TANH_CONSTANTS) : geluLargestTerm(x)),
    note: "near f′'s root x ≈ −0.7518, the gradient Φ(x) + x·φ(x) cancels",
  },
  references: [{ citation: 'Hendrycks & Gimpel, "Gaussian Error Linear Units (GELUs)", 2016', url: 'https://arxiv.org/abs/1606.08415' }],
  window: [-4, 3],
};

/**
 * x·σ(βx) and its derivative. βx is carried with its rounding error b (σ(βx) ≈ e^(βx) would
 * magnify it), and the gate in double-double, so that σ(a)·(1 + a·σ(−a)) keeps its last bits
 * where 1 + a·σ(−a) cancels (near silu′'s root a ≈ −1.2785).
 */
export function swishOf(beta: number): ScalarActivation {
  if (beta === 0) return { value: (x) => 0.5 * x, derivative: (x) => (x === x ? 0.5 : x) };
  return {
    value: (x) => {
      const a = beta * x;
      const b = productError(beta, x, a);
      // βx < −42: σ(βx) = e^(βx) to the last bit; one scaled rounding keeps x·e^(βx) exact when it is subnormal.
      if (a < SIGMOID_IS_EXPONENTIAL) return Number.isFinite(a) ? exponentialTimes(a, x, b) : x < 0 ? -0 : 0;
      sigmoidExtended(a, b);
      return timesExtended(x, extended.hi, extended.lo);
    },
    derivative: (x) => {
      const a = beta * x;
      const b = productError(beta, x, a);
      // βx > 42: σ(a)·(1 + a·σ(−a)) = 1 + (a − 1)·e^(−a) + … rounds to 1.
      if (a > -SIGMOID_IS_EXPONENTIAL) return 1;
      if (a === -Infinity) return -0;
      return gateSlope(a, b, a, b);
    },
  };
}

/** The fast path of x·σ(βx) (none for β = 0, where the plain 0.5·x rounds once). */
export function swishKernels(beta: number): ExtendedActivation {
  if (beta === 0) return {};
  const plain = swishOf(beta);
  // β = 1 (silu): βx is x itself, with no rounding error to carry.
  const exact = beta === 1;
  return {
    value: (x) => {
      if (x === 0) return settled(plain.value(x));
      const a = beta * x;
      const b = exact ? 0 : productError(beta, x, a);
      if (a < EXP_SUBNORMAL) return roundsToZero(a, x) ? settled(x < 0 ? -0 : 0) : undecided(plain.value(x));
      sigmoidExtended(a, b);
      multiplyExtended(x, 0, extended.hi, extended.lo);
      return extendedBound();
    },
    derivative: (x) => {
      const a = beta * x;
      if (!Number.isFinite(a)) return settled(plain.derivative(x));
      const b = exact ? 0 : productError(beta, x, a);
      return gateSlopeKernel(a, b, a, b, plain.derivative, x);
    },
  };
}

/** x·σ(βx) exactly. */
export function swishExactFormulas(beta: number): ExactActivation {
  if (beta === 0) return { value: (x, D) => exactDecimal(D, x).div(2), derivative: (_x, D) => new D(0.5) };
  return {
    value: (x, D) => {
      const exact = exactDecimal(D, x);
      return exact.times(exactSigmoid(D, exact.times(exactDecimal(D, beta))));
    },
    derivative: (x, D) => {
      const a = exactDecimal(D, x).times(exactDecimal(D, beta));
      return exactSigmoid(D, a).times(a.times(exactSigmoid(D, a.neg())).plus(1));
    },
  };
}

/** x where βx crosses the gate's switches, and where β·x is too large for its rounding error to be split. */
export function swishBranches(beta: number): number[] {
  return beta === 0 ? [0] : [0, SIGMOID_IS_EXPONENTIAL, ...EXPONENT_BRANCHES, 1e290, -1e290].map((a) => a / beta);
}

/** The larger of the two terms of x·σ(x)'s derivative σ(a) + a·σ(a)·σ(−a), a = βx (plain doubles). */
function gateLargestTerm(a: number): number {
  const s = sigmoid(a);
  return Math.max(s, Math.abs(a * s * sigmoid(-a)));
}

/** The larger of gelu′'s terms Φ(x) and x·φ(x) (plain doubles). */
function geluLargestTerm(x: number): number {
  return Math.max(0.5 * erfc(-x * INV_SQRT2_HIGH), Math.abs(x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI_HIGH));
}

/** The larger of the tanh form's terms σ(2z) and x·σ′(2z)·(2z)′ (plain doubles). */
export function geluTanhLargestTerm(x: number, k: TanhGeluConstants): number {
  const a = tanhGateArgument(x, k)[0];
  const s = sigmoid(a);
  return Math.max(s, Math.abs(x * s * sigmoid(-a) * tanhGateSlope(x, k)[0]));
}

export const SWISH_NEAR_ROOT = {
  // the root is at βx ≈ −1.2785
  root: (params: Params) => -1.2785 / (typeof params.beta === 'number' ? params.beta : 1),
  largestTerm: (x: number, params: Params) => gateLargestTerm((typeof params.beta === 'number' ? params.beta : 1) * x),
  note: "near f′'s root βx ≈ −1.2785, the gradient σ(βx)(1 + βx·σ(−βx)) cancels",
};

export const SWISH_REFERENCES = [
  { citation: 'Elfwing, Uchibe & Doya, "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning", 2017', url: 'https://arxiv.org/abs/1702.03118' },
  { citation: 'Ramachandran, Zoph & Le, "Searching for Activation Functions", 2017', url: 'https://arxiv.org/abs/1710.05941' },
];

export const silu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'silu',
  aliases: [],
  family: 'smooth gates',
  summary: 'Sigmoid linear unit, x·σ(x) (swish with beta 1)',
  formula: 'x·σ(x)',
  derivativeFormula: 'σ(x)·(1 + x·σ(−x))',
  parameters: [],
  properties: { monotonicity: 'not monotonic', parity: 'none', range: '[−0.2785, ∞)', bounds: [-0.2785, Infinity], piecewiseLinear: false },
  higher: () => swishHigher(1),
  higherBranchPoints: () => swishHigherBranches(1),
  higherLargestTerm: (x, _params, order) => swishLargestTerm(1)(x, order),
  fused: (parts) => {
    if (!parts) return undefined;
    return (xs, values, gradients, count, activation) => {
      let decided = 0;
      for (let i = 0; i < count; i++) {
        const x = xs[i];
        // 0, infinities, NaN and σ(x) ≈ e^x subnormal: the kernels' own answers.
        if (!(x >= EXP_SUBNORMAL && x < Infinity) || x === 0) {
          values[i] = activation.value(x);
          gradients[i] = activation.gradient(x);
          continue;
        }
        if (x >= QUICK_EXPONENTIAL_BELOW && x <= -QUICK_EXPONENTIAL_BELOW) {
          // The quick step: σ(±x) within ε = QUICK_EXPONENTIAL_BOUND (sigmoidPairQuick), so x·σ(x)
          // within ε and σ(x)·(1 + x·σ(−x)) within 2ε·σ(x)·max(|1 + x·σ(−x)|, |x·σ(−x)|).
          sigmoidPairQuick(x);
          const gateHigh = extended.hi;
          const gateLow = extended.lo;
          const product = x * gateHigh;
          const size = Math.abs(product);
          // Below SMALLEST_EXTENDED (x itself tiny) the low parts are not normal doubles: no bound.
          const value = nearestWithin(product, twoProductError(x, gateHigh, product) + x * gateLow, size >= SMALLEST_EXTENDED ? size * QUICK_EXPONENTIAL_BOUND : 1 / 0);
          const term = x * complement.hi;
          const termLow = twoProductError(x, complement.hi, term) + x * complement.lo;
          const sum = 1 + term;
          const sumLow = twoSumError(1, term, sum) + termLow;
          const slope = gateHigh * sum;
          const slopeLow = twoProductError(gateHigh, sum, slope) + gateHigh * sumLow + gateLow * sum;
          const slopeSize = Math.abs(slope);
          const gradient = nearestWithin(slope, slopeLow, slopeSize >= SMALLEST_EXTENDED ? gateHigh * Math.max(Math.abs(sum), Math.abs(term)) * 2 * QUICK_EXPONENTIAL_BOUND : 1 / 0);
          if (writeBothIfDecided(value, gradient, values, gradients, i)) {
            decided += 2;
            continue;
          }
        }
        // The accurate step: swishKernels(1)'s value and gradient from one e = e^(−|x|), decided
        // here: x·σ(x) and σ(x)·(1 + x·σ(−x)) in double-double, each with the kernels' bound.
        sigmoidPairOf(x);
        const gateHigh = extended.hi;
        const gateLow = extended.lo;
        const complementHigh = complement.hi;
        const complementLow = complement.lo;
        const product = x * gateHigh;
        const productLow = twoProductError(x, gateHigh, product) + x * gateLow;
        const size = Math.abs(product);
        // 1 / 0 for no bound: the global Infinity made V8 box the bound (16 bytes a result).
        decided += writeOrAsk(nearestWithin(product, productLow, size >= SMALLEST_EXTENDED ? size * EXTENDED_BOUND : 1 / 0), activation.value, x, values, i);
        const term = x * complementHigh;
        const termLow = twoProductError(x, complementHigh, term) + x * complementLow;
        const sum = 1 + term;
        const sumLow = twoSumError(1, term, sum) + termLow;
        const slope = gateHigh * sum;
        const slopeLow = twoProductError(gateHigh, sum, slope) + gateHigh * sumLow + gateLow * sum;
        const slopeSize = Math.abs(slope);
        const bound = slopeSize >= SMALLEST_EXTENDED ? Math.max(slopeSize, gateHigh * Math.max(1, Math.abs(term))) * EXTENDED_BOUND : 1 / 0;
        decided += writeOrAsk(nearestWithin(slope, slopeLow, bound), activation.gradient, x, gradients, i);
      }
      roundingStatistics.fast += decided;
    };
  },
  kinks: () => [],
  create: () => swishOf(1),
  exact: () => swishExactFormulas(1),
  extended: () => swishKernels(1),
  branchPoints: () => swishBranches(1),
  nearRoot: SWISH_NEAR_ROOT,
  references: SWISH_REFERENCES,
  window: [-6, 4],
};

export const swish: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'swish',
  aliases: [],
  family: 'smooth gates',
  summary: 'Swish, x·σ(beta·x); without --beta it is silu',
  formula: 'x·σ(beta·x)',
  derivativeFormula: 'σ(beta·x)·(1 + beta·x·σ(−beta·x))',
  parameters: [numberParameter('beta', 1, 'gate sharpness (ONNX and tfjs call it alpha)', mustBeFinite)],
  properties: { monotonicity: 'not monotonic', parity: 'none', range: '[−0.2785/beta, ∞) for beta > 0', bounds: [-0.2785, Infinity], piecewiseLinear: false },
  higher: (params) => swishHigher(numberOf(params, 'beta')),
  parameterGradients: (params) => ({ beta: swishBetaGradient(numberOf(params, 'beta')) }),
  higherBranchPoints: (params) => swishHigherBranches(numberOf(params, 'beta')),
  higherLargestTerm: (x, params, order) => swishLargestTerm(numberOf(params, 'beta'))(x, order),
  kinks: () => [],
  create: (params) => swishOf(numberOf(params, 'beta')),
  exact: (params) => swishExactFormulas(numberOf(params, 'beta')),
  extended: (params) => swishKernels(numberOf(params, 'beta')),
  branchPoints: (params) => swishBranches(numberOf(params, 'beta')),
  nearRoot: SWISH_NEAR_ROOT,
  references: SWISH_REFERENCES,
  window: [-6, 4],
};

// x > 40: tanh(softplus(x)) = 1 − 2/(n + 2) with n > e^80, so mish(x) = x and mish′(x) = 1 in double.
const MISH_SATURATED = 40;

const mishExponential = { hi: 0, lo: 0 };
const mishNumerator = { hi: 0, lo: 0 };
const mishDenominator = { hi: 0, lo: 0 };

/** e^x, n = e^x·(e^x + 2) and D = n + 2, each as two doubles. */
function mishGate(x: number): void {
  expExtended(x);
  const e = extended.hi;
  const eLow = extended.lo;
  mishExponential.hi = e;
  mishExponential.lo = eLow;
  addExtended(e, eLow, 2, 0);
  multiplyExtended(e, eLow, extended.hi, extended.lo);
  mishNumerator.hi = extended.hi;
  mishNumerator.lo = extended.lo;
  addExtended(extended.hi, extended.lo, 2, 0);
  mishDenominator.hi = extended.hi;
  mishDenominator.lo = extended.lo;
}

/**
 * mish′(x) = e·[4(1 + x) + e·(6 + 4x + e·(4 + e))]/D², D = e² + 2e + 2, in double-double into
 * `extended`; returns the scale of its error: below 0 the bracket's terms (about e·(1 + |x|)·4/D²),
 * which cancel near the root x ≈ −1.1924, else the result.
 */
function mishDerivativeExtended(x: number): number {
  mishGate(x);
  const e = mishExponential.hi;
  const eLow = mishExponential.lo;
  addExtended(4, 0, e, eLow);
  multiplyExtended(e, eLow, extended.hi, extended.lo);
  const fourX = 4 * x;
  const six = 6 + fourX;
  addExtended(six, twoSumError(6, fourX, six), extended.hi, extended.lo);
  multiplyExtended(e, eLow, extended.hi, extended.lo);
  const four = 4 + fourX;
  addExtended(four, twoSumError(4, fourX, four), extended.hi, extended.lo);
  multiplyExtended(e, eLow, extended.hi, extended.lo);
  const bracketHigh = extended.hi;
  const bracketLow = extended.lo;
  multiplyExtended(mishDenominator.hi, mishDenominator.lo, mishDenominator.hi, mishDenominator.lo);
  const squareHigh = extended.hi;
  divideExtended(bracketHigh, bracketLow, squareHigh, extended.lo);
  return x < 0 ? Math.max(Math.abs(extended.hi), (4 * e * (1 + Math.abs(x))) / squareHigh) : Math.abs(extended.hi);
}

/** The fast path of mish: the plain formulas' double-double steps, left unrounded. */
const mishKernels: ExtendedActivation = {
  value: (x) => {
    if (x === 0) return settled(x);
    if (x > MISH_SATURATED) return settled(x);
    if (x < EXP_SUBNORMAL) return roundsToZero(x, x) ? settled(-0) : undecided(exponentialTimes(x, x));
    mishGate(x);
    divideExtended(mishNumerator.hi, mishNumerator.lo, mishDenominator.hi, mishDenominator.lo);
    multiplyExtended(x, 0, extended.hi, extended.lo);
    return extendedBound();
  },
  derivative: (x) => {
    // mish′(x) − 1 < 2^-100 beyond 40
    if (x > MISH_SATURATED) {
      return saturated(1);
    }
    if (x < EXP_SUBNORMAL) return roundsToZero(x, 1 + x) ? settled(-0) : undecided(mish.create({}, 'right').derivative(x));
    return extendedBound(mishDerivativeExtended(x));
  },
};

export const mish: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'mish',
  aliases: [],
  family: 'smooth gates',
  summary: 'Mish, x·tanh(softplus(x))',
  formula: 'x·tanh(log(1 + e^x))',
  derivativeFormula: 'tanh(sp) + x·σ(x)·sech²(sp), sp = softplus(x)',
  parameters: [],
  properties: { monotonicity: 'not monotonic', parity: 'none', range: '[−0.3088, ∞)', bounds: [-0.3089, Infinity], piecewiseLinear: false },
  higher: () => MISH_HIGHER,
  // The tails, and where softplus(x) crosses tanh's switches 0.5 and 20.
  higherBranchPoints: () => [...symmetric([MISH_TAIL, 2 ** -20]), -0.4327521295671885, 20],
  higherLargestTerm: (x, _params, order) => mishLargestTerm(x, order),
  kinks: () => [],
  create: () => ({
    // tanh(log(1 + e^x)) = n/(n + 2) with n = e^x·(e^x + 2): no cancellation for x ≪ 0, where it is ≈ e^x.
    value: (x) => {
      if (x > MISH_SATURATED || x !== x) return x;
      // x < −42: tanh(softplus(x)) = e^x·(1 − e^x/2 + …) = e^x to 2^-61; x·e^x is rounded once even where subnormal.
      if (x < SIGMOID_IS_EXPONENTIAL) return x === -Infinity ? -0 : exponentialTimes(x, x);
      mishGate(x);
      divideExtended(mishNumerator.hi, mishNumerator.lo, mishDenominator.hi, mishDenominator.lo);
      return timesExtended(x, extended.hi, extended.lo);
    },
    // tanh(sp) + x·σ(x)·sech²(sp) = e·[4(1 + x) + e·(6 + 4x + e·(4 + e))]/D² with D = e² + 2e + 2,
    // every step in double-double: the bracket cancels near the root x ≈ −1.1924.
    derivative: (x) => {
      if (x > MISH_SATURATED || x !== x) return x === x ? 1 : x;
      if (x < SIGMOID_IS_EXPONENTIAL) {
        if (x === -Infinity) return -0;
        const onePlus = 1 + x;
        return exponentialTimes(x, onePlus, twoSumError(1, x, onePlus) / onePlus);
      }
      mishDerivativeExtended(x);
      return extended.hi;
    },
  }),
  exact: () => ({
    value: (x, D) => {
      const exact = exactDecimal(D, x);
      return exact.times(exactTanh(D, exactSoftplus(D, exact)));
    },
    // tanh(sp) + x·σ(x)·sech²(sp), sech²(sp) = 4/(e^sp + e^(−sp))²: no 1 − tanh² cancellation
    derivative: (x, D) => {
      const exact = exactDecimal(D, x);
      const sp = exactSoftplus(D, exact);
      const e = sp.exp();
      const sech2 = new D(4).div(e.plus(new D(1).div(e)).pow(2));
      return exactTanh(D, sp).plus(exact.times(exactSigmoid(D, exact)).times(sech2));
    },
  }),
  extended: () => mishKernels,
  branchPoints: () => [0, MISH_SATURATED, SIGMOID_IS_EXPONENTIAL, ...EXPONENT_BRANCHES],
  nearRoot: {
    root: () => -1.1924,
    largestTerm: (x) => {
      const t = Math.tanh(Math.log1p(Math.exp(x)));
      return Math.max(Math.abs(t), Math.abs(x * sigmoid(x) * (1 - t * t)));
    },
    note: "near f′'s root x ≈ −1.1924, the gradient's two terms cancel",
  },
  references: [{ citation: 'Misra, "Mish: A Self Regularized Non-Monotonic Activation Function", 2019', url: 'https://arxiv.org/abs/1908.08681' }],
  window: [-6, 4],
};

export const softplus: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'softplus',
  aliases: [],
  family: 'smooth gates',
  summary: 'Softplus, a smooth ReLU; --threshold 20 reproduces PyTorch',
  formula: '(1/beta)·log(1 + e^(beta·x)); with a threshold: x where beta·x > threshold',
  derivativeFormula: 'σ(beta·x); 1 where beta·x > threshold',
  parameters: [
    numberParameter('beta', 1, 'sharpness', mustBePositive),
    numberParameter('threshold', null, 'above beta·x > threshold return x (PyTorch: 20); absent = exact everywhere', mustBeFinite),
  ],
  properties: { monotonicity: 'increasing', parity: 'none', range: '(0, ∞)', bounds: [0, Infinity], piecewiseLinear: false },
  higher: (params, kink) => softplusHigher(numberOf(params, 'beta'), optionalNumberOf(params, 'threshold'), kink),
  parameterGradients: (params, kink) => {
    const beta = numberOf(params, 'beta');
    const threshold = optionalNumberOf(params, 'threshold');
    const smooth = softplusBetaGradient(beta);
    // Above the threshold the value is x, whatever β and the threshold are.
    return {
      beta: threshold === null ? smooth : byPiece(threshold / beta, kink, smooth, always(0)),
      threshold: always(0),
    };
  },
  higherBranchPoints: (params) => swishHigherBranches(numberOf(params, 'beta')),
  higherJumps: (params) => (optionalNumberOf(params, 'threshold') === null ? [] : [optionalNumberOf(params, 'threshold')! / numberOf(params, 'beta')]),
  fused: (parts, params) => {
    if (!parts) return undefined;
    if (numberOf(params, 'beta') === 1 && optionalNumberOf(params, 'threshold') === null) return softplusLoop;
    const { value: valueKernel, derivative: derivativeKernel, at } = parts;
    return (xs, values, gradients, count, activation) => {
      for (let i = 0; i < count; i++) {
        const x = xs[i];
        if (x - x !== 0 || x === at) {
          values[i] = activation.value(x);
          gradients[i] = activation.gradient(x);
        } else {
          decideInto(valueKernel(x), activation.value, x, values, i);
          decideInto(derivativeKernel(x), activation.gradient, x, gradients, i);
        }
      }
    };
  },
  kinks: (params) => {
    const threshold = optionalNumberOf(params, 'threshold');
    if (threshold === null) return [];
    const at = threshold / numberOf(params, 'beta');
    return [{ at, left: softplusGate(numberOf(params, 'beta'), at), right: 1, jump: true }];
  },
  create: (params, kink) => {
    const beta = numberOf(params, 'beta');
    const threshold = optionalNumberOf(params, 'threshold');
    const smooth = (x: number): number => {
      const a = beta * x;
      // βx > 37: softplus(βx)/β = x + log1p(e^(−βx))/β, without rounding βx (or overflowing it).
      if (a > 37) return x + Math.log1p(Math.exp(-a)) / beta;
      // β·x is carried with its rounding error: softplus(βx) ≈ e^(βx) magnifies it for βx ≪ 0.
      const value = softplusOfSum(a, productError(beta, x, a));
      return beta === 1 ? value : value / beta;
    };
    if (threshold === null) return { value: smooth, derivative: (x) => softplusGate(beta, x) };
    const at = threshold / beta;
    return {
      value: (x) => (beta * x > threshold ? x : smooth(x)),
      derivative: kink === 'right'
        ? (x) => (x >= at ? 1 : softplusGate(beta, x))
        : (x) => (x > at ? 1 : softplusGate(beta, x)),
    };
  },
  exact: (params, kink) => {
    const beta = numberOf(params, 'beta');
    const threshold = optionalNumberOf(params, 'threshold');
    const at = threshold === null ? Infinity : threshold / beta;
    const linear = (x: number): boolean => threshold !== null && (kink === 'right' ? x >= at : x > at);
    return {
      value: (x, D) => {
        if (threshold !== null && beta * x > threshold) return exactDecimal(D, x);
        const b = exactDecimal(D, beta);
        return exactSoftplus(D, exactDecimal(D, x).times(b)).div(b);
      },
      derivative: (x, D) => (linear(x) ? new D(1) : exactSigmoid(D, exactDecimal(D, x).times(exactDecimal(D, beta)))),
    };
  },
  extended: (params, kink) => softplusKernels(numberOf(params, 'beta'), optionalNumberOf(params, 'threshold'), kink),
  branchPoints: (params) => {
    const beta = numberOf(params, 'beta');
    const threshold = optionalNumberOf(params, 'threshold');
    // log1p's Newton step takes expm1's series where log1p(e^(−|βx|)) < 2^-10
    const points = [0, 37, SOFTPLUS_IS_EXPONENTIAL, SIGMOID_IS_EXPONENTIAL, ...EXPONENT_BRANCHES, 1e290, -1e290, ...symmetric([Math.log(Math.expm1(2 ** -10))])].map((a) => a / beta);
    return threshold === null ? points : [...points, threshold / beta];
  },
  references: [{ citation: 'Dugas, Bengio, Bélisle, Nadeau & Garcia, "Incorporating Second-Order Functional Knowledge for Better Option Pricing", NIPS 13, 2001' }],
  window: [-5, 5],
};

// e^x's own table (c = 1) for softplus's quick step.
const UNIT_EXPONENTIAL_TABLE = exponentialTable(1, 0);

/**
 * softplus's loop for β = 1 without a threshold: softplus(x) = max(x, 0) + log1p(e) and σ(x)
 * from one e = e^(−|x|) (the kernels took it twice, and σ with two divisions), decided in place:
 * first from the quick exponential and log1pQuick (|x| ≤ 664), then, where that leaves a result
 * open, from the accurate ones. Above 0, x is added as softplusKernel adds it (addExtended). The
 * kernels answer beyond |x| = 708 (e subnormal) and for NaN and the infinities.
 */
const softplusLoop: FusedLoop = (xs, values, gradients, count, activation) => {
  let decided = 0;
  for (let i = 0; i < count; i++) {
    const x = xs[i];
    if (!(x >= EXP_SUBNORMAL && x <= -EXP_SUBNORMAL)) {
      values[i] = activation.value(x);
      gradients[i] = activation.gradient(x);
      continue;
    }
    const negative = x < 0;
    if (x >= QUICK_EXPONENTIAL_BELOW && x <= -QUICK_EXPONENTIAL_BELOW) {
      // The quick step: e^(−|x|) within 2^-62.8, σ from it (its error ε moves σ(±|x|) by at most
      // ε), log(1 + e) by log1pQuick; the accurate step below where either is left open.
      scaledExponentialQuick(negative ? x : -x, UNIT_EXPONENTIAL_TABLE);
      const e = extended.hi;
      const eLow = extended.lo;
      sigmoidsOfExponential(e, eLow);
      const gate = negative ? complement.hi : extended.hi;
      const gateLow = negative ? complement.lo : extended.lo;
      log1pQuick(e, eLow);
      if (!negative) addExtended(x, 0, extended.hi, extended.lo);
      const value = extended.hi;
      const valueLow = extended.lo;
      const quickGate = nearestWithin(gate, gateLow, gate >= SMALLEST_EXTENDED ? gate * QUICK_EXPONENTIAL_BOUND : 1 / 0);
      const quickValue = nearestWithin(value, valueLow, value >= SMALLEST_EXTENDED ? value * QUICK_LOG1P_BOUND : 1 / 0);
      if (writeBothIfDecided(quickValue, quickGate, values, gradients, i)) {
        decided += 2;
        continue;
      }
    }
    expUncached(negative ? x : -x, 0);
    const e = extended.hi;
    const eLow = extended.lo;
    sigmoidsOfExponential(e, eLow);
    const gate = negative ? complement.hi : extended.hi;
    const gateLow = negative ? complement.lo : extended.lo;
    decided += writeOrAsk(nearestWithin(gate, gateLow, gate >= SMALLEST_EXTENDED ? gate * EXTENDED_BOUND : 1 / 0), activation.gradient, x, gradients, i);
    log1pExtended(e, eLow);
    if (!negative) addExtended(x, 0, extended.hi, extended.lo);
    const value = extended.hi;
    const valueLow = extended.lo;
    // 1 / 0 for no bound: the global Infinity made V8 box the bound (16 bytes a result).
    decided += writeOrAsk(nearestWithin(value, valueLow, value >= SMALLEST_EXTENDED ? value * EXTENDED_BOUND : 1 / 0), activation.value, x, values, i);
  }
  roundingStatistics.fast += decided;
};

/** The fast path of softplus(βx)/β and σ(βx), βx carried with its rounding error. */
function softplusKernels(beta: number, threshold: number | null, kink: KinkConvention): ExtendedActivation {
  const at = threshold === null ? Infinity : threshold / beta;
  return {
    value: (x) => {
      if (threshold !== null && beta * x > threshold) return settled(x);
      const a = beta * x;
      if (!Number.isFinite(a)) return settled(a > 0 ? x : 0);
      const bound = softplusKernel(a, productError(beta, x, a));
      if (beta === 1 || !(bound > 0 && bound < Infinity)) return bound;
      divideExtended(extended.hi, extended.lo, beta, 0);
      return extendedBound();
    },
    derivative: (x) => {
      if (threshold !== null && (kink === 'right' ? x >= at : x > at)) return settled(1);
      const a = beta * x;
      if (!Number.isFinite(a)) return settled(a > 0 ? 1 : 0);
      return sigmoidKernel(a, productError(beta, x, a));
    },
  };
}

function softplusGate(beta: number, x: number): number {
  const a = beta * x;
  return sigmoidOfSum(a, productError(beta, x, a));
}

// |x| > 1e150: x² + b rounds to x² and the closed forms below reduce to b/(4|x|) without overflow.
const SQUAREPLUS_LARGE = 1e150;

/** h = √(x² + b) as two doubles: h + hLow. */
function hypotenuse(x: number, b: number): [number, number] {
  const square = x * x;
  const squareLow = twoProductError(x, x, square);
  const sum = square + b;
  sqrtExtended(sum, twoSumError(square, b, sum) + squareLow);
  return [extended.hi, extended.lo];
}

/** For x < 0: h − x = h + |x| (no cancellation) as two doubles. */
function hypotenuseMinus(x: number, h: number, hLow: number): [number, number] {
  const d = h - x;
  return [d, twoSumError(h, -x, d) + hLow];
}

/** The fast path of squareplus: the plain formulas' double-double steps, left unrounded. */
function squareplusKernels(b: number): ExtendedActivation {
  const halfB = 0.5 * b;
  const quarterB = 0.25 * b;
  return {
    value: (x) => {
      if (x > SQUAREPLUS_LARGE) return settled(x);
      if (x < -SQUAREPLUS_LARGE) {
        divideExtended(quarterB, 0, -x, 0);
        return extendedBound();
      }
      const [h, hLow] = hypotenuse(x, b);
      if (x >= 0) {
        addExtended(x, 0, h, hLow);
        extended.hi *= 0.5;
        extended.lo *= 0.5;
        return extendedBound();
      }
      const [d, dLow] = hypotenuseMinus(x, h, hLow);
      divideExtended(halfB, 0, d, dLow);
      return extendedBound();
    },
    derivative: (x) => {
      if (x > SQUAREPLUS_LARGE) {
        return saturated(1);
      }
      if (x < -SQUAREPLUS_LARGE) {
        divideExtended(quarterB, 0, -x, 0);
        divideExtended(extended.hi, extended.lo, -x, 0);
        return extendedBound();
      }
      const [h, hLow] = hypotenuse(x, b);
      if (x >= 0) {
        divideExtended(x, 0, h, hLow);
        addExtended(1, 0, extended.hi, extended.lo);
        extended.hi *= 0.5;
        extended.lo *= 0.5;
        return extendedBound();
      }
      const [d, dLow] = hypotenuseMinus(x, h, hLow);
      multiplyExtended(h, hLow, d, dLow);
      divideExtended(halfB, 0, extended.hi, extended.lo);
      return extendedBound();
    },
  };
}

export const squareplus: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'squareplus',
  aliases: [],
  family: 'smooth gates',
  summary: 'Squareplus, an algebraic softplus',
  formula: '(x + √(x² + b))/2',
  derivativeFormula: '(1 + x/√(x² + b))/2',
  parameters: [numberParameter('b', 4, 'curvature at 0 (b = 0 would be relu)', mustBePositive)],
  properties: { monotonicity: 'increasing', parity: 'none', range: '(0, ∞)', bounds: [0, Infinity], piecewiseLinear: false },
  higher: (params) => squareplusHigher(numberOf(params, 'b')),
  parameterGradients: (params) => {
    const b = numberOf(params, 'b');
    return { b: (x) => (x !== x ? x : dividedByPower(dd(0.25), squareplusRoot(x, b), 1)) };
  },
  higherBranchPoints: () => symmetric([SQUAREPLUS_LINEAR, 2 ** 900]),
  kinks: () => [],
  create: (params) => {
    const b = numberOf(params, 'b');
    const halfB = 0.5 * b;
    return {
      value: (x) => {
        if (x > SQUAREPLUS_LARGE || x !== x) return x;
        if (x < -SQUAREPLUS_LARGE) return (0.25 * b) / -x;
        const [h, hLow] = hypotenuse(x, b);
        if (x >= 0) return 0.5 * x + 0.5 * h + 0.5 * hLow;
        // x < 0: (x + h)/2 cancels; b/(2(h − x)) is the same number without cancellation.
        const [d, dLow] = hypotenuseMinus(x, h, hLow);
        const q = halfB / d;
        return q - q * (dLow / d);
      },
      derivative: (x) => {
        if (x > SQUAREPLUS_LARGE || x !== x) return x === x ? 1 : x;
        if (x < -SQUAREPLUS_LARGE) return (0.25 * b) / -x / -x;
        const [h, hLow] = hypotenuse(x, b);
        if (x >= 0) return 0.5 + (0.5 * x) / h;
        // x < 0: (1 + x/h)/2 = b/(2h(h − x)).
        const [d, dLow] = hypotenuseMinus(x, h, hLow);
        const p = h * d;
        const pLow = twoProductError(h, d, p) + h * dLow + hLow * d;
        const q = halfB / p;
        return q - q * (pLow / p);
      },
    };
  },
  exact: (params) => {
    const bOf = (D: ExactContext): Exact => exactDecimal(D, numberOf(params, 'b'));
    return {
      value: (x, D) => {
        const exact = exactDecimal(D, x);
        const h = exact.times(exact).plus(bOf(D)).sqrt();
        // below 0, b/(2(h − x)): (x + h)/2 would cancel
        return x >= 0 ? exact.plus(h).div(2) : bOf(D).div(h.minus(exact).times(2));
      },
      derivative: (x, D) => {
        const exact = exactDecimal(D, x);
        const h = exact.times(exact).plus(bOf(D)).sqrt();
        return x >= 0 ? exact.div(h).plus(1).div(2) : bOf(D).div(h.times(h.minus(exact)).times(2));
      },
    };
  },
  extended: (params) => squareplusKernels(numberOf(params, 'b')),
  branchPoints: () => symmetric([0, SQUAREPLUS_LARGE, 1e154]),
  references: [{ citation: 'Barron, "Squareplus: A Softplus-Like Algebraic Rectifier", 2021', url: 'https://arxiv.org/abs/2112.11687' }],
  window: [-5, 5],
};

// Beyond |x| = 50 mish″ and mish‴ are their asymptotic forms to within 2^-60 relative:
// (x + 2)·e^x and (x + 3)·e^x below, 8(1 − x)·e^(−2x) and (16x − 24)·e^(−2x) above.
const MISH_TAIL = 50;

/**
 * mish = x·t, t = tanh(g), g = softplus(x): f″ = 2t′ + x·t″, f‴ = 3t″ + x·t‴ with t′ = T′σ,
 * t″ = T″σ² + T′σ′, t‴ = T‴σ³ + 3T″σσ′ + T′σ″ (T the tanh derivatives at g, g′ = σ).
 */
const MISH_HIGHER: HigherDerivatives = fromOrders((x, order) => {
  if (x !== x) return x;
  if (x > MISH_TAIL) return x === Infinity ? 0 : exponentialTimes(-2 * x, order === 2 ? 8 * (1 - x) : 16 * x - 24);
  if (x < -MISH_TAIL) return exponentialTimes(x, order === 2 ? x + 2 : x + 3);
  softplusKernel(x);
  const tanhOfSoftplus = tanhDerivatives(extended.hi, extended.lo);
  const gate = sigmoidDerivatives(dd(x));
  const sigmoidSquared = multiply(gate.value, gate.value);
  const t1 = multiply(tanhOfSoftplus.first, gate.value);
  const t2 = add(multiply(tanhOfSoftplus.second, sigmoidSquared), multiply(tanhOfSoftplus.first, gate.first));
  if (order === 2) return rounded(add(times(t1, 2), times(t2, x)));
  const t3 = add(
    add(multiply(tanhOfSoftplus.third, multiply(sigmoidSquared, gate.value)), times(multiply(tanhOfSoftplus.second, multiply(gate.value, gate.first)), 3)),
    multiply(tanhOfSoftplus.first, gate.second),
  );
  return rounded(add(times(t2, 3), times(t3, x)));
});

/** Where βx crosses the tails (±700) and the series of σ″ (±2^-20). */
export function swishHigherBranches(beta: number): number[] {
  return symmetric([SIGMOID_TAIL / beta, 2 ** -20 / beta]);
}

/** softplus(βx)/β: f″ = β·σ′(βx), f‴ = β²·σ″(βx), βx exact as two doubles; 0 above the threshold. */
function softplusHigher(beta: number, threshold: number | null, kink: KinkConvention): HigherDerivatives {
  const betaSquared = product(beta, beta);
  const smooth = fromOrders((x, order) => {
    const t = product(beta, x);
    if (t.hi !== t.hi) return t.hi;
    const a = Math.abs(t.hi);
    if (a > SIGMOID_TAIL) {
      const sign = Math.sign(t.hi);
      return order === 2 ? exponentialTimes(-a, beta, -sign * t.lo) : exponentialTimes(-a, -sign * betaSquared.hi, -sign * t.lo, -sign * betaSquared.lo);
    }
    const gate = sigmoidDerivatives(t);
    return rounded(order === 2 ? times(gate.first, beta) : multiply(gate.second, betaSquared));
  });
  if (threshold === null) return smooth;
  const at = threshold / beta;
  return { second: byPiece(at, kink, smooth.second, always(0)), third: byPiece(at, kink, smooth.third, always(0)) };
}

// Beyond |x| = 1e100, √(x² + b) = |x| to within 1e-200 relative (and x² would overflow from 1e154).
const SQUAREPLUS_LINEAR = 1e100;

/** √(x² + b) as two doubles. */
function squareplusRoot(x: number, b: number): DoubleDouble {
  if (Math.abs(x) > SQUAREPLUS_LINEAR) return dd(Math.abs(x));
  const square = product(x, x);
  return sqrtOf(add(square, dd(b)));
}

/** squareplus″ = b/(2r³), squareplus‴ = −3bx/(2r⁵), r = √(x² + b), by divisions in double-double (no overflow of r⁵). */
function squareplusHigher(b: number): HigherDerivatives {
  return fromOrders((x, order) => {
    if (!Number.isFinite(x)) return x === x ? 0 : x;
    const r = squareplusRoot(x, b);
    // −1.5b·(x/r)/r⁴: x/r first, so that −1.5b·x cannot overflow.
    return order === 2 ? dividedByPower(dd(b * 0.5), r, 3) : dividedByPower(multiply(times(dd(b), -1.5), divide(dd(x), r)), r, 4);
  });
}

/** The largest term of gelu″ = φ·(2 − x²) and gelu‴ = φ·(x³ − 4x). */
export function geluLargestHigherTerm(x: number, order: 2 | 3): number {
  const density = gaussianTimes(x, INV_SQRT_2PI_HIGH);
  return order === 2 ? density * Math.max(2, x * x) : density * Math.max(Math.abs(x * x * x), 4 * Math.abs(x));
}

/** The largest term of the tanh form's f″ = 2σ′u′ + x(σ″u′² + σ′u″) and f‴ = 3(σ″u′² + σ′u″) + x(σ‴u′³ + 3σ″u′u″ + σ′u‴). */
export function geluTanhLargestHigherTerm(x: number, k: TanhGeluConstants, order: 2 | 3): number {
  if (Math.abs(x) > TANH_GATE_SATURATED) return 0;
  const [u] = tanhGateArgument(x, k);
  const [u1] = tanhGateSlope(x, k);
  const u3 = 2 * k.slopeQuadraticHigh;
  const u2 = Math.abs(u3 * x);
  const m = sigmoidMagnitudes(u);
  const a = Math.abs(x);
  if (order === 2) return Math.max(2 * m.first * u1, a * m.second * u1 * u1, a * m.first * u2);
  return Math.max(3 * m.second * u1 * u1, 3 * m.first * u2, a * m.third * u1 * u1 * u1, 3 * a * m.second * u1 * u2, a * m.first * u3);
}

/** The largest term of mish″ = 2T′σ + x(T″σ² + T′σ′) and mish‴ = 3(T″σ² + T′σ′) + x(T‴σ³ + 3T″σσ′ + T′σ″), T at softplus(x). */
function mishLargestTerm(x: number, order: 2 | 3): number {
  const t = tanhMagnitudes(softplusOfSum(x, 0));
  const s = sigmoid(x);
  const m = sigmoidMagnitudes(x);
  const a = Math.abs(x);
  if (order === 2) return Math.max(2 * t.first * s, a * t.second * s * s, a * t.first * m.first);
  return Math.max(3 * t.second * s * s, 3 * t.first * m.first, a * t.third * s * s * s, 3 * a * t.second * s * m.first, a * t.first * m.second);
}
