/** Evaluation: a name and parameters become a fixed scalar function; arrays go through it in one loop. */
import { requireDefinition, resolveParams } from './catalogue.ts';
import type { ElementwiseDefinition, KinkConvention, Kink, ParameterValue, Params } from './types.ts';

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
