/** Hard (piecewise-linear or -quadratic) approximations of the smooth functions. */
import { productError, twoProductError, twoSumError } from '../double-double.ts';
import { addExtended, extended, multiplyExtended } from '../extended.ts';
import { divisionRemainder, settled } from '../special.ts';
import { mustBeFinite, mustBePositive, numberOf, numberParameter } from '../parameters.ts';
import { constant, exactDecimal, type Exact, type ExactContext } from '../arbitrary.ts';
import type { ElementwiseDefinition } from '../types.ts';
import { bandSlope, exactOfPlain, plainIsExact } from './piecewise.ts';
import { LINEAR_HIGHER, byPiece, always, pieceConstant } from '../higher.ts';


/** (s + sLow)/6 rounded once: the quotient plus its exact remainder's share. */
function sixthOf(s: number, sLow: number): number {
  const q = s / 6;
  return q + (divisionRemainder(s, 6, q) + sLow) / 6;
}

/** (s + sLow)/6 as two doubles into `extended`. */
function sixthOfExtended(s: number, sLow: number): void {
  const q = s / 6;
  addExtended(q, (divisionRemainder(s, 6, q) + sLow) / 6, 0, 0);
}

const SIXTH = 1 / 6;

/**
 * The bound of a short chain of exact transformations whose last corrections are rounded: a few
 * roundings of the low part, relative 2^-50 of it and of hi's last bit. Results near underflow,
 * where the corrections themselves underflow, go to the slow path.
 */
function shortChainBound(): number {
  const magnitude = Math.abs(extended.hi);
  return magnitude >= 2 ** -960 ? (Math.abs(extended.lo) + magnitude * 2 ** -53) * 2 ** -48 : Infinity;
}

export const hardsigmoid: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'hardsigmoid',
  aliases: ['hard_sigmoid'],
  family: 'hard',
  summary: 'Hard sigmoid, clip(alpha·x + beta, 0, 1); --alpha 0.2 is the ONNX and Keras 2 form',
  formula: 'max(0, min(1, alpha·x + beta)) (defaults: relu6(x + 3)/6)',
  derivativeFormula: 'alpha where 0 < alpha·x + beta < 1, else 0',
  parameters: [
    numberParameter('alpha', SIXTH, 'slope; the default is exactly 1/6 (PyTorch relu6(x + 3)/6), ONNX uses 0.2', mustBePositive),
    numberParameter('beta', 0.5, 'value at 0', mustBeFinite),
  ],
  properties: { monotonicity: 'nondecreasing', parity: 'none', range: '[0, 1]', bounds: [0, 1], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  // α·x + β on the ramp, where the derivative is α: ∂/∂α = x and ∂/∂β = 1 there, 0 on the flat pieces.
  parameterGradients: (params, kink) => {
    const onRamp = hardsigmoid.create(params, kink).derivative;
    return { alpha: (x) => (x !== x ? x : onRamp(x) !== 0 ? x : 0), beta: (x) => (x !== x ? x : onRamp(x) !== 0 ? 1 : 0) };
  },
  kinks: (params) => {
    const { low, high } = hardsigmoidRamp(numberOf(params, 'alpha'), numberOf(params, 'beta'));
    const alpha = numberOf(params, 'alpha');
    return [{ at: low, left: 0, right: alpha }, { at: high, left: alpha, right: 0 }];
  },
  create: (params, kink) => {
    const alpha = numberOf(params, 'alpha');
    const { ramp, low, high } = hardsigmoidRamp(alpha, numberOf(params, 'beta'));
    return {
      value: (x) => {
        if (x < low) return 0;
        if (x > high) return 1;
        ramp(x);
        const r = extended.hi;
        // Between the kinks the ramp may round a hair outside [0, 1]; NaN falls through.
        return r < 0 ? 0 : r > 1 ? 1 : r;
      },
      // Decided on the exact ramp alpha·x + beta (two doubles), not on x or its rounding: the kinks
      // −beta/alpha and (1 − beta)/alpha need not be doubles, and the ramp may round onto 0 or 1.
      derivative: (x) => {
        if (x < low || x > high) return 0;
        ramp(x);
        const r = extended.hi;
        const rest = extended.lo;
        if (r !== r) return r;
        const atZero = r === 0 && rest === 0;
        const atOne = r === 1 && rest === 0;
        if (atZero) return kink === 'right' ? alpha : 0;
        if (atOne) return kink === 'right' ? 0 : alpha;
        const aboveZero = r > 0 || (r === 0 && rest > 0);
        const belowOne = r < 1 || (r === 1 && rest < 0);
        return aboveZero && belowOne ? alpha : 0;
      },
    };
  },
  extended: (params) => {
    const { ramp, low, high } = hardsigmoidRamp(numberOf(params, 'alpha'), numberOf(params, 'beta'));
    return {
      value: (x) => {
        if (x < low) return settled(0);
        if (x > high) return settled(1);
        ramp(x);
        const r = extended.hi;
        const rest = extended.lo;
        if (r < 0 || (r === 0 && rest <= 0)) return settled(0);
        if (r > 1 || (r === 1 && rest >= 0)) return settled(1);
        return shortChainBound();
      },
    };
  },
  exact: (params, kink) => {
    const alpha = numberOf(params, 'alpha');
    const beta = numberOf(params, 'beta');
    const slope = (D: ExactContext): Exact => (alpha === SIXTH ? constant(D, '1/6') : exactDecimal(D, alpha));
    return {
      value: (x, D) => clampToUnit(D, slope(D).times(exactDecimal(D, x)).plus(exactDecimal(D, beta))),
      // 0 or alpha (exactly 1/6 for the default)
      derivative: (x, D) => {
        const plain = hardsigmoid.create(params, kink).derivative(x);
        return plain === 0 ? new D(0) : slope(D);
      },
    };
  },
  references: [
    { citation: 'Howard et al., "Searching for MobileNetV3", 2019 (relu6(x + 3)/6)', url: 'https://arxiv.org/abs/1905.02244' },
    { citation: 'Courbariaux, Bengio & David, "BinaryConnect", 2015 (clip(0.2x + 0.5) in Keras 2 and ONNX)' },
  ],
  window: [-4, 4],
};

/** r clamped to [0, 1]. */
function clampToUnit(D: ExactContext, r: Exact): Exact {
  return r.isNeg() ? new D(0) : r.gt(1) ? new D(1) : r;
}

/**
 * alpha·x + beta as two doubles into `extended` (hi rounded once, lo the rest), and bounds outside
 * which it is certainly below 0 or above 1. Alpha 1/6 is taken as exactly one sixth.
 */
function hardsigmoidRamp(alpha: number, beta: number): { ramp: (x: number) => void; low: number; high: number } {
  if (alpha === SIXTH) {
    const offset = 6 * beta;
    return {
      ramp: (x) => {
        const s = x + offset;
        sixthOfExtended(s, twoSumError(x, offset, s));
      },
      low: -offset,
      high: 6 - offset,
    };
  }
  return {
    ramp: (x) => {
      const product = alpha * x;
      const sum = product + beta;
      addExtended(sum, twoSumError(product, beta, sum) + productError(alpha, x, product), 0, 0);
    },
    // a margin of a few ulps: inside it the exact ramp decides
    low: nextAway(-beta / alpha),
    high: nextAway((1 - beta) / alpha),
  };
}

/** A bound a little further from 0, past the rounding of a quotient. */
function nextAway(bound: number): number {
  return bound + Math.abs(bound) * 2 ** -50 * Math.sign(bound);
}

/** x(x + 3)/6 for −3 < x < 3, rounded once. */
function hardswishMiddle(x: number): number {
  const s = x + 3;
  const p = x * s;
  return sixthOf(p, twoProductError(x, s, p) + x * twoSumError(x, 3, s));
}

/** (2x + 3)/6 rounded once. */
function hardswishSlope(x: number): number {
  const s = 2 * x + 3;
  return sixthOf(s, twoSumError(2 * x, 3, s));
}

export const hardswish: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'hardswish',
  aliases: ['hard_swish', 'hard_silu'],
  family: 'hard',
  summary: 'Hard swish, x·relu6(x + 3)/6',
  formula: '0 for x ≤ −3, x(x + 3)/6 for −3 < x < 3, x for x ≥ 3',
  derivativeFormula: '0 for x < −3, (2x + 3)/6 for −3 < x < 3, 1 for x > 3',
  parameters: [],
  properties: { monotonicity: 'not monotonic', parity: 'none', range: '[−0.375, ∞)', bounds: [-0.375, Infinity], piecewiseLinear: false },
  higher: (_params, kink) => ({ second: pieceConstant(-3, 3, 1 / 3, kink), third: always(0) }),
  kinks: () => [{ at: -3, left: 0, right: -0.5 }, { at: 3, left: 1.5, right: 1 }],
  create: (_params, kink) => ({
    value: (x) => (x <= -3 ? 0 : x >= 3 ? x : hardswishMiddle(x)),
    derivative: kink === 'right'
      ? (x) => (x < -3 ? 0 : x < 3 ? hardswishSlope(x) : x >= 3 ? 1 : x)
      : (x) => (x <= -3 ? 0 : x <= 3 ? hardswishSlope(x) : x > 3 ? 1 : x),
  }),
  extended: (params, kink) => {
    const plain = hardswish.create(params, kink);
    return {
      value: (x) => {
        if (x <= -3 || x >= 3 || x === 0) return settled(plain.value(x));
        const s = x + 3;
        const p = x * s;
        sixthOfExtended(p, twoProductError(x, s, p) + x * twoSumError(x, 3, s));
        return shortChainBound();
      },
      derivative: (x) => {
        const middle = kink === 'right' ? x >= -3 && x < 3 : x > -3 && x <= 3;
        if (!middle) return settled(plain.derivative(x));
        const s = 2 * x + 3;
        sixthOfExtended(s, twoSumError(2 * x, 3, s));
        return shortChainBound();
      },
    };
  },
  exact: (_params, kink) => ({
    value: (x, D) => {
      const exact = exactDecimal(D, x);
      return x <= -3 ? new D(0) : x >= 3 ? exact : exact.times(exact.plus(3)).div(6);
    },
    derivative: (x, D) => {
      const outside = kink === 'right' ? x < -3 || x >= 3 : x <= -3 || x > 3;
      return outside ? new D(x < 0 ? 0 : 1) : exactDecimal(D, x).times(2).plus(3).div(6);
    },
  }),
  references: [{ citation: 'Howard et al., "Searching for MobileNetV3", 2019', url: 'https://arxiv.org/abs/1905.02244' }],
  window: [-5, 5],
};

export const hardtanh: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'hardtanh',
  aliases: ['hard_tanh'],
  family: 'hard',
  summary: 'Hard tanh, clamp(x, min_val, max_val)',
  formula: 'min(max(x, min_val), max_val)',
  derivativeFormula: '1 for min_val < x < max_val, 0 outside',
  parameters: [
    numberParameter('min_val', -1, 'lower clamp', mustBeFinite),
    numberParameter('max_val', 1, 'upper clamp', mustBeFinite),
  ],
  validateParams: (params) =>
    numberOf(params, 'min_val') < numberOf(params, 'max_val')
      ? undefined
      : `--min-val (${numberOf(params, 'min_val')}) must be less than --max-val (${numberOf(params, 'max_val')})`,
  properties: { monotonicity: 'nondecreasing', parity: 'odd', range: '[min_val, max_val]', bounds: [-1, 1], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  parameterGradients: (params, kink) => ({
    min_val: byPiece(numberOf(params, 'min_val'), kink, always(1), always(0)),
    max_val: byPiece(numberOf(params, 'max_val'), kink, always(0), always(1)),
  }),
  kinks: (params) => [
    { at: numberOf(params, 'min_val'), left: 0, right: 1 },
    { at: numberOf(params, 'max_val'), left: 1, right: 0 },
  ],
  create: (params, kink) => {
    const low = numberOf(params, 'min_val');
    const high = numberOf(params, 'max_val');
    return {
      value: (x) => (x < low ? low : x > high ? high : x),
      derivative: bandSlope(low, high, 0, 1, 0, kink),
    };
  },
  exact: (params, kink) => plainIsExact(hardtanh.create(params, kink)),
  references: [{ citation: 'Collobert, "Large Scale Machine Learning", PhD thesis, 2004 (customary attribution)' }],
  window: [-3, 3],
};

export const sparsePlus: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'sparse_plus',
  aliases: [],
  family: 'hard',
  summary: 'Sparse plus, a piecewise-quadratic softplus',
  formula: '0 for x ≤ −1, (x + 1)²/4 for −1 < x < 1, x for x ≥ 1',
  derivativeFormula: '0 for x < −1, (x + 1)/2 for −1 < x < 1, 1 for x > 1 (continuous)',
  parameters: [],
  properties: { monotonicity: 'nondecreasing', parity: 'none', range: '[0, ∞)', bounds: [0, Infinity], piecewiseLinear: false },
  higher: (_params, kink) => ({ second: pieceConstant(-1, 1, 0.5, kink), third: always(0) }),
  higherJumps: () => [-1, 1],
  kinks: () => [],
  create: () => ({
    value: (x) => {
      if (x <= -1) return 0;
      if (x >= 1) return x;
      const s = x + 1;
      const sLow = twoSumError(x, 1, s);
      const square = s * s;
      // (s + sLow)²/4 rounded once.
      return 0.25 * (square + (twoProductError(s, s, square) + 2 * s * sLow));
    },
    derivative: (x) => (x < -1 ? 0 : x >= 1 ? 1 : 0.5 * (x + 1)),
  }),
  extended: () => ({
    value: (x) => {
      if (x <= -1) return settled(0);
      if (x >= 1) return settled(x);
      const s = x + 1;
      const sLow = twoSumError(x, 1, s);
      multiplyExtended(s, sLow, s, sLow);
      extended.hi *= 0.25;
      extended.lo *= 0.25;
      return shortChainBound();
    },
  }),
  exact: () => ({
    value: (x, D) => {
      const exact = exactDecimal(D, x);
      return x <= -1 ? new D(0) : x >= 1 ? exact : exact.plus(1).pow(2).div(4);
    },
    derivative: (x, D) => (x < -1 ? new D(0) : x >= 1 ? new D(1) : exactDecimal(D, x).plus(1).div(2)),
  }),
  branchPoints: () => [-1, 1],
  references: [{ citation: 'Blondel, Martins & Niculae, "Learning with Fenchel-Young Losses", 2019', url: 'https://arxiv.org/abs/1901.02324' }],
  window: [-2, 2],
};

export const sparseSigmoid: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'sparse_sigmoid',
  aliases: [],
  family: 'hard',
  summary: 'Sparse sigmoid, the derivative of sparse_plus',
  formula: '0 for x ≤ −1, (x + 1)/2 for −1 < x < 1, 1 for x ≥ 1',
  derivativeFormula: '1/2 for −1 < x < 1, 0 outside',
  parameters: [],
  properties: { monotonicity: 'nondecreasing', parity: 'none', range: '[0, 1]', bounds: [0, 1], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  kinks: () => [{ at: -1, left: 0, right: 0.5 }, { at: 1, left: 0.5, right: 0 }],
  create: (_params, kink) => ({
    value: (x) => (x <= -1 ? 0 : x >= 1 ? 1 : 0.5 * (x + 1)),
    derivative: bandSlope(-1, 1, 0, 0.5, 0, kink),
  }),
  exact: (_params, kink) => ({
    value: (x, D) => (x <= -1 ? new D(0) : x >= 1 ? new D(1) : exactDecimal(D, x).plus(1).div(2)),
    derivative: exactOfPlain(bandSlope(-1, 1, 0, 0.5, 0, kink)),
  }),
  references: [{ citation: 'Blondel, Martins & Niculae, "Learning with Fenchel-Young Losses", 2019, §6.2', url: 'https://arxiv.org/abs/1901.02324' }],
  window: [-2, 2],
};
