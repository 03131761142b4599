/** Evaluation: a name and parameters become a fixed scalar function; arrays go through it in one loop. */
import { requireDefinition, resolveParams } from './catalogue.ts';
import { ActivationError } from './errors.ts';
import { correctlyRounded, roundOutputsTo } from './correct-rounding.ts';
import { fusedParts } from './fused.ts';
import { rounderFor, type DType } from './precision.ts';
import { scaledNearZero } from './higher.ts';
import {
  functionFacts,
  FRAMEWORK_LABELS,
  frameworkFacts,
  frameworksWith,
  likeLabel,
  parseLike,
  type FrameworkFacts,
  type FrameworkVersion,
  type HigherKinkFact,
  type KinkFact,
} from './frameworks.ts';
import type { ActivationDefinition, ElementwiseDefinition, HigherDerivatives, KinkConvention, Kink, ParameterValue, Params, VectorDefinition, VectorEvaluation } from './types.ts';

export interface ActivationOptions {
  /** Gradient reported exactly at a kink; default 'right', or the framework's with `like`. */
  readonly kink?: KinkConvention;
  /**
   * Behave as this framework ('torch', the newest version described, or 'torch@1.13'): its
   * defaults and the gradients its autodiff returns at kinks.
   */
  readonly like?: string | FrameworkVersion;
  /**
   * Round x to this dtype and return the exact value and gradient at it rounded once to the
   * dtype (never the float64 answer rounded again): the best answer a kernel in that precision
   * can give. Default float64.
   */
  readonly dtype?: DType;
}

export interface Activation {
  readonly name: string;
  readonly definition: ElementwiseDefinition;
  readonly params: Params;
  /** The convention at kinks, or null when the framework of `like` decides them. */
  readonly kink: KinkConvention | null;
  /** The framework and version behaved as ('torch@2.6'), or null. */
  readonly like: string | null;
  readonly dtype: DType;
  readonly kinks: readonly Kink[];
  readonly value: (x: number) => number;
  readonly gradient: (x: number) => number;
  /** f″ (issue 17): at a kink, the piece of the convention (or of the framework with `like`). */
  readonly second: (x: number) => number;
  /** f‴, likewise. */
  readonly third: (x: number) => number;
  /** f (order 0), f′, f″ or f‴ at x. */
  readonly derivative: (x: number, order?: DerivativeOrder) => number;
  /** ∂f/∂θ for every numeric parameter θ, by canonical name (`weight`, `negative_slope`). */
  readonly parameterGradients: Readonly<Record<string, (x: number) => number>>;
  /** The definition's own loop (fused.ts), where it has one: what evaluateInto() runs. */
  readonly fused?: (xs: Float64Array, values: Float64Array, gradients: Float64Array, count: number) => void;
}

/** Which derivative: 0 is the value itself. */
export type DerivativeOrder = 0 | 1 | 2 | 3;

export const DERIVATIVE_ORDERS: readonly DerivativeOrder[] = [0, 1, 2, 3];

export type GivenParams = Readonly<Record<string, ParameterValue | undefined>>;

/** Looks up a function, validates its parameters and fixes the kink convention. Throws ActivationError. */
export function getActivation(name: string, params: GivenParams = {}, options: ActivationOptions = {}): Activation {
  const definition = requireDefinition(name);
  if (definition.kind !== 'elementwise') {
    throw new ActivationError(`${definition.name} is a vector function`, 'Use evaluateVector() for it.');
  }
  const like = options.like === undefined ? undefined : parseLike(options.like);
  const facts = like ? requireFramework(definition, like) : undefined;
  const resolved = resolveParams(definition, params, facts?.defaults);
  const kinks = definition.kinks(resolved);
  const kink = options.kink ?? 'right';
  const scalar = definition.create(resolved, kink);
  const exact = definition.exact(resolved, kink);
  const fast = definition.extended?.(resolved, kink);
  const dtype = options.dtype ?? 'float64';
  // Exactly at a kink the derivative is a one-sided constant, which the plain formula gives.
  const smoothDerivative = correctlyRounded(scalar.derivative, fast?.derivative, exact.derivative, 'float64');
  // (Without a fast path the plain derivative is the answer everywhere, kinks included.)
  const derivative = kinks.length === 0 || !fast?.derivative ? smoothDerivative : atKinks(kinks, scalar.derivative, smoothDerivative);
  // An explicit --kink wins over the framework's gradients.
  const frameworkDecides = facts?.kinks !== undefined && options.kink === undefined;
  const gradient = frameworkDecides ? withKinkGradients(derivative, facts.kinks!, kinks, resolved) : derivative;
  const estimate = dtype === 'float64' ? undefined : definition.estimate?.(resolved, kink);
  // The estimate knows nothing of kinks or a framework's gradients there: only for functions without kinks.
  const gradientEstimate = kinks.length === 0 ? estimate?.derivative : undefined;
  const lowerGradient = dtype === 'float64' ? gradient : correctlyRounded(gradient, undefined, exact.derivative, dtype, gradientEstimate);
  // Beyond the first derivative: the convention's pieces, and what a framework's nested autodiff
  // was run to give at the ends of the pieces (never guessed from its first derivative).
  const higherKink = options.kink ?? 'right';
  const higherFacts = options.kink === undefined ? facts?.higherKinks : undefined;
  const higher = higherFacts ? withHigherKinkFacts(definition, resolved, higherKink, higherFacts) : definition.higher(resolved, higherKink);
  const gradients = definition.parameterGradients?.(resolved, higherKink) ?? {};
  const inDtype = (f: (x: number) => number): ((x: number) => number) => {
    if (dtype === 'float64') return f;
    const round = rounderFor(dtype);
    return (x) => round(f(round(x)));
  };
  const value = correctlyRounded(scalar.value, fast?.value, exact.value, dtype, estimate?.value);
  const second = inDtype(scaledNearZero(higher.second));
  const third = inDtype(scaledNearZero(higher.third));
  const byOrder = [value, lowerGradient, second, third];
  // The definition's loop, with the same kernels, answers as value() and gradient() do: in float64
  // (the lower dtypes round on their own path) and under --kink (not where a framework's kink facts
  // wrap the gradient).
  const loop = dtype === 'float64' && !frameworkDecides ? definition.fused?.(fusedParts(fast, kinks), resolved) : undefined;
  return {
    name: definition.name,
    definition,
    params: resolved,
    kink: frameworkDecides ? null : (options.kink ?? 'right'),
    like: like ? likeLabel(like) : null,
    dtype,
    kinks,
    value,
    gradient: lowerGradient,
    second,
    third,
    derivative: (x, order = 1) => byOrder[order](x),
    parameterGradients: Object.fromEntries(
      definition.parameters.filter((p) => p.type === 'number' && gradients[p.name]).map((p) => [p.name, inDtype(gradients[p.name])]),
    ),
    ...(loop ? { fused: (xs: Float64Array, values: Float64Array, gradients: Float64Array, count: number) => loop(xs, values, gradients, count, { value, gradient: lowerGradient }) } : {}),
  };
}

/** f″ and f‴ with a framework's values at the points its facts name. */
function withHigherKinkFacts(definition: ElementwiseDefinition, params: Params, kink: KinkConvention, facts: readonly HigherKinkFact[]): HigherDerivatives {
  const pieces = { left: definition.higher(params, 'left'), right: definition.higher(params, 'right') };
  const base = definition.higher(params, kink);
  const order = (which: 'second' | 'third') => {
    const points = facts.map((fact) => fact.at(params));
    const values = facts.map((fact, index) => {
      const given = fact[which];
      return given === 'left' || given === 'right' ? pieces[given][which](points[index]) : typeof given === 'number' ? given : given(params);
    });
    return (x: number): number => {
      const index = points.indexOf(x);
      return index >= 0 ? values[index] : base[which](x);
    };
  };
  return { second: order('second'), third: order('third') };
}

/** The plain derivative exactly at the kinks, the correctly rounded one elsewhere. */
function atKinks(kinks: readonly Kink[], plain: (x: number) => number, smooth: (x: number) => number): (x: number) => number {
  const [first, second = first] = kinks.map((kink) => kink.at);
  const rest = kinks.slice(2).map((kink) => kink.at);
  return (x) => (x === first || x === second || (rest.length > 0 && rest.includes(x)) ? plain(x) : smooth(x));
}

/** The framework's facts for a definition, or an ActivationError naming the closest thing it has. */
export function requireFramework(definition: ActivationDefinition, like: FrameworkVersion): FrameworkFacts {
  const facts = frameworkFacts(definition.name, like.framework, like.version);
  if (facts) return facts;
  const label = FRAMEWORK_LABELS[like.framework];
  const closest = functionFacts(definition.name)?.closest?.[like.framework];
  const others = frameworksWith(definition.name).map((framework) => FRAMEWORK_LABELS[framework]);
  throw new ActivationError(
    `${label} has no ${definition.name}`,
    (closest ? `Closest in ${label}: ${closest}. ` : '') + (others.length ? `${definition.name} is in ${others.join(', ')}.` : `See 'act describe ${definition.name}'.`),
  );
}

/** The derivative with the framework's gradient at each of its kink points. */
function withKinkGradients(
  derivative: (x: number) => number,
  facts: readonly KinkFact[],
  kinks: readonly Kink[],
  params: Params,
): (x: number) => number {
  const points: number[] = [];
  const gradients: number[] = [];
  facts.forEach((fact, index) => {
    const kink = kinks[index];
    const at = fact.at ? fact.at(params) : kink?.at;
    if (at === undefined) return;
    const gradient = fact.gradient;
    points.push(at);
    gradients.push(
      gradient === 'left' ? kink.left : gradient === 'right' ? kink.right : typeof gradient === 'number' ? gradient : gradient(params),
    );
  });
  return (x) => {
    for (let i = 0; i < points.length; i++) if (x === points[i]) return gradients[i];
    return derivative(x);
  };
}

export interface EvaluateOptions extends ActivationOptions {
  readonly params?: GivenParams;
  /** Also f″ (2) and f‴ (3). Default 1. */
  readonly order?: 1 | 2 | 3;
  /** Also ∂f/∂θ for every numeric parameter. */
  readonly parameterGradients?: boolean;
}

export interface Evaluation {
  readonly values: Float64Array;
  readonly gradients: Float64Array;
  /** f″ at each x, with order ≥ 2. */
  readonly second?: Float64Array;
  /** f‴ at each x, with order 3. */
  readonly third?: Float64Array;
  /** ∂f/∂θ at each x by parameter name, with parameterGradients. */
  readonly parameterGradients?: Readonly<Record<string, Float64Array>>;
}

/** Fills `values` and `gradients` from `xs` (all the same length) with one activation. */
export function evaluateInto(
  activation: Pick<Activation, 'value' | 'gradient'> & { readonly fused?: Activation['fused'] },
  xs: Float64Array,
  values: Float64Array,
  gradients: Float64Array,
  count = xs.length,
): void {
  if (activation.fused) return activation.fused(xs, values, gradients, count);
  const { value, gradient } = activation;
  for (let i = 0; i < count; i++) {
    const x = xs[i];
    values[i] = value(x);
    gradients[i] = gradient(x);
  }
}

/** Value and gradient of an element-wise activation at every element of `xs`. */
export function evaluate(name: string, xs: Float64Array, options: EvaluateOptions = {}): Evaluation {
  const activation = getActivation(name, options.params, options);
  const values = new Float64Array(xs.length);
  const gradients = new Float64Array(xs.length);
  evaluateInto(activation, xs, values, gradients);
  const column = (f: (x: number) => number): Float64Array => xs.map(f);
  const order = options.order ?? 1;
  return {
    values,
    gradients,
    ...(order >= 2 ? { second: column(activation.second) } : {}),
    ...(order >= 3 ? { third: column(activation.third) } : {}),
    ...(options.parameterGradients
      ? { parameterGradients: Object.fromEntries(Object.entries(activation.parameterGradients).map(([name, f]) => [name, column(f)])) }
      : {}),
  };
}

export interface VectorResult {
  readonly name: string;
  readonly params: Params;
  readonly values: Float64Array;
  /** ∂y_i/∂x_i per output (for logsumexp, whose output is one number: ∂y/∂x_i per input). */
  readonly diagonal: Float64Array;
  /** ∂y_i/∂x_j, row-major, outputs × inputs. */
  readonly jacobian: Float64Array;
  /** upstreamᵀ·J, when an upstream gradient was given. */
  readonly vjp?: Float64Array;
}

/** Looks up a vector function and checks its parameters. Throws ActivationError. */
export function getVectorFunction(
  name: string,
  params: GivenParams = {},
  like?: string | FrameworkVersion,
): { definition: VectorDefinition; params: Params } {
  const definition = requireDefinition(name);
  if (definition.kind !== 'vector') {
    throw new ActivationError(`${definition.name} is an element-wise function`, 'Use evaluate() or getActivation() for it.');
  }
  const facts = like === undefined ? undefined : requireFramework(definition, parseLike(like));
  return { definition, params: resolveParams(definition, params, facts?.defaults) };
}

/** The output length of a vector function for an input length; throws ActivationError saying why a length is wrong. */
export function vectorOutputLength(definition: VectorDefinition, inputLength: number): number {
  const length = definition.outputLength(inputLength);
  if (typeof length === 'string') throw new ActivationError(`${definition.name} ${length}`);
  return length;
}

/** Values, Jacobian and (with an upstream gradient) the vector–Jacobian product of a vector function. */
/**
 * The values and the Jacobian's diagonal rounded to the dtype: once more from their correctly
 * rounded doubles, with the exact value deciding at the dtype's midpoints, where that would be
 * a double rounding.
 */
export function roundVectorOutputs(evaluation: VectorEvaluation, dtype: DType): { values: Float64Array; diagonal: Float64Array } {
  if (dtype === 'float64') return { values: evaluation.values, diagonal: evaluation.diagonal };
  const round = rounderFor(dtype);
  if (!evaluation.exact) return { values: evaluation.values.map(round), diagonal: evaluation.diagonal.map(round) };
  return { values: roundOutputsTo(dtype, evaluation.values, evaluation.exact.values), diagonal: roundOutputsTo(dtype, evaluation.diagonal, evaluation.exact.diagonal) };
}

export function evaluateVector(
  name: string,
  x: Float64Array,
  params: GivenParams = {},
  options: { readonly upstream?: Float64Array; readonly like?: string | FrameworkVersion; readonly dtype?: DType } = {},
): VectorResult {
  const { definition, params: resolved } = getVectorFunction(name, params, options.like);
  const outputs = vectorOutputLength(definition, x.length);
  if (options.upstream && options.upstream.length !== outputs) {
    throw new ActivationError(`the upstream gradient has ${options.upstream.length} numbers; ${definition.name} of ${x.length} numbers has ${outputs} outputs`);
  }
  const round = rounderFor(options.dtype ?? 'float64');
  const evaluation = definition.evaluate(x.map(round), resolved);
  return {
    name: definition.name,
    params: resolved,
    ...roundVectorOutputs(evaluation, options.dtype ?? 'float64'),
    jacobian: evaluation.jacobian().map(round),
    ...(options.upstream ? { vjp: evaluation.vjp(options.upstream.map(round)).map(round) } : {}),
  };
}

/** The columns beyond value and gradient: f″, f‴. */
export const HIGHER_FIELDS = ['second', 'third'] as const;

/** `d_<parameter>`: the column of ∂f/∂parameter. */
export function parameterField(parameter: string): string {
  return `d_${parameter}`;
}

/** Every column an element-wise function can give: x, value, gradient, second, third, d_<parameter>… */
export function elementwiseFields(definition: ElementwiseDefinition): string[] {
  return ['x', 'value', 'gradient', ...HIGHER_FIELDS, ...numberParameters(definition).map(parameterField)];
}

/** The names of a function's numeric parameters (those with a d_<parameter> column). */
export function numberParameters(definition: ElementwiseDefinition): string[] {
  return definition.parameters.filter((parameter) => parameter.type === 'number').map((parameter) => parameter.name);
}

/** The function of x behind a column other than x. */
export function fieldFunction(activation: Activation, field: string): (x: number) => number {
  switch (field) {
    case 'value':
      return activation.value;
    case 'gradient':
      return activation.gradient;
    case 'second':
      return activation.second;
    case 'third':
      return activation.third;
  }
  const gradient = field.startsWith('d_') ? activation.parameterGradients[field.slice(2)] : undefined;
  if (!gradient) throw new ActivationError(`${activation.name} has no column '${field}'`);
  return gradient;
}

/** Fills `column` with one field's function of each x. */
export function evaluateFieldInto(f: (x: number) => number, xs: Float64Array, column: Float64Array, count = xs.length): void {
  for (let i = 0; i < count; i++) column[i] = f(xs[i]);
}
