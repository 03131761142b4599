/** Rectifiers: piecewise-linear functions with a kink at 0 (and relu6 at 6). */
import { mustBeFinite, numberOf, numberParameter } from '../parameters.ts';
import type { ElementwiseDefinition } from '../types.ts';

export const relu: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'relu',
  aliases: [],
  family: 'rectifiers',
  summary: 'Rectified linear unit',
  formula: 'max(x, 0)',
  derivativeFormula: '1 for x > 0, 0 for x < 0',
  parameters: [],
  properties: { monotonicity: 'nondecreasing', parity: 'none', range: '[0, ∞)', piecewiseLinear: true },
  kinks: () => [{ at: 0, left: 0, right: 1 }],
  create: (_params, kink) => ({
    // Comparisons are written so that NaN fails every test and falls through to itself.
    value: (x) => (x > 0 ? x : x <= 0 ? 0 : x),
    derivative:
      kink === 'right'
        ? (x) => (x >= 0 ? 1 : x < 0 ? 0 : x)
        : (x) => (x > 0 ? 1 : x <= 0 ? 0 : x),
  }),
  references: [{ citation: 'Nair & Hinton, "Rectified Linear Units Improve Restricted Boltzmann Machines", ICML 2010' }],
  window: [-3, 3],
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
  properties: { monotonicity: 'nondecreasing', parity: 'none', range: '(−∞, ∞) for a positive slope', piecewiseLinear: true },
  kinks: (params) => [{ at: 0, left: numberOf(params, 'negative_slope'), right: 1 }],
  create: (params, kink) => {
    const slope = numberOf(params, 'negative_slope');
    return {
      // slope 0 at x = −∞ would be 0·∞ = NaN; the limit is 0.
      value: slope === 0 ? (x) => (x > 0 ? x : x <= 0 ? 0 : x) : (x) => (x > 0 ? x : slope * x),
      derivative:
        kink === 'right'
          ? (x) => (x >= 0 ? 1 : x < 0 ? slope : x)
          : (x) => (x > 0 ? 1 : x <= 0 ? slope : x),
    };
  },
  references: [{ citation: 'Maas, Hannun & Ng, "Rectifier Nonlinearities Improve Neural Network Acoustic Models", ICML 2013' }],
  window: [-3, 3],
};
