/**
 * SPEC §7: every element-wise function against the committed mpmath fixtures
 * (scripts/generate_fixtures.py), in ulps. Piecewise-linear functions must be
 * exact; the others within their stated budget (2 ulp unless documented), except
 * near a non-zero root of f or f′, where the documented mixed bound applies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/core/catalogue.ts';
import { getActivation } from '../../src/core/evaluate.ts';
import { hasFixture, loadFixture } from '../helpers/fixtures.ts';
import { ulpDistance, ulpOf } from '../helpers/ulp.ts';

const SPEC_BUDGET = 2;

describe('accuracy against the mpmath fixtures', () => {
  for (const definition of CATALOGUE) {
    if (definition.kind !== 'elementwise') continue;
    const budget = definition.properties.piecewiseLinear ? 0 : SPEC_BUDGET;
    it(`${definition.name}: value and gradient within ${budget} ulp`, () => {
      assert.ok(hasFixture(definition.name), `no fixture for ${definition.name}: run scripts/generate_fixtures.py`);
      const failures: string[] = [];
      let worstValue = 0;
      let worstGradient = 0;
      for (const fixtureCase of loadFixture(definition.name)) {
        const activation = getActivation(definition.name, fixtureCase.params);
        for (const [x, wantValue, wantGradient] of fixtureCase.points) {
          for (const [what, got, want] of [
            ['value', activation.value(x), wantValue],
            ['gradient', activation.gradient(x), wantGradient],
          ] as const) {
            const ulps = ulpDistance(got, want);
            const mixed = definition.accuracy?.nearRoot;
            // Near a root of f or f′ away from 0, the error is measured against the largest term of the formula.
            const withinMixed = what === 'gradient' && mixed !== undefined && x >= mixed.within(activation.params)[0] && x <= mixed.within(activation.params)[1] && Math.abs(got - want) <= mixed.ulps * ulpOf(mixed.largestTerm(x));
            if (ulps > budget && !withinMixed) {
              failures.push(`${definition.name} ${JSON.stringify(fixtureCase.params)} ${what} at x=${x}: got ${got}, want ${want} (${ulps} ulp)`);
            }
            if (Number.isFinite(ulps) && !withinMixed) {
              if (what === 'value') worstValue = Math.max(worstValue, ulps);
              else worstGradient = Math.max(worstGradient, ulps);
            }
          }
        }
      }
      assert.deepEqual(failures.slice(0, 12), [], `${failures.length} points out of budget`);
      if (definition.accuracy) {
        assert.ok(worstValue <= definition.accuracy.value && worstGradient <= definition.accuracy.derivative,
          `${definition.name}: measured ${worstValue}/${worstGradient} ulp exceeds the documented ${definition.accuracy.value}/${definition.accuracy.derivative}`);
      }
    });
  }
});
