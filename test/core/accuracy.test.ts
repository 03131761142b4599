/**
 * SPEC §7: every element-wise function against every committed reference point (the mpmath
 * fixtures and the sweep of the whole double line), in ulps. Piecewise-linear functions are
 * exact; the others within 2 ulp, except inside the near-root window, whose width is checked
 * against the reference (|f′| < 2^-20 × the largest term at every point inside it) and where the
 * mixed bound applies. The figures act states (src/core/measured-accuracy.ts) must not be below
 * what is measured here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accuracyOf } from '../../src/core/accuracy.ts';
import { CATALOGUE } from '../../src/core/catalogue.ts';
import { loadReferenceCases } from '../helpers/fixtures.ts';
import { measure } from '../helpers/measure.ts';

const SPEC_BUDGET = 2;

describe('accuracy against the mpmath reference (fixtures and sweep)', () => {
  for (const definition of CATALOGUE) {
    if (definition.kind !== 'elementwise') continue;
    const budget = definition.properties.piecewiseLinear ? 0 : SPEC_BUDGET;
    it(`${definition.name}: value and gradient within ${budget} ulp, and the stated figures are not below the measured ones`, () => {
      assert.ok(loadReferenceCases(definition.name).length > 0, `no reference for ${definition.name}: run scripts/generate_fixtures.py`);
      const measured = measure(definition);
      assert.ok(measured.value.ulps <= budget, `value ${measured.value.ulps} ulp at ${measured.value.at}`);
      assert.ok(measured.gradient.ulps <= budget, `gradient ${measured.gradient.ulps} ulp at ${measured.gradient.at}`);
      assert.deepEqual(measured.windowTooWide.slice(0, 5), [], 'the near-root window is wider than where |f′| < 2^-20 × its largest term');
      if (measured.nearRoot) {
        const allowed = definition.nearRoot!.ulps;
        assert.ok(measured.nearRoot.ulpsOfLargestTerm <= allowed, `near the root: ${measured.nearRoot.ulpsOfLargestTerm} ulp of the largest term (allowed ${allowed})`);
      }
      const stated = accuracyOf(definition);
      assert.ok(stated, `${definition.name} states no accuracy: run scripts/measure-accuracy.ts`);
      assert.ok(stated.value >= measured.value.ulps, `stated value accuracy ${stated.value} ulp < measured ${measured.value.ulps} (${measured.value.at})`);
      assert.ok(stated.gradient >= measured.gradient.ulps, `stated gradient accuracy ${stated.gradient} ulp < measured ${measured.gradient.ulps} (${measured.gradient.at})`);
      assert.ok(stated.points <= measured.points, `stated ${stated.points} points, measured ${measured.points}`);
      if (measured.nearRoot) assert.ok((stated.nearRoot?.ulpsOfLargestTerm ?? -1) >= measured.nearRoot.ulpsOfLargestTerm, 'stated near-root bound below the measured one');
    });
  }
});
