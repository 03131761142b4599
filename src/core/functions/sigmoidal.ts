/** Sigmoidal functions: smooth, bounded, S-shaped, and their logs and shrinks. */
import { twoProductError, twoSumError } from '../double-double.ts';
import {
  EXPONENT_BRANCHES,
  EXTENDED_BOUND,
  SIGMOID_IS_EXPONENTIAL,
  SMALLEST_EXTENDED,
  SOFTPLUS_IS_EXPONENTIAL,
  TANH_DERIVATIVE_BRANCHES,
  TANH_SATURATED,
  extendedBound,
  settled,
  sigmoid as sigmoidValue,
  sigmoidDerivative,
  sigmoidDerivativeKernel,
  sigmoidKernel,
  softplus,
  softplusKernel,
  symmetric,
  tanh as tanhValue,
  tanhDerivative,
  tanhDerivativeKernel,
  tanhExtended,
  tanhKernel,
} from '../special.ts';
import {
  EXP_SUBNORMAL,
  QUICK_EXPONENTIAL_BELOW,
  QUICK_EXPONENTIAL_BOUND,
  addExtended,
  complement,
  divideExtended,
  extended,
  multiplyExtended,
  sigmoidPairOf,
  sigmoidPairQuick,
} from '../extended.ts';
import { nearestWithin, roundingStatistics } from '../correct-rounding.ts';
import { writeBothIfDecided, writeOrAsk } from '../fused.ts';
import { exactDecimal, sigmoid as exactSigmoid, softplus as exactSoftplus, tanh as exactTanh, type Exact, type ExactContext } from '../arbitrary.ts';
import type { ElementwiseDefinition } from '../types.ts';
import { SIGMOID_TAIL, TANH_TAIL, sigmoidMagnitudes, tanhMagnitudes, byPiece, dd, dividedByPower, fromOrders, sigmoidOrder, sum, tanhOrder } from '../higher.ts';

export const sigmoid: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'sigmoid',
  aliases: ['logistic'],
  family: 'sigmoidal',
  summary: 'Logistic sigmoid σ',
  formula: '1 / (1 + e^(−x))',
  derivativeFormula: 'σ(x)·σ(−x)',
  parameters: [],
  properties: { monotonicity: 'increasing', parity: 'none', range: '(0, 1)', bounds: [0, 1], piecewiseLinear: false },
  higher: () => fromOrders(sigmoidOrder),
  higherBranchPoints: () => symmetric([SIGMOID_TAIL, 2 ** -20]),
  higherLargestTerm: (x, _params, order) => (order === 2 ? sigmoidMagnitudes(x).second : sigmoidMagnitudes(x).third),
  fused: (parts) => {
    if (!parts) return undefined;
    return (xs, values, gradients, count, activation) => {
      let decided = 0;
      for (let i = 0; i < count; i++) {
        const x = xs[i];
        // NaN, and |x| > 708 where σ(−|x|) ≈ e^(−|x|) is subnormal: the kernels' own answers.
        if (!(x >= EXP_SUBNORMAL && x <= -EXP_SUBNORMAL)) {
          values[i] = activation.value(x);
          gradients[i] = activation.gradient(x);
          continue;
        }
        if (x >= QUICK_EXPONENTIAL_BELOW && x <= -QUICK_EXPONENTIAL_BELOW) {
          // The quick step: σ(x) and σ(−x) from the quick e^(−|x|) (every part a normal double at
          // |x| ≤ 664), decided where their bounds allow.
          sigmoidPairQuick(x);
          const gateHigh = extended.hi;
          const gateLow = extended.lo;
          const slope = gateHigh * complement.hi;
          const slopeLow = twoProductError(gateHigh, complement.hi, slope) + gateHigh * complement.lo + gateLow * complement.hi;
          const gate = nearestWithin(gateHigh, gateLow, gateHigh * QUICK_EXPONENTIAL_BOUND);
          const gradient = nearestWithin(slope, slopeLow, slope * 2 * QUICK_EXPONENTIAL_BOUND);
          if (writeBothIfDecided(gate, gradient, values, gradients, i)) {
            decided += 2;
            continue;
          }
        }
        // The accurate step: sigmoidKernel's and sigmoidDerivativeKernel's results from one
        // e = e^(−|x|), decided here: σ(x), and σ′(x) = σ(x)·σ(−x) in double-double, each within
        // EXTENDED_BOUND (down to SMALLEST_EXTENDED).
        sigmoidPairOf(x);
        const gateHigh = extended.hi;
        const gateLow = extended.lo;
        const complementHigh = complement.hi;
        const complementLow = complement.lo;
        // 1 / 0 for no bound: the global Infinity made V8 box the bound (16 bytes a result).
        decided += writeOrAsk(nearestWithin(gateHigh, gateLow, gateHigh >= SMALLEST_EXTENDED ? gateHigh * EXTENDED_BOUND : 1 / 0), activation.value, x, values, i);
        const slope = gateHigh * complementHigh;
        const slopeLow = twoProductError(gateHigh, complementHigh, slope) + gateHigh * complementLow + gateLow * complementHigh;
        decided += writeOrAsk(nearestWithin(slope, slopeLow, slope >= SMALLEST_EXTENDED ? slope * EXTENDED_BOUND : 1 / 0), activation.gradient, x, gradients, i);
      }
      roundingStatistics.fast += decided;
    };
  },
  kinks: () => [],
  create: () => ({ value: sigmoidValue, derivative: sigmoidDerivative }),
  exact: () => ({
    value: (x, D) => exactSigmoid(D, exactDecimal(D, x)),
    derivative: (x, D) => {
      const exact = exactDecimal(D, x);
      return exactSigmoid(D, exact).times(exactSigmoid(D, exact.neg()));
    },
  }),
  extended: () => ({ value: (x) => sigmoidKernel(x), derivative: sigmoidDerivativeKernel }),
  branchPoints: () => symmetric([SIGMOID_IS_EXPONENTIAL, ...EXPONENT_BRANCHES]),
  references: [{ citation: 'Verhulst, logistic function (1845); in neural networks since Rumelhart, Hinton & Williams 1986' }],
  window: [-8, 8],
};

export const logSigmoid: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'log_sigmoid',
  aliases: ['logsigmoid'],
  family: 'sigmoidal',
  summary: 'Log of the sigmoid, −softplus(−x)',
  formula: 'log σ(x) = −log(1 + e^(−x))',
  derivativeFormula: 'σ(−x)',
  parameters: [],
  properties: { monotonicity: 'increasing', parity: 'none', range: '(−∞, 0)', bounds: [-Infinity, 0], piecewiseLinear: false },
  // log σ(x)″ = −σ′(x), ‴ = −σ″(x).
  higher: () => ({ second: (x) => -sigmoidDerivative(x), third: (x) => -sigmoidOrder(x, 2) }),
  higherBranchPoints: () => symmetric([SIGMOID_TAIL, 2 ** -20]),
  kinks: () => [],
  create: () => ({
    // −softplus(−x): never log(σ(x)), which is −∞ once σ(x) underflows (x < −745).
    value: (x) => -softplus(-x),
    derivative: (x) => sigmoidValue(-x),
  }),
  exact: () => ({
    value: (x, D) => exactSoftplus(D, exactDecimal(D, -x)).neg(),
    derivative: (x, D) => exactSigmoid(D, exactDecimal(D, -x)),
  }),
  extended: () => ({
    value: (x) => {
      const bound = softplusKernel(-x);
      extended.hi = -extended.hi;
      extended.lo = -extended.lo;
      return bound;
    },
    derivative: (x) => sigmoidKernel(-x),
  }),
  branchPoints: () => symmetric([SOFTPLUS_IS_EXPONENTIAL, SIGMOID_IS_EXPONENTIAL, ...EXPONENT_BRANCHES]),
  references: [{ citation: 'PyTorch torch.nn.LogSigmoid; log σ(x) = −softplus(−x)' }],
  window: [-6, 6],
};

export const tanh: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'tanh',
  aliases: [],
  family: 'sigmoidal',
  summary: 'Hyperbolic tangent',
  formula: 'tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x))',
  derivativeFormula: '1 − tanh²(x) = sech²(x)',
  parameters: [],
  properties: { monotonicity: 'increasing', parity: 'odd', range: '(−1, 1)', bounds: [-1, 1], piecewiseLinear: false },
  higher: () => fromOrders(tanhOrder),
  higherBranchPoints: () => symmetric([TANH_TAIL, 0.5, 2 ** -20, 20, 354]),
  higherLargestTerm: (x, _params, order) => (order === 2 ? tanhMagnitudes(x).second : tanhMagnitudes(x).third),
  fused: (parts) => {
    if (!parts) return undefined;
    return (xs, values, gradients, count, activation) => {
      let decided = 0;
      for (let i = 0; i < count; i++) {
        const x = xs[i];
        const a = Math.abs(x);
        // |x| ≤ 0.5 (the series, 1 − t²), |x| ≥ 20 (saturated) and NaN: the kernels' own answers.
        if (!(a > TANH_DERIVATIVE_BRANCHES[0] && a < TANH_SATURATED)) {
          values[i] = activation.value(x);
          gradients[i] = activation.gradient(x);
          continue;
        }
        // The quick step: σ(2|x|) within ε/2 and σ(−2|x|) within ε (relatively, ε =
        // QUICK_EXPONENTIAL_BOUND; sigmoidPairQuick), so tanh|x|, their difference, within ε (their
        // sum is 1) and sech²x, 4× their product, within 2ε relatively.
        sigmoidPairQuick(-2 * a);
        const quickGate = complement.hi;
        const quickShare = extended.hi;
        const quickMagnitude = quickGate - quickShare;
        const quickSign = x < 0 ? -1 : 1;
        const value = nearestWithin(quickSign * quickMagnitude, quickSign * (twoSumError(quickGate, -quickShare, quickMagnitude) + complement.lo - extended.lo), QUICK_EXPONENTIAL_BOUND);
        const quickSquare = quickGate * quickShare;
        const quickSlope = 4 * quickSquare;
        const gradient = nearestWithin(quickSlope, 4 * (twoProductError(quickGate, quickShare, quickSquare) + quickGate * extended.lo + complement.lo * quickShare), quickSlope * 2 * QUICK_EXPONENTIAL_BOUND);
        if (writeBothIfDecided(value, gradient, values, gradients, i)) {
          decided += 2;
          continue;
        }
        // The accurate step: tanhKernel's (1 − e)/(1 + e) and tanhDerivativeKernel's 4e/(1 + e)²
        // from one e = e^(−2|x|): tanh|x| = σ(2|x|) − σ(−2|x|) (at least 0.46: no cancellation)
        // and sech²x = 4σ(2|x|)σ(−2|x|), in double-double (2|x| is exact; asked as σ(−2|x|), whose
        // argument is not boxed twice).
        sigmoidPairOf(-2 * a);
        const gate = complement.hi;
        const gateLow = complement.lo;
        const share = extended.hi;
        const shareLow = extended.lo;
        const magnitude = gate - share;
        const magnitudeLow = twoSumError(gate, -share, magnitude) + gateLow - shareLow;
        // tanh is odd: the sign multiplies exactly.
        const sign = x < 0 ? -1 : 1;
        decided += writeOrAsk(nearestWithin(sign * magnitude, sign * magnitudeLow, magnitude * EXTENDED_BOUND), activation.value, x, values, i);
        // 4·σ·σ(−): the factor 4 is exact.
        const square = gate * share;
        const slope = 4 * square;
        const slopeLow = 4 * (twoProductError(gate, share, square) + gate * shareLow + gateLow * share);
        decided += writeOrAsk(nearestWithin(slope, slopeLow, slope >= SMALLEST_EXTENDED ? slope * EXTENDED_BOUND : 1 / 0), activation.gradient, x, gradients, i);
      }
      roundingStatistics.fast += decided;
    };
  },
  kinks: () => [],
  create: () => ({ value: tanhValue, derivative: tanhDerivative }),
  exact: () => ({ value: (x, D) => exactTanh(D, exactDecimal(D, x)), derivative: (x, D) => exactSech2(D, exactDecimal(D, x)) }),
  extended: () => ({ value: tanhKernel, derivative: tanhDerivativeKernel }),
  branchPoints: () => symmetric([...TANH_DERIVATIVE_BRANCHES, 373]),
  references: [{ citation: 'LeCun, Bottou, Orr & Müller, "Efficient BackProp", 1998' }],
  window: [-4, 4],
};

/** sech² x = 4e/(1 + e)² with e = e^(−2|x|): neither overflow nor the cancellation of 1 − tanh² x. */
function exactSech2(D: ExactContext, x: Exact): Exact {
  const e = x.abs().times(-2).exp();
  return e.times(4).div(e.plus(1).pow(2));
}

/** 1/(1 + |x|)² with the rounding of 1 + |x| carried as a correction. */
function softsignDerivative(x: number): number {
  const a = Math.abs(x);
  const sum = 1 + a;
  const r = 1 / sum;
  const correction = twoSumError(1, a, sum) / sum;
  // (1/(s + e))² = r²·(1 − 2e/s); squaring r would overflow nothing: r ≤ 1.
  return r * r - r * r * (2 * correction);
}

// Beyond 2^540, 1/(1 + |x|)² is below 2^-1080 and rounds to 0.
const SOFTSIGN_SQUARE_ROUNDS_TO_ZERO = 2 ** 540;

export const softsign: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'softsign',
  aliases: ['soft_sign'],
  family: 'sigmoidal',
  summary: 'Softsign, x/(1 + |x|)',
  formula: 'x / (1 + |x|)',
  derivativeFormula: '1 / (1 + |x|)²',
  parameters: [],
  properties: { monotonicity: 'increasing', parity: 'odd', range: '(−1, 1)', bounds: [-1, 1], piecewiseLinear: false },
  // f″ = −2·sign(x)/(1 + |x|)³ jumps at 0 (f′ does not); f‴ = 6/(1 + |x|)⁴. 1 + |x| exact as two doubles.
  higher: (_params, kink) => ({
    second: byPiece(0, kink, (x) => dividedByPower(dd(2), sum(1, -x), 3), (x) => dividedByPower(dd(-2), sum(1, x), 3)),
    third: (x) => (x !== x ? x : dividedByPower(dd(6), sum(1, Math.abs(x)), 4)),
  }),
  higherBranchPoints: () => symmetric([2 ** 900]),
  higherJumps: () => [0],
  kinks: () => [],
  create: () => ({
    value: (x) => (Number.isFinite(x) ? x / (1 + Math.abs(x)) : x === x ? Math.sign(x) : x),
    derivative: (x) => (Number.isFinite(x) ? softsignDerivative(x) : x === x ? 0 : x),
  }),
  exact: () => ({
    value: (x, D) => {
      const exact = exactDecimal(D, x);
      return exact.div(exact.abs().plus(1));
    },
    derivative: (x, D) => new D(1).div(exactDecimal(D, x).abs().plus(1).pow(2)),
  }),
  branchPoints: () => symmetric([0, SOFTSIGN_SQUARE_ROUNDS_TO_ZERO]),
  extended: () => ({
    value: (x) => {
      if (x === 0) return settled(x);
      const a = Math.abs(x);
      const sum = 1 + a;
      divideExtended(x, 0, sum, twoSumError(1, a, sum));
      return extendedBound();
    },
    // (1/(1 + |x|))²: the reciprocal first, so that nothing overflows.
    derivative: (x) => {
      const a = Math.abs(x);
      if (a > SOFTSIGN_SQUARE_ROUNDS_TO_ZERO) return settled(0);
      const sum = 1 + a;
      divideExtended(1, 0, sum, twoSumError(1, a, sum));
      multiplyExtended(extended.hi, extended.lo, extended.hi, extended.lo);
      return extendedBound();
    },
  }),
  references: [{ citation: 'Bergstra, Desjardins, Lamblin & Bengio, "Quadratic Polynomials Learn Better Image Features", 2009' }],
  window: [-6, 6],
};

const TANHSHRINK_SERIES = 2;
const TANH_SQUARED_SERIES = 0.88;

// Lambert's continued fraction tanh x = x/(1 + q), q = x²/(3 + x²/(5 + …)): 20 levels, every one in
// double-double, about 2^-100 for |x| ≤ 2; x − tanh x = x·q/(1 + q) does not cancel near 0.
const EXTENDED_LAMBERT_LEVELS = 20;

/** Lambert's q(x) as two doubles into `extended`. */
function lambertTailExtended(x: number): void {
  const square = x * x;
  const squareLow = twoProductError(x, x, square);
  let high = 2 * EXTENDED_LAMBERT_LEVELS + 1;
  let low = 0;
  for (let k = EXTENDED_LAMBERT_LEVELS - 1; k >= 1; k--) {
    divideExtended(square, squareLow, high, low);
    addExtended(2 * k + 1, 0, extended.hi, extended.lo);
    high = extended.hi;
    low = extended.lo;
  }
  divideExtended(square, squareLow, high, low);
}

// |x| < 2^-360: |x − tanh x| ≈ |x|³/3 < 2^-1080 rounds to a zero; |x| < 2^-540: tanh² x < 2^-1080 too.
const TANHSHRINK_ROUNDS_TO_ZERO = 2 ** -360;
const TANH_SQUARED_ROUNDS_TO_ZERO = 2 ** -540;
// |x| > 30: tanh² x = 1 − sech² x with sech² x < 4e^-60, far below half an ulp of 1.
const TANH_SQUARED_SATURATED = 30;

/** x − tanh x and tanh² x in double-double. */
const tanhshrinkKernels = {
  value: (x: number): number => {
    const a = Math.abs(x);
    if (a < TANHSHRINK_ROUNDS_TO_ZERO) return settled(x > 0 ? 0 : x < 0 ? -0 : x);
    if (a <= TANHSHRINK_SERIES) {
      // x·q/(1 + q)
      lambertTailExtended(x);
      const q = extended.hi;
      const qLow = extended.lo;
      const onePlus = 1 + q;
      const onePlusLow = twoSumError(1, q, onePlus) + qLow;
      multiplyExtended(x, 0, q, qLow);
      divideExtended(extended.hi, extended.lo, onePlus, onePlusLow);
      return extendedBound();
    }
    tanhExtended(x);
    addExtended(x, 0, -extended.hi, -extended.lo);
    // Beyond 20 tanhExtended says ±1; the truth is 2e^(−2|x|) closer to 0 (below 20 it is exact to 2^-100).
    return a >= TANH_SATURATED ? extendedBound() + 2.1 * Math.exp(-2 * a) : extendedBound();
  },
  derivative: (x: number): number => {
    const a = Math.abs(x);
    if (a < TANH_SQUARED_ROUNDS_TO_ZERO) return settled(0);
    if (a <= TANH_SQUARED_SERIES) {
      lambertTailExtended(a);
      const s = 1 + extended.hi;
      divideExtended(a, 0, s, twoSumError(1, extended.hi, s) + extended.lo);
      multiplyExtended(extended.hi, extended.lo, extended.hi, extended.lo);
      return extendedBound();
    }
    if (a > TANH_SQUARED_SATURATED) {
      extended.hi = 1;
      extended.lo = 0;
      return extendedBound() + 4 * Math.exp(-2 * a);
    }
    const bound = tanhDerivativeKernel(a);
    addExtended(1, 0, -extended.hi, -extended.lo);
    return bound + extendedBound();
  },
};

/** x − tanh x exactly: with m = expm1(2x) = 2x + 2x² + r, x − m/(m + 2) = (2x³ + (x − 1)·r)/(m + 2), which does not cancel. */
function exactTanhshrink(D: ExactContext, x: Exact): Exact {
  if (x.abs().gte(0.5)) return x.minus(exactTanh(D, x));
  const twice = x.times(2);
  const r = expm1Tail(D, twice);
  const m = twice.plus(x.times(x).times(2)).plus(r);
  return x.pow(3).times(2).plus(x.minus(1).times(r)).div(m.plus(2));
}

/** Σ_{n≥3} yⁿ/n!, the part of e^y beyond 1 + y + y²/2, by its series (|y| < 1). */
function expm1Tail(D: ExactContext, y: Exact): Exact {
  const tiny = new D(10).pow(-(D.precision + 5));
  let term = y.pow(3).div(6);
  let sum = term;
  for (let n = 4; n < 100000; n++) {
    term = term.times(y).div(n);
    sum = sum.plus(term);
    if (term.abs().lte(sum.abs().times(tiny))) break;
  }
  return sum;
}

/** x − tanh x without cancellation: the fast path's double-double, rounded. */
function tanhShrink(x: number): number {
  if (!Number.isFinite(x)) return x;
  tanhshrinkKernels.value(x);
  return extended.hi;
}

/** tanh² x to the last bit (squaring Math.tanh doubles its error: 3 ulp seen). */
function tanhSquared(x: number): number {
  if (!Number.isFinite(x)) return x === x ? 1 : x;
  tanhshrinkKernels.derivative(x);
  return extended.hi;
}

export const tanhshrink: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'tanhshrink',
  aliases: ['tanh_shrink'],
  family: 'shrinkage',
  summary: 'x − tanh(x)',
  formula: 'x − tanh(x)',
  derivativeFormula: 'tanh²(x)',
  parameters: [],
  properties: { monotonicity: 'nondecreasing', parity: 'odd', range: '(−∞, ∞)', bounds: [-Infinity, Infinity], piecewiseLinear: false },
  higher: () => ({ second: (x) => -tanhOrder(x, 2), third: (x) => -tanhOrder(x, 3) }),
  higherBranchPoints: () => symmetric([TANH_TAIL, 0.5, 2 ** -20, 20, 354]),
  higherLargestTerm: (x, _params, order) => (order === 2 ? tanhMagnitudes(x).second : tanhMagnitudes(x).third),
  kinks: () => [],
  create: () => ({
    value: tanhShrink,
    derivative: tanhSquared,
  }),
  exact: () => ({
    value: (x, D) => exactTanhshrink(D, exactDecimal(D, x)),
    derivative: (x, D) => exactTanh(D, exactDecimal(D, x)).pow(2),
  }),
  extended: () => tanhshrinkKernels,
  branchPoints: () => symmetric([TANHSHRINK_SERIES, TANH_SQUARED_SERIES, ...TANH_DERIVATIVE_BRANCHES, TANHSHRINK_ROUNDS_TO_ZERO, TANH_SQUARED_ROUNDS_TO_ZERO, TANH_SQUARED_SATURATED]),
  references: [{ citation: 'PyTorch torch.nn.Tanhshrink' }],
  window: [-4, 4],
};
