/**
 * act as a library: the activation catalogue, evaluation, and the definitions
 * behind them. Importing this module has no side effects.
 */
export { CATALOGUE, findDefinition, normalizeName, resolveParams, suggestName } from './core/catalogue.ts';
export { ActivationError } from './core/errors.ts';
export { DERIVATIVE_ORDERS, elementwiseFields, evaluate, evaluateInto, evaluateVector, getActivation, getVectorFunction } from './core/evaluate.ts';
export { DTYPES, roundTo, ulpsBetween } from './core/precision.ts';
export { roundingStatistics } from './core/correct-rounding.ts';
export type { DType } from './core/precision.ts';
export type { Activation, ActivationOptions, DerivativeOrder, EvaluateOptions, Evaluation, GivenParams, VectorResult } from './core/evaluate.ts';
export type {
  ActivationDefinition,
  ElementwiseDefinition,
  Family,
  HigherDerivatives,
  Kink,
  KinkConvention,
  ParameterGradients,
  ParameterSpec,
  ParameterValue,
  Params,
  Properties,
  Reference,
  ScalarActivation,
  VectorDefinition,
  VectorEvaluation,
} from './core/types.ts';

// Expressions: compile("x*sigmoid(1.702*x)") has the API of a catalogue activation.
export { compile, ExpressionError, parseExpression } from './expr/index.ts';
export type { CompiledExpression, CompileOptions } from './expr/index.ts';

// Tensor files: .npy and safetensors over bytes.
export { readTensor, readTensors, writeNpy, writeSafetensors, TensorFormatError, TENSOR_DTYPES } from './tensor/index.ts';
export type { NpyContents, ReadOptions, Tensor, TensorDType } from './tensor/index.ts';

import { CATALOGUE } from './core/catalogue.ts';
import type { ActivationDefinition } from './core/types.ts';

/** Every definition in the catalogue. */
export function listActivations(): readonly ActivationDefinition[] {
  return CATALOGUE;
}
