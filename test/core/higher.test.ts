/**
 * Second and third derivatives and parameter gradients (issue 17) against the mpmath references
 * of scripts/generate_higher_fixtures.py: closed forms checked there against mp.diff, evaluated at
 * the sweep of the whole double line, every branch point of the code ±2 ulp and the roots of f″ and
 * f‴. SPEC §7: within 2 ulp; the figures act states (src/core/measured-higher-accuracy.ts) must not
 * be below what is measured.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { higherAccuracyOf } from '../../src/core/accuracy.ts';
import { CATALOGUE, resolveParams } from '../../src/core/catalogue.ts';
import { evaluate, getActivation, numberParameters } from '../../src/core/evaluate.ts';
import type { ElementwiseDefinition } from '../../src/core/types.ts';
import { hasHigherReference, loadHigherReference, measureHigher } from '../helpers/measure-higher.ts';
import { higherSweepCases } from '../helpers/sweep.ts';
import { ulpDistance } from '../helpers/ulp.ts';

const ELEMENTWISE = CATALOGUE.filter((definition): definition is ElementwiseDefinition => definition.kind === 'elementwise');
const key = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

describe('higher derivatives against the mpmath reference', () => {
  for (const definition of ELEMENTWISE) {
    it(`${definition.name}: f″, f‴ and ∂f/∂θ within 2 ulp at every reference point, as stated`, () => {
      assert.ok(hasHigherReference(definition.name), `no reference: run scripts/generate_higher_fixtures.py ${definition.name}`);
      const references = loadHigherReference(definition.name);
      // The references cover today's sweep: every point of it, for every parameter setting.
      const cases = higherSweepCases(definition);
      assert.equal(references.length, cases.length, 'parameter settings differ from the sweep: regenerate the references');
      cases.forEach((sweep, index) => {
        const covered = new Set(references[index].rows.map((row) => key(row[0])));
        const missing = sweep.reference.filter((x) => !covered.has(key(x)));
        assert.deepEqual(missing.slice(0, 5), [], `sweep points without a reference: regenerate scripts/generate_higher_fixtures.py ${definition.name}`);
        assert.deepEqual(references[index].parameters, numberParameters(definition).filter((name) => sweep.params[name] !== null));
      });
      const measured = measureHigher(definition.name);
      for (const [column, worst] of Object.entries(measured.columns)) {
        assert.ok(worst.ulps <= 2, `${column}: ${worst.ulps} ulp at x = ${worst.at} (got ${worst.got}, exact ${worst.want})`);
      }
      const stated = higherAccuracyOf(definition);
      assert.ok(stated, 'no stated accuracy: run scripts/measure-higher.ts');
      assert.equal(stated.points, measured.points, 'stated point count differs: run scripts/measure-higher.ts');
      assert.ok(stated.second >= measured.columns.second.ulps && stated.third >= measured.columns.third.ulps, 'stated figures below the measured ones');
      for (const [parameter, ulps] of Object.entries(stated.parameters)) assert.ok(ulps >= measured.columns[`d_${parameter}`].ulps, `d_${parameter} stated below measured`);
      // Inside the near-root windows (|f⁽ⁿ⁾| < 2^-20 × its largest term): within 2 ulp of that term, as stated.
      const near = measured.nearRoot;
      assert.ok(near.second <= 2 && near.third <= 2, `near a root: ${near.second}, ${near.third} ulp of the largest term`);
      assert.equal(stated.nearRoot?.points ?? 0, near.points, 'stated near-root point count differs: run scripts/measure-higher.ts');
      if (stated.nearRoot) assert.ok(stated.nearRoot.second >= near.second && stated.nearRoot.third >= near.third, 'stated near-root figures below the measured ones');
    });
  }

  it('every numeric parameter of every function has a gradient, and nothing else has', () => {
    for (const definition of ELEMENTWISE) {
      const activation = getActivation(definition.name);
      assert.deepEqual(Object.keys(activation.parameterGradients).sort(), numberParameters(definition).sort(), definition.name);
    }
  });
});

describe('higher derivatives: conventions and the library', () => {
  it("the issue's examples: tanh″(0.5), tanh‴(0.5), prelu's d_weight, swish's d_beta", () => {
    // mpmath: tanh″(0.5) = −0.72686198138358…, tanh‴(0.5) = −0.56520928825977…
    const tanh = getActivation('tanh');
    assert.equal(tanh.derivative(0.5, 2), -0.7268619813835873);
    assert.equal(tanh.derivative(0.5, 3), -0.5652092882597703);
    assert.equal(getActivation('prelu', { weight: 0.25 }).parameterGradients.weight(-2), -2);
    // x²·σ′(βx) at x = 1, β = 2: σ′(2) = e^-2/(1 + e^-2)² = 0.10499358540350651… (mpmath)
    assert.equal(getActivation('swish', { beta: 2 }).parameterGradients.beta(1), 0.10499358540350652);
  });

  it('at a kink the higher derivatives take the piece of the convention', () => {
    // elu″: α·e^x on the left, 0 on the right; softsign″ = ∓2/(1 + |x|)³; relu2″ = 0 | 2.
    assert.equal(getActivation('elu', {}, { kink: 'right' }).second(0), 0);
    assert.equal(getActivation('elu', {}, { kink: 'left' }).second(0), 1);
    assert.equal(getActivation('softsign', {}, { kink: 'right' }).second(0), -2);
    assert.equal(getActivation('softsign', {}, { kink: 'left' }).second(0), 2);
    assert.equal(getActivation('relu2', {}, { kink: 'left' }).second(0), 0);
    assert.equal(getActivation('relu2', {}, { kink: 'right' }).second(0), 2);
    // PReLU's ∂/∂weight at 0: 0 on the right, x = 0 on the left; at −1 it is x.
    assert.equal(getActivation('prelu', {}, { kink: 'left' }).parameterGradients.weight(-1), -1);
  });

  it("--like transformers: sqrtsoftplus″ and ‴ at the threshold 20 are what PyTorch 1.13's nested autograd returned (run)", () => {
    const activation = getActivation('sqrtsoftplus', {}, { like: 'transformers' });
    assert.equal(activation.second(20), -0.0027950849599204554);
    assert.ok(ulpDistance(activation.third(20), 0.00020963137154034753) <= 1);
  });

  it('NaN in, NaN out, for every column of every function', () => {
    for (const definition of ELEMENTWISE) {
      const activation = getActivation(definition.name);
      for (const f of [activation.second, activation.third, ...Object.values(activation.parameterGradients)]) {
        assert.ok(Number.isNaN(f(NaN)), definition.name);
      }
    }
  });

  it('±Infinity give the limits (never NaN) wherever the limit exists', () => {
    for (const definition of ELEMENTWISE) {
      // snake and sine oscillate without a limit: NaN is their honest answer.
      if (definition.period) continue;
      const activation = getActivation(definition.name, resolveParams(definition));
      for (const x of [Infinity, -Infinity]) {
        for (const [label, f] of [['second', activation.second], ['third', activation.third]] as const) {
          assert.ok(!Number.isNaN(f(x)), `${definition.name} ${label}(${x})`);
        }
      }
    }
  });

  it('evaluate() returns the further columns on request', () => {
    const result = evaluate('elu', Float64Array.of(-1, 1), { order: 3, parameterGradients: true });
    assert.deepEqual([...result.second!], [Math.exp(-1), 0]);
    assert.deepEqual([...result.third!], [Math.exp(-1), 0]);
    assert.deepEqual(Object.keys(result.parameterGradients!), ['alpha']);
    assert.equal(result.parameterGradients!.alpha[0], Math.expm1(-1));
  });

  it('--dtype rounds the further columns to the dtype', () => {
    const activation = getActivation('tanh', {}, { dtype: 'float32' });
    assert.equal(activation.second(0.5), Math.fround(-0.7268619813835873));
  });
});
