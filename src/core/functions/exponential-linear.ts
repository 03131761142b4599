/** Exponential linear units: linear for x > 0, a saturating exponential below. */
import { EXPONENT_BRANCHES, divisionRemainder, exponentialTimes } from '../special.ts';
import { mustBeFinite, mustBePositive, numberOf, numberParameter } from '../parameters.ts';
import type { ElementwiseDefinition } from '../types.ts';
import { splitDerivative } from './piecewise.ts';

// Klambauer et al. 2017: the 32 digits every framework uses, written out in full and rounded once by the parser.
/* eslint-disable no-loss-of-precision */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;
// λ·α correctly rounded from the 32-digit constants (the float64 product α·λ is 2 ulp lower).
const SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;
/* eslint-enable no-loss-of-precision */

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
  branchPoints: () => EXPONENT_BRANCHES,
  references: [
    { citation: 'Klambauer, Unterthiner, Mayr & Hochreiter, "Self-Normalizing Neural Networks", NeurIPS 2017, pp. 971–980', url: 'https://arxiv.org/abs/1706.02515' },
  ],
  window: [-4, 3],
};

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
  branchPoints: (params) => EXPONENT_BRANCHES.map((at) => at * numberOf(params, 'alpha')).concat(-750 * numberOf(params, 'alpha')),
  references: [{ citation: 'Barron, "Continuously Differentiable Exponential Linear Units", 2017', url: 'https://arxiv.org/abs/1704.07483' }],
  window: [-4, 3],
};
