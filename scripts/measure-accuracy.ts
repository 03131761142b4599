/**
 * Prints, per function, the worst error in ulps against the mpmath fixtures (value and gradient),
 * and how many points fell under the documented near-root bound. Used to keep the README's
 * accuracy table true: `npx tsx scripts/measure-accuracy.ts`.
 */
import { CATALOGUE } from '../src/core/catalogue.ts';
import { getActivation } from '../src/core/evaluate.ts';
import { loadFixture } from '../test/helpers/fixtures.ts';
import { ulpDistance, ulpOf } from '../test/helpers/ulp.ts';

for (const definition of CATALOGUE) {
  if (definition.kind !== 'elementwise') continue;
  let worstValue = 0;
  let worstGradient = 0;
  let nearRoot = 0;
  let points = 0;
  for (const fixtureCase of loadFixture(definition.name)) {
    const activation = getActivation(definition.name, fixtureCase.params);
    for (const [x, wantValue, wantGradient] of fixtureCase.points) {
      points++;
      for (const [what, got, want] of [['value', activation.value(x), wantValue], ['gradient', activation.gradient(x), wantGradient]] as const) {
        const ulps = ulpDistance(got, want);
        const mixed = definition.accuracy?.nearRoot;
        if (ulps > 2 && what === 'gradient' && mixed && x >= mixed.within(activation.params)[0] && x <= mixed.within(activation.params)[1] && Math.abs(got - want) <= mixed.ulps * ulpOf(mixed.largestTerm(x))) {
          nearRoot++;
          continue;
        }
        if (what === 'value') worstValue = Math.max(worstValue, ulps);
        else worstGradient = Math.max(worstGradient, ulps);
      }
    }
  }
  console.log(`${definition.name.padEnd(18)} value ${worstValue} ulp, gradient ${worstGradient} ulp, ${points} points${nearRoot ? `, ${nearRoot} under the near-root bound` : ''}`);
}
