/** Functions that are activations only by use: exponential, identity, the step. */
import { exactDecimal } from '../arbitrary.ts';
import { EXPONENT_BRANCHES, exponentialExtended, exponentialTimes } from '../special.ts';
import { plainIsExact } from './piecewise.ts';

const exponential1 = (x: number): number => exponentialTimes(x, 1);
import type { ElementwiseDefinition } from '../types.ts';
import { LINEAR_HIGHER } from '../higher.ts';

export const exponential: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'exponential',
  aliases: ['exp'],
  family: 'other',
  summary: 'Exponential, e^x',
  formula: 'e^x',
  derivativeFormula: 'e^x',
  parameters: [],
  properties: { monotonicity: 'increasing', parity: 'none', range: '(0, ∞)', bounds: [0, Infinity], piecewiseLinear: false },
  higher: () => ({ second: (x) => exponentialTimes(x, 1), third: (x) => exponentialTimes(x, 1) }),
  kinks: () => [],
  // e^x in double-double, rounded once (also where it is subnormal)
  create: () => ({ value: exponential1, derivative: exponential1 }),
  exact: () => ({ value: (x, D) => exactDecimal(D, x).exp(), derivative: (x, D) => exactDecimal(D, x).exp() }),
  extended: () => ({ value: exponentialExtended, derivative: exponentialExtended }),
  branchPoints: () => EXPONENT_BRANCHES,
  references: [{ citation: 'Keras keras.activations.exponential' }],
  window: [-3, 2],
};

export const identity: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'identity',
  aliases: ['linear'],
  family: 'other',
  summary: 'Identity, x',
  formula: 'x',
  derivativeFormula: '1',
  parameters: [],
  properties: { monotonicity: 'increasing', parity: 'odd', range: '(−∞, ∞)', bounds: [-Infinity, Infinity], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  kinks: () => [],
  create: () => ({ value: (x) => x, derivative: (x) => (x === x ? 1 : x) }),
  exact: (params, kink) => plainIsExact(identity.create(params, kink)),
  references: [{ citation: 'Keras keras.activations.linear, JAX jax.nn.identity' }],
  window: [-3, 3],
};

export const binaryStep: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'binary_step',
  aliases: ['step', 'heaviside'],
  family: 'other',
  summary: 'Heaviside step, 1 for x > 0 (0 at 0, as tf.step)',
  formula: '1 for x > 0, 0 otherwise',
  derivativeFormula: '0 (everywhere it exists; the jump at 0 has no derivative)',
  parameters: [],
  properties: { monotonicity: 'nondecreasing', parity: 'none', range: '{0, 1}', bounds: [0, 1], piecewiseLinear: true },
  higher: () => LINEAR_HIGHER,
  kinks: () => [{ at: 0, left: 0, right: 0, jump: true }],
  create: () => ({ value: (x) => (x > 0 ? 1 : x <= 0 ? 0 : x), derivative: (x) => (x === x ? 0 : x) }),
  exact: (params, kink) => plainIsExact(binaryStep.create(params, kink)),
  references: [{ citation: 'TensorFlow.js tf.step' }],
  window: [-2, 2],
};
