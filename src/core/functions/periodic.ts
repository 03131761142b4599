/**
 * Periodic activations: snake (BigVGAN's audio generator) and sine (SIREN's implicit networks).
 * The argument αx or ω₀x is exact as two doubles, sin and cos come in double-double from
 * trigonometric.ts, so values and gradients are correctly rounded, near every root included.
 */
import { contextWithDigits, exactDecimal, type Exact, type ExactContext } from '../arbitrary.ts';
import { twoProductError } from '../double-double.ts';
import { addExtended, divideExtended, extended, multiplyExtended } from '../extended.ts';
import { mustBeFinite, mustBePositive, numberOf, numberParameter } from '../parameters.ts';
import { extendedBound, kernelRounded, settled, undecided } from '../special.ts';
import { cosineOf, sinCosExtended, sineOf } from '../trigonometric.ts';
import type { ElementwiseDefinition, ExactActivation, ExtendedActivation, HigherDerivatives, ScalarActivation } from '../types.ts';
import { dd, divide, fromOrders, multiply, product, rounded, subtract, times, type DoubleDouble } from '../higher.ts';

const PERIODIC_PROPERTIES = { parity: 'none', piecewiseLinear: false } as const;

/** sin(k·x) in plain doubles, by halving k until k·x is finite (sin 2u = 2·sin u·cos u). */
function plainSin(k: number, x: number): number {
  const u = k * x;
  if (Number.isFinite(u) || !Number.isFinite(x)) return Math.sin(u);
  const half = 0.5 * k * x;
  return Number.isFinite(half) ? 2 * Math.sin(half) * Math.cos(half) : 2 * plainSin(0.5 * k, x) * plainCos(0.5 * k, x);
}

/** cos(k·x) in plain doubles, likewise (cos 2u = cos²u − sin²u). */
function plainCos(k: number, x: number): number {
  const u = k * x;
  if (Number.isFinite(u) || !Number.isFinite(x)) return Math.cos(u);
  const s = plainSin(0.5 * k, x);
  const c = plainCos(0.5 * k, x);
  return c * c - s * s;
}

/** sin and cos of k·x, with k·x carried exactly as two doubles; false beyond the reduction's range. */
function sinCosOfProduct(k: number, x: number): boolean {
  const u = k * x;
  return Number.isFinite(u) && sinCosExtended(u, twoProductError(k, x, u));
}

// decimal.js knows π to 1025 digits; the reduction needs the product's integer digits more, and
// its sin and cos need the argument's significant digits more again.
const MOST_REDUCTION_DIGITS = 1000;
const MOST_TRIGONOMETRIC_DIGITS = 500;

/**
 * scale·sin or scale·cos of factor·x. The product and its reduction modulo 2π are carried with as
 * many more digits as the product has before the point (decimal.js rounds every operation to the
 * working precision, which would lose all of factor·x = 1e308's fraction). A tiny argument takes
 * the series u − u³/6 + u⁵/120 (or 1 − u²/2 + u⁴/24) with digits enough to show how far the result
 * lies from u (or 1): 30·x can be a midpoint of doubles, and sin(30·x) rounds by that last bit.
 */
function exactTrigonometric(D: ExactContext, factor: number, x: number, which: 'sin' | 'cos', scale = 1): Exact {
  const product = Math.abs(factor * x);
  if (product !== 0 && product < 1e-20) {
    const Deep = contextWithDigits(Math.min(MOST_REDUCTION_DIGITS, D.precision + Math.ceil(-4 * Math.log10(product)) + 20));
    const u = exactDecimal(Deep, factor).times(exactDecimal(Deep, x));
    const square = u.times(u);
    const series = which === 'sin' ? u.times(new Deep(1).minus(square.div(6)).plus(square.times(square).div(120))) : new Deep(1).minus(square.div(2)).plus(square.times(square).div(24));
    return new D(series.times(exactDecimal(Deep, scale)));
  }
  const size = Math.max(0, Math.ceil(Math.log10(product + 1)));
  const Wide = contextWithDigits(Math.min(MOST_REDUCTION_DIGITS, D.precision + size + 20));
  const u = exactDecimal(Wide, factor).times(exactDecimal(Wide, x));
  const turn = new Wide(-1).acos().times(2);
  const reduced = size < 2 ? u : u.minus(u.div(turn).floor().times(turn));
  const Narrow = contextWithDigits(Math.min(MOST_TRIGONOMETRIC_DIGITS, D.precision + 10));
  const argument = new Narrow(reduced.toSignificantDigits(Narrow.precision));
  const result = which === 'sin' ? argument.sin() : argument.cos();
  return new D(result.times(exactDecimal(Narrow, scale)));
}


/** The plain functions: the kernels' double-double rounded, the plain formulas where they cannot say. */
function fromKernels(kernels: ExtendedActivation, plain: ScalarActivation): ScalarActivation {
  return { value: kernelRounded(kernels.value!, plain.value), derivative: kernelRounded(kernels.derivative!, plain.derivative) };
}

// ---------------------------------------------------------------------------------------------
// snake(x) = x + sin²(αx)/α; snake′(x) = 1 + sin(2αx).

function snakePlain(alpha: number): ScalarActivation {
  return {
    value: (x) => {
      const s = Math.sin(alpha * x);
      return Number.isFinite(alpha * x) ? x + (s * s) / alpha : x;
    },
    derivative: (x) => 1 + plainSin(2 * alpha, x),
  };
}

function snakeKernels(alpha: number): ExtendedActivation {
  const plain = snakePlain(alpha);
  return {
    value: (x) => {
      if (!Number.isFinite(x)) return settled(x);
      if (x === 0) return settled(x);
      // Beyond 2^60/α, sin²(αx)/α < 1/α is below half an ulp of x: the sum rounds to x, in every dtype.
      if (Math.abs(x) * alpha > 2 ** 60) return settled(x);
      if (!sinCosOfProduct(alpha, x)) return undecided(plain.value(x));
      multiplyExtended(sineOf.hi, sineOf.lo, sineOf.hi, sineOf.lo);
      divideExtended(extended.hi, extended.lo, alpha, 0);
      const bump = Math.abs(extended.hi);
      addExtended(x, 0, extended.hi, extended.lo);
      // x and sin²(αx)/α cancel at most 3.6 times (at αx ≈ −1.2); the bound scales with the larger.
      return extendedBound(Math.max(Math.abs(x), bump));
    },
    derivative: (x) => {
      if (!Number.isFinite(x)) return settled(NaN);
      // 1 + sin(2αx): 2αx is exact as two doubles; near the roots 1 and sin cancel.
      if (!sinCosOfProduct(2 * alpha, x)) return undecided(plain.derivative(x));
      addExtended(1, 0, sineOf.hi, sineOf.lo);
      return extendedBound(1);
    },
  };
}

function snakeExact(alpha: number): ExactActivation {
  return {
    value: (x, D) => {
      const a = exactDecimal(D, alpha);
      return exactDecimal(D, x).plus(exactTrigonometric(D, alpha, x, 'sin').pow(2).div(a));
    },
    derivative: (x, D) => new D(1).plus(exactTrigonometric(D, 2 * alpha, x, 'sin')),
  };
}

export const snake: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'snake',
  aliases: [],
  family: 'other',
  summary: 'Snake, x + sin²(αx)/α: a periodic inductive bias (BigVGAN)',
  formula: 'x + sin²(alpha·x)/alpha',
  derivativeFormula: '1 + sin(2·alpha·x)',
  parameters: [numberParameter('alpha', 1, 'frequency α (> 0)', mustBePositive)],
  properties: { ...PERIODIC_PROPERTIES, monotonicity: 'nondecreasing', range: '(−∞, ∞)', bounds: [-Infinity, Infinity] },
  higher: (params) => snakeHigher(numberOf(params, 'alpha')),
  parameterGradients: (params) => ({ alpha: snakeAlphaGradient(numberOf(params, 'alpha')) }),
  kinks: () => [],
  create: (params) => fromKernels(snakeKernels(numberOf(params, 'alpha')), snakePlain(numberOf(params, 'alpha'))),
  exact: (params) => snakeExact(numberOf(params, 'alpha')),
  extended: (params) => snakeKernels(numberOf(params, 'alpha')),
  period: (params) => Math.PI / numberOf(params, 'alpha'),
  branchPoints: (params) => {
    const alpha = numberOf(params, 'alpha');
    // The roots of snake′ (2αx = −π/2 + 2kπ) and the end of the reduction's range.
    return [-Math.PI / 4 / alpha, (3 * Math.PI) / 4 / alpha, (-9 * Math.PI) / 4 / alpha, -1.2 / alpha, 2 ** 28 / alpha, -(2 ** 28) / alpha];
  },
  references: [
    { citation: 'Ziyin, Hartwig & Ueda, "Neural Networks Fail to Learn Periodic Functions and How to Fix It", NeurIPS 2020', url: 'https://arxiv.org/abs/2006.08195' },
    { citation: 'Lee et al., "BigVGAN: A Universal Neural Vocoder with Large-Scale Training", ICLR 2023', url: 'https://arxiv.org/abs/2206.04658' },
  ],
  window: [-4, 4],
};

// ---------------------------------------------------------------------------------------------
// sine(x) = sin(ω₀x); sine′(x) = ω₀·cos(ω₀x).

function sinePlain(omega: number): ScalarActivation {
  return { value: (x) => plainSin(omega, x), derivative: (x) => omega * plainCos(omega, x) };
}

function sineKernels(omega: number): ExtendedActivation {
  const plain = sinePlain(omega);
  return {
    value: (x) => {
      if (x === 0) return settled(omega === 0 ? 0 : x * Math.sign(omega));
      if (!Number.isFinite(x)) return settled(NaN);
      if (!sinCosOfProduct(omega, x)) return undecided(plain.value(x));
      extended.hi = sineOf.hi;
      extended.lo = sineOf.lo;
      return extendedBound();
    },
    derivative: (x) => {
      if (!Number.isFinite(x)) return settled(NaN);
      if (!sinCosOfProduct(omega, x)) return undecided(plain.derivative(x));
      multiplyExtended(cosineOf.hi, cosineOf.lo, omega, 0);
      return extendedBound();
    },
  };
}

function sineExact(omega: number): ExactActivation {
  return {
    value: (x, D) => exactTrigonometric(D, omega, x, 'sin'),
    derivative: (x, D) => exactTrigonometric(D, omega, x, 'cos', omega),
  };
}

export const sine: ElementwiseDefinition = {
  kind: 'elementwise',
  name: 'sine',
  aliases: ['sin', 'siren'],
  family: 'other',
  summary: 'Sine activation of SIREN, sin(ω₀x)',
  formula: 'sin(omega0·x)',
  derivativeFormula: 'omega0·cos(omega0·x)',
  parameters: [numberParameter('omega0', 30, 'frequency ω₀ (SIREN: 30 for the first layer)', mustBeFinite)],
  properties: { ...PERIODIC_PROPERTIES, monotonicity: 'not monotonic', range: '[−1, 1]', bounds: [-1, 1] },
  higher: (params) => sineHigher(numberOf(params, 'omega0')),
  parameterGradients: (params) => ({ omega0: sineOmegaGradient(numberOf(params, 'omega0')) }),
  kinks: () => [],
  create: (params) => fromKernels(sineKernels(numberOf(params, 'omega0')), sinePlain(numberOf(params, 'omega0'))),
  exact: (params) => sineExact(numberOf(params, 'omega0')),
  extended: (params) => sineKernels(numberOf(params, 'omega0')),
  period: (params) => (2 * Math.PI) / Math.abs(numberOf(params, 'omega0')),
  branchPoints: (params) => {
    const omega = numberOf(params, 'omega0');
    return omega === 0 ? [] : [Math.PI / omega, Math.PI / 2 / omega, 355 / omega, 2 ** 28 / Math.abs(omega), -(2 ** 28) / Math.abs(omega)];
  },
  references: [{ citation: 'Sitzmann et al., "Implicit Neural Representations with Periodic Activation Functions" (SIREN), NeurIPS 2020', url: 'https://arxiv.org/abs/2006.09661' }],
  window: [-0.2, 0.2],
};

// ---------------------------------------------------------------------------------------------
// Second and third derivatives and parameter gradients: sin and cos of the exact product in
// double-double; beyond the reduction's range, the decimal reduction (rare: |k·x| > 4e8).

const FALLBACK_DIGITS = 40;

/** scale·sin(k·x) or scale·cos(k·x), rounded once, for a double-double scale. */
function scaledTrigonometric(k: number, x: number, which: 'sin' | 'cos', scale: DoubleDouble): number {
  if (!Number.isFinite(x)) return NaN;
  if (!sinCosOfProduct(k, x)) return exactTrigonometric(contextWithDigits(FALLBACK_DIGITS), k, x, which, scale.hi).toNumber();
  const value = which === 'sin' ? sineOf : cosineOf;
  return rounded(multiply(dd(value.hi, value.lo), scale));
}

/** snake″ = 2α·cos(2αx), snake‴ = −4α²·sin(2αx). */
function snakeHigher(alpha: number): HigherDerivatives {
  const twice = dd(2 * alpha);
  const fourSquared = times(product(alpha, alpha), -4);
  return fromOrders((x, order) => (order === 2 ? scaledTrigonometric(2 * alpha, x, 'cos', twice) : scaledTrigonometric(2 * alpha, x, 'sin', fourSquared)));
}

/** ∂/∂α of x + sin²(αx)/α = x·sin(2αx)/α − sin²(αx)/α² = s·(2αx·c − s)/α², s and c of αx. */
function snakeAlphaGradient(alpha: number): (x: number) => number {
  const alphaSquared = product(alpha, alpha);
  return (x) => {
    if (!Number.isFinite(x)) return NaN;
    if (!sinCosOfProduct(alpha, x)) {
      const s = plainSin(alpha, x);
      return (x * plainSin(2 * alpha, x)) / alpha - (s * s) / (alpha * alpha);
    }
    const s = dd(sineOf.hi, sineOf.lo);
    const c = dd(cosineOf.hi, cosineOf.lo);
    const bracket = subtract(multiply(times(product(alpha, x), 2), c), s);
    return rounded(divide(multiply(s, bracket), alphaSquared));
  };
}

/** sine″ = −ω₀²·sin(ω₀x), sine‴ = −ω₀³·cos(ω₀x). */
function sineHigher(omega: number): HigherDerivatives {
  const square = times(product(omega, omega), -1);
  const cube = times(square, omega);
  return fromOrders((x, order) => (order === 2 ? scaledTrigonometric(omega, x, 'sin', square) : scaledTrigonometric(omega, x, 'cos', cube)));
}

/** ∂/∂ω₀ of sin(ω₀x) = x·cos(ω₀x). */
function sineOmegaGradient(omega: number): (x: number) => number {
  return (x) => scaledTrigonometric(omega, x, 'cos', dd(x));
}
