/**
 * The catalogue: every activation act knows, in one explicit list, and the
 * lookups built on it (names, aliases, parameters).
 */
import { ActivationError } from './errors.ts';
import { celu, elu, selu } from './functions/exponential-linear.ts';
import { hardsigmoid, hardswish, hardtanh, sparsePlus, sparseSigmoid } from './functions/hard.ts';
import { binaryStep, exponential, identity } from './functions/other.ts';
import { leakyRelu, prelu, relu, relu2, relu6, rrelu, starRelu } from './functions/rectifiers.ts';
import { snake, sine } from './functions/periodic.ts';
import { gelu10, geluFast, geluNew, laplace, quickGelu, sqrtSoftplus, xielu } from './functions/transformers.ts';
import { hardshrink, shrink, softshrink, threshold, thresholdedRelu } from './functions/shrinkage.ts';
import { logSigmoid, sigmoid, softsign, tanh, tanhshrink } from './functions/sigmoidal.ts';
import { gelu, mish, silu, softplus, squareplus, swish } from './functions/smooth.ts';
import { bilinear, geglu, glu, hardmax, logSoftmax, logsumexp, reglu, softmax, softmin, sparsemax, swiglu } from './functions/vector.ts';
import { closest } from './suggest.ts';
import type { ActivationDefinition, ParameterSpec, ParameterValue, Params } from './types.ts';

export const CATALOGUE: readonly ActivationDefinition[] = [
  // rectifiers
  relu, relu6, leakyRelu, prelu, rrelu, relu2, starRelu,
  // exponential linear units
  elu, selu, celu, xielu,
  // smooth gates and softplus (with Hugging Face Transformers' GELU variants)
  gelu, silu, swish, mish, softplus, squareplus, geluNew, geluFast, gelu10, quickGelu, sqrtSoftplus,
  // sigmoidal
  sigmoid, logSigmoid, tanh, softsign, laplace,
  // hard approximations
  hardsigmoid, hardswish, hardtanh, sparsePlus, sparseSigmoid,
  // shrinkage and thresholds
  tanhshrink, softshrink, hardshrink, shrink, threshold, thresholdedRelu,
  // other
  exponential, identity, binaryStep, snake, sine,
  // vector functions
  softmax, logSoftmax, softmin, sparsemax, hardmax, glu, swiglu, geglu, reglu, bilinear, logsumexp,
];

/** Case-insensitive, `-` and `_` interchangeable, and separators optional: `LeakyReLU` = `leaky-relu`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

let byName: Map<string, ActivationDefinition> | undefined;

/** Every name and alias, normalised, to its definition: made on the first lookup (not at start-up). */
function namesIndex(): Map<string, ActivationDefinition> {
  if (byName) return byName;
  byName = new Map();
  for (const definition of CATALOGUE) {
    for (const name of [definition.name, ...definition.aliases]) byName.set(normalizeName(name), definition);
  }
  return byName;
}

/** The definition for a name or alias, or undefined. */
export function findDefinition(name: string): ActivationDefinition | undefined {
  return namesIndex().get(normalizeName(name));
}


/**
 * The closest known name to a misspelling (or one of `others`, such as command names),
 * else a name it is the start of ('leaky' → leaky_relu), else undefined.
 */
export function suggestName(name: string, others: readonly string[] = []): string | undefined {
  const normalized = normalizeName(name);
  const names = namesIndex();
  const match = closest(normalized, [...names.keys(), ...others]);
  if (match !== undefined) return names.get(match)?.name ?? match;
  if (normalized.length < 3) return undefined;
  return CATALOGUE.find((definition) => normalizeName(definition.name).startsWith(normalized))?.name;
}

/** The definition for a name, or an ActivationError that suggests the closest name. */
export function requireDefinition(name: string): ActivationDefinition {
  const definition = findDefinition(name);
  if (definition) return definition;
  const suggestion = suggestName(name);
  throw new ActivationError(
    `unknown function '${name}'`,
    suggestion ? `Did you mean '${suggestion}'? See 'act list'.` : `See 'act list' for every function.`,
  );
}

/**
 * The non-default parameters that a function's help examples show: its first parameter doubled,
 * or the last choice of a choice parameter; undefined when it has none to show.
 */
export function exampleParams(definition: ActivationDefinition): Record<string, ParameterValue> | undefined {
  const first = definition.parameters[0];
  if (first?.type === 'number' && first.default !== null) return { [first.name]: first.default * 2 };
  if (first?.type === 'choice') return { [first.name]: first.choices[first.choices.length - 1] };
  return undefined;
}

/** Canonical snake_case parameter name as a command-line flag: `negative_slope` → `--negative-slope`. */
export function flagOf(name: string): string {
  return `--${name.replace(/_/g, '-')}`;
}

export function describeParameters(definition: ActivationDefinition): string {
  if (definition.parameters.length === 0) return `${definition.name} takes no parameters`;
  const flags = definition.parameters.map((parameter) => {
    const aliases = (parameter.flagAliases ?? []).map(flagOf);
    return aliases.length > 0 ? `${flagOf(parameter.name)} (or ${aliases.join(', ')})` : flagOf(parameter.name);
  });
  return `${definition.name} takes ${flags.join(', ')}`;
}

function findParameter(definition: ActivationDefinition, name: string): ParameterSpec | undefined {
  const key = name.replace(/-/g, '_');
  return definition.parameters.find((parameter) => parameter.name === key || parameter.flagAliases?.includes(key));
}

/**
 * Fills in defaults and validates. Keys may be canonical names or flag aliases,
 * in snake_case or kebab-case. Throws ActivationError saying why a value is rejected.
 */
export function resolveParams(
  definition: ActivationDefinition,
  given: Readonly<Record<string, ParameterValue | undefined>> = {},
  defaults: Readonly<Record<string, ParameterValue>> = {},
): Params {
  const resolved: Record<string, ParameterValue> = {};
  for (const parameter of definition.parameters) {
    resolved[parameter.name] = parameter.name in defaults ? defaults[parameter.name] : parameter.default;
  }
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const parameter = findParameter(definition, key);
    if (!parameter) {
      throw new ActivationError(`${definition.name} has no parameter '${key}'`, `${describeParameters(definition)}.`);
    }
    resolved[parameter.name] = value;
  }
  for (const parameter of definition.parameters) {
    const value = resolved[parameter.name];
    const flag = flagOf(parameter.name);
    if (parameter.type === 'number') {
      if (value === null) {
        if (parameter.default === null) continue;
        throw new ActivationError(`${definition.name} ${flag} needs a value`);
      }
      if (typeof value !== 'number') throw new ActivationError(`${definition.name} ${flag} must be a number, not '${String(value)}'`);
      const problem = parameter.validate?.(value);
      if (problem) throw new ActivationError(`${definition.name} ${flag} ${problem}; got ${String(value)}`);
    } else if (typeof value !== 'string' || !parameter.choices.includes(value)) {
      throw new ActivationError(
        `${definition.name} ${flag} must be one of ${parameter.choices.join(', ')}; got '${String(value)}'`,
      );
    }
  }
  const problem = definition.validateParams?.(resolved);
  if (problem) throw new ActivationError(`${definition.name}: ${problem}`);
  return Object.freeze(resolved);
}

