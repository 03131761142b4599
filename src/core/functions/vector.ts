/**
 * Vector functions: one vector in, with the Jacobian and the vector–Jacobian
 * product. Max-subtraction everywhere; sums are compensated (Neumaier) so that
 * 1 − y_i = (Σ_{j≠i} e_j)/Σ e_j can be formed without cancellation.
 */
import { twoSumError } from '../double-double.ts';
import { addExtended, divideExtended, expExtended, extended, multiplyExtended } from '../extended.ts';
import { mustBeFinite, numberOf, numberParameter } from '../parameters.ts';
import { sigmoid, sigmoidDerivative } from '../special.ts';
import type { Params, VectorDefinition, VectorEvaluation } from '../types.ts';
import { swishOf } from './smooth.ts';

const atLeastOne = (n: number): number | string => (n >= 1 ? n : 'needs at least one number');
const evenHalves = (n: number): number | string =>
  n >= 2 && n % 2 === 0 ? n / 2 : `splits the vector into two halves, so it needs an even number of elements (got ${n})`;

/** The outputs × inputs Jacobian, row-major, from its rows. */
function fromRows(outputs: number, inputs: number, row: (i: number) => Float64Array): Float64Array {
  const matrix = new Float64Array(outputs * inputs);
  for (let i = 0; i < outputs; i++) matrix.set(row(i), i * inputs);
  return matrix;
}

/** Row i of an n × n matrix from its entries. */
function rowOf(n: number, entry: (j: number) => number): Float64Array {
  const row = new Float64Array(n);
  for (let j = 0; j < n; j++) row[j] = entry(j);
  return row;
}

function filled(length: number, value: number): Float64Array {
  return new Float64Array(length).fill(value);
}

/** An evaluation whose every number is NaN (NaN in the input). */
function allNaN(outputs: number, inputs: number): VectorEvaluation {
  return {
    values: filled(outputs, NaN),
    diagonal: filled(outputs === 1 && inputs > 1 ? inputs : outputs, NaN),
    jacobian: () => filled(outputs * inputs, NaN),
    jacobianRow: () => filled(inputs, NaN),
    vjp: () => filled(inputs, NaN),
  };
}

interface Exponentials {
  /** e^(x_i − m) as two doubles */
  readonly e: Float64Array;
  readonly eLow: Float64Array;
  readonly sum: number;
  readonly sumLow: number;
  readonly max: number;
  /** e_i / Σ_j e_j, the softmax, rounded once. */
  readonly probability: (i: number) => number;
  /** (Σ_j e_j − e_i) / Σ_j e_j = 1 − softmax_i, without cancellation, rounded once. */
  readonly complement: (i: number) => number;
}

/**
 * e^(x_i − max) in double-double (x_i − max carried exactly: its rounding would be a relative
 * error of e) and their sum, for x with a finite maximum.
 */
function exponentials(x: Float64Array): Exponentials {
  let max = -Infinity;
  for (const value of x) if (value > max) max = value;
  const e = new Float64Array(x.length);
  const eLow = new Float64Array(x.length);
  let sum = 0;
  let sumLow = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === -Infinity) continue;
    const d = x[i] - max;
    expExtended(d, twoSumError(x[i], -max, d));
    e[i] = extended.hi;
    eLow[i] = extended.lo;
    addExtended(sum, sumLow, extended.hi, extended.lo);
    sum = extended.hi;
    sumLow = extended.lo;
  }
  return {
    e,
    eLow,
    sum,
    sumLow,
    max,
    probability: (i) => {
      divideExtended(e[i], eLow[i], sum, sumLow);
      return extended.hi;
    },
    complement: (i) => {
      addExtended(sum, sumLow, -e[i], -eLow[i]);
      divideExtended(extended.hi, extended.lo, sum, sumLow);
      return extended.hi;
    },
  };
}

const hasNaN = (x: Float64Array): boolean => x.some((value) => value !== value);

/** Limit of softmax when some entries are +∞: shared equally among them. */
function infiniteSoftmax(x: Float64Array): Float64Array | undefined {
  const count = x.reduce((total, value) => total + (value === Infinity ? 1 : 0), 0);
  if (count === 0) return undefined;
  return x.map((value) => (value === Infinity ? 1 / count : 0));
}

/**
 * What the frameworks return for infinite logits z (PyTorch, JAX and TensorFlow agree): a −∞ logit is
 * masked (probability 0), while a +∞ logit, or every logit −∞, makes max-subtraction give NaN.
 */
function undefinedSoftmax(z: Float64Array): boolean {
  let masked = 0;
  for (const value of z) {
    if (value !== value || value === Infinity) return true;
    if (value === -Infinity) masked++;
  }
  return masked === z.length;
}

/**
 * softmax of x (sign +1) or of −x (sign −1, softmin), computed in double-double so that
 * y and the Jacobian's diagonal are correctly rounded (Math.exp alone is off by half an ulp).
 * A masked logit (−∞) gets probability 0 and zero rows and columns in the Jacobian and VJP.
 * Time and memory are linear in the length: four Float64Arrays, no per-element allocation.
 */
function softmaxLike(x: Float64Array, sign: 1 | -1): VectorEvaluation {
  const n = x.length;
  const z = sign === 1 ? x : x.map((value) => -value);
  if (undefinedSoftmax(z)) return allNaN(n, n);
  const { e: eHigh, eLow, sum: sumHigh, sumLow } = exponentials(z);
  const yHigh = new Float64Array(n);
  const yLow = new Float64Array(n);
  const diagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    divideExtended(eHigh[i], eLow[i], sumHigh, sumLow);
    yHigh[i] = extended.hi;
    yLow[i] = extended.lo;
    // y_i·(1 − y_i) with 1 − y_i = (Σ_{j≠i} e_j)/Σ e_j, which does not cancel when y_i is near 1.
    addExtended(sumHigh, sumLow, -eHigh[i], -eLow[i]);
    divideExtended(extended.hi, extended.lo, sumHigh, sumLow);
    multiplyExtended(yHigh[i], yLow[i], extended.hi, extended.lo);
    diagonal[i] = sign * extended.hi;
  }
  const jacobianRow = (i: number): Float64Array => {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      if (j === i) {
        row[j] = diagonal[i];
        continue;
      }
      multiplyExtended(yHigh[i], yLow[i], yHigh[j], yLow[j]);
      row[j] = -sign * extended.hi;
    }
    return row;
  };
  return {
    values: yHigh,
    diagonal,
    jacobianRow,
    jacobian: () => fromRows(n, n, jacobianRow),
    // y ⊙ (g − Σ g_i y_i), negated for softmin
    vjp: (g) => {
      let dotHigh = 0;
      let dotLow = 0;
      for (let i = 0; i < n; i++) {
        multiplyExtended(g[i], 0, yHigh[i], yLow[i]);
        addExtended(dotHigh, dotLow, extended.hi, extended.lo);
        dotHigh = extended.hi;
        dotLow = extended.lo;
      }
      const result = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        addExtended(g[j], 0, -dotHigh, -dotLow);
        multiplyExtended(yHigh[j], yLow[j], extended.hi, extended.lo);
        result[j] = sign * extended.hi;
      }
      return result;
    },
  };
}

const SOFTMAX_REFERENCE = { citation: 'Bridle, "Probabilistic Interpretation of Feedforward Classification Network Outputs", 1990' };

export const softmax: VectorDefinition = {
  kind: 'vector',
  name: 'softmax',
  aliases: [],
  family: 'vector',
  summary: 'Softmax: exponentials normalised to sum to 1',
  formula: 'y_i = e^(x_i − m) / Σ_j e^(x_j − m), m = max x',
  derivativeFormula: 'J = diag(y) − y·yᵀ; vjp = y ⊙ (g − Σ_i g_i·y_i)',
  parameters: [],
  output: 'vector',
  outputLength: atLeastOne,
  evaluate: (x) => softmaxLike(x, 1),
  infinities: 'A −∞ entry is masked: probability 0, and 0 in its row and column of the Jacobian and in the VJP. A +∞ entry, or every entry −∞, gives NaN everywhere (as PyTorch, JAX and TensorFlow do).',
  references: [SOFTMAX_REFERENCE],
};

export const softmin: VectorDefinition = {
  kind: 'vector',
  name: 'softmin',
  aliases: [],
  family: 'vector',
  summary: 'Softmin: softmax of −x',
  formula: 'y = softmax(−x)',
  derivativeFormula: 'J = −(diag(y) − y·yᵀ); vjp = −y ⊙ (g − Σ_i g_i·y_i)',
  parameters: [],
  output: 'vector',
  outputLength: atLeastOne,
  evaluate: (x) => softmaxLike(x, -1),
  infinities: 'softmax of −x: a +∞ entry is masked (probability 0, zero row and column of the Jacobian); a −∞ entry, or every entry +∞, gives NaN everywhere (as PyTorch does).',
  references: [{ citation: 'PyTorch torch.nn.Softmin' }],
};

/** log Σ_j e^(x_j − m) = log1p(Σ_{j≠argmax} e^(x_j − m)): the sum is ≥ 1 and log1p keeps its small part. */
function logOfSum(exps: Exponentials): number {
  return Math.log1p(exps.sum - 1 + exps.sumLow);
}

export const logSoftmax: VectorDefinition = {
  kind: 'vector',
  name: 'log_softmax',
  aliases: ['logsoftmax'],
  family: 'vector',
  summary: 'Log of the softmax, computed as x − m − log Σ e^(x − m)',
  formula: 'y_i = x_i − m − log Σ_j e^(x_j − m), m = max x (never log of softmax)',
  derivativeFormula: 'J_ij = δ_ij − softmax(x)_j; vjp = g − softmax(x)·Σ_i g_i',
  parameters: [],
  output: 'vector',
  outputLength: atLeastOne,
  // A masked logit (−∞) gives −∞, and its row of the Jacobian is δ_ij − softmax(x)_j as in PyTorch.
  evaluate: (x) => {
    const n = x.length;
    if (undefinedSoftmax(x)) return allNaN(n, n);
    const exps = exponentials(x);
    const logSum = logOfSum(exps);
    const values = x.map((value) => value - exps.max - logSum);
    const p = exps.e.map((_, i) => exps.probability(i));
    const diagonal = p.map((_, i) => exps.complement(i));
    return {
      values,
      diagonal,
      jacobian: () => fromRows(n, n, (i) => rowOf(n, (j) => (i === j ? diagonal[i] : -p[j]))),
      jacobianRow: (i) => rowOf(n, (j) => (i === j ? diagonal[i] : -p[j])),
      vjp: (g) => {
        let total = 0;
        for (const value of g) total += value;
        return g.map((value, j) => value - p[j] * total);
      },
    };
  },
  infinities: 'A −∞ entry gives −Infinity, with the Jacobian row δ_ij − softmax(x)_j (PyTorch); a +∞ entry, or every entry −∞, gives NaN everywhere.',
  references: [SOFTMAX_REFERENCE],
};

export const logsumexp: VectorDefinition = {
  kind: 'vector',
  name: 'logsumexp',
  aliases: [],
  family: 'vector',
  summary: 'Log-sum-exp, a smooth maximum (one output)',
  formula: 'm + log Σ_j e^(x_j − m), m = max x',
  derivativeFormula: '∂/∂x_j = softmax(x)_j; vjp = g·softmax(x)',
  parameters: [],
  output: 'scalar',
  outputLength: (n) => (n >= 1 ? 1 : 'needs at least one number'),
  // −∞ entries are ignored (gradient 0); as in PyTorch, +∞ gives +∞ with gradient NaN at the
  // infinite entries, and all −∞ gives −∞ with gradient NaN.
  evaluate: (x) => {
    const n = x.length;
    if (hasNaN(x)) return allNaN(1, n);
    let value: number;
    let gradient: Float64Array;
    if (x.includes(Infinity)) {
      value = Infinity;
      gradient = x.map((entry) => (entry === Infinity ? NaN : 0));
    } else if (x.every((entry) => entry === -Infinity)) {
      value = -Infinity;
      gradient = filled(n, NaN);
    } else {
      const exps = exponentials(x);
      value = exps.max + logOfSum(exps);
      gradient = exps.e.map((_, i) => exps.probability(i));
    }
    return {
      values: Float64Array.of(value),
      diagonal: gradient,
      jacobian: () => Float64Array.from(gradient),
      jacobianRow: () => Float64Array.from(gradient),
      vjp: (g) => gradient.map((p) => g[0] * p),
    };
  },
  infinities: 'A −∞ entry is ignored (gradient 0); a +∞ entry gives +Infinity with gradient NaN at the infinite entries, and every entry −∞ gives −Infinity with gradient NaN (PyTorch).',
  references: [{ citation: 'JAX jax.nn.logsumexp' }],
};

export const sparsemax: VectorDefinition = {
  kind: 'vector',
  name: 'sparsemax',
  aliases: [],
  family: 'vector',
  summary: 'Sparsemax: the Euclidean projection onto the probability simplex',
  formula: 'y_i = max(x_i − τ, 0), τ chosen so that Σ y = 1 (support S = {i : y_i > 0})',
  derivativeFormula: 'J_ij = [i∈S]·(δ_ij − [j∈S]/|S|); vjp_j = [j∈S]·(g_j − Σ_{i∈S} g_i/|S|)',
  parameters: [],
  output: 'vector',
  outputLength: atLeastOne,
  evaluate: (x) => {
    const n = x.length;
    if (hasNaN(x)) return allNaN(n, n);
    let values: Float64Array;
    const limit = infiniteSoftmax(x);
    if (limit) {
      values = limit;
    } else {
      const sorted = Float64Array.from(x).sort().reverse();
      let cumulative = 0;
      let size = 0;
      let cumulativeInSupport = 0;
      for (let k = 1; k <= n; k++) {
        cumulative += sorted[k - 1];
        if (1 + k * sorted[k - 1] > cumulative) {
          size = k;
          cumulativeInSupport = cumulative;
        }
      }
      const tau = (cumulativeInSupport - 1) / size;
      values = x.map((value) => Math.max(value - tau, 0));
    }
    const inSupport = values.map((value) => (value > 0 ? 1 : 0));
    const supportSize = inSupport.reduce((total, value) => total + value, 0);
    const diagonal = inSupport.map((s) => s * (1 - 1 / supportSize));
    return {
      values,
      diagonal,
      jacobian: () => fromRows(n, n, (i) => rowOf(n, (j) => inSupport[i] * ((i === j ? 1 : 0) - inSupport[j] / supportSize))),
      jacobianRow: (i) => rowOf(n, (j) => inSupport[i] * ((i === j ? 1 : 0) - inSupport[j] / supportSize)),
      vjp: (g) => {
        let total = 0;
        for (let i = 0; i < n; i++) total += inSupport[i] * g[i];
        return g.map((value, j) => inSupport[j] * (value - total / supportSize));
      },
    };
  },
  infinities: 'A −∞ entry gets 0; +∞ entries share the whole mass equally (the limit).',
  references: [{ citation: 'Martins & Astudillo, "From Softmax to Sparsemax", ICML 2016', url: 'https://arxiv.org/abs/1602.02068' }],
};

export const hardmax: VectorDefinition = {
  kind: 'vector',
  name: 'hardmax',
  aliases: [],
  family: 'vector',
  summary: 'Hardmax: 1 at the first maximum, 0 elsewhere (ONNX)',
  formula: 'y_i = 1 if i is the first index of max x, else 0',
  derivativeFormula: 'J = 0 (piecewise constant)',
  parameters: [],
  output: 'vector',
  outputLength: atLeastOne,
  evaluate: (x) => {
    const n = x.length;
    if (hasNaN(x)) return allNaN(n, n);
    let first = 0;
    for (let i = 1; i < n; i++) if (x[i] > x[first]) first = i;
    const values = new Float64Array(n);
    values[first] = 1;
    return { values, diagonal: new Float64Array(n), jacobian: () => new Float64Array(n * n), jacobianRow: () => new Float64Array(n), vjp: () => new Float64Array(n) };
  },
  infinities: 'Compared as numbers: the first maximum, +∞ included, gets 1.',
  references: [{ citation: 'ONNX operator Hardmax', url: 'https://onnx.ai/onnx/operators/onnx__Hardmax.html' }],
};

/** A gated unit over halves a, b of x: y_i = gate(a_i, b_i), with ∂y_i/∂a_i and ∂y_i/∂b_i. */
function gated(
  x: Float64Array,
  value: (a: number, b: number) => number,
  byA: (a: number, b: number) => number,
  byB: (a: number, b: number) => number,
): VectorEvaluation {
  const half = x.length / 2;
  const a = x.subarray(0, half);
  const b = x.subarray(half);
  const values = a.map((ai, i) => value(ai, b[i]));
  const diagonal = a.map((ai, i) => byA(ai, b[i]));
  const crossed = a.map((ai, i) => byB(ai, b[i]));
  return {
    values,
    diagonal,
    jacobian: () => {
      const jacobian = new Float64Array(half * x.length);
      for (let i = 0; i < half; i++) {
        jacobian[i * x.length + i] = diagonal[i];
        jacobian[i * x.length + half + i] = crossed[i];
      }
      return jacobian;
    },
    jacobianRow: (i) => {
      const row = new Float64Array(x.length);
      row[i] = diagonal[i];
      row[half + i] = crossed[i];
      return row;
    },
    vjp: (g) => {
      const result = new Float64Array(x.length);
      for (let i = 0; i < half; i++) {
        result[i] = g[i] * diagonal[i];
        result[half + i] = g[i] * crossed[i];
      }
      return result;
    },
  };
}

export const glu: VectorDefinition = {
  kind: 'vector',
  name: 'glu',
  aliases: [],
  family: 'vector',
  summary: 'Gated linear unit over the two halves a, b of the vector',
  formula: 'y_i = a_i·σ(b_i), x = [a, b] (n/2 outputs)',
  derivativeFormula: '∂y_i/∂a_i = σ(b_i), ∂y_i/∂b_i = a_i·σ(b_i)·σ(−b_i); Jacobian n/2 × n',
  parameters: [],
  output: 'vector',
  outputLength: evenHalves,
  evaluate: (x) => gated(x, (a, b) => a * sigmoid(b), (_a, b) => sigmoid(b), (a, b) => a * sigmoidDerivative(b)),
  infinities: 'Element by element: a·σ(b) with the limits σ(−∞) = 0, σ(+∞) = 1 (0·∞ is NaN).',
  references: [{ citation: 'Dauphin, Fan, Auli & Grangier, "Language Modeling with Gated Convolutional Networks", 2017', url: 'https://arxiv.org/abs/1612.08083' }],
};

export const swiglu: VectorDefinition = {
  kind: 'vector',
  name: 'swiglu',
  aliases: [],
  family: 'vector',
  summary: 'SwiGLU over the two halves A, B of the vector (ONNX SwiGLU)',
  formula: 'y_i = A_i·σ(alpha·A_i)·B_i, x = [A, B] (n/2 outputs)',
  derivativeFormula: '∂y_i/∂A_i = B_i·σ(αA_i)(1 + αA_i·σ(−αA_i)), ∂y_i/∂B_i = A_i·σ(αA_i); Jacobian n/2 × n',
  parameters: [numberParameter('alpha', 1, 'gate sharpness', mustBeFinite)],
  output: 'vector',
  outputLength: evenHalves,
  evaluate: (x: Float64Array, params: Params) => {
    const swish = swishOf(numberOf(params, 'alpha'));
    return gated(x, (a, b) => swish.value(a) * b, (a, b) => swish.derivative(a) * b, (a) => swish.value(a));
  },
  infinities: 'Element by element, with the limits of swish (0·∞ is NaN).',
  references: [{ citation: 'Shazeer, "GLU Variants Improve Transformer", 2020', url: 'https://arxiv.org/abs/2002.05202' }],
};
