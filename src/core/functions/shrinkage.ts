/** Shrinkage and thresholds: zero on a band, identity (or shifted) outside. */
import { mustBeFinite, mustBeNonNegative, numberOf, numberParameter } from '../parameters.ts';
import { exactDecimal } from '../arbitrary.ts';
import type { ElementwiseDefinition, ExactActivation, Kink, KinkConvention } from '../types.ts';
import { exactOfPlain, plainIsExact, stepSlope } from './piecewise.ts';
import { LINEAR_HIGHER, byPiece, always, onRight } from '../higher.ts';

/** x − shift for x > λ, x + shift for x < −λ, 0 between, exactly. */
function shiftedExact(lambd: number, shift: number, kink: KinkConvention): ExactActivation {
  return {
    value: (x, D) => {
      const exact = exactDecimal(D, x);
      return x > lambd ? exact.minus(exactDecimal(D, shift)) : x < -lambd ? exact.plus(exactDecimal(D, shift)) : new D(0);
    },
    derivative: exactOfPlain(bandGradient(lambd, kink)),
  };
}

/** 1 outside [−λ, λ], 0 inside; at ±λ the convention picks. */
function bandGradient(lambd: number, kink: KinkConvention): (x: number) => number {
  return kink === 'right'
    ? (x) => (x >= lambd || x < -lambd ? 1 : x === x ? 0 : x)
    : (x) => (x > lambd || x <= -lambd ? 1 : x === x ? 0 : x);
}

/** ∂/∂shift of x ∓ shift outside [−λ, λ]: −1 on the right, +1 on the left, 0 inside. */
function outsideBand(lambd: number, kink: KinkConvention): (x: number) => number {
  return (x) => (x !== x ? x : onRight(x, lambd, kink) ? -1 : onRight(x, -lambd, kink) ? 0 : 1);
}

function bandKinks(lambd: number, jump: boolean): Kink[] {
  // λ = 0: the band is a single point and the function is the identity there.
  if (lambd === 0) return [];
  return [{ at: -lambd, left: 1, right: 0, jump }, { at: lambd, left: 0, right: 1, jump }];
}

const LAMBDA = numberParameter('lambd', 0.5, 'half-width λ of the band around 0', mustBeNonNegative);

export const softshrink: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'softshrink',
  aliases: ['soft_shrink'],
  family: 'shrinkage',
  summary: 'Soft shrinkage (soft thresholding)',
  formula: 'x − λ for x > λ, x + λ for x < −λ, 0 otherwise',
  derivativeFormula: '1 for |x| > λ, 0 for |x| < λ',
  parameters: [LAMBDA],
  properties: { monotonicity: 'nondecreasing', parity: 'odd', range: '(−∞, ∞)', bounds: [-Infinity, Infinity], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  parameterGradients: (params, kink) => ({ lambd: outsideBand(numberOf(params, 'lambd'), kink) }),
  kinks: (params) => bandKinks(numberOf(params, 'lambd'), false),
  create: (params, kink) => {
    const lambd = numberOf(params, 'lambd');
    return {
      value: (x) => (x > lambd ? x - lambd : x < -lambd ? x + lambd : x === 0 ? x : x === x ? 0 : x),
      derivative: bandGradient(lambd, kink),
    };
  },
  exact: (params, kink) => shiftedExact(numberOf(params, 'lambd'), numberOf(params, 'lambd'), kink),
  references: [{ citation: 'Donoho, "De-noising by soft-thresholding", IEEE Trans. Inf. Theory, 1995' }],
  window: [-2, 2],
};

export const hardshrink: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'hardshrink',
  aliases: ['hard_shrink'],
  family: 'shrinkage',
  summary: 'Hard shrinkage (hard thresholding)',
  formula: 'x for |x| > λ, 0 otherwise',
  derivativeFormula: '1 for |x| > λ, 0 for |x| < λ',
  parameters: [LAMBDA],
  properties: { monotonicity: 'not monotonic', parity: 'odd', range: '(−∞, −λ) ∪ {0} ∪ (λ, ∞)', bounds: [-Infinity, Infinity], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  // λ moves only the jumps: 0 on every piece.
  parameterGradients: () => ({ lambd: always(0) }),
  kinks: (params) => bandKinks(numberOf(params, 'lambd'), true),
  create: (params, kink) => {
    const lambd = numberOf(params, 'lambd');
    return {
      value: (x) => (x > lambd || x < -lambd ? x : x === 0 ? x : x === x ? 0 : x),
      derivative: bandGradient(lambd, kink),
    };
  },
  exact: (params, kink) => plainIsExact(hardshrink.create(params, kink)),
  references: [{ citation: 'Donoho & Johnstone, "Ideal spatial adaptation by wavelet shrinkage", Biometrika, 1994' }],
  window: [-2, 2],
};

export const shrink: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'shrink',
  aliases: [],
  family: 'shrinkage',
  summary: 'ONNX Shrink: bias 0 is hardshrink, bias λ is softshrink',
  formula: 'x − bias for x > λ, x + bias for x < −λ, 0 otherwise',
  derivativeFormula: '1 for |x| > λ, 0 for |x| < λ',
  parameters: [LAMBDA, numberParameter('bias', 0, 'shift applied outside the band', mustBeFinite)],
  properties: { monotonicity: 'not monotonic', parity: 'odd', range: '(−∞, ∞)', bounds: [-Infinity, Infinity], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  parameterGradients: (params, kink) => ({ lambd: always(0), bias: outsideBand(numberOf(params, 'lambd'), kink) }),
  kinks: (params) => bandKinks(numberOf(params, 'lambd'), numberOf(params, 'bias') !== numberOf(params, 'lambd')),
  create: (params, kink) => {
    const lambd = numberOf(params, 'lambd');
    const bias = numberOf(params, 'bias');
    return {
      value: (x) => (x < -lambd ? x + bias : x > lambd ? x - bias : x === 0 ? x : x === x ? 0 : x),
      derivative: bandGradient(lambd, kink),
    };
  },
  exact: (params, kink) => shiftedExact(numberOf(params, 'lambd'), numberOf(params, 'bias'), kink),
  references: [{ citation: 'ONNX operator Shrink (opset 9)', url: 'https://onnx.ai/onnx/operators/onnx__Shrink.html' }],
  window: [-2, 2],
};

export const threshold: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'threshold',
  aliases: [],
  family: 'shrinkage',
  summary: 'PyTorch Threshold: x above the threshold, a constant at and below it',
  formula: 'x for x > threshold, value otherwise',
  derivativeFormula: '1 for x > threshold, 0 for x < threshold',
  parameters: [
    numberParameter('threshold', 0, 'the switch point', mustBeFinite),
    numberParameter('value', 0, 'output at and below the threshold', mustBeFinite),
  ],
  properties: { monotonicity: 'nondecreasing', parity: 'none', range: '{value} ∪ (threshold, ∞)', bounds: [0, Infinity], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  parameterGradients: (params, kink) => ({ threshold: always(0), value: byPiece(numberOf(params, 'threshold'), kink, always(1), always(0)) }),
  kinks: (params) => {
    const at = numberOf(params, 'threshold');
    return [{ at, left: 0, right: 1, jump: numberOf(params, 'value') !== at }];
  },
  create: (params, kink) => {
    const at = numberOf(params, 'threshold');
    const below = numberOf(params, 'value');
    return { value: (x) => (x > at ? x : x <= at ? below : x), derivative: stepSlope(at, 0, 1, kink) };
  },
  exact: (params, kink) => plainIsExact(threshold.create(params, kink)),
  references: [{ citation: 'PyTorch torch.nn.Threshold' }],
  window: [-3, 3],
};

export const thresholdedRelu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'thresholded_relu',
  aliases: [],
  family: 'shrinkage',
  summary: 'ONNX ThresholdedRelu: x above alpha, 0 otherwise',
  formula: 'x for x > alpha, 0 otherwise',
  derivativeFormula: '1 for x > alpha, 0 for x < alpha',
  parameters: [numberParameter('alpha', 1, 'the threshold', mustBeFinite)],
  properties: { monotonicity: 'not monotonic', parity: 'none', range: '{0} ∪ (alpha, ∞)', bounds: [0, Infinity], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  parameterGradients: () => ({ alpha: always(0) }),
  kinks: (params) => {
    const at = numberOf(params, 'alpha');
    return [{ at, left: 0, right: 1, jump: at !== 0 }];
  },
  create: (params, kink) => {
    const at = numberOf(params, 'alpha');
    return { value: (x) => (x > at ? x : x <= at ? 0 : x), derivative: stepSlope(at, 0, 1, kink) };
  },
  exact: (params, kink) => plainIsExact(thresholdedRelu.create(params, kink)),
  references: [{ citation: 'Konda, Memisevic & Krueger, "Zero-bias autoencoders and the benefits of co-adapting features", 2014', url: 'https://arxiv.org/abs/1402.3337' }],
  window: [-2, 3],
};
