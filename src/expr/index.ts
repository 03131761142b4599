/**
 * Expressions (issue 18): a safe parser for activations written in x, compiled once into forward-mode
 * automatic differentiation to the third derivative in double-double. Pure: uses src/core only.
 */
export { isExpressionDefinition } from './definitions.ts';
export { compile, MAX_OPERATIONS_DEPTH, type CompiledExpression, type CompileOptions } from './compile.ts';
export { ExpressionError, MAX_DEPTH, MAX_EXPRESSION_LENGTH, parseExpression, type Node, type Parameter } from './parse.ts';
