/**
 * Prints the sweep's reference points (test/helpers/sweep.ts) for every element-wise function,
 * one JSON line per function and parameter setting, for scripts/generate_fixtures.py --sweep.
 * Only the inputs come from here: the reference values are computed by mpmath from the
 * mathematical definitions.
 */
import { CATALOGUE } from '../src/core/catalogue.ts';
import { sweepCases } from '../test/helpers/sweep.ts';

const encode = (x: number): number | string => (Object.is(x, -0) ? '-0' : x);

for (const definition of CATALOGUE) {
  if (definition.kind !== 'elementwise') continue;
  for (const sweep of sweepCases(definition)) {
    process.stdout.write(`${JSON.stringify({ name: definition.name, params: sweep.params, points: sweep.reference.map(encode) })}\n`);
  }
}
