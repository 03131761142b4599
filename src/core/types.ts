/**
 * The shape of every activation definition. The catalogue is an array of these
 * objects; help text, `act list`, `act describe`, the README tables and most
 * tests are generated from them.
 */

import type { Exact, ExactContext } from './arbitrary.ts';

/** Which one-sided derivative is reported exactly at a kink. */
export type KinkConvention = 'right' | 'left';

export const KINK_CONVENTIONS: readonly KinkConvention[] = ['right', 'left'];

export type ParameterValue = number | string | null;

/** Parameter values by canonical snake_case name. */
export type Params = Readonly<Record<string, ParameterValue>>;

export interface NumberParameter {
  readonly name: string;
  readonly type: 'number';
  /** `null` means "absent": the parameter is off unless given (softplus `threshold`). */
  readonly default: number | null;
  readonly description: string;
  /** Other flag spellings, in snake_case (`alpha` for leaky_relu's `negative_slope`). */
  readonly flagAliases?: readonly string[];
  /** Returns why the value is unacceptable, or undefined when it is fine. */
  readonly validate?: (value: number) => string | undefined;
}

export interface ChoiceParameter {
  readonly name: string;
  readonly type: 'choice';
  readonly default: string;
  readonly choices: readonly string[];
  readonly description: string;
  readonly flagAliases?: readonly string[];
}

export type ParameterSpec = NumberParameter | ChoiceParameter;

/** A point where the function is not differentiable, and its one-sided derivatives there. */
export interface Kink {
  readonly at: number;
  /** Derivative of the piece to the left of the kink, evaluated at the kink. */
  readonly left: number;
  /** Derivative of the piece to the right of the kink, evaluated at the kink. */
  readonly right: number;
  /** True when the function value itself jumps here (threshold, binary_step). */
  readonly jump?: boolean;
}

/** A scalar function and its derivative, with parameters and kink convention fixed. */
export interface ScalarActivation {
  readonly value: (x: number) => number;
  readonly derivative: (x: number) => number;
}

/**
 * The second and third derivatives in closed form (issue 17), within SPEC §7's 2 ulp. At a kink,
 * the one-sided derivative of the piece the convention picks (the Dirac mass of a jump in a lower
 * derivative is not a number).
 */
export interface HigherDerivatives {
  readonly second: (x: number) => number;
  readonly third: (x: number) => number;
}

/** ∂f/∂θ for each numeric parameter θ, by canonical name; at a kink, the convention's piece. */
export type ParameterGradients = Readonly<Record<string, (x: number) => number>>;

/**
 * The value and derivative at arbitrary precision, for the slow path of correct rounding, in
 * the decimal.js context `D`. Branches are chosen on the double x exactly as the plain formulas
 * choose them; `exactDecimal(D, x)` is its exact value.
 */
export interface ExactActivation {
  readonly value: ExactFormula;
  readonly derivative: ExactFormula;
}

export type ExactFormula = (x: number, D: ExactContext) => Exact;

/**
 * What a fused loop calls: the activation's fast-path kernels (ExtendedActivation's value and
 * derivative, both present) and its one kink (NaN: none); undefined for a definition without
 * that pair or with more kinks, whose loop (if any) calls the activation itself.
 */
export interface FusedParts {
  readonly value: (x: number) => number;
  readonly derivative: (x: number) => number;
  readonly at: number;
}

/** What a loop asks for the results it does not decide itself: the activation's value and gradient. */
export interface FusedActivation {
  readonly value: (x: number) => number;
  readonly gradient: (x: number) => number;
}

/**
 * A definition's loop: fills values[0, count) and gradients[0, count) from xs; `activation`
 * answers whatever the loop does not decide itself (non-finite x, kinks, the slow path).
 */
export type FusedLoop = (xs: Float64Array, values: Float64Array, gradients: Float64Array, count: number, activation: FusedActivation) => void;

/**
 * The value and derivative in double-double, the fast path of correct rounding: each writes
 * f(x) as hi + lo into `extended` (src/core/extended.ts) and returns a bound on
 * |f(x) − (hi + lo)|: 0 when exact, Infinity where it has no answer good enough (the slow
 * path then decides).
 */
export interface ExtendedActivation {
  /** Absent when the plain value is already the exact value rounded once. */
  readonly value?: (x: number) => number;
  readonly derivative?: (x: number) => number;
}

export type Family =
  | 'rectifiers'
  | 'exponential linear'
  | 'smooth gates'
  | 'sigmoidal'
  | 'hard'
  | 'shrinkage'
  | 'other'
  | 'vector';

export type Monotonicity = 'increasing' | 'nondecreasing' | 'not monotonic';
export type Parity = 'odd' | 'even' | 'none';

export interface Properties {
  readonly monotonicity: Monotonicity;
  readonly parity: Parity;
  /** The range as text, e.g. "(0, 1)" or "[0, ∞)". */
  readonly range: string;
  /** A closed interval holding every value at the default parameters (for tests and plots). */
  readonly bounds: readonly [number, number];
  /** Piecewise-linear functions are exact: the accuracy budget is 0 ulp. */
  readonly piecewiseLinear: boolean;
}

export interface Reference {
  readonly citation: string;
  readonly url?: string;
}

/**
 * Near a non-zero root of f′ the gradient's terms cancel. The window around the root where
 * |f′(x)| < 2^-20 × the largest term of its formula (SPEC §7) is computed from these facts
 * (src/core/accuracy.ts), never written by hand; describe reports how many reference points lie
 * in it (all correctly rounded), and the fast path scales its error bound by the largest term.
 */
export interface NearRoot {
  /** The root of f′ for these parameters, to a few digits. */
  readonly root: (params: Params) => number;
  readonly largestTerm: (x: number, params: Params) => number;
  /** Which terms cancel. */
  readonly note: string;
}

interface DefinitionBase {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly family: Family;
  readonly summary: string;
  /** The value as text. */
  readonly formula: string;
  /** The derivative (or Jacobian) as text. */
  readonly derivativeFormula: string;
  readonly parameters: readonly ParameterSpec[];
  /** Checks that needs several parameters at once (hardtanh's min < max). */
  readonly validateParams?: (params: Params) => string | undefined;
  readonly references: readonly Reference[];
}

export interface ElementwiseDefinition extends DefinitionBase {
  readonly kind: 'elementwise';
  readonly properties: Properties;
  /** Builds the value and derivative for validated parameters under a convention. */
  readonly create: (params: Params, kink: KinkConvention) => ScalarActivation;
  /** The exact formulas: the slow path of correct rounding and its arbiter at midpoints. */
  readonly exact: (params: Params, kink: KinkConvention) => ExactActivation;
  /**
   * The fast path of correct rounding. Absent when `create`'s double results are already the
   * exact result rounded once (x, α·x, x − λ, constants).
   */
  readonly extended?: (params: Params, kink: KinkConvention) => ExtendedActivation;
  /**
   * This definition's own loop over many x (fused.ts): values and gradients exactly as the
   * activation's value() and gradient() give them, with the kernels called from a loop of its own,
   * so that it stays monomorphic however many functions run alongside it (float64 only). It is
   * given the activation's resolved parameters, for loops that compute in place.
   */
  readonly fused?: (parts: FusedParts | undefined, params: Params) => FusedLoop | undefined;
  /**
   * A cheap plain double (into `extended.hi`) and an absolute bound on its error, where the
   * double-double kernel is costly: enough to round to float32, float16 or bfloat16 away from
   * their midpoints without it. Infinity where it cannot say.
   */
  readonly estimate?: (params: Params, kink: KinkConvention) => ExtendedActivation;
  /** f″ and f‴ for validated parameters under a convention. */
  readonly higher: (params: Params, kink: KinkConvention) => HigherDerivatives;
  /**
   * Where f″ or f‴ jumps although f′ is continuous (elu″ and softsign″ at 0, relu2″ at 0): with
   * the kinks, the points where the convention picks the piece of the higher derivatives.
   */
  readonly higherJumps?: (params: Params) => readonly number[];
  /**
   * Inputs where the code of `higher` or `parameterGradients` switches formulas, beyond the kinks
   * and branchPoints: the sweep of the higher derivatives checks each and its neighbours ±2 ulp.
   */
  readonly higherBranchPoints?: (params: Params) => readonly number[];
  /**
   * The largest term of the formula of f″ (order 2) or f‴ (order 3) at x, where their terms cancel
   * near a root that is not at 0: SPEC §7's mixed bound measures the error in ulps of it there.
   */
  readonly higherLargestTerm?: (x: number, params: Params, order: 2 | 3) => number;
  /** ∂f/∂θ for every numeric parameter (absent when the function has none). */
  readonly parameterGradients?: (params: Params, kink: KinkConvention) => ParameterGradients;
  /** Where the function is not differentiable, for these parameters. */
  readonly kinks: (params: Params) => readonly Kink[];
  /** A plotting/tabulation window that shows the interesting part. */
  readonly window?: readonly [number, number];
  /** Where f′ has a non-zero root whose cancellation the mixed bound of SPEC §7 covers. */
  readonly nearRoot?: NearRoot;
  /**
   * Inputs at which the code switches formulas (thresholds, cut-offs, series boundaries), beyond
   * the kinks: the sweep test checks each of them and its neighbours ±1 and ±2 ulp.
   */
  readonly branchPoints?: (params: Params) => readonly number[];
  /**
   * The period of a periodic part (snake, sine): a finite difference across more than a small
   * part of it says nothing about the derivative.
   */
  readonly period?: (params: Params) => number;
}

/** One vector through a vector function: outputs, the Jacobian's diagonal, and the derivative on demand. */
export interface VectorEvaluation {
  /** y, of the function's output length (one element for a scalar output). */
  readonly values: Float64Array;
  /** ∂y_i/∂x_i for each output i (for a scalar output: the gradient ∂y/∂x_i, one per input). */
  readonly diagonal: Float64Array;
  /** The full Jacobian ∂y_i/∂x_j, row-major, outputs × inputs. */
  readonly jacobian: () => Float64Array;
  /** Row i of the Jacobian (∂y_i/∂x_j for every input j), for streaming a large one. */
  readonly jacobianRow: (i: number) => Float64Array;
  /** The vector–Jacobian product gᵀJ that reverse-mode autodiff returns (g of the output length). */
  readonly vjp: (upstream: Float64Array) => Float64Array;
  /**
   * ∂²y_i/∂x_i² for each output (for a scalar output: ∂²y/∂x_i², the Hessian's diagonal): the
   * second derivatives of --order 2 (issue 17).
   */
  readonly secondDiagonal: () => Float64Array;
  /** Row i of the Hessian ∂²y/∂x_i∂x_j of a scalar output (logsumexp's --hessian). */
  readonly hessianRow?: (i: number) => Float64Array;
  /** ∂y_i/∂θ for each numeric parameter θ (swiglu's alpha, limit, offset), one number per output. */
  readonly parameterGradients?: () => Readonly<Record<string, Float64Array>>;
  /**
   * The exact values and diagonal at arbitrary precision, for functions whose values and diagonal
   * are correctly rounded: rounding them to a lower dtype consults these at its midpoints.
   */
  readonly exact?: { readonly values: ExactOutputs; readonly diagonal: ExactOutputs };
}

/** Exact outputs in a decimal.js context: (D) => (i) => output i. */
export type ExactOutputs = (D: ExactContext) => (i: number) => Exact;

export interface VectorDefinition extends DefinitionBase {
  readonly kind: 'vector';
  /** 'scalar' for one output (logsumexp), else one output per row. */
  readonly output: 'vector' | 'scalar';
  /** The output length for an input length, or why the length is not allowed. */
  readonly outputLength: (inputLength: number) => number | string;
  readonly evaluate: (x: Float64Array, params: Params) => VectorEvaluation;
  /** What ±∞ entries do (a −∞ logit is a mask), as the frameworks treat them. */
  readonly infinities: string;
}

export type ActivationDefinition = ElementwiseDefinition | VectorDefinition;
