/** Sigmoidal functions: smooth, bounded, S-shaped. */
import { sigmoid as sigmoidValue, sigmoidDerivative, tanhDerivative } from '../special.ts';
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
  properties: { monotonicity: 'increasing', parity: 'none', range: '(0, 1)', piecewiseLinear: false },
  kinks: () => [],
  create: () => ({ value: sigmoidValue, derivative: sigmoidDerivative }),
  references: [{ citation: 'Verhulst, logistic function (1845); standard in neural networks since Rumelhart, Hinton & Williams 1986' }],
  window: [-8, 8],
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
  properties: { monotonicity: 'increasing', parity: 'odd', range: '(−1, 1)', piecewiseLinear: false },
  kinks: () => [],
  create: () => ({ value: Math.tanh, derivative: tanhDerivative }),
  references: [{ citation: 'LeCun, Bottou, Orr & Müller, "Efficient BackProp", 1998' }],
  window: [-4, 4],
};
