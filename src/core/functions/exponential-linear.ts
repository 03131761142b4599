/** Exponential linear units: linear for x > 0, a saturating exponential below. */
import { constant, exactDecimal, expm1, type Exact, type ExactContext } from '../arbitrary.ts';
import { highHalf, twoProductError, twoProductErrorOfHalves, twoSumError } from '../double-double.ts';
import { nearestForTinyError, nearestWithin, roundingStatistics } from '../correct-rounding.ts';
import { writeBothIfDecided, writeOrAsk } from '../fused.ts';
import {
  EXP_SUBNORMAL,
  QUICK_EXPONENTIAL_BELOW,
  QUICK_EXPONENTIAL_BOUND,
  expExtended,
  expUncached,
  exponentialTable,
  extended,
  multiplyExtended,
  scaledExponentialQuick,
} from '../extended.ts';
import {
  EXPM1_SERIES,
  EXPONENT_BRANCHES,
  EXTENDED_BOUND,
  SMALLEST_EXTENDED,
  symmetric,
  divisionRemainder,
  expm1Extended,
  extendedBound,
  exponentialTimes,
  settled,
  undecided,
  zeroThreshold,
} from '../special.ts';
import { mustBeFinite, mustBePositive, numberOf, numberParameter } from '../parameters.ts';
import type { ElementwiseDefinition, FusedActivation, FusedLoop } from '../types.ts';
import { splitDerivative } from './piecewise.ts';
import { always, byPiece, dd, divide, exp as expOf, expm1 as expm1Of, multiply, rounded, subtract, type DoubleDouble } from '../higher.ts';
import type { HigherDerivatives, KinkConvention, ParameterGradients } from '../types.ts';

// Klambauer et al. 2017: the 32 digits every framework uses, written out in full and rounded once by the parser.
/* eslint-disable no-loss-of-precision */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;
// λ·α correctly rounded from the 32-digit constants (the float64 product α·λ is 2 ulp lower).
const SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;
/* eslint-enable no-loss-of-precision */

// The rest of each published constant beyond its double (mpmath), for the fast path of correct rounding.
const SELU_SCALE_LOW = 3.9874847667154144e-17;
const SELU_SCALE_ALPHA_LOW = 1.41535193800845e-17;
const SELU_ALPHA_LOW = 1.0657222547717531e-16;
const SELU_ALPHA_DIGITS = '1.6732632423543772848170429916717';
const SELU_SCALE_DIGITS = '1.0507009873554804934193349852946';

/**
 * The kernels of c·(e^x − 1) for x ≤ 0 and c·e^x for x < 0, c = cHigh + cLow (two doubles):
 * elu and selu below 0.
 */
function exponentialLinearKernels(cHigh: number, cLow: number, plainValue: (x: number) => number, plainDerivative: (x: number) => number) {
  const zeroBelow = zeroThreshold(cHigh);
  // elu's default α = 1 needs no product.
  const unit = cHigh === 1 && cLow === 0;
  return {
    value: (x: number): number => {
      if (!(x < 0) || cHigh === 0) return settled(plainValue(x));
      expm1Extended(x);
      if (!unit) multiplyExtended(cHigh, cLow, extended.hi, extended.lo);
      return extendedBound();
    },
    derivative: (x: number): number => {
      if (!(x < 0) || cHigh === 0) return settled(plainDerivative(x));
      if (x < zeroBelow) return settled(0);
      if (x < EXP_SUBNORMAL) return undecided(plainDerivative(x));
      expExtended(x);
      if (!unit) multiplyExtended(cHigh, cLow, extended.hi, extended.lo);
      return extendedBound();
    },
  };
}

/** c·e^x on the left of 0 (c = cHigh + cLow), 0 on the right: the second and third derivatives of elu and selu. */
function exponentialLinearHigher(cHigh: number, cLow: number, kink: KinkConvention): HigherDerivatives {
  const left = byPiece(0, kink, (x) => exponentialTimes(x, cHigh, 0, cLow), always(0));
  return { second: left, third: left };
}

/** e^x − 1, rounded once (−1 where e^x is far below its ulp). */
function expm1Rounded(x: number): number {
  return x < -40 ? -1 + Math.exp(x) : rounded(expm1Of(dd(x)));
}

/** c·(e^x − 1) for x < 0 with c = cHigh + cLow, rounded once. */
function timesExpm1(cHigh: number, cLow: number): (x: number) => number {
  return (x) => (x < -40 ? -cHigh + cHigh * Math.exp(x) : rounded(multiply(dd(cHigh, cLow), expm1Of(dd(x)))));
}

const ELU_REFERENCE = { citation: 'Clevert, Unterthiner & Hochreiter, "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)", 2015', url: 'https://arxiv.org/abs/1511.07289' };

export const elu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'elu',
  aliases: [],
  family: 'exponential linear',
  summary: 'Exponential linear unit',
  formula: 'x for x > 0, alpha·(e^x − 1) otherwise',
  derivativeFormula: '1 for x > 0, alpha·e^x for x < 0',
  parameters: [numberParameter('alpha', 1, 'saturation value −alpha for x → −∞')],
  properties: { monotonicity: 'increasing', parity: 'none', range: '(−alpha, ∞)', bounds: [-1, Infinity], piecewiseLinear: false },
  higher: (params, kink) => exponentialLinearHigher(numberOf(params, 'alpha'), 0, kink),
  parameterGradients: (_params, kink) => ({ alpha: byPiece(0, kink, expm1Rounded, always(0)) }),
  higherBranchPoints: () => [-40],
  higherJumps: () => [0],
  fused: (parts, params) => (parts ? eluLoop(numberOf(params, 'alpha')) : undefined),

  kinks: (params) => {
    const alpha = numberOf(params, 'alpha');
    return alpha === 1 ? [] : [{ at: 0, left: alpha, right: 1 }];
  },
  create: (params, kink) => {
    const alpha = numberOf(params, 'alpha');
    return {
      // expm1, not e^x − 1, which loses every digit just below 0 (elu(−1e−8)).
      value: (x) => (x > 0 ? x : alpha * Math.expm1(x)),
      derivative: splitDerivative(0, (x) => exponentialTimes(x, alpha), () => 1, kink),
    };
  },
  exact: (params) => {
    const alpha = numberOf(params, 'alpha');
    return {
      value: (x, D) => (x > 0 ? exactDecimal(D, x) : exactDecimal(D, alpha).times(expm1(D, exactDecimal(D, x)))),
      derivative: (x, D) => (x >= 0 ? new D(1) : exactDecimal(D, alpha).times(exactDecimal(D, x).exp())),
    };
  },
  extended: (params, kink) => {
    const alpha = numberOf(params, 'alpha');
    const plain = elu.create(params, kink);
    const kernels = exponentialLinearKernels(alpha, 0, plain.value, plain.derivative);
    return { value: (x) => (x > 0 ? settled(x) : kernels.value(x)), derivative: (x) => (x >= 0 ? settled(1) : kernels.derivative(x)) };
  },
  branchPoints: () => EXPONENT_BRANCHES,
  references: [ELU_REFERENCE],
  window: [-4, 3],
};

export const selu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'selu',
  aliases: [],
  family: 'exponential linear',
  summary: 'Scaled ELU, self-normalising',
  formula: 'scale·x for x > 0, scale·alpha·(e^x − 1) otherwise',
  derivativeFormula: 'scale for x > 0, scale·alpha·e^x for x < 0',
  parameters: [
    numberParameter('alpha', SELU_ALPHA, 'α₀₁ = 1.6732632423543772848170429916717 (Klambauer et al.)'),
    numberParameter('scale', SELU_SCALE, 'λ₀₁ = 1.0507009873554804934193349852946 (Klambauer et al.)', mustBeFinite, ['gamma']),
  ],
  properties: { monotonicity: 'increasing', parity: 'none', range: '(−scale·alpha, ∞)', bounds: [-SELU_SCALE_ALPHA, Infinity], piecewiseLinear: false },
  higher: (params, kink) => {
    const { product, productLow } = seluProduct(numberOf(params, 'alpha'), numberOf(params, 'scale'));
    return exponentialLinearHigher(product, productLow, kink);
  },
  parameterGradients: (params, kink): ParameterGradients => {
    const alpha = numberOf(params, 'alpha');
    const scale = numberOf(params, 'scale');
    const published = alpha === SELU_ALPHA && scale === SELU_SCALE;
    return {
      alpha: byPiece(0, kink, timesExpm1(scale, published ? SELU_SCALE_LOW : 0), always(0)),
      scale: byPiece(0, kink, timesExpm1(alpha, published ? SELU_ALPHA_LOW : 0), (x) => x),
    };
  },
  higherBranchPoints: () => [-40],
  higherJumps: () => [0],
  fused: (parts, params) => {
    if (!parts) return undefined;
    const { scale, scaleLow, product, productLow } = seluKernelConstants(numberOf(params, 'alpha'), numberOf(params, 'scale'));
    return seluLoop(scale, scaleLow, product, productLow);
  },
  kinks: (params) => {
    const scale = numberOf(params, 'scale');
    return [{ at: 0, left: scaleAlpha(numberOf(params, 'alpha'), scale), right: scale }];
  },
  create: (params, kink) => {
    const scale = numberOf(params, 'scale');
    const product = scaleAlpha(numberOf(params, 'alpha'), scale);
    return {
      value: (x) => (x > 0 ? scale * x : product * Math.expm1(x)),
      derivative: splitDerivative(0, (x) => exponentialTimes(x, product), () => scale, kink),
    };
  },
  exact: (params) => {
    const { scale, scaleAlpha: product } = seluConstantsExact(numberOf(params, 'alpha'), numberOf(params, 'scale'));
    return {
      value: (x, D) => (x > 0 ? scale(D).times(exactDecimal(D, x)) : product(D).times(expm1(D, exactDecimal(D, x)))),
      derivative: (x, D) => (x >= 0 ? scale(D) : product(D).times(exactDecimal(D, x).exp())),
    };
  },
  extended: (params, kink) => {
    const { scale, scaleLow, product, productLow } = seluKernelConstants(numberOf(params, 'alpha'), numberOf(params, 'scale'));
    const plain = selu.create(params, kink);
    const kernels = exponentialLinearKernels(product, productLow, plain.value, plain.derivative);
    return {
      value: (x) => {
        if (!(x > 0)) return kernels.value(x);
        multiplyExtended(scale, scaleLow, x, 0);
        return extendedBound();
      },
      derivative: (x) => {
        if (!(x >= 0)) return kernels.derivative(x);
        extended.hi = scale;
        extended.lo = scaleLow;
        return scaleLow === 0 ? 0 : extendedBound();
      },
    };
  },
  branchPoints: () => EXPONENT_BRANCHES,
  references: [
    { citation: 'Klambauer, Unterthiner, Mayr & Hochreiter, "Self-Normalizing Neural Networks", NeurIPS 2017, pp. 971–980', url: 'https://arxiv.org/abs/1706.02515' },
  ],
  window: [-4, 3],
};

/** λ and λ·α as two doubles each for the kernels: the published digits' rest for the default constants, else the doubles' exact product. */
function seluKernelConstants(alpha: number, scale: number): { scale: number; scaleLow: number; product: number; productLow: number } {
  const published = alpha === SELU_ALPHA && scale === SELU_SCALE;
  return {
    scale,
    scaleLow: published ? SELU_SCALE_LOW : 0,
    product: scaleAlpha(alpha, scale),
    productLow: published ? SELU_SCALE_ALPHA_LOW : twoProductError(alpha, scale, alpha * scale),
  };
}

/**
 * elu's and selu's loops: s·x above 0 (elu: x and 1), c·(e^x − 1) and c·e^x below (c = cHigh +
 * cLow; elu: c = α), value and gradient below 0 from one e^x, decided in place as the kernels'
 * results would be. The kernels answer at 0 and within 2^-10 of it (expm1's series), where c·e^x
 * is subnormal or rounds to zero, and for NaN and the infinities.
 *
 * Two loops, not one with a flag: V8 specialises a closure's optimised code to the constants it
 * holds only while it is the one closure made at its place in the source. elu's and selu's loops,
 * made by one function, shared code that knew neither (selu 26–30 ms per 10⁶ after elu had run,
 * 20.5 ms alone). The side below 0 is the same in both: its quick step is written out in each (as
 * a function of its own, inlined, it cost elu 30 %), its accurate step is exponentialLinearAccurate.
 */
function eluLoop(alpha: number): FusedLoop {
  const below = Math.max(zeroThreshold(alpha), EXP_SUBNORMAL);
  const table = exponentialTable(alpha, 0);
  return (xs, values, gradients, count, activation) => {
    let decided = 0;
    for (let i = 0; i < count; i++) {
      const x = xs[i];
      if (x > 0 && x < Infinity) {
        // x and 1: exact, as the kernels settle them.
        values[i] = x;
        gradients[i] = 1;
        continue;
      }
      if (!(x >= below && x <= -EXPM1_SERIES) || alpha === 0) {
        values[i] = activation.value(x);
        gradients[i] = activation.gradient(x);
        continue;
      }
      if (x >= QUICK_EXPONENTIAL_BELOW) {
        // The quick step: c·e^x from c's table in double arithmetic, and c·e^x − c exactly from it
        // (|c·e^x| < |c|: Fast2Sum), both within the exponential's bound, which is absolute.
        scaledExponentialQuick(x, table);
        const slope = extended.hi;
        const slopeLow = extended.lo;
        const value = slope - alpha;
        const valueLow = slope - (value + alpha) + slopeLow;
        const size = Math.abs(slope);
        // Below SMALLEST_EXTENDED (a tiny c) the low parts are not normal doubles: no bound.
        const bound = size >= SMALLEST_EXTENDED ? size * QUICK_EXPONENTIAL_BOUND : 1 / 0;
        if (writeBothIfDecided(nearestWithin(value, valueLow, bound), nearestWithin(slope, slopeLow, bound), values, gradients, i)) {
          decided += 2;
          continue;
        }
      }
      decided += exponentialLinearAccurate(x, i, values, gradients, activation, alpha, 0);
    }
    roundingStatistics.fast += decided;
  };
}

/** selu's loop (see eluLoop): λx above 0 with λ = sHigh + sLow, c = λα below. */
function seluLoop(sHigh: number, sLow: number, cHigh: number, cLow: number): FusedLoop {
  const below = Math.max(zeroThreshold(cHigh), EXP_SUBNORMAL);
  const table = exponentialTable(cHigh, cLow);
  // sHigh's Veltkamp halves, split once for every product λx.
  const scaleHigh = highHalf(sHigh);
  const scaleLow = sHigh - scaleHigh;
  // s rounded once: the gradient above 0 (NaN: undecided, asked of the activation).
  const slopeAbove = sLow === 0 ? sHigh : nearestWithin(sHigh, sLow, Math.abs(sHigh) * EXTENDED_BOUND);
  return (xs, values, gradients, count, activation) => {
    let decided = 0;
    for (let i = 0; i < count; i++) {
      const x = xs[i];
      if (x > 0 && x < Infinity) {
        const product = sHigh * x;
        // λx as product + its exact error + sLow·x (within 2^-104): far inside the tiny-error test's
        // margin. Beyond 2^996 the split overflows to NaN (undecided); below SMALLEST_EXTENDED, asked.
        const value = Math.abs(product) >= SMALLEST_EXTENDED ? nearestForTinyError(product, twoProductErrorOfHalves(scaleHigh, scaleLow, x, product) + sLow * x) : 0 / 0;
        decided += writeOrAsk(value, activation.value, x, values, i);
        decided += writeOrAsk(slopeAbove, activation.gradient, x, gradients, i);
        continue;
      }
      if (!(x >= below && x <= -EXPM1_SERIES) || cHigh === 0) {
        values[i] = activation.value(x);
        gradients[i] = activation.gradient(x);
        continue;
      }
      if (x >= QUICK_EXPONENTIAL_BELOW) {
        // The quick step: c·e^x from c's table in double arithmetic, and c·e^x − c exactly from it
        // (|c·e^x| < |c|: Fast2Sum), both within the exponential's bound, which is absolute.
        scaledExponentialQuick(x, table);
        const slope = extended.hi;
        const slopeLow = extended.lo;
        const value = slope - cHigh;
        const valueLow = slope - (value + cHigh) + slopeLow - cLow;
        const size = Math.abs(slope);
        // Below SMALLEST_EXTENDED (a tiny c) the low parts are not normal doubles: no bound.
        const bound = size >= SMALLEST_EXTENDED ? size * QUICK_EXPONENTIAL_BOUND : 1 / 0;
        if (writeBothIfDecided(nearestWithin(value, valueLow, bound), nearestWithin(slope, slopeLow, bound), values, gradients, i)) {
          decided += 2;
          continue;
        }
      }
      decided += exponentialLinearAccurate(x, i, values, gradients, activation, cHigh, cLow);
    }
    roundingStatistics.fast += decided;
  };
}

/** The accurate step below 0, e^x within 2^-88: writes both results and returns how many it decided. */
function exponentialLinearAccurate(x: number, i: number, values: Float64Array, gradients: Float64Array, activation: FusedActivation, cHigh: number, cLow: number): number {
  expUncached(x, 0);
  const exponential = extended.hi;
  const exponentialLow = extended.lo;
  // x ≤ −2^-10: e^x − 1 cancels at most 2^10 times the exponential's 2^-88 (EXPM1_SERIES).
  const minusOne = exponential - 1;
  const minusOneLow = twoSumError(exponential, -1, minusOne) + exponentialLow;
  let value = minusOne;
  let valueLow = minusOneLow;
  let slope = exponential;
  let slopeLow = exponentialLow;
  if (cHigh !== 1 || cLow !== 0) {
    slope = cHigh * exponential;
    slopeLow = twoProductError(cHigh, exponential, slope) + cHigh * exponentialLow + cLow * exponential;
    // c·e^x − c: the same cancellation (2^10 at most) of a product within 2^-104.
    value = slope - cHigh;
    valueLow = twoSumError(slope, -cHigh, value) + slopeLow - cLow;
  }
  const valueSize = Math.abs(value);
  const slopeSize = Math.abs(slope);
  return (
    writeOrAsk(nearestWithin(value, valueLow, valueSize >= SMALLEST_EXTENDED ? valueSize * EXTENDED_BOUND : 1 / 0), activation.value, x, values, i) +
    writeOrAsk(nearestWithin(slope, slopeLow, slopeSize >= SMALLEST_EXTENDED ? slopeSize * EXTENDED_BOUND : 1 / 0), activation.gradient, x, gradients, i)
  );
}

/** λ and λ·α exactly: the published digits for the default constants (as the references take them), else the doubles. */
function seluConstantsExact(alpha: number, scale: number): { scale: (D: ExactContext) => Exact; scaleAlpha: (D: ExactContext) => Exact } {
  if (alpha === SELU_ALPHA && scale === SELU_SCALE) {
    return { scale: (D) => constant(D, SELU_SCALE_DIGITS), scaleAlpha: (D) => constant(D, SELU_SCALE_DIGITS).times(constant(D, SELU_ALPHA_DIGITS)) };
  }
  return { scale: (D) => exactDecimal(D, scale), scaleAlpha: (D) => exactDecimal(D, scale).times(exactDecimal(D, alpha)) };
}

/** λ·α as two doubles: from the published digits for the default constants, else the exact product of the doubles. */
function seluProduct(alpha: number, scale: number): { product: number; productLow: number } {
  if (alpha === SELU_ALPHA && scale === SELU_SCALE) return { product: SELU_SCALE_ALPHA, productLow: SELU_SCALE_ALPHA_LOW };
  const product = alpha * scale;
  return { product, productLow: Number.isFinite(product) ? twoProductError(alpha, scale, product) : 0 };
}

/** λ·α, correctly rounded for the published constants. */
function scaleAlpha(alpha: number, scale: number): number {
  return alpha === SELU_ALPHA && scale === SELU_SCALE ? SELU_SCALE_ALPHA : alpha * scale;
}

export const celu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'celu',
  aliases: [],
  family: 'exponential linear',
  summary: 'Continuously differentiable ELU',
  formula: 'max(0, x) + min(0, alpha·(e^(x/alpha) − 1))',
  derivativeFormula: '1 for x > 0, e^(x/alpha) for x < 0',
  parameters: [numberParameter('alpha', 1, 'saturation value −alpha; the exponent is x/alpha', mustBePositive)],
  properties: { monotonicity: 'increasing', parity: 'none', range: '(−alpha, ∞)', bounds: [-1, Infinity], piecewiseLinear: false },
  higher: (params, kink) => celuHigher(numberOf(params, 'alpha'), kink),
  parameterGradients: (params, kink) => ({ alpha: byPiece(0, kink, celuAlphaGradient(numberOf(params, 'alpha')), always(0)) }),
  higherBranchPoints: (params) => [-700, ...symmetric([2 ** -20])].map((u) => u * numberOf(params, 'alpha')),
  higherJumps: () => [0],
  kinks: () => [],
  create: (params) => {
    const alpha = numberOf(params, 'alpha');
    // x/alpha rounds; its exact remainder r (x/alpha = q + r/alpha) corrects e^q, which would otherwise
    // be off by |q|·2^-53 relative (hundreds of ulps for q ≈ −700).
    const quotient = (x: number): [number, number] => {
      const q = x / alpha;
      // q < −750: e^q is 0 and e^q − 1 is −1 whatever the correction (and q·alpha may be out of range).
      return [q, q > -750 ? divisionRemainder(x, alpha, q) / alpha : 0];
    };
    return {
      value: (x) => {
        // x > 0, NaN and ±0 (which keeps its sign: celu(x) ≈ x near 0)
        if (!(x < 0)) return x;
        const [q, correction] = quotient(x);
        return alpha * (Math.expm1(q) + Math.exp(q) * correction);
      },
      derivative: (x) => {
        if (!(x <= 0)) return x > 0 ? 1 : x;
        const [q, correction] = quotient(x);
        const e = Math.exp(q);
        return e + e * correction;
      },
    };
  },
  exact: (params) => {
    const alpha = numberOf(params, 'alpha');
    return {
      value: (x, D) => (x < 0 ? exactDecimal(D, alpha).times(expm1(D, exactDecimal(D, x).div(exactDecimal(D, alpha)))) : exactDecimal(D, x)),
      derivative: (x, D) => (x > 0 ? new D(1) : exactDecimal(D, x).div(exactDecimal(D, alpha)).exp()),
    };
  },
  extended: (params, kink) => {
    const alpha = numberOf(params, 'alpha');
    const plain = celu.create(params, kink);
    // q + qLow = x/alpha exactly enough (its remainder carried).
    const quotient = (x: number): [number, number] => {
      const q = x / alpha;
      return [q, q > -750 ? divisionRemainder(x, alpha, q) / alpha : 0];
    };
    return {
      value: (x) => {
        if (!(x < 0)) return settled(plain.value(x));
        const [q, qLow] = quotient(x);
        expm1Extended(q, qLow);
        multiplyExtended(alpha, 0, extended.hi, extended.lo);
        return extendedBound();
      },
      derivative: (x) => {
        if (!(x < 0)) return settled(plain.derivative(x));
        const [q, qLow] = quotient(x);
        if (q < -746) return settled(0);
        if (q < EXP_SUBNORMAL) return undecided(plain.derivative(x));
        expExtended(q, qLow);
        return extendedBound();
      },
    };
  },
  branchPoints: (params) => EXPONENT_BRANCHES.map((at) => at * numberOf(params, 'alpha')).concat(-750 * numberOf(params, 'alpha')),
  references: [{ citation: 'Barron, "Continuously Differentiable Exponential Linear Units", 2017', url: 'https://arxiv.org/abs/1704.07483' }],
  window: [-4, 3],
};

/** x/alpha as two doubles: the quotient and its exact remainder over alpha. */
function quotientOf(x: number, alpha: number): DoubleDouble {
  const q = x / alpha;
  return dd(q, q > -750 && Number.isFinite(q) ? divisionRemainder(x, alpha, q) / alpha : 0);
}

/** celu″ = e^(x/α)/α and celu‴ = e^(x/α)/α² on the left of 0; 0 on the right. */
function celuHigher(alpha: number, kink: KinkConvention): HigherDerivatives {
  const inverse = divide(dd(1), dd(alpha));
  const inverseSquared = multiply(inverse, inverse);
  const scaled = (c: DoubleDouble) =>
    byPiece(0, kink, (x) => {
      const u = quotientOf(x, alpha);
      return exponentialTimes(u.hi, c.hi, u.lo, c.lo);
    }, always(0));
  return { second: scaled(inverse), third: scaled(inverseSquared) };
}

/**
 * ∂/∂α of α·(e^u − 1), u = x/α: e^u − 1 − u·e^u. The two terms cancel near u = 0 (the result is
 * −u²/2 − u³/3 − u⁴/8 …): there its series.
 */
function celuAlphaGradient(alpha: number): (x: number) => number {
  return (x) => {
    const u = quotientOf(x, alpha);
    if (u.hi < -700) return u.hi === -Infinity ? -1 : -1 - (u.hi - 1) * Math.exp(u.hi);
    if (Math.abs(u.hi) < 2 ** -20) {
      const square = multiply(u, u);
      return rounded(multiply(square, dd(-0.5 - u.hi / 3 - (u.hi * u.hi) / 8)));
    }
    return rounded(subtract(expm1Of(u), multiply(u, expOf(u))));
  };
}
