/**
 * Prints every element-wise function's resolved default parameters and its names (name and
 * aliases) as JSON, for scripts/generate_expression_fixtures.py: only how act names things, never
 * a value it computes.
 */
import { CATALOGUE, resolveParams } from '../src/core/catalogue.ts';

const entries = CATALOGUE.filter((definition) => definition.kind === 'elementwise').map((definition) => ({
  name: definition.name,
  aliases: definition.aliases,
  params: resolveParams(definition),
}));
process.stdout.write(`${JSON.stringify(entries)}\n`);
