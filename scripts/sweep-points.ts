/**
 * Prints the sweep's reference points (test/helpers/sweep.ts) for every element-wise function,
 * one JSON line per function and parameter setting, for scripts/generate_fixtures.py --sweep (and
 * with --higher, for scripts/generate_higher_fixtures.py).
 * Only the inputs come from here: the reference values are computed by mpmath from the
 * mathematical definitions.
 */
import { CATALOGUE } from '../src/core/catalogue.ts';
import { higherSweepCases, sweepCases } from '../test/helpers/sweep.ts';

const encode = (x: number): number | string => (Object.is(x, -0) ? '-0' : x);

// --higher: the points of the higher derivatives' sweep (scripts/generate_higher_fixtures.py).
const cases = process.argv.includes('--higher') ? higherSweepCases : sweepCases;

for (const definition of CATALOGUE) {
  if (definition.kind !== 'elementwise') continue;
  for (const sweep of cases(definition)) {
    process.stdout.write(`${JSON.stringify({ name: definition.name, params: sweep.params, points: sweep.reference.map(encode) })}\n`);
  }
}
