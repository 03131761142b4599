/**
 * Which definition objects are compiled expressions', in a module of its own so that the CLI can
 * ask without loading the compiler (start-up time).
 */
import type { ElementwiseDefinition } from '../core/types.ts';

const EXPRESSION_DEFINITIONS = new WeakSet<ElementwiseDefinition>();

/** Marks a definition object as a compiled expression's. */
export function markExpressionDefinition(definition: ElementwiseDefinition): void {
  EXPRESSION_DEFINITIONS.add(definition);
}

/** Whether a definition object is a compiled expression's (not a catalogue function's). */
export function isExpressionDefinition(definition: ElementwiseDefinition): boolean {
  return EXPRESSION_DEFINITIONS.has(definition);
}
