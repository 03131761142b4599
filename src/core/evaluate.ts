/** Evaluation: a name and parameters become a fixed scalar function; arrays go through it in one loop. */
import { requireDefinition, resolveParams } from './catalogue.ts';
import { ActivationError } from './errors.ts';
import type { ElementwiseDefinition, KinkConvention, Kink, ParameterValue, Params, VectorDefinition } from './types.ts';

export interface ActivationOptions {
  /** Gradient reported exactly at a kink; default 'right'. */
  readonly kink?: KinkConvention;
}

export interface Activation {
  readonly name: string;
  readonly definition: ElementwiseDefinition;
  readonly params: Params;
  readonly kink: KinkConvention;
  readonly kinks: readonly Kink[];
  readonly value: (x: number) => number;
  readonly gradient: (x: number) => number;
}

export type GivenParams = Readonly<Record<string, ParameterValue | undefined>>;

/** Looks up a function, validates its parameters and fixes the kink convention. Throws ActivationError. */
export function getActivation(name: string, params: GivenParams = {}, options: ActivationOptions = {}): Activation {
  const definition = requireDefinition(name);
  if (definition.kind !== 'elementwise') {
    throw new ActivationError(`${definition.name} is a vector function`, 'Use evaluateVector() for it.');
  }
  const kink = options.kink ?? 'right';
  const resolved = resolveParams(definition, params);
  const scalar = definition.create(resolved, kink);
  return {
    name: definition.name,
    definition,
    params: resolved,
    kink,
    kinks: definition.kinks(resolved),
    value: scalar.value,
    gradient: scalar.derivative,
  };
}

export interface EvaluateOptions extends ActivationOptions {
  readonly params?: GivenParams;
}

export interface Evaluation {
  readonly values: Float64Array;
  readonly gradients: Float64Array;
}

/** Fills `values` and `gradients` from `xs` (all the same length) with one activation. */
export function evaluateInto(
  activation: Pick<Activation, 'value' | 'gradient'>,
  xs: Float64Array,
  values: Float64Array,
  gradients: Float64Array,
  count = xs.length,
): void {
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
  return { values, gradients };
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
export function getVectorFunction(name: string, params: GivenParams = {}): { definition: VectorDefinition; params: Params } {
  const definition = requireDefinition(name);
  if (definition.kind !== 'vector') {
    throw new ActivationError(`${definition.name} is an element-wise function`, 'Use evaluate() or getActivation() for it.');
  }
  return { definition, params: resolveParams(definition, params) };
}

/** The output length of a vector function for an input length; throws ActivationError saying why a length is wrong. */
export function vectorOutputLength(definition: VectorDefinition, inputLength: number): number {
  const length = definition.outputLength(inputLength);
  if (typeof length === 'string') throw new ActivationError(`${definition.name} ${length}`);
  return length;
}

/** Values, Jacobian and (with an upstream gradient) the vector–Jacobian product of a vector function. */
export function evaluateVector(
  name: string,
  x: Float64Array,
  params: GivenParams = {},
  options: { readonly upstream?: Float64Array } = {},
): VectorResult {
  const { definition, params: resolved } = getVectorFunction(name, params);
  const outputs = vectorOutputLength(definition, x.length);
  if (options.upstream && options.upstream.length !== outputs) {
    throw new ActivationError(`the upstream gradient has ${options.upstream.length} numbers; ${definition.name} of ${x.length} numbers has ${outputs} outputs`);
  }
  const evaluation = definition.evaluate(x, resolved);
  return {
    name: definition.name,
    params: resolved,
    values: evaluation.values,
    diagonal: evaluation.diagonal,
    jacobian: evaluation.jacobian(),
    ...(options.upstream ? { vjp: evaluation.vjp(options.upstream) } : {}),
  };
}
