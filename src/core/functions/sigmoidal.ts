/** Sigmoidal functions: smooth, bounded, S-shaped, and their logs and shrinks. */
import { twoProductError, twoSumError } from '../double-double.ts';
import {
  EXPONENT_BRANCHES,
  SIGMOID_IS_EXPONENTIAL,
  SOFTPLUS_IS_EXPONENTIAL,
  TANH_DERIVATIVE_BRANCHES,
  sigmoid as sigmoidValue,
  sigmoidDerivative,
  softplus,
  symmetric,
  tanh as tanhValue,
  tanhDerivative,
  tanhExtended,
} from '../special.ts';
import { divideExtended, extended, multiplyExtended } from '../extended.ts';
import type { ElementwiseDefinition } from '../types.ts';

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
  kinks: () => [],
  create: () => ({ value: sigmoidValue, derivative: sigmoidDerivative }),
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
  kinks: () => [],
  create: () => ({
    // −softplus(−x): never log(σ(x)), which is −∞ once σ(x) underflows (x < −745).
    value: (x) => -softplus(-x),
    derivative: (x) => sigmoidValue(-x),
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
  kinks: () => [],
  create: () => ({ value: tanhValue, derivative: tanhDerivative }),
  branchPoints: () => symmetric(TANH_DERIVATIVE_BRANCHES),
  references: [{ citation: 'LeCun, Bottou, Orr & Müller, "Efficient BackProp", 1998' }],
  window: [-4, 4],
};

/** 1/(1 + |x|)² with the rounding of 1 + |x| carried as a correction. */
function softsignDerivative(x: number): number {
  const a = Math.abs(x);
  const sum = 1 + a;
  const r = 1 / sum;
  const correction = twoSumError(1, a, sum) / sum;
  // (1/(s + e))² = r²·(1 − 2e/s); squaring r would overflow nothing: r ≤ 1.
  return r * r - r * r * (2 * correction);
}

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
  kinks: () => [],
  create: () => ({
    value: (x) => (Number.isFinite(x) ? x / (1 + Math.abs(x)) : x === x ? Math.sign(x) : x),
    derivative: (x) => (Number.isFinite(x) ? softsignDerivative(x) : x === x ? 0 : x),
  }),
  references: [{ citation: 'Bergstra, Desjardins, Lamblin & Bengio, "Quadratic Polynomials Learn Better Image Features", 2009' }],
  window: [-6, 6],
};

// Lambert's continued fraction tanh x = x/(1 + x²/(3 + x²/(5 + …))), 16 levels: exact to 2^-60 for |x| ≤ 2.
const CONTINUED_FRACTION_LEVELS = 16;

/**
 * q(x) = x²/(3 + x²/(5 + …)) as two doubles into `extended`, so that tanh x = x/(1 + q) and
 * x − tanh x = x·q/(1 + q); all terms positive. The levels below the first are a double (their
 * rounding reaches q damped by x²/15 at most); x² and 3 + … are carried exactly.
 */
function lambertTail(x: number): void {
  const square = x * x;
  let denominator = 2 * CONTINUED_FRACTION_LEVELS + 1;
  for (let k = CONTINUED_FRACTION_LEVELS - 1; k >= 2; k--) denominator = 2 * k + 1 + square / denominator;
  const inner = square / denominator;
  const outer = 3 + inner;
  divideExtended(square, twoProductError(x, x, square), outer, twoSumError(3, inner, outer));
}

const TANHSHRINK_SERIES = 2;
const TANH_SQUARED_SERIES = 0.88;

/** x − tanh x without cancellation. */
function tanhShrink(x: number): number {
  // |x| > 2: tanh x/(x − tanh x) < 1, so the plain difference loses less than an ulp.
  if (!(Math.abs(x) <= TANHSHRINK_SERIES)) {
    if (!Number.isFinite(x)) return x;
    tanhExtended(x);
    const difference = x - extended.hi;
    return difference + (twoSumError(x, -extended.hi, difference) - extended.lo);
  }
  lambertTail(x);
  const q = extended.hi;
  const qLow = extended.lo;
  const onePlus = 1 + q;
  const onePlusLow = twoSumError(1, q, onePlus) + qLow;
  multiplyExtended(x, 0, q, qLow);
  divideExtended(extended.hi, extended.lo, onePlus, onePlusLow);
  // x³/3 underflows to a zero of the sign of x.
  return extended.hi === 0 ? 0 * x : extended.hi;
}

/**
 * tanh² x to the last bit: squaring Math.tanh doubles its error (3 ulp seen). For |x| > 0.88,
 * 1 − sech² x (sech² ≤ 1/2, so no cancellation); below, tanh x = x/(1 + q) carried as two
 * doubles and squared.
 */
function tanhSquared(x: number): number {
  const a = Math.abs(x);
  if (!(a <= TANH_SQUARED_SERIES)) return a === a ? 1 - tanhDerivative(a) : a;
  lambertTail(a);
  const s = 1 + extended.hi;
  divideExtended(a, 0, s, twoSumError(1, extended.hi, s) + extended.lo);
  multiplyExtended(extended.hi, extended.lo, extended.hi, extended.lo);
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
  kinks: () => [],
  create: () => ({
    value: tanhShrink,
    derivative: tanhSquared,
  }),
  branchPoints: () => symmetric([TANHSHRINK_SERIES, TANH_SQUARED_SERIES, ...TANH_DERIVATIVE_BRANCHES]),
  references: [{ citation: 'PyTorch torch.nn.Tanhshrink' }],
  window: [-4, 4],
};
