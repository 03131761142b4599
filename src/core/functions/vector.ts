/**
 * Vector functions: one vector in, with the Jacobian and the vector–Jacobian
 * product. Max-subtraction everywhere; sums are compensated (Neumaier) so that
 * 1 − y_i = (Σ_{j≠i} e_j)/Σ e_j can be formed without cancellation.
 */
import { twoSumError } from '../double-double.ts';
import { addExtended, divideExtended, expExtended, extended, multiplyExtended } from '../extended.ts';
import { mustBeFinite, numberOf, numberParameter, optionalNumberOf } from '../parameters.ts';
import { sigmoid, sigmoidDerivative } from '../special.ts';
import type { ExactOutputs, Params, VectorDefinition, VectorEvaluation } from '../types.ts';
import { exactDecimal, log1p as exactLog1p, type Exact, type ExactContext } from '../arbitrary.ts';
import { roundOutputs, vectorBound } from '../correct-rounding.ts';
import { expAccurate } from '../extended.ts';
import { log1pExtended } from '../special.ts';
import { gelu, swishOf } from './smooth.ts';
import { sigmoidOrder, swishBetaGradient, swishHigher } from '../higher.ts';
import { relu } from './rectifiers.ts';

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
    secondDiagonal: () => filled(outputs === 1 && inputs > 1 ? inputs : outputs, NaN),
    hessianRow: () => filled(inputs, NaN),
  };
}

/** s·c·k rounded once, for double-double s, c and k (hi, lo pairs). */
function productOfThree(sHigh: number, sLow: number, cHigh: number, cLow: number, kHigh: number, kLow: number): number {
  multiplyExtended(sHigh, sLow, cHigh, cLow);
  multiplyExtended(extended.hi, extended.lo, kHigh, kLow);
  return extended.hi + extended.lo;
}

/**
 * The softmax pieces for the second derivatives: s_i = e_i/S and c_i = 1 − s_i (without
 * cancellation), each as two doubles, and f(i, s, c) for every i.
 */
function softmaxSecond(exps: Exponentials, n: number, f: (sHigh: number, sLow: number, cHigh: number, cLow: number) => number): Float64Array {
  const result = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    exps.complementInto(i);
    const cHigh = extended.hi;
    const cLow = extended.lo;
    divideExtended(exps.e[i], exps.eLow[i], exps.sum, exps.sumLow);
    result[i] = f(extended.hi, extended.lo, cHigh, cLow);
  }
  return result;
}

interface Exponentials {
  /** e^(x_i − m) as two doubles */
  readonly e: Float64Array;
  readonly eLow: Float64Array;
  readonly sum: number;
  readonly sumLow: number;
  /** Σ_j e_j without the first maximal entry's (which is 1): S − 1 without cancellation. */
  readonly others: number;
  readonly othersLow: number;
  readonly argmax: number;
  readonly max: number;
  /** e_i / Σ_j e_j, the softmax, rounded once. */
  readonly probability: (i: number) => number;
  /** (Σ_j e_j − e_i) / Σ_j e_j = 1 − softmax_i, without cancellation, as two doubles into `extended`. */
  readonly complementInto: (i: number) => void;
}

/**
 * e^(x_i − max) in double-double (x_i − max carried exactly: its rounding would be a relative
 * error of e) and their sum, for x with a finite maximum.
 */
function exponentials(x: Float64Array, exponential: (d: number, dLow: number) => void = expExtended): Exponentials {
  let max = -Infinity;
  let argmax = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > max) {
      max = x[i];
      argmax = i;
    }
  }
  const e = new Float64Array(x.length);
  const eLow = new Float64Array(x.length);
  let others = 0;
  let othersLow = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === -Infinity) continue;
    const d = x[i] - max;
    exponential(d, twoSumError(x[i], -max, d));
    e[i] = extended.hi;
    eLow[i] = extended.lo;
    if (i === argmax) continue;
    addExtended(others, othersLow, extended.hi, extended.lo);
    others = extended.hi;
    othersLow = extended.lo;
  }
  addExtended(1, 0, others, othersLow);
  const sum = extended.hi;
  const sumLow = extended.lo;
  return {
    e,
    eLow,
    sum,
    sumLow,
    others,
    othersLow,
    argmax,
    max,
    probability: (i) => {
      divideExtended(e[i], eLow[i], sum, sumLow);
      return extended.hi;
    },
    complementInto: complementExtended,
  };

  /** (S − e_i)/S into `extended`: for the maximal entry the sum of the others, which does not cancel. */
  function complementExtended(i: number): void {
    if (i === argmax) divideExtended(others, othersLow, sum, sumLow);
    else {
      addExtended(sum, sumLow, -e[i], -eLow[i]);
      divideExtended(extended.hi, extended.lo, sum, sumLow);
    }
  }
}

/**
 * The exact softmax pieces of z in a context, computed once per context on first use: each
 * e^(z_j − m), their sum S, and S − e_i (as the sum of the others, which does not cancel).
 */
function exactExponentials(z: Float64Array): (D: ExactContext) => { e: (i: number) => Exact; sum: () => Exact; complement: (i: number) => Exact; others: () => Exact } {
  let argmax = 0;
  for (let i = 1; i < z.length; i++) if (z[i] > z[argmax]) argmax = i;
  const max = z[argmax];
  return (D) => {
    const cache = new Map<number, Exact>();
    const e = (i: number): Exact => {
      let value = cache.get(i);
      if (value === undefined) {
        value = z[i] === -Infinity ? new D(0) : exactDecimal(D, z[i]).minus(exactDecimal(D, max)).exp();
        cache.set(i, value);
      }
      return value;
    };
    let others: Exact | undefined;
    const othersSum = (): Exact => {
      if (others === undefined) {
        // Terms below e^-(2·digits·ln 10 + 50) of the largest other term (at most n of them) change
        // the sum by far less than the precision can see: they are left out, unevaluated.
        let largest = -Infinity;
        for (let j = 0; j < z.length; j++) if (j !== argmax && z[j] > largest) largest = z[j];
        const cutoff = largest - (2 * D.precision * Math.LN10 + 50 + Math.log(z.length));
        others = new D(0);
        for (let j = 0; j < z.length; j++) if (j !== argmax && z[j] >= cutoff) others = others.plus(e(j));
      }
      return others;
    };
    const sum = (): Exact => othersSum().plus(1);
    return { e, sum, others: othersSum, complement: (i) => (i === argmax ? othersSum() : sum().minus(e(i))) };
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

/** The exponentials again to about 2^-100 (expAccurate), computed on first use: the second look of correct rounding. */
function lazyAccurate(z: Float64Array): () => Exponentials {
  let accurate: Exponentials | undefined;
  return () => (accurate ??= exponentials(z, expAccurate));
}

/** softmax_i = e_i/S into `extended`, with a bound `relative` of it. */
function softmaxKernel(source: Exponentials, relative: number): (i: number) => number {
  return (i) => {
    divideExtended(source.e[i], source.eLow[i], source.sum, source.sumLow);
    return vectorBound(relative);
  };
}

/** sign·softmax_i·(1 − softmax_i) into `extended`, with a bound `relative` of it. */
function softmaxSlopeKernel(source: Exponentials, sign: number, relative: number): (i: number) => number {
  return (i) => {
    source.complementInto(i);
    const complementHigh = extended.hi;
    const complementLow = extended.lo;
    divideExtended(source.e[i], source.eLow[i], source.sum, source.sumLow);
    multiplyExtended(extended.hi, extended.lo, complementHigh, complementLow);
    extended.hi *= sign;
    extended.lo *= sign;
    return vectorBound(relative);
  };
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
  const exps = exponentials(z);
  const { e: eHigh, eLow, sum: sumHigh, sumLow } = exps;
  const yHigh = new Float64Array(n);
  const yLow = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    divideExtended(eHigh[i], eLow[i], sumHigh, sumLow);
    yHigh[i] = extended.hi;
    yLow[i] = extended.lo;
  }
  const accurate = lazyAccurate(z);
  const exact = exactExponentials(z);
  const exactValues: ExactOutputs = (D) => {
    const pieces = exact(D);
    return (i) => pieces.e(i).div(pieces.sum());
  };
  const exactDiagonal: ExactOutputs = (D) => {
    const pieces = exact(D);
    return (i) => pieces.e(i).times(pieces.complement(i)).div(pieces.sum().pow(2)).times(sign);
  };
  const values = roundOutputs(n, softmaxKernel(exps, 2 ** -72), () => softmaxKernel(accurate(), 2 ** -92), exactValues);
  // y_i·(1 − y_i), 1 − y_i = (Σ_{j≠i} e_j)/Σ e_j, which does not cancel when y_i is near 1.
  const diagonal = roundOutputs(n, softmaxSlopeKernel(exps, sign, 2 ** -72), () => softmaxSlopeKernel(accurate(), sign, 2 ** -92), exactDiagonal);
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
    values,
    diagonal,
    exact: { values: exactValues, diagonal: exactDiagonal },
    jacobianRow,
    jacobian: () => fromRows(n, n, jacobianRow),
    // ∂²y_i/∂x_i² = y_i(1 − y_i)(1 − 2y_i) = s·c·(c − s), the sign of softmin squared away; c − s cancels near y_i = 1/2.
    secondDiagonal: () =>
      softmaxSecond(exps, n, (sHigh, sLow, cHigh, cLow) => {
        addExtended(cHigh, cLow, -sHigh, -sLow);
        return productOfThree(sHigh, sLow, cHigh, cLow, extended.hi, extended.lo);
      }),
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

/** log Σ_j e^(x_j − m) = log1p(Σ_{j≠argmax} e^(x_j − m)), as two doubles (about 2^-78). */
function logOfSumExtended(exps: Exponentials): { hi: number; lo: number } {
  log1pExtended(exps.others, exps.othersLow);
  return { hi: extended.hi, lo: extended.lo };
}

/**
 * log S from exponentials good to 2^-100: one Newton step L + (S − e^L)/e^L with e^L to 2^-100,
 * from the double-double L; about 2^-100 absolute.
 */
function accurateLogOfSum(exps: Exponentials): { hi: number; lo: number } {
  const start = logOfSumExtended(exps);
  expAccurate(start.hi, start.lo);
  const eHigh = extended.hi;
  const eLow = extended.lo;
  addExtended(exps.sum, exps.sumLow, -eHigh, -eLow);
  divideExtended(extended.hi, extended.lo, eHigh, eLow);
  addExtended(start.hi, start.lo, extended.hi, extended.lo);
  return { hi: extended.hi, lo: extended.lo };
}

/** A vector output known exactly (−∞ for a masked entry of log_softmax). */
function settledVector(value: number): number {
  extended.hi = value;
  extended.lo = 0;
  return -1;
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
    const accurate = lazyAccurate(x);
    const exact = exactExponentials(x);
    const max = exps.max;
    // x_i − m − log S: x_i − m carried exactly, log S = log1p(S − 1) from the sum of the others;
    // both terms are ≤ 0, so nothing cancels.
    const kernel = (logSum: { hi: number; lo: number }, relative: number, absolute: number) => (i: number): number => {
      if (x[i] === -Infinity) return settledVector(-Infinity);
      const d = x[i] - max;
      addExtended(d, twoSumError(x[i], -max, d), -logSum.hi, -logSum.lo);
      return vectorBound(relative) + absolute;
    };
    const exactValues: ExactOutputs = (D) => {
      const pieces = exact(D);
      const logSum = exactLog1p(D, pieces.others());
      return (i) => exactDecimal(D, x[i]).minus(exactDecimal(D, max)).minus(logSum);
    };
    const values = roundOutputs(n, kernel(logOfSumExtended(exps), 2 ** -72, 0), () => kernel(accurateLogOfSum(accurate()), 2 ** -92, 2 ** -98), exactValues);
    const p = exps.e.map((_, i) => exps.probability(i));
    const complementKernel = (source: Exponentials, relative: number) => (i: number): number => {
      source.complementInto(i);
      return vectorBound(relative);
    };
    const exactDiagonal: ExactOutputs = (D) => {
      const pieces = exact(D);
      return (i) => pieces.complement(i).div(pieces.sum());
    };
    const diagonal = roundOutputs(n, complementKernel(exps, 2 ** -72), () => complementKernel(accurate(), 2 ** -92), exactDiagonal);
    return {
      values,
      diagonal,
      exact: { values: exactValues, diagonal: exactDiagonal },
      jacobian: () => fromRows(n, n, (i) => rowOf(n, (j) => (i === j ? diagonal[i] : -p[j]))),
      jacobianRow: (i) => rowOf(n, (j) => (i === j ? diagonal[i] : -p[j])),
      // ∂²y_i/∂x_i² = −s_i·(1 − s_i)
      secondDiagonal: () => softmaxSecond(exps, n, (sHigh, sLow, cHigh, cLow) => -productOfThree(sHigh, sLow, cHigh, cLow, 1, 0)),
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
    // The Hessian diag(s) − s·sᵀ: its diagonal s_i(1 − s_i), and its rows.
    let secondDiagonal: () => Float64Array;
    let hessianRow: (i: number) => Float64Array;
    if (x.includes(Infinity)) {
      value = Infinity;
      gradient = x.map((entry) => (entry === Infinity ? NaN : 0));
      secondDiagonal = () => Float64Array.from(gradient);
      hessianRow = (i) => rowOf(n, (j) => (x[i] === Infinity || x[j] === Infinity ? NaN : 0));
    } else if (x.every((entry) => entry === -Infinity)) {
      value = -Infinity;
      gradient = filled(n, NaN);
      secondDiagonal = () => filled(n, NaN);
      hessianRow = () => filled(n, NaN);
    } else {
      const exps = exponentials(x);
      const accurate = lazyAccurate(x);
      const exact = exactExponentials(x);
      const max = exps.max;
      // m + log S cancels when m ≈ −log S: the bound is relative to the larger term.
      const kernel = (logSum: { hi: number; lo: number }, relative: number, absolute: number) => (): number => {
        addExtended(max, 0, logSum.hi, logSum.lo);
        // a subnormal result has lost its low part: the slow path rounds it
        if (Math.abs(extended.hi) < 2 ** -960) return extended.hi === 0 && extended.lo === 0 && logSum.hi === 0 ? 0 : Infinity;
        return Math.max(Math.abs(max), Math.abs(logSum.hi)) * relative + absolute;
      };
      value = roundOutputs(1, kernel(logOfSumExtended(exps), 2 ** -72, 0), () => kernel(accurateLogOfSum(accurate()), 2 ** -92, 2 ** -98), (D) => {
        const pieces = exact(D);
        return () => exactDecimal(D, max).plus(exactLog1p(D, pieces.others()));
      })[0];
      gradient = roundOutputs(n, softmaxKernel(exps, 2 ** -72), () => softmaxKernel(accurate(), 2 ** -92), (D) => {
        const pieces = exact(D);
        return (i) => pieces.e(i).div(pieces.sum());
      });
      const diagonalOfHessian = softmaxSecond(exps, n, (sHigh, sLow, cHigh, cLow) => productOfThree(sHigh, sLow, cHigh, cLow, 1, 0));
      secondDiagonal = () => Float64Array.from(diagonalOfHessian);
      hessianRow = (i) => {
        divideExtended(exps.e[i], exps.eLow[i], exps.sum, exps.sumLow);
        const [siHigh, siLow] = [extended.hi, extended.lo];
        return rowOf(n, (j) => {
          if (j === i) return diagonalOfHessian[i];
          divideExtended(exps.e[j], exps.eLow[j], exps.sum, exps.sumLow);
          multiplyExtended(siHigh, siLow, extended.hi, extended.lo);
          return -(extended.hi + extended.lo);
        });
      };
    }
    return {
      values: Float64Array.of(value),
      diagonal: gradient,
      jacobian: () => Float64Array.from(gradient),
      jacobianRow: () => Float64Array.from(gradient),
      vjp: (g) => gradient.map((p) => g[0] * p),
      secondDiagonal,
      hessianRow,
    };
  },
  infinities: 'A −∞ entry is ignored (gradient 0); a +∞ entry gives +Infinity with gradient NaN at the infinite entries, and every entry −∞ gives −Infinity with gradient NaN (PyTorch).',
  references: [{ citation: 'JAX jax.nn.logsumexp' }],
};

const bits = new DataView(new ArrayBuffer(8));

/** A finite double as significand·2^exponent, the significand a BigInt. */
function dyadic(x: number): { significand: bigint; exponent: number } {
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let significand = (BigInt(high & 0xfffff) << 32n) | BigInt(bits.getUint32(4));
  if (biased !== 0) significand |= 1n << 52n;
  return { significand: x < 0 ? -significand : significand, exponent: biased === 0 ? -1074 : biased - 1075 };
}

const bitLength = (n: bigint): number => n.toString(2).length;

/** The double nearest n/q (n ≥ 0, q > 0), ties to even, subnormals included. */
function nearestQuotient(n: bigint, q: bigint): number {
  if (n === 0n) return 0;
  // 2^e ≤ n/q < 2^(e+1)
  let e = bitLength(n) - bitLength(q);
  if ((e >= 0 ? n < q << BigInt(e) : n << BigInt(-e) < q)) e--;
  const quantum = Math.max(e, -1022) - 52;
  const numerator = quantum <= 0 ? n << BigInt(-quantum) : n;
  const denominator = quantum <= 0 ? q : q << BigInt(quantum);
  let integer = numerator / denominator;
  const twice = 2n * (numerator - integer * denominator);
  if (twice > denominator || (twice === denominator && (integer & 1n) === 1n)) integer++;
  return Number(integer) * 2 ** quantum;
}

/**
 * Sparsemax values exactly, in integers: every entry as a multiple of 2^emin, the support by the
 * exact test 1 + k·x_(k) > Σ_{j≤k} x_(j), and y_i = (k·x_i − Σ_S x_j + 1)/k rounded once
 * (a floating-point τ would be rounded, and x_i − τ again).
 */
function exactSparsemax(x: Float64Array): Float64Array {
  const finite = Array.from(x).filter((value) => value !== -Infinity);
  const parts = finite.map(dyadic);
  // The smallest exponent of a non-zero entry (no spread of a million arguments).
  let base = 0;
  for (const part of parts) if (part.significand !== 0n && part.exponent < base) base = part.exponent;
  const scaled = (part: { significand: bigint; exponent: number }): bigint => (part.significand === 0n ? 0n : part.significand << BigInt(part.exponent - base));
  const one = 1n << BigInt(-base);
  const sorted = parts.map(scaled).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  let cumulative = 0n;
  let size = 0n;
  let inSupport = 0n;
  for (let k = 1; k <= sorted.length; k++) {
    cumulative += sorted[k - 1];
    if (one + BigInt(k) * sorted[k - 1] > cumulative) {
      size = BigInt(k);
      inSupport = cumulative;
    }
  }
  const denominator = size * one;
  return x.map((value) => {
    if (value === -Infinity) return 0;
    const numerator = size * scaled(dyadic(value)) - inSupport + one;
    return numerator > 0n ? nearestQuotient(numerator, denominator) : 0;
  });
}

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
      values = exactSparsemax(x);
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
      // Piecewise linear: no curvature on any piece.
      secondDiagonal: () => new Float64Array(n),
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
    return {
      values,
      diagonal: new Float64Array(n),
      jacobian: () => new Float64Array(n * n),
      jacobianRow: () => new Float64Array(n),
      vjp: () => new Float64Array(n),
      secondDiagonal: () => new Float64Array(n),
    };
  },
  infinities: 'Compared as numbers: the first maximum, +∞ included, gets 1.',
  references: [{ citation: 'ONNX operator Hardmax', url: 'https://onnx.ai/onnx/operators/onnx__Hardmax.html' }],
};

/** The curvature along a linear argument: 0 (NaN in, NaN out). */
const linearPart = (a: number, b: number): number => (a === a && b === b ? 0 : NaN);

/**
 * A gated unit over pairs (a_i, b_i) of x, y_i = gate(a_i, b_i), with ∂y_i/∂a_i and ∂y_i/∂b_i: the
 * halves x = [a, b] by default, or interleaved pairs x = [a_0, b_0, a_1, b_1, …].
 */
function gated(
  x: Float64Array,
  value: (a: number, b: number) => number,
  byA: (a: number, b: number) => number,
  byB: (a: number, b: number) => number,
  interleaved = false,
  second: { readonly byAA?: (a: number, b: number) => number; readonly byBB?: (a: number, b: number) => number } = {},
  parameters?: Readonly<Record<string, (a: number, b: number) => number>>,
): VectorEvaluation {
  const half = x.length / 2;
  const aAt = (i: number): number => (interleaved ? 2 * i : i);
  const bAt = (i: number): number => (interleaved ? 2 * i + 1 : half + i);
  const values = new Float64Array(half);
  const diagonal = new Float64Array(half);
  const crossed = new Float64Array(half);
  for (let i = 0; i < half; i++) {
    const a = x[aAt(i)];
    const b = x[bAt(i)];
    values[i] = value(a, b);
    diagonal[i] = byA(a, b);
    crossed[i] = byB(a, b);
  }
  return {
    values,
    // ∂y_i/∂x_i, the Jacobian's diagonal: interleaved, x_i is not y_i's gate (only y_0's is).
    diagonal: interleaved ? Float64Array.from({ length: half }, (_, i) => jacobianEntry(i, i)) : diagonal,
    jacobian: () => {
      const jacobian = new Float64Array(half * x.length);
      for (let i = 0; i < half; i++) {
        jacobian[i * x.length + aAt(i)] = diagonal[i];
        jacobian[i * x.length + bAt(i)] = crossed[i];
      }
      return jacobian;
    },
    jacobianRow: (i) => {
      const row = new Float64Array(x.length);
      row[aAt(i)] = diagonal[i];
      row[bAt(i)] = crossed[i];
      return row;
    },
    vjp: (g) => {
      const result = new Float64Array(x.length);
      for (let i = 0; i < half; i++) {
        result[aAt(i)] = g[i] * diagonal[i];
        result[bAt(i)] = g[i] * crossed[i];
      }
      return result;
    },
    // ∂²y_i/∂x_i²: x_i is y_i's a_i (halves), or for interleaved pairs only y_0's a_0.
    secondDiagonal: () =>
      Float64Array.from({ length: half }, (_, i) => {
        const [a, b] = [x[aAt(i)], x[bAt(i)]];
        return i === aAt(i) ? (second.byAA ?? linearPart)(a, b) : i === bAt(i) ? (second.byBB ?? linearPart)(a, b) : 0;
      }),
    ...(parameters
      ? { parameterGradients: () => Object.fromEntries(Object.entries(parameters).map(([name, f]) => [name, Float64Array.from({ length: half }, (_, i) => f(x[aAt(i)], x[bAt(i)]))])) }
      : {}),
  };

  /** Entry (i, j) of the Jacobian. */
  function jacobianEntry(i: number, j: number): number {
    return j === aAt(i) ? diagonal[i] : j === bAt(i) ? crossed[i] : 0;
  }
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
  evaluate: (x) => gated(x, (a, b) => a * sigmoid(b), (_a, b) => sigmoid(b), (a, b) => a * sigmoidDerivative(b), false, { byBB: (a, b) => a * sigmoidOrder(b, 2) }),
  infinities: 'Element by element: a·σ(b) with the limits σ(−∞) = 0, σ(+∞) = 1 (0·∞ is NaN).',
  references: [{ citation: 'Dauphin, Fan, Auli & Grangier, "Language Modeling with Gated Convolutional Networks", 2017', url: 'https://arxiv.org/abs/1612.08083' }],
};

export const swiglu: VectorDefinition = {
  kind: 'vector',
  name: 'swiglu',
  aliases: [],
  family: 'vector',
  summary: 'SwiGLU over the two halves A, B of the vector (ONNX SwiGLU); with parameters, the clamped interleaved SwiGLU of GPT-OSS',
  formula: 'y_i = A_i·σ(alpha·A_i)·(B_i + offset), x = [A, B] (n/2 outputs); with --limit, A clamped to ≤ limit and B to [−limit, limit] first; --layout interleaved pairs x = [A_0, B_0, A_1, B_1, …]',
  derivativeFormula: '∂y_i/∂A_i = (B_i + offset)·σ(αA_i)(1 + αA_i·σ(−αA_i)), ∂y_i/∂B_i = A_i·σ(αA_i), each times the clamp’s slope (1 inside, at the limit included, as PyTorch’s clamp; 0 beyond); Jacobian n/2 × n',
  parameters: [
    numberParameter('alpha', 1, 'gate sharpness (GPT-OSS: 1.702)', mustBeFinite),
    numberParameter('limit', null, 'clamp: A to at most limit, B to [−limit, limit] (GPT-OSS: 7; default: none)', mustBeFinite),
    numberParameter('offset', 0, 'added to the linear half B (GPT-OSS: 1)', mustBeFinite),
    { name: 'layout', type: 'choice', default: 'halves', choices: ['halves', 'interleaved'], description: 'halves x = [A, B] (ONNX), or interleaved pairs [A_0, B_0, …] (GPT-OSS)' },
  ],
  output: 'vector',
  outputLength: evenHalves,
  evaluate: (x: Float64Array, params: Params) => {
    const swish = swishOf(numberOf(params, 'alpha'));
    const limit = optionalNumberOf(params, 'limit') ?? Infinity;
    const offset = numberOf(params, 'offset');
    // PyTorch's clamp passes the gradient at the bounds themselves.
    const gate = (a: number): number => (a > limit ? limit : a);
    const gateSlope = (a: number): number => (a > limit ? 0 : 1);
    const linear = (b: number): number => (b > limit ? limit : b < -limit ? -limit : b) + offset;
    const linearSlope = (b: number): number => (b > limit || b < -limit ? 0 : 1);
    const alpha = numberOf(params, 'alpha');
    const curvature = swishHigher(alpha).second;
    const byAlpha = swishBetaGradient(alpha);
    return gated(
      x,
      (a, b) => swish.value(gate(a)) * linear(b),
      (a, b) => swish.derivative(gate(a)) * gateSlope(a) * linear(b),
      (a, b) => swish.value(gate(a)) * linearSlope(b),
      params.layout === 'interleaved',
      // The clamps are linear on each piece: only swish's own curvature, inside the clamp.
      { byAA: (a, b) => curvature(gate(a)) * gateSlope(a) * linear(b) },
      {
        alpha: (a, b) => byAlpha(gate(a)) * linear(b),
        // Moving the limit moves a clamped A (swish′ at the limit) and a clamped B (±1): 0 inside, at the bounds too.
        limit: (a, b) => (a > limit ? swish.derivative(limit) * linear(b) : 0 * a) + (b > limit ? 1 : b < -limit ? -1 : 0) * swish.value(gate(a)),
        offset: (a) => swish.value(gate(a)),
      },
    );
  },
  infinities: 'Element by element, with the limits of swish (0·∞ is NaN); with --limit, ±∞ is clamped first.',
  references: [
    { citation: 'Shazeer, "GLU Variants Improve Transformer", 2020', url: 'https://arxiv.org/abs/2002.05202' },
    { citation: 'OpenAI gpt-oss, gpt_oss/torch/model.py: swiglu(x, alpha=1.702, limit=7.0): x[..., ::2], x[..., 1::2], clamp, (x_linear + 1)', url: 'https://github.com/openai/gpt-oss' },
  ],
};

const GLU_VARIANTS_REFERENCE = { citation: 'Shazeer, "GLU Variants Improve Transformer", 2020', url: 'https://arxiv.org/abs/2002.05202' };

export const geglu: VectorDefinition = {
  kind: 'vector',
  name: 'geglu',
  aliases: [],
  family: 'vector',
  summary: 'GEGLU over the two halves a, b of the vector: a·gelu(b)',
  formula: 'y_i = a_i·gelu(b_i), x = [a, b] (n/2 outputs); --approximate tanh for the tanh gelu',
  derivativeFormula: '∂y_i/∂a_i = gelu(b_i), ∂y_i/∂b_i = a_i·gelu′(b_i); Jacobian n/2 × n',
  parameters: [{ name: 'approximate', type: 'choice', default: 'none', choices: ['none', 'tanh'], description: 'exact (erf) gelu or its tanh approximation' }],
  output: 'vector',
  outputLength: evenHalves,
  evaluate: (x: Float64Array, params: Params) => {
    const g = gelu.create({ approximate: params.approximate ?? 'none' }, 'right');
    const curvature = gelu.higher({ approximate: params.approximate ?? 'none' }, 'right').second;
    return gated(x, (a, b) => a * g.value(b), (_a, b) => g.value(b), (a, b) => a * g.derivative(b), false, { byBB: (a, b) => a * curvature(b) });
  },
  infinities: 'Element by element, with the limits of gelu (gelu(−∞) = 0, gelu(∞) = ∞; 0·∞ is NaN).',
  references: [GLU_VARIANTS_REFERENCE],
};

export const reglu: VectorDefinition = {
  kind: 'vector',
  name: 'reglu',
  aliases: [],
  family: 'vector',
  summary: 'ReGLU over the two halves a, b of the vector: a·relu(b)',
  formula: 'y_i = a_i·max(b_i, 0), x = [a, b] (n/2 outputs)',
  derivativeFormula: "∂y_i/∂a_i = relu(b_i), ∂y_i/∂b_i = a_i·relu′(b_i) with relu′(0) = 1 (act's right-piece convention); Jacobian n/2 × n",
  parameters: [],
  output: 'vector',
  outputLength: evenHalves,
  evaluate: (x) => {
    const r = relu.create({}, 'right');
    return gated(x, (a, b) => a * r.value(b), (_a, b) => r.value(b), (a, b) => a * r.derivative(b));
  },
  infinities: 'Element by element: a·relu(b) (0·∞ is NaN).',
  references: [GLU_VARIANTS_REFERENCE],
};

export const bilinear: VectorDefinition = {
  kind: 'vector',
  name: 'bilinear',
  aliases: [],
  family: 'vector',
  summary: 'Bilinear GLU over the two halves a, b of the vector: a·b',
  formula: 'y_i = a_i·b_i, x = [a, b] (n/2 outputs)',
  derivativeFormula: '∂y_i/∂a_i = b_i, ∂y_i/∂b_i = a_i; Jacobian n/2 × n',
  parameters: [],
  output: 'vector',
  outputLength: evenHalves,
  evaluate: (x) => gated(x, (a, b) => a * b, (_a, b) => b, (a) => a),
  infinities: 'Element by element: a·b (0·∞ is NaN).',
  references: [GLU_VARIANTS_REFERENCE],
};
