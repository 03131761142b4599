/** Rectifiers: piecewise-linear functions with a kink at 0 (and relu6 at 6). */
import { productError, twoProductError, twoSumError } from '../double-double.ts';
import { mustBeFinite, mustBeNonNegative, numberOf, numberParameter } from '../parameters.ts';
import { exactDecimal } from '../arbitrary.ts';
import { addExtended, extended, multiplyExtended } from '../extended.ts';
import { extendedBound, kernelRounded, settled, undecided } from '../special.ts';
import type { ElementwiseDefinition, ExactActivation, ExtendedActivation, KinkConvention, ScalarActivation } from '../types.ts';
import { bandSlope, exactOfPlain, plainIsExact, stepSlope } from './piecewise.ts';
import { LINEAR_HIGHER, byPiece, always, negativePart } from '../higher.ts';

const TINY_SCALE = 2 ** 600;
const HUGE_SCALE = 2 ** -600;

/** x for x > 0, slope·x otherwise: relu (slope 0), leaky_relu, prelu, rrelu. */
function rectifier(slope: number, kink: KinkConvention): ScalarActivation {
  return {
    // slope 0 at x = −∞ would be 0·∞ = NaN; the limit is 0. NaN fails both tests and falls through.
    value: slope === 0 ? (x) => (x > 0 ? x : x <= 0 ? 0 : x) : (x) => (x > 0 ? x : slope * x),
    derivative: stepSlope(0, slope, 1, kink),
  };
}

/** x for x > 0, slope·x otherwise, exactly (the slope a double). */
function rectifierExact(slope: number, kink: KinkConvention): ExactActivation {
  return {
    value: (x, D) => (x > 0 ? exactDecimal(D, x) : exactDecimal(D, slope).times(exactDecimal(D, x))),
    derivative: exactOfPlain(stepSlope(0, slope, 1, kink)),
  };
}

const RECTIFIER_PROPERTIES = { monotonicity: 'nondecreasing', parity: 'none', range: '(−∞, ∞) (positive slope)', bounds: [-Infinity, Infinity], piecewiseLinear: true } as const;

export const relu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'relu',
  aliases: [],
  family: 'rectifiers',
  summary: 'Rectified linear unit',
  formula: 'max(x, 0)',
  derivativeFormula: '1 for x > 0, 0 for x < 0',
  parameters: [],
  properties: { ...RECTIFIER_PROPERTIES, range: '[0, ∞)', bounds: [0, Infinity] },
  higher: () => LINEAR_HIGHER,
  fused: () => (xs, values, gradients, count, activation) => {
    const { value, gradient } = activation;
    for (let i = 0; i < count; i++) {
      const x = xs[i];
      values[i] = value(x);
      gradients[i] = gradient(x);
    }
  },
  kinks: () => [{ at: 0, left: 0, right: 1 }],
  create: (_params, kink) => rectifier(0, kink),
  exact: (_params, kink) => plainIsExact(rectifier(0, kink)),
  references: [{ citation: 'Nair & Hinton, "Rectified Linear Units Improve Restricted Boltzmann Machines", ICML 2010, pp. 807–814' }],
  window: [-3, 3],
};

export const relu6: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'relu6',
  aliases: [],
  family: 'rectifiers',
  summary: 'ReLU capped at 6',
  formula: 'min(max(x, 0), 6)',
  derivativeFormula: '1 for 0 < x < 6, 0 otherwise',
  parameters: [],
  properties: { monotonicity: 'nondecreasing', parity: 'none', range: '[0, 6]', bounds: [0, 6], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  fused: () => (xs, values, gradients, count, activation) => {
    const { value, gradient } = activation;
    for (let i = 0; i < count; i++) {
      const x = xs[i];
      values[i] = value(x);
      gradients[i] = gradient(x);
    }
  },
  kinks: () => [{ at: 0, left: 0, right: 1 }, { at: 6, left: 1, right: 0 }],
  create: (_params, kink) => ({
    value: (x) => (x > 0 ? (x < 6 ? x : 6) : x <= 0 ? 0 : x),
    derivative: bandSlope(0, 6, 0, 1, 0, kink),
  }),
  exact: (params, kink) => plainIsExact(relu6.create(params, kink)),
  references: [{ citation: 'Krizhevsky, "Convolutional Deep Belief Networks on CIFAR-10", 2010' }],
  window: [-2, 8],
};

export const leakyRelu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'leaky_relu',
  aliases: ['leakyrelu', 'lrelu'],
  family: 'rectifiers',
  summary: 'Leaky ReLU: a small slope for negative inputs',
  formula: 'x for x > 0, negative_slope·x otherwise',
  derivativeFormula: '1 for x > 0, negative_slope for x < 0',
  parameters: [numberParameter('negative_slope', 0.01, 'slope for x < 0', mustBeFinite, ['alpha'])],
  properties: RECTIFIER_PROPERTIES,
  higher: () => LINEAR_HIGHER,
  parameterGradients: (_params, kink) => ({ negative_slope: negativePart(kink) }),
  fused: () => (xs, values, gradients, count, activation) => {
    const { value, gradient } = activation;
    for (let i = 0; i < count; i++) {
      const x = xs[i];
      values[i] = value(x);
      gradients[i] = gradient(x);
    }
  },
  kinks: (params) => [{ at: 0, left: numberOf(params, 'negative_slope'), right: 1 }],
  create: (params, kink) => rectifier(numberOf(params, 'negative_slope'), kink),
  exact: (params, kink) => rectifierExact(numberOf(params, 'negative_slope'), kink),
  references: [{ citation: 'Maas, Hannun & Ng, "Rectifier Nonlinearities Improve Neural Network Acoustic Models", ICML 2013' }],
  window: [-3, 3],
};

export const prelu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'prelu',
  aliases: [],
  family: 'rectifiers',
  summary: 'Parametric ReLU with a learned slope (one scalar weight here)',
  formula: 'x for x > 0, weight·x otherwise',
  derivativeFormula: '∂/∂x: 1 for x > 0, weight for x < 0 (∂/∂weight: x for x < 0, 0 for x > 0)',
  parameters: [numberParameter('weight', 0.25, 'the learned slope for x < 0 (PyTorch initialises it to 0.25)')],
  properties: RECTIFIER_PROPERTIES,
  higher: () => LINEAR_HIGHER,
  parameterGradients: (_params, kink) => ({ weight: negativePart(kink) }),
  kinks: (params) => [{ at: 0, left: numberOf(params, 'weight'), right: 1 }],
  create: (params, kink) => rectifier(numberOf(params, 'weight'), kink),
  exact: (params, kink) => rectifierExact(numberOf(params, 'weight'), kink),
  references: [{ citation: 'He, Zhang, Ren & Sun, "Delving Deep into Rectifiers", 2015', url: 'https://arxiv.org/abs/1502.01852' }],
  window: [-3, 3],
};

const rreluSlope = (lower: number, upper: number): number => (lower + upper) / 2;

export const rrelu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'rrelu',
  aliases: [],
  family: 'rectifiers',
  summary: 'Randomized leaky ReLU in evaluation mode: slope (lower + upper)/2',
  formula: 'x for x > 0, ((lower + upper)/2)·x otherwise (training draws the slope from U(lower, upper))',
  derivativeFormula: '1 for x > 0, (lower + upper)/2 for x < 0',
  parameters: [
    numberParameter('lower', 0.125, 'lower bound of the random slope', mustBeNonNegative),
    numberParameter('upper', 1 / 3, 'upper bound of the random slope', mustBeNonNegative),
  ],
  validateParams: (params) =>
    numberOf(params, 'lower') <= numberOf(params, 'upper') ? undefined : '--lower must not exceed --upper',
  properties: RECTIFIER_PROPERTIES,
  higher: () => LINEAR_HIGHER,
  // The slope (lower + upper)/2: each bound moves it by half.
  parameterGradients: (_params, kink) => ({ lower: negativePart(kink, 0.5), upper: negativePart(kink, 0.5) }),
  kinks: (params) => [{ at: 0, left: rreluSlope(numberOf(params, 'lower'), numberOf(params, 'upper')), right: 1 }],
  create: (params, kink) => {
    const lower = numberOf(params, 'lower');
    const upper = numberOf(params, 'upper');
    const sum = lower + upper;
    const sumLow = twoSumError(lower, upper, sum);
    return {
      // x·(lower + upper)/2 rounded once: rounding the slope first would cost an ulp.
      value: (x) => {
        if (x > 0 || x !== x) return x;
        if (x === -Infinity) return x;
        // Tiny x: scale up by 2^600 so that the halving is exact and the subnormal rounding happens once;
        // huge x: scale down so that the product's rounding error can be split (|x·sum| < 1e290).
        const scale = x > -1e-290 ? TINY_SCALE : x < -1e280 ? HUGE_SCALE : 1;
        const scaled = x * scale;
        const product = scaled * sum;
        return (0.5 * (product + (productError(scaled, sum, product) + scaled * sumLow))) / scale;
      },
      derivative: stepSlope(0, rreluSlope(lower, upper), 1, kink),
    };
  },
  extended: (params, kink) => {
    const plain = rrelu.create(params, kink);
    const lower = numberOf(params, 'lower');
    const upper = numberOf(params, 'upper');
    const sum = lower + upper;
    const slopeLow = 0.5 * twoSumError(lower, upper, sum);
    return {
      // x·(lower + upper)/2 in double-double; beyond −1e280 the plain product (scaled) rounds once.
      value: (x) => {
        if (!(x < 0) || x < -1e280) return settled(plain.value(x));
        multiplyExtended(x, 0, 0.5 * sum, slopeLow);
        return extendedBound();
      },
    };
  },
  exact: (params, kink) => {
    const slope = (D: Parameters<ExactActivation['value']>[1]) => exactDecimal(D, numberOf(params, 'lower')).plus(exactDecimal(D, numberOf(params, 'upper'))).div(2);
    return {
      value: (x, D) => (x > 0 ? exactDecimal(D, x) : slope(D).times(exactDecimal(D, x))),
      derivative: (x, D) => (x > 0 || (x === 0 && kink === 'right') ? new D(1) : slope(D)),
    };
  },
  branchPoints: () => [-1e-290, -1e280],
  references: [{ citation: 'Xu, Wang, Chen & Li, "Empirical Evaluation of Rectified Activations in Convolutional Network", 2015', url: 'https://arxiv.org/abs/1505.00853' }],
  window: [-3, 3],
};

/** relu(x)²: x·x is one rounding, 2x none. */
export const relu2: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'relu2',
  aliases: ['relu_squared', 'squared_relu'],
  family: 'rectifiers',
  summary: 'Squared ReLU, relu(x)² (So et al., Primer; Transformers ReLUSquaredActivation)',
  formula: 'max(x, 0)²',
  derivativeFormula: '2x for x > 0, 0 for x ≤ 0 (continuous: no kink in the gradient)',
  parameters: [],
  properties: { monotonicity: 'nondecreasing', parity: 'none', range: '[0, ∞)', bounds: [0, Infinity], piecewiseLinear: false },
  // f″ jumps from 0 to 2 at 0 (f′ = 2·relu(x) does not): the convention picks the piece there.
  higher: (_params, kink) => ({ second: byPiece(0, kink, always(0), always(2)), third: always(0) }),
  higherJumps: () => [0],
  kinks: () => [],
  create: () => ({
    value: (x) => (x > 0 ? x * x : x <= 0 ? 0 : x),
    derivative: (x) => (x > 0 ? 2 * x : x <= 0 ? 0 : x),
  }),
  // x·x is exact for inputs of a lower dtype (at most 2·24 bits), where the exact value is consulted.
  exact: () => ({
    value: (x, D) => (x > 0 ? exactDecimal(D, x).times(exactDecimal(D, x)) : new D(x <= 0 ? 0 : NaN)),
    derivative: (x, D) => (x > 0 ? exactDecimal(D, x).times(2) : new D(x <= 0 ? 0 : NaN)),
  }),
  references: [
    { citation: 'So et al., "Primer: Searching for Efficient Transformers for Language Modeling", 2021', url: 'https://arxiv.org/abs/2109.08668' },
    { citation: 'Hugging Face Transformers, src/transformers/activations.py: ReLUSquaredActivation', url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/activations.py' },
  ],
  window: [-2, 2],
};

/** scale·x² + bias for x > 0 in double-double into `extended`; returns its largest term (the two cancel near the root √(−bias/scale)). */
function starReluPositive(x: number, scale: number, bias: number): number {
  const square = x * x;
  multiplyExtended(square, twoProductError(x, x, square), scale, 0);
  const quadratic = Math.abs(extended.hi);
  addExtended(extended.hi, extended.lo, bias, 0);
  return Math.max(quadratic, Math.abs(bias));
}

function starReluKernels(scale: number, bias: number): ExtendedActivation {
  return {
    value: (x) => {
      if (!(x > 0)) return settled(x <= 0 ? bias : x);
      if (x > 1e150) return x === Infinity ? settled(scale > 0 ? Infinity : scale < 0 ? -Infinity : bias) : undecided(scale * x * x + bias);
      return extendedBound(starReluPositive(x, scale, bias));
    },
    // 2·scale·x: 2·scale is exact, and the product with its rounding error is the exact value.
    derivative: (x) => {
      if (!(x > 0)) return settled(x <= 0 ? 0 : x);
      const doubled = 2 * scale;
      const product = doubled * x;
      // Beyond 1e290 the product's error term would overflow its splitting; the double is then the answer in every dtype (they overflow long before).
      // Below 2^-900 the error term may itself underflow; there the double product (one rounding) is the answer.
      if (!(Math.abs(product) < 1e290) || Math.abs(product) < 2 ** -900) return settled(product);
      extended.hi = product;
      extended.lo = twoProductError(doubled, x, product);
      return 0;
    },
  };
}

export const starRelu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'star_relu',
  aliases: ['starrelu'],
  family: 'rectifiers',
  summary: 'StarReLU, scale·relu(x)² + bias (MetaFormer)',
  formula: 'scale·max(x, 0)² + bias',
  derivativeFormula: '2·scale·x for x > 0, 0 for x ≤ 0',
  parameters: [
    numberParameter('scale', 0.8944, 's: 1/√(5/4), so that the output has unit variance for standard normal input', mustBeFinite),
    numberParameter('bias', -0.4472, 'b: −s/2, for zero mean', mustBeFinite),
  ],
  properties: { monotonicity: 'nondecreasing', parity: 'none', range: '[bias, ∞) for scale > 0', bounds: [-0.4472, Infinity], piecewiseLinear: false },
  higher: (params, kink) => ({ second: byPiece(0, kink, always(0), always(2 * numberOf(params, 'scale'))), third: always(0) }),
  parameterGradients: (_params, kink) => ({ scale: byPiece(0, kink, always(0), (x) => x * x), bias: always(1) }),
  higherJumps: () => [0],
  kinks: () => [],
  create: (params) => {
    const kernels = starReluKernels(numberOf(params, 'scale'), numberOf(params, 'bias'));
    return { value: kernelRounded(kernels.value!), derivative: kernelRounded(kernels.derivative!) };
  },
  exact: (params) => {
    const scale = numberOf(params, 'scale');
    const bias = numberOf(params, 'bias');
    return {
      value: (x, D) => (x > 0 ? exactDecimal(D, scale).times(exactDecimal(D, x).pow(2)).plus(exactDecimal(D, bias)) : x <= 0 ? exactDecimal(D, bias) : new D(NaN)),
      derivative: (x, D) => (x > 0 ? exactDecimal(D, scale).times(exactDecimal(D, x)).times(2) : new D(x <= 0 ? 0 : NaN)),
    };
  },
  extended: (params) => starReluKernels(numberOf(params, 'scale'), numberOf(params, 'bias')),
  branchPoints: (params) => [0, Math.sqrt(Math.abs(numberOf(params, 'bias') / numberOf(params, 'scale'))), 1e150],
  references: [{ citation: 'Yu et al., "MetaFormer Baselines for Vision", 2022 (StarReLU)', url: 'https://arxiv.org/abs/2210.13452' }],
  window: [-2, 2],
};
