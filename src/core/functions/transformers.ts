/**
 * The activations Hugging Face Transformers defines itself (transformers/activations.py,
 * ACT2CLS): its GELU variants, quick_gelu, gelu_10, laplace, sqrtsoftplus and xielu. Constants
 * are the ones that code holds: a decimal literal (0.044715, 0.7978845608, 1.702, 0.707107,
 * 0.282095) is the double it denotes; √(2/π) and √2, which it computes with math.sqrt, are the
 * real constants, as in act's gelu.
 */
import { exactDecimal, expm1 as exactExpm1, normalCdf, normalDensity as exactNormalDensity, sigmoid as exactSigmoid, softplus as exactSoftplus, type Exact, type ExactContext } from '../arbitrary.ts';
import { twoProductError, twoSumError } from '../double-double.ts';
import { addExtended, divideExtended, extended, multiplyExtended, sqrtExtended } from '../extended.ts';
import { mustBeFinite, numberOf, numberParameter, optionalNumberOf } from '../parameters.ts';
import { erfc, exponentialExtended, kernelRounded, expm1Extended, extendedBound, settled, sigmoid, sigmoidKernel, softplus, softplusKernel, symmetric, undecided, SOFTPLUS_IS_EXPONENTIAL } from '../special.ts';
import type { ElementwiseDefinition, ExactActivation, ExtendedActivation, KinkConvention, Params, ScalarActivation } from '../types.ts';
import {
  GELU_EXACT_BRANCHES,
  GELU_ESTIMATE,
  GELU_EXACT_KERNELS,
  NORMAL_SERIES_LIMIT,
  SQRT_2_OVER_PI_DIGITS,
  SQRT_2_OVER_PI_HIGH,
  SQRT_2_OVER_PI_LOW,
  SWISH_NEAR_ROOT,
  geluExact,
  geluExactFormulas,
  geluTanh,
  geluTanhBranches,
  geluTanhKernels,
  geluTanhLargestTerm,
  lowerTailExtended,
  normalDensity,
  normalDensityExtended,
  swishBranches,
  swishExactFormulas,
  swishKernels,
  swishOf,
  tanhGeluConstants,
  type TanhGeluConstants,
} from './smooth.ts';
import {
  always,
  dd,
  densityTimes,
  divide,
  expm1 as expm1Of,
  fromOrders,
  multiply,
  negate,
  onRight,
  product,
  rounded,
  sigmoidDerivatives,
  sqrt as sqrtOf,
  subtract,
  swishHigher,
  swishLargestTerm,
  sigmoidMagnitudes,
  times,
  type DoubleDouble,
} from '../higher.ts';
import { GELU_HIGHER, geluLargestHigherTerm, geluTanhHigher, geluTanhLargestHigherTerm, swishHigherBranches } from './smooth.ts';
import { exponentialTimes } from '../special.ts';
import type { HigherDerivatives } from '../types.ts';

const TRANSFORMERS_SOURCE = 'Hugging Face Transformers, src/transformers/activations.py (ACT2CLS)';
const TRANSFORMERS_URL = 'https://github.com/huggingface/transformers/blob/main/src/transformers/activations.py';
const GELU_PROPERTIES = { monotonicity: 'not monotonic', parity: 'none', range: '[−0.17, ∞)', bounds: [-0.17, Infinity], piecewiseLinear: false } as const;

/** 0.044715 as the double Python holds (the paper's decimal is not a double). */
const KAPPA_DOUBLE = 0.044715;
const kappaDigits = (D: ExactContext): Exact => exactDecimal(D, KAPPA_DOUBLE);

const NEW_GELU = tanhGeluConstants([SQRT_2_OVER_PI_HIGH, SQRT_2_OVER_PI_LOW], [KAPPA_DOUBLE, 0], SQRT_2_OVER_PI_DIGITS, kappaDigits);
/** FastGELUActivation writes the literal 0.7978845608 for √(2/π). */
const FAST_GELU_C = 0.7978845608;
const FAST_GELU = tanhGeluConstants([FAST_GELU_C, 0], [KAPPA_DOUBLE, 0], (D) => exactDecimal(D, FAST_GELU_C), kappaDigits);

function tanhGeluVariant(name: string, aliases: readonly string[], summary: string, cText: string, k: TanhGeluConstants, source: string): ElementwiseDefinition {
  return {
    kind: 'elementwise',
    name,
    aliases,
    family: 'smooth gates',
    summary,
    formula: `½x·(1 + tanh(${cText}·(x + 0.044715·x³))), 0.044715 as a double`,
    derivativeFormula: `½(1 + t) + ½x(1 − t²)·${cText}·(1 + 3·0.044715·x²), t = tanh(…)`,
    parameters: [],
    properties: GELU_PROPERTIES,
    higher: () => geluTanhHigher(k),
    higherBranchPoints: () => geluTanhBranches(k).map((x) => -x),
    higherLargestTerm: (x, _params, order) => geluTanhLargestHigherTerm(x, k, order),
    kinks: () => [],
    create: () => geluTanh(k),
    exact: () => geluExactFormulas(k),
    extended: () => geluTanhKernels(k),
    branchPoints: () => geluTanhBranches(k),
    nearRoot: { root: () => -0.7522, largestTerm: (x) => geluTanhLargestTerm(x, k), note: "near f′'s root x ≈ −0.7522 the gradient's two terms cancel" },
    references: [
      { citation: `${TRANSFORMERS_SOURCE}: ${source}`, url: TRANSFORMERS_URL },
      { citation: 'Hendrycks & Gimpel, "Gaussian Error Linear Units (GELUs)", 2016', url: 'https://arxiv.org/abs/1606.08415' },
    ],
    window: [-4, 3],
  };
}

export const geluNew = tanhGeluVariant(
  'gelu_new',
  ['gelu_python_tanh', 'gelu_accurate', 'gelu_pytorch_tanh'],
  "Transformers' tanh GELU (gelu_new, gelu_python_tanh, gelu_accurate, gelu_pytorch_tanh)",
  '√(2/π)',
  NEW_GELU,
  'NewGELUActivation, GELUTanh, AccurateGELUActivation: 0.5·x·(1 + tanh(math.sqrt(2/π)·(x + 0.044715·x³)))',
);

export const geluFast = tanhGeluVariant(
  'gelu_fast',
  [],
  "Transformers' FastGELU: the tanh GELU with the literal 0.7978845608 for √(2/π)",
  '0.7978845608',
  FAST_GELU,
  'FastGELUActivation: 0.5·x·(1 + tanh(x·0.7978845608·(1 + 0.044715·x·x)))',
);

// gelu(x) = 10 at x = 10 + 7.6e-23, between 10 and the next double: every double up to 10 keeps
// gelu, every double above it is clipped (no double sits on the kink).
const GELU_10_CLIP = 10;

export const gelu10: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'gelu_10',
  aliases: [],
  family: 'smooth gates',
  summary: 'GELU clipped to [−10, 10] (Transformers ClippedGELUActivation, for quantization)',
  formula: 'clip(x·Φ(x), −10, 10): x·Φ(x) for x ≤ 10, 10 above (the clip point 10 + 7.6e-23 lies between doubles)',
  derivativeFormula: 'Φ(x) + x·φ(x) for x ≤ 10, 0 above',
  parameters: [],
  properties: { monotonicity: 'not monotonic', parity: 'none', range: '[−0.17, 10]', bounds: [-0.17, 10], piecewiseLinear: false },
  // No double sits on the clip point: 10 keeps gelu's derivatives, everything above is constant.
  higher: () => fromOrders((x, order) => (x > GELU_10_CLIP ? 0 : order === 2 ? GELU_HIGHER.second(x) : GELU_HIGHER.third(x))),
  higherBranchPoints: () => symmetric([40]),
  higherLargestTerm: (x, _params, order) => (x > GELU_10_CLIP ? 0 : geluLargestHigherTerm(x, order)),
  kinks: () => [],
  create: () => {
    const g = geluExact();
    return { value: (x) => (x > GELU_10_CLIP ? GELU_10_CLIP : g.value(x)), derivative: (x) => (x > GELU_10_CLIP ? 0 : g.derivative(x)) };
  },
  exact: () => {
    const g = geluExactFormulas(undefined);
    return {
      value: (x, D) => (x > GELU_10_CLIP ? new D(GELU_10_CLIP) : g.value(x, D)),
      derivative: (x, D) => (x > GELU_10_CLIP ? new D(0) : g.derivative(x, D)),
    };
  },
  extended: () => ({
    value: (x) => (x > GELU_10_CLIP ? settled(GELU_10_CLIP) : GELU_EXACT_KERNELS.value!(x)),
    derivative: (x) => (x > GELU_10_CLIP ? settled(0) : GELU_EXACT_KERNELS.derivative!(x)),
  }),
  // Above 10 the exact answers (10 and 0) need no estimate: Infinity sends them to the kernels.
  estimate: () => ({
    value: (x) => (x > GELU_10_CLIP ? Infinity : GELU_ESTIMATE.value!(x)),
    derivative: (x) => (x > GELU_10_CLIP ? Infinity : GELU_ESTIMATE.derivative!(x)),
  }),
  branchPoints: () => [...GELU_EXACT_BRANCHES, GELU_10_CLIP],
  references: [
    { citation: `${TRANSFORMERS_SOURCE}: ClippedGELUActivation(min=-10, max=10), torch.clip(gelu(x), min, max)`, url: TRANSFORMERS_URL },
    { citation: 'Wu et al., "Integer Quantization for Deep Learning Inference: Principles and Empirical Evaluation", 2020', url: 'https://arxiv.org/abs/2004.09602' },
  ],
  window: [-4, 12],
};

/** QuickGELUActivation's 1.702, as a double. */
const QUICK_GELU_BETA = 1.702;
const QUICK_GELU_PARAMS: Params = { beta: QUICK_GELU_BETA };

export const quickGelu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'quick_gelu',
  aliases: [],
  family: 'smooth gates',
  summary: 'x·σ(1.702x): the sigmoid approximation of GELU (Transformers QuickGELUActivation)',
  formula: 'x·σ(1.702·x), 1.702 as a double (swish with beta 1.702)',
  derivativeFormula: 'σ(1.702x)·(1 + 1.702x·σ(−1.702x))',
  parameters: [],
  properties: { monotonicity: 'not monotonic', parity: 'none', range: '[−0.1636, ∞)', bounds: [-0.1637, Infinity], piecewiseLinear: false },
  higher: () => swishHigher(QUICK_GELU_BETA),
  higherBranchPoints: () => swishHigherBranches(QUICK_GELU_BETA),
  higherLargestTerm: (x, _params, order) => swishLargestTerm(QUICK_GELU_BETA)(x, order),
  kinks: () => [],
  create: () => swishOf(QUICK_GELU_BETA),
  exact: () => swishExactFormulas(QUICK_GELU_BETA),
  extended: () => swishKernels(QUICK_GELU_BETA),
  branchPoints: () => swishBranches(QUICK_GELU_BETA),
  nearRoot: { root: () => SWISH_NEAR_ROOT.root(QUICK_GELU_PARAMS), largestTerm: (x) => SWISH_NEAR_ROOT.largestTerm(x, QUICK_GELU_PARAMS), note: SWISH_NEAR_ROOT.note },
  references: [
    { citation: `${TRANSFORMERS_SOURCE}: QuickGELUActivation, x·torch.sigmoid(1.702·x)`, url: TRANSFORMERS_URL },
    { citation: 'Hendrycks & Gimpel, "Gaussian Error Linear Units (GELUs)", 2016, §2', url: 'https://arxiv.org/abs/1606.08415' },
  ],
  window: [-6, 4],
};

// ---------------------------------------------------------------------------------------------
// laplace: Φ((x − μ)/σ), LaplaceActivation's ½(1 + erf((x − μ)/(σ√2))).
const LAPLACE_MU = 0.707107;
const LAPLACE_SIGMA = 0.282095;
// Φ(t) rounds to 1 above 8.3 (Φ(−t) < 2^-54) and Φ(t) = 0 below −38.5; φ(t)/σ underflows below −38.7.
// The double-double kernels hold to |t| = 37 (the continued fraction, φ from the 2^-104 exponential);
// beyond, the results are near the subnormal range and the slow path rounds them.
const LAPLACE_ONE = 26;
const LAPLACE_TAIL = -37;
const LAPLACE_ZERO = -39.5;

/** t = (x − μ)/σ as two doubles into `extended`: x − μ exactly, then the division in double-double. */
function laplaceArgument(x: number): void {
  const difference = x - LAPLACE_MU;
  divideExtended(difference, twoSumError(x, -LAPLACE_MU, difference), LAPLACE_SIGMA, 0);
}

/**
 * Φ(t + tLow) = Φ(t) + φ(t)·tLow to 2^-100: Φ and φ at the double t from the double-double
 * kernels, the low part entering to first order (its square is below 2^-106).
 */
function normalCdfOfSum(t: number, tLow: number): void {
  normalDensityExtended(Math.abs(t));
  const densityHigh = normalDensity.hi;
  const densityLow = normalDensity.lo;
  lowerTailExtended(Math.abs(t));
  if (t > 0) addExtended(1, 0, -extended.hi, -extended.lo);
  const tailHigh = extended.hi;
  const tailLow = extended.lo;
  multiplyExtended(densityHigh, densityLow, tLow, 0);
  addExtended(tailHigh, tailLow, extended.hi, extended.lo);
}

function laplaceKernels(): ExtendedActivation {
  return {
    value: (x) => {
      if (!Number.isFinite(x)) return settled(x > 0 ? 1 : x < 0 ? 0 : x);
      // Far from μ (where double-double division would overflow its splitting) Φ is 0 or 1.
      if (Math.abs(x) > 1e6) return settled(x > 0 ? 1 : 0);
      laplaceArgument(x);
      const t = extended.hi;
      const tLow = extended.lo;
      if (t > LAPLACE_ONE) return settled(1);
      if (t < LAPLACE_ZERO) return settled(0);
      // Below −37 the tail kernels end: the plain erfc, then the slow path.
      if (t < LAPLACE_TAIL) return undecided(0.5 * erfc(-(t + tLow) * Math.SQRT1_2));
      normalCdfOfSum(t, tLow);
      return extendedBound();
    },
    derivative: (x) => {
      if (!Number.isFinite(x)) return settled(x === x ? 0 : x);
      if (Math.abs(x) > 1e6) return settled(0);
      laplaceArgument(x);
      const t = extended.hi;
      const tLow = extended.lo;
      if (Math.abs(t) > -LAPLACE_ZERO) return settled(0);
      if (Math.abs(t) > -LAPLACE_TAIL) return undecided(Math.exp(-0.5 * t * t) / (LAPLACE_SIGMA * Math.sqrt(2 * Math.PI)));
      // φ(t + tLow) = φ(t)·(1 − t·tLow), then divided by σ.
      normalDensityExtended(Math.abs(t));
      const densityHigh = normalDensity.hi;
      const densityLow = normalDensity.lo;
      const correction = -t * tLow;
      multiplyExtended(densityHigh, densityLow, 1 + correction, twoSumError(1, correction, 1 + correction));
      divideExtended(extended.hi, extended.lo, LAPLACE_SIGMA, 0);
      return extendedBound();
    },
  };
}

function laplaceExactFormulas(): ExactActivation {
  const argument = (x: number, D: ExactContext): Exact => exactDecimal(D, x).minus(exactDecimal(D, LAPLACE_MU)).div(exactDecimal(D, LAPLACE_SIGMA));
  return {
    value: (x, D) => normalCdf(D, argument(x, D)),
    derivative: (x, D) => exactNormalDensity(D, argument(x, D)).div(exactDecimal(D, LAPLACE_SIGMA)),
  };
}

export const laplace: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'laplace',
  aliases: [],
  family: 'sigmoidal',
  summary: 'Laplace attention function of MEGA: Φ((x − μ)/σ), μ = 0.707107, σ = 0.282095 (Transformers LaplaceActivation)',
  formula: '½·(1 + erf((x − 0.707107)/(0.282095·√2))) = Φ((x − μ)/σ), μ and σ as doubles',
  derivativeFormula: 'φ((x − μ)/σ)/σ',
  parameters: [],
  properties: { monotonicity: 'increasing', parity: 'none', range: '[0, 1]', bounds: [0, 1], piecewiseLinear: false },
  higher: () => LAPLACE_HIGHER,
  higherBranchPoints: () => [LAPLACE_MU + 40 * LAPLACE_SIGMA, LAPLACE_MU - 40 * LAPLACE_SIGMA, 1e6, -1e6],
  kinks: () => [],
  create: () => {
    const kernels = laplaceKernels();
    return { value: kernelRounded(kernels.value!), derivative: kernelRounded(kernels.derivative!) };
  },
  exact: () => laplaceExactFormulas(),
  extended: () => laplaceKernels(),
  branchPoints: () => [LAPLACE_MU, ...[LAPLACE_ONE, LAPLACE_TAIL, LAPLACE_ZERO, -LAPLACE_ZERO, NORMAL_SERIES_LIMIT, -NORMAL_SERIES_LIMIT, 8.3, -8.3, 38.6, -38.6].map((t) => LAPLACE_MU + LAPLACE_SIGMA * t)],
  references: [
    { citation: `${TRANSFORMERS_SOURCE}: LaplaceActivation, mu=0.707107, sigma=0.282095`, url: TRANSFORMERS_URL },
    { citation: 'Ma et al., "Mega: Moving Average Equipped Gated Attention", ICLR 2023', url: 'https://arxiv.org/abs/2209.10655' },
  ],
  window: [-0.5, 2],
};

// ---------------------------------------------------------------------------------------------
// sqrtsoftplus: √softplus(x) (DeepSeek V4's router score, Transformers SqrtSoftplusActivation).

// Beyond 40, softplus(x) = x + e^(−x) and √ of it is √x within 2^-60 relative; below −37,
// softplus(x) = e^x·(1 − e^x/2 …) and its root e^(x/2) within 2^-54 (the exponential form then
// holds far below −745, where softplus itself underflows).
const SQRT_SOFTPLUS_LINEAR = 40;

function sqrtSoftplusOf(threshold: number | null): ScalarActivation {
  return {
    value: (x) => {
      if (threshold !== null && x > threshold) return Math.sqrt(x);
      if (x < SOFTPLUS_IS_EXPONENTIAL) return Math.exp(0.5 * x);
      return Math.sqrt(softplus(x));
    },
    derivative: (x) => {
      if (threshold !== null && x > threshold) return 0.5 / Math.sqrt(x);
      if (x < SOFTPLUS_IS_EXPONENTIAL) return 0.5 * Math.exp(0.5 * x);
      return sigmoid(x) / (2 * Math.sqrt(softplus(x)));
    },
  };
}

function sqrtSoftplusKernels(threshold: number | null): ExtendedActivation {
  const reciprocalRoot = (x: number): number => {
    sqrtExtended(x, 0);
    divideExtended(0.5, 0, extended.hi, extended.lo);
    return extendedBound();
  };
  return {
    value: (x) => {
      if (!Number.isFinite(x)) return settled(x > 0 ? x : x < 0 ? 0 : x);
      if ((threshold !== null && x > threshold) || x > SQRT_SOFTPLUS_LINEAR) {
        sqrtExtended(x, threshold !== null && x > threshold ? 0 : Math.exp(-x));
        return extendedBound();
      }
      if (x < SOFTPLUS_IS_EXPONENTIAL) {
        // √(e^x·(1 − e^x/2 + …)) = e^(x/2)·(1 − e^x/4 + …): the next term is below 2^-106 here.
        const bound = exponentialExtended(0.5 * x);
        if (bound === Infinity || bound < 0) return bound;
        multiplyExtended(extended.hi, extended.lo, 1, -0.25 * Math.exp(x));
        return extendedBound();
      }
      const bound = softplusKernel(x);
      if (bound === Infinity) return bound;
      sqrtExtended(extended.hi, extended.lo);
      return extendedBound();
    },
    derivative: (x) => {
      if (!Number.isFinite(x)) return settled(x === x ? 0 : x);
      if (threshold !== null && x > threshold) return reciprocalRoot(x);
      if (x > SQRT_SOFTPLUS_LINEAR) {
        // σ(x)/(2√(x + e^(−x))) with σ(x) = 1 − e^(−x) to 2^-1000: both corrections matter up to x ≈ 64.
        const tail = Math.exp(-x);
        sqrtExtended(x, tail);
        divideExtended(0.5, 0, extended.hi, extended.lo);
        multiplyExtended(extended.hi, extended.lo, 1, -tail);
        return extendedBound();
      }
      if (x < SOFTPLUS_IS_EXPONENTIAL) {
        // σ(x)/(2√softplus(x)) = ½e^(x/2)·(1 − e^x)/(1 − e^x/4 …) = ½e^(x/2)·(1 − ¾e^x + …).
        const bound = exponentialExtended(0.5 * x);
        if (bound === Infinity || bound < 0) {
          extended.hi *= 0.5;
          return bound;
        }
        multiplyExtended(extended.hi, extended.lo, 0.5, -0.375 * Math.exp(x));
        return extendedBound();
      }
      softplusKernel(x);
      sqrtExtended(extended.hi, extended.lo);
      const rootHigh = extended.hi;
      const rootLow = extended.lo;
      sigmoidKernel(x);
      divideExtended(extended.hi, extended.lo, 2 * rootHigh, 2 * rootLow);
      return extendedBound();
    },
  };
}

function sqrtSoftplusExactFormulas(threshold: number | null): ExactActivation {
  return {
    value: (x, D) => (threshold !== null && x > threshold ? exactDecimal(D, x).sqrt() : exactSoftplus(D, exactDecimal(D, x)).sqrt()),
    derivative: (x, D) => {
      const exact = exactDecimal(D, x);
      if (threshold !== null && x > threshold) return new D(1).div(exact.sqrt().times(2));
      return exactSigmoid(D, exact).div(exactSoftplus(D, exact).sqrt().times(2));
    },
  };
}

export const sqrtSoftplus: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'sqrtsoftplus',
  aliases: ['sqrt_softplus'],
  family: 'smooth gates',
  summary: '√softplus(x): the router score of DeepSeek V4 (Transformers SqrtSoftplusActivation)',
  formula: '√(log(1 + eˣ)); with threshold: √x where x > threshold (PyTorch softplus)',
  derivativeFormula: 'σ(x)/(2·√softplus(x)); 1/(2√x) beyond the threshold',
  parameters: [numberParameter('threshold', null, 'above it, softplus is taken as x, as PyTorch does (default: none: exact)', mustBeFinite)],
  properties: { monotonicity: 'increasing', parity: 'none', range: '(0, ∞)', bounds: [0, Infinity], piecewiseLinear: false },
  higher: (params) => sqrtSoftplusHigher(optionalNumberOf(params, 'threshold')),
  // Above the threshold softplus is replaced by x, whatever the threshold: 0 on each piece.
  parameterGradients: () => ({ threshold: always(0) }),
  higherBranchPoints: (params) => [...symmetric([SQRT_SOFTPLUS_TAIL]), optionalNumberOf(params, 'threshold') ?? 0],
  higherLargestTerm: (x, params, order) => (optionalNumberOf(params, 'threshold') !== null && x > optionalNumberOf(params, 'threshold')! ? 0 : sqrtSoftplusLargestTerm(x, order)),
  higherJumps: (params) => (optionalNumberOf(params, 'threshold') === null ? [] : [optionalNumberOf(params, 'threshold')!]),
  kinks: () => [],
  create: (params) => sqrtSoftplusOf(optionalNumberOf(params, 'threshold')),
  exact: (params) => sqrtSoftplusExactFormulas(optionalNumberOf(params, 'threshold')),
  extended: (params) => sqrtSoftplusKernels(optionalNumberOf(params, 'threshold')),
  branchPoints: () => [SOFTPLUS_IS_EXPONENTIAL, SQRT_SOFTPLUS_LINEAR, 20, 0, -745, -1490, -708, 709.8],
  references: [{ citation: `${TRANSFORMERS_SOURCE}: SqrtSoftplusActivation, torch.sqrt(F.softplus(x))`, url: TRANSFORMERS_URL }],
  window: [-4, 4],
};

// ---------------------------------------------------------------------------------------------
// xielu: Huang et al.'s xIELU as XIELUActivation computes it. Its defaults are the numbers that
// module holds after its bfloat16 set-up, run in PyTorch (1.13, float64 input): alpha_p =
// softplus(log(expm1(0.8))) = 0.80078125, alpha_n = beta + softplus(log(expm1(0.8 − beta))) =
// 0.80078125, beta = 0.5, eps = bfloat16(−1e-6) = −9.98377799987793e-7.
const XIELU_DEFAULTS = { alpha_p: 0.80078125, alpha_n: 0.80078125, beta: 0.5, eps: -9.98377799987793e-7 } as const;

interface XieluParams {
  readonly alphaP: number;
  readonly alphaN: number;
  readonly beta: number;
  readonly eps: number;
}

function xieluParams(params: Params): XieluParams {
  return { alphaP: numberOf(params, 'alpha_p'), alphaN: numberOf(params, 'alpha_n'), beta: numberOf(params, 'beta'), eps: numberOf(params, 'eps') };
}

/**
 * The negative piece (expm1(min(x, eps)) − x)·alpha_n + beta·x in double-double into `extended`;
 * returns its largest term, the scale of its error (the two terms cancel near the piece's root).
 */
function xieluNegative(x: number, p: XieluParams): number {
  expm1Extended(Math.min(x, p.eps));
  addExtended(extended.hi, extended.lo, -x, 0);
  multiplyExtended(extended.hi, extended.lo, p.alphaN, 0);
  const gated = Math.abs(extended.hi);
  const linear = p.beta * x;
  addExtended(extended.hi, extended.lo, linear, twoProductError(p.beta, x, linear));
  return Math.max(gated, Math.abs(linear));
}

/** alpha_p·x² + beta·x in double-double into `extended`; returns its largest term. */
function xieluPositive(x: number, p: XieluParams): number {
  const square = x * x;
  multiplyExtended(square, twoProductError(x, x, square), p.alphaP, 0);
  const quadratic = Math.abs(extended.hi);
  const linear = p.beta * x;
  addExtended(extended.hi, extended.lo, linear, twoProductError(p.beta, x, linear));
  return Math.max(quadratic, Math.abs(linear));
}

/** The negative piece's slope expm1(x)·alpha_n + beta below eps (between eps and 0 it is beta − alpha_n). */
function xieluNegativeSlope(x: number, p: XieluParams): number {
  expm1Extended(x);
  multiplyExtended(extended.hi, extended.lo, p.alphaN, 0);
  const gated = Math.abs(extended.hi);
  addExtended(extended.hi, extended.lo, p.beta, 0);
  return Math.max(gated, Math.abs(p.beta));
}

function xieluKernels(p: XieluParams, kink: KinkConvention): ExtendedActivation {
  const positiveSlope = (x: number): number => {
    const doubled = 2 * p.alphaP;
    const product = doubled * x;
    addExtended(product, twoProductError(doubled, x, product), p.beta, 0);
    return extendedBound(Math.max(Math.abs(product), Math.abs(p.beta)));
  };
  return {
    value: (x) => {
      if (x !== x) return settled(x);
      if (x === Infinity) return settled(p.alphaP === 0 ? p.beta * x : p.alphaP > 0 ? Infinity : -Infinity);
      if (x === -Infinity) return settled(p.beta - p.alphaN === 0 ? 0 : (p.beta - p.alphaN) * -Infinity);
      if (Math.abs(x) > 1e150) return undecided(xieluPlain(p, kink).value(x));
      return extendedBound(x > 0 ? xieluPositive(x, p) : xieluNegative(x, p));
    },
    derivative: (x) => {
      if (x !== x) return settled(x);
      const onRight = kink === 'right';
      if (x > 0 || (x === 0 && onRight)) return Math.abs(x) > 1e290 ? undecided(xieluPlain(p, kink).derivative(x)) : positiveSlope(x);
      if (x > p.eps || (x === p.eps && onRight) || x === 0 || x === -Infinity) {
        // beta − alpha_n with its rounding error: the exact value.
        extended.hi = p.beta - p.alphaN;
        extended.lo = twoSumError(p.beta, -p.alphaN, extended.hi);
        return 0;
      }
      return extendedBound(xieluNegativeSlope(x, p));
    },
  };
}

function xieluPlain(p: XieluParams, kink: KinkConvention): ScalarActivation {
  return {
    value: (x) => (x > 0 ? p.alphaP * x * x + p.beta * x : x <= 0 ? (Math.expm1(Math.min(x, p.eps)) - x) * p.alphaN + p.beta * x : x),
    derivative: (x) => {
      const onRight = kink === 'right';
      if (x > 0 || (x === 0 && onRight)) return 2 * p.alphaP * x + p.beta;
      if (x > p.eps || (x === p.eps && onRight) || x === 0) return p.beta - p.alphaN;
      return x === x ? Math.expm1(x) * p.alphaN + p.beta : x;
    },
  };
}

/** Rounded from the double-double pieces (plain doubles would lose the negative piece's root). */
function xieluOf(p: XieluParams, kink: KinkConvention): ScalarActivation {
  const kernels = xieluKernels(p, kink);
  const plain = xieluPlain(p, kink);
  return { value: kernelRounded(kernels.value!, plain.value), derivative: kernelRounded(kernels.derivative!, plain.derivative) };
}

function xieluExactFormulas(p: XieluParams, kink: KinkConvention): ExactActivation {
  return {
    value: (x, D) => {
      const exact = exactDecimal(D, x);
      const beta = exactDecimal(D, p.beta);
      if (x > 0) return exactDecimal(D, p.alphaP).times(exact).times(exact).plus(beta.times(exact));
      return exactExpm1(D, exactDecimal(D, Math.min(x, p.eps))).minus(exact).times(exactDecimal(D, p.alphaN)).plus(beta.times(exact));
    },
    derivative: (x, D) => {
      const exact = exactDecimal(D, x);
      const beta = exactDecimal(D, p.beta);
      const onRight = kink === 'right';
      if (x > 0 || (x === 0 && onRight)) return exactDecimal(D, p.alphaP).times(exact).times(2).plus(beta);
      if (x > p.eps || (x === p.eps && onRight) || x === 0) return beta.minus(exactDecimal(D, p.alphaN));
      return exactExpm1(D, exact).times(exactDecimal(D, p.alphaN)).plus(beta);
    },
  };
}

export const xielu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'xielu',
  aliases: [],
  family: 'exponential linear',
  summary: 'xIELU: a quadratic positive piece and an expm1 negative piece (Huang et al.; Transformers XIELUActivation)',
  formula: 'alpha_p·x² + beta·x for x > 0; (expm1(min(x, eps)) − x)·alpha_n + beta·x for x ≤ 0',
  derivativeFormula: '2·alpha_p·x + beta for x > 0; expm1(x)·alpha_n + beta for x < eps; beta − alpha_n for eps < x ≤ 0',
  parameters: [
    numberParameter('alpha_p', XIELU_DEFAULTS.alpha_p, 'curvature of the positive piece (Transformers: softplus of its parameter, set up in bfloat16)', mustBeFinite),
    numberParameter('alpha_n', XIELU_DEFAULTS.alpha_n, 'scale of the negative piece (Transformers: beta + softplus of its parameter)', mustBeFinite),
    numberParameter('beta', XIELU_DEFAULTS.beta, 'linear term of both pieces', mustBeFinite),
    numberParameter('eps', XIELU_DEFAULTS.eps, 'where expm1 stops following x (Transformers: bfloat16(−1e-6))', mustBeFinite),
  ],
  validateParams: (params) => (numberOf(params, 'eps') > 0 ? `eps must be ≤ 0; got ${numberOf(params, 'eps')}` : undefined),
  properties: { monotonicity: 'not monotonic', parity: 'none', range: '(−∞, ∞) with the defaults: [−0.2054…, ∞) near −1', bounds: [-Infinity, Infinity], piecewiseLinear: false },
  higher: (params, kink) => xieluHigher(xieluParams(params), kink),
  parameterGradients: (params, kink) => xieluParameterGradients(xieluParams(params), kink),
  higherBranchPoints: () => [-40, ...symmetric([2 ** -20])],
  higherJumps: (params) => [numberOf(params, 'eps'), 0],
  kinks: (params) => {
    const p = xieluParams(params);
    return [
      { at: p.eps, left: Math.expm1(p.eps) * p.alphaN + p.beta, right: p.beta - p.alphaN },
      { at: 0, left: p.beta - p.alphaN, right: p.beta, jump: true },
    ];
  },
  create: (params, kink) => xieluOf(xieluParams(params), kink),
  exact: (params, kink) => xieluExactFormulas(xieluParams(params), kink),
  extended: (params, kink) => xieluKernels(xieluParams(params), kink),
  branchPoints: (params) => [numberOf(params, 'eps'), 0, -(2 ** -10), -0.5, 0.5, 1e150, -1e150, ...symmetric([1e290])],
  references: [
    { citation: 'Huang, Schlag et al., "Deriving Activation Functions Using Integration" (xIELU), 2024', url: 'https://arxiv.org/abs/2411.13010' },
    { citation: `${TRANSFORMERS_SOURCE}: XIELUActivation(alpha_p_init=0.8, alpha_n_init=0.8, beta=0.5, eps=-1e-6, dtype=torch.bfloat16), _xielu_python`, url: TRANSFORMERS_URL },
  ],
  window: [-4, 2],
};


// ---------------------------------------------------------------------------------------------
// Second and third derivatives, and the parameter gradients.

/** laplace″ = −t·φ(t)/σ², laplace‴ = (t² − 1)·φ(t)/σ³, t = (x − μ)/σ as two doubles. */
const LAPLACE_HIGHER: HigherDerivatives = (() => {
  const sigmaSquared = product(LAPLACE_SIGMA, LAPLACE_SIGMA);
  const sigmaCubed = times(sigmaSquared, LAPLACE_SIGMA);
  return fromOrders((x, order) => {
    if (x !== x) return x;
    // |t| > 40 (and far beyond the division's range): φ(t) rounds every coefficient to zero.
    if (Math.abs(x) > 1e6) return 0;
    laplaceArgument(x);
    const t = dd(extended.hi, extended.lo);
    if (Math.abs(t.hi) > 40) return 0;
    const coefficient = order === 2 ? divide(negate(t), sigmaSquared) : divide(subtract(multiply(t, t), dd(1)), sigmaCubed);
    return densityTimes(t, coefficient);
  });
})();

// Beyond ±50 sqrtsoftplus″ and ‴ are their asymptotic forms to within 2^-60 relative: e^(x/2)/4 and
// e^(x/2)/8 below, those of √x above.
const SQRT_SOFTPLUS_TAIL = 50;

/** (√x)″ = −1/(4x√x), (√x)‴ = 3/(8x²√x), by divisions in double-double. */
function rootOrders(x: number, order: 2 | 3): number {
  if (x === Infinity) return order === 2 ? -0 : 0;
  const root = sqrtOf(dd(x));
  const numerator = order === 2 ? divide(dd(-0.25), dd(x)) : divide(divide(dd(0.375), dd(x)), dd(x));
  return rounded(divide(numerator, root));
}

/**
 * h = √g, g = softplus: h″ = (2gσ′ − σ²)/(4g·h), h‴ = (4g²σ″ − 6gσσ′ + 3σ³)/(8g²·h), σ and its
 * derivatives at x, g and h in double-double.
 */
function sqrtSoftplusHigher(threshold: number | null): HigherDerivatives {
  return fromOrders((x, order) => {
    if (x !== x) return x;
    if ((threshold !== null && x > threshold) || x > SQRT_SOFTPLUS_TAIL) return rootOrders(x, order);
    if (x < -SQRT_SOFTPLUS_TAIL) return exponentialTimes(0.5 * x, order === 2 ? 0.25 : 0.125);
    softplusKernel(x);
    const g = dd(extended.hi, extended.lo);
    const h = sqrtOf(g);
    const gate = sigmoidDerivatives(dd(x));
    const gh = multiply(g, h);
    if (order === 2) {
      const numerator = subtract(times(multiply(g, gate.first), 2), multiply(gate.value, gate.value));
      return rounded(divide(numerator, times(gh, 4)));
    }
    const g2 = multiply(g, g);
    const numerator = add3(
      times(multiply(g2, gate.second), 4),
      times(multiply(g, multiply(gate.value, gate.first)), -6),
      times(multiply(gate.value, multiply(gate.value, gate.value)), 3),
    );
    return rounded(divide(numerator, times(multiply(g2, h), 8)));
  });
}

function add3(a: DoubleDouble, b: DoubleDouble, c: DoubleDouble): DoubleDouble {
  addExtended(a.hi, a.lo, b.hi, b.lo);
  addExtended(extended.hi, extended.lo, c.hi, c.lo);
  return dd(extended.hi, extended.lo);
}

/** xIELU's pieces: 2·alpha_p and 0 on the right of 0, 0 between eps and 0, alpha_n·e^x on the left of eps. */
function xieluHigher(p: XieluParams, kink: KinkConvention): HigherDerivatives {
  const pieces = (positive: number) => (x: number): number =>
    x !== x ? x : onRight(x, 0, kink) ? positive : onRight(x, p.eps, kink) ? 0 : exponentialTimes(x, p.alphaN);
  return { second: pieces(2 * p.alphaP), third: pieces(0) };
}

/** e^x − 1 − x, without its cancellation near 0 (the series x²/2 + x³/6 + x⁴/24 there). */
function expm1MinusX(x: number): number {
  if (x < -40) return -1 - x + Math.exp(x);
  if (Math.abs(x) < 2 ** -20) return rounded(multiply(product(x, x), dd(0.5 + x / 6 + (x * x) / 24)));
  return rounded(subtract(expm1Of(dd(x)), dd(x)));
}

function xieluParameterGradients(p: XieluParams, kink: KinkConvention): Readonly<Record<string, (x: number) => number>> {
  const expm1Eps = expm1Of(dd(p.eps));
  const epsSlope = exponentialTimes(p.eps, p.alphaN);
  // On the right of 0, on [eps, 0), on the left of eps.
  const pieces = (positive: (x: number) => number, middle: (x: number) => number, negative: (x: number) => number) => (x: number): number =>
    x !== x ? x : onRight(x, 0, kink) ? positive(x) : onRight(x, p.eps, kink) ? middle(x) : negative(x);
  return {
    alpha_p: pieces((x) => x * x, always(0), always(0)),
    alpha_n: pieces(always(0), (x) => rounded(subtract(expm1Eps, dd(x))), expm1MinusX),
    beta: (x) => x,
    eps: pieces(always(0), always(epsSlope), always(0)),
  };
}

/** The largest term of sqrtsoftplus″ = (2gσ′ − σ²)/(4g·h) and ‴ = (4g²σ″ − 6gσσ′ + 3σ³)/(8g²·h). */
function sqrtSoftplusLargestTerm(x: number, order: 2 | 3): number {
  const g = softplus(x);
  const h = Math.sqrt(g);
  const s = sigmoid(x);
  const m = sigmoidMagnitudes(x);
  return order === 2 ? Math.max(2 * g * m.first, s * s) / (4 * g * h) : Math.max(4 * g * g * m.second, 6 * g * s * m.first, 3 * s * s * s) / (8 * g * g * h);
}
