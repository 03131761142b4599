/**
 * Correct rounding (issue 12): every element-wise function against every committed reference
 * point (the mpmath fixtures and the sweep of the whole double line, near roots included), in
 * float64 and, at the sweep points rounded to each, in float32, float16 and bfloat16. Every value
 * and gradient must be the exact result rounded once: 0 ulp. The figures act states
 * (src/core/measured-accuracy.ts) must not be below what is measured here, and the near-root
 * windows that describe reports must hold only points where the gradient's terms cancel.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accuracyOf } from '../../src/core/accuracy.ts';
import { CATALOGUE } from '../../src/core/catalogue.ts';
import { loadReferenceCases } from '../helpers/fixtures.ts';
import { LOWER_DTYPES, measure } from '../helpers/measure.ts';

describe('correct rounding against the mpmath reference (fixtures and sweep, every dtype)', () => {
  for (const definition of CATALOGUE) {
    if (definition.kind !== 'elementwise') continue;
    it(`${definition.name}: value and gradient are 0 ulp from the exact result in float64, float32, float16 and bfloat16`, () => {
      assert.ok(loadReferenceCases(definition.name).length > 0, `no reference for ${definition.name}: run scripts/generate_fixtures.py`);
      const measured = measure(definition);
      for (const [dtype, format] of [['float64', measured] as const, ...LOWER_DTYPES.map((dtype) => [dtype, measured.dtypes[dtype]] as const)]) {
        assert.ok(format.points > 0, `no ${dtype} reference points`);
        assert.equal(format.value.ulps, 0, `${dtype} value: ${format.value.ulps} ulp at ${format.value.at}`);
        assert.equal(format.gradient.ulps, 0, `${dtype} gradient: ${format.gradient.ulps} ulp at ${format.gradient.at}`);
      }
      assert.deepEqual(measured.windowTooWide.slice(0, 5), [], 'the near-root window is wider than where |f′| < 2^-20 × its largest term');
      const stated = accuracyOf(definition);
      assert.ok(stated, `${definition.name} states no accuracy: run scripts/measure-accuracy.ts`);
      for (const [dtype, claim, format] of [['float64', stated, measured] as const, ...LOWER_DTYPES.map((dtype) => [dtype, stated[dtype], measured.dtypes[dtype]] as const)]) {
        assert.ok(claim.value >= format.value.ulps && claim.gradient >= format.gradient.ulps, `stated ${dtype} figures below the measured ones`);
        assert.ok(claim.points <= format.points, `stated ${claim.points} ${dtype} points, measured ${format.points}`);
      }
      assert.equal(stated.nearRootPoints, measured.nearRootPoints, 'stated near-root point count differs from the measured one');
    });
  }
});
