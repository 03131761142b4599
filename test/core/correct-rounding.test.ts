/**
 * Correct rounding's machinery (issue 12): the fast path's error bounds against mpmath, the hard
 * cases that only the slow path decides, the double rounding that --dtype avoids, and the exact
 * conversion of a decimal to the nearest double.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { contextWithDigits, exactDecimal, nearestDouble } from '../../src/core/arbitrary.ts';
import { CATALOGUE } from '../../src/core/catalogue.ts';
import { decideDouble, nearestForTinyError, roundingStatistics, setSlowPathEnabled } from '../../src/core/correct-rounding.ts';
import { getActivation } from '../../src/core/evaluate.ts';
import { extended } from '../../src/core/extended.ts';
import type { DType } from '../../src/core/precision.ts';
import type { ElementwiseDefinition } from '../../src/core/types.ts';
import { loadReferenceCases } from '../helpers/fixtures.ts';

interface HardCase {
  readonly function: string;
  readonly params: Record<string, number | string | null>;
  readonly dtype: DType;
  readonly gradient: boolean;
  readonly x: number;
  readonly want: number;
  readonly log2Distance: number;
}

const HARD_CASES = (JSON.parse(readFileSync(new URL('../fixtures/hard-cases.json', import.meta.url), 'utf8')) as { cases: HardCase[] }).cases;

function evaluateCase(hard: HardCase): number {
  const activation = getActivation(hard.function, hard.params, { dtype: hard.dtype });
  return hard.gradient ? activation.gradient(hard.x) : activation.value(hard.x);
}

const label = (hard: HardCase): string =>
  `${hard.function}${hard.gradient ? '′' : ''}(${hard.x}) ${JSON.stringify(hard.params)} ${hard.dtype} (2^${hard.log2Distance} from a midpoint)`;

describe('hard cases (scripts/generate_hard_cases.py, confirmed with mpmath)', () => {
  const names = [...new Set(HARD_CASES.map((hard) => hard.function))];
  it(`cover the smooth functions (${names.length} of them, ${HARD_CASES.length} cases), near the roots of f′ included`, () => {
    for (const name of ['sigmoid', 'tanh', 'exponential', 'silu', 'swish', 'gelu', 'mish', 'elu', 'softsign', 'squareplus']) {
      assert.ok(names.includes(name), `no hard case for ${name}`);
    }
    for (const name of ['gelu', 'silu', 'mish']) {
      assert.ok(HARD_CASES.some((hard) => hard.function === name && hard.gradient && Math.abs(hard.x) > 0.5 && Math.abs(hard.x) < 1.5), `no near-root case for ${name}′`);
    }
  });

  for (const name of names) {
    const cases = HARD_CASES.filter((hard) => hard.function === name);
    it(`${name}: ${cases.length} cases closer to a midpoint than the fast path's bound come out correctly rounded`, () => {
      for (const hard of cases) {
        const slowBefore = roundingStatistics.slow;
        assert.equal(evaluateCase(hard), hard.want, label(hard));
        // float64 cases are beyond the fast path by construction: the slow path must have decided them.
        if (hard.dtype === 'float64' && hard.log2Distance < -68) assert.ok(roundingStatistics.slow > slowBefore, `the fast path decided ${label(hard)}`);
      }
    });
  }

  it('the same cases with the slow path turned off are not all right: the slow path is what decides them', () => {
    setSlowPathEnabled(false);
    try {
      const wrong = HARD_CASES.filter((hard) => !Object.is(evaluateCase(hard), hard.want));
      assert.ok(wrong.length > 0, 'every hard case came out right without the slow path: they are not hard');
    } finally {
      setSlowPathEnabled(true);
    }
  });
});

describe('--dtype rounds the exact result once, never the float64 answer again', () => {
  // A float32 hard case where the exact value is within half a float64 ulp of a float32 midpoint:
  // the float64 answer is that midpoint, and rounding it to float32 (ties to even) goes the wrong way.
  const doubleRounded = HARD_CASES.filter(
    (hard) => hard.dtype === 'float32' && Math.fround(getActivation(hard.function, hard.params)[hard.gradient ? 'gradient' : 'value'](hard.x)) !== hard.want,
  );

  it(`there are float32 cases where rounding the float64 result again is wrong (${doubleRounded.length} found), and act gets each right`, () => {
    assert.ok(doubleRounded.length > 0);
    assert.ok(doubleRounded.some((hard) => hard.function === 'sigmoid'), 'the σ(x) = 1/2 + x/4 − x³/48 family, x = (2j + 1)·2^-23');
    for (const hard of doubleRounded) assert.equal(evaluateCase(hard), hard.want, label(hard));
  });
});

describe('the fast path: every double-double result is within its stated bound of the exact value', () => {
  for (const definition of CATALOGUE) {
    if (definition.kind !== 'elementwise' || !definition.extended) continue;
    it(`${definition.name}: |hi + lo − exact| ≤ bound on every sweep point (24-digit mpmath values)`, () => {
      checkBounds(definition);
    });
  }
});

function checkBounds(definition: ElementwiseDefinition): void {
  const D = contextWithDigits(80);
  let checked = 0;
  for (const reference of loadReferenceCases(definition.name)) {
    if (!reference.digits) continue;
    const activation = getActivation(definition.name, reference.params);
    const kernels = definition.extended!(activation.params, 'right');
    const kinks = activation.kinks.map((kink) => kink.at);
    reference.points.forEach(([x], index) => {
      if (!Number.isFinite(x) || kinks.includes(x)) return;
      for (const [which, kernel, digits] of [['value', kernels.value, reference.digits![index][0]], ['gradient', kernels.derivative, reference.digits![index][1]]] as const) {
        if (!kernel) continue;
        const bound = kernel(x);
        // SETTLED (negative) results are checked by the 0-ulp accuracy test; Infinity defers to the slow path.
        if (!(bound >= 0 && bound < Infinity)) continue;
        const exact = new D(digits);
        if (!exact.isFinite()) continue;
        checked++;
        const got = exactDecimal(D, extended.hi).plus(exactDecimal(D, extended.lo));
        // The reference itself is good to half a unit in its 24th digit.
        const allowed = new D(bound).plus(exact.abs().times('1e-23'));
        assert.ok(got.minus(exact).abs().lte(allowed), `${definition.name} ${which} at x = ${x} ${JSON.stringify(reference.params)}: error ${got.minus(exact).abs().toExponential(3)} > bound ${bound}`);
      }
    });
  }
  assert.ok(checked > 1000, `only ${checked} points checked`);
}

describe('rounding a decimal to the nearest double', () => {
  it('decides by exact comparison with the midpoints, where Number(string) in V8 is off by one', () => {
    // Python's float() (correctly rounded) gives -5e-311 for this string; V8's Number() gives -4.9999999999997e-311.
    const D = contextWithDigits(60);
    assert.equal(nearestDouble(new D('-4.99999999999998472466375144884598468028865762351905752e-311')), -5e-311);
    assert.equal(nearestDouble(new D('1.00000000000000011102230246251565404236316680908203125')), 1); // the midpoint itself: ties to even
    assert.equal(nearestDouble(new D('1.00000000000000011102230246251565404236316680908203126')), 1.0000000000000002);
    assert.equal(nearestDouble(new D('2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324')), 0);
    assert.equal(nearestDouble(new D('1.7976931348623158e308')), Number.MAX_VALUE);
    assert.equal(nearestDouble(new D('1.797693134862315808e308')), Infinity); // past MAX + half an ulp
  });

  it('takes the exact value of a double, not its shortest decimal', () => {
    // Python: decimal.Decimal(0.1)
    assert.equal(exactDecimal(contextWithDigits(80), 0.1).toString(), '0.1000000000000000055511151231257827021181583404541015625');
  });

  it('a bound decides only when every number within it rounds alike', () => {
    assert.equal(decideDouble(1, 2 ** -60, 2 ** -70), 1);
    assert.equal(decideDouble(1, 2 ** -53, 2 ** -70), undefined); // the midpoint between 1 and 1 + 2^-52 is inside
    assert.equal(decideDouble(-0, 0, 0), -0);
    assert.equal(decideDouble(1, 0, Infinity), undefined);
  });
});

describe("nearestForTinyError (CRlibm's rounding test, 2^-100 relative error)", () => {
  const D = contextWithDigits(90);
  // Every exact value within 2^-100·|hi| of hi + lo, at both ends, rounded by exact comparison.
  const roundsAlike = (hi: number, lo: number, answer: number): boolean => {
    const sum = exactDecimal(D, hi).plus(exactDecimal(D, lo));
    const margin = exactDecimal(D, Math.abs(hi)).times(new D(2).pow(-100));
    return nearestDouble(sum.minus(margin)) === answer && nearestDouble(sum.plus(margin)) === answer;
  };

  // The neighbouring double of a positive one, away from zero or towards it (its bits ± 1).
  const neighbour = (x: number, away: boolean): number => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    view.setBigUint64(0, view.getBigUint64(0) + (away ? 1n : -1n));
    return view.getFloat64(0);
  };

  it('never decides wrongly next to a rounding boundary, and leaves open only what lies within about 2^-40 of one', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 2 ** -900, max: 2 ** 900, noNaN: true }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: -(2 ** 20), max: 2 ** 20 }),
        (magnitude, negative, away, steps) => {
          const hi = negative ? -magnitude : magnitude;
          // lo within 2^20 steps of 2^-52 of the midpoint between hi and a neighbour (powers of two included).
          const halfGap = Math.abs(neighbour(magnitude, away) - magnitude) / 2;
          const lo = (negative === away ? -1 : 1) * halfGap * (1 + steps * 2 ** -52);
          const answer = nearestForTinyError(hi, lo);
          if (answer !== answer) return Math.abs(steps) <= 2 ** 14; // open: only near the midpoint
          return roundsAlike(hi, lo, answer);
        },
      ),
      { seed: 20261202, numRuns: 3000 },
    );
  });

  it('decides a sum far from any boundary', () => {
    fc.assert(
      fc.property(fc.double({ min: 2 ** -900, max: 2 ** 900, noNaN: true }), fc.double({ min: -0.45, max: 0.45, noNaN: true }), (hi, share) => {
        const lo = share * (neighbour(hi, true) - hi);
        const answer = nearestForTinyError(hi, lo);
        return answer === hi && roundsAlike(hi, lo, answer);
      }),
      { seed: 20261202, numRuns: 1000 },
    );
  });

  it('leaves the midpoint itself, an overflow and NaN open', () => {
    assert.ok(Number.isNaN(nearestForTinyError(1, 2 ** -53)));
    assert.ok(Number.isNaN(nearestForTinyError(Number.MAX_VALUE, Number.MAX_VALUE * 2 ** -53)));
    assert.ok(Number.isNaN(nearestForTinyError(NaN, 0)));
    assert.equal(nearestForTinyError(1, 2 ** -53 - 2 ** -90), 1);
    assert.equal(nearestForTinyError(1, 2 ** -53 + 2 ** -90), 1 + 2 ** -52);
  });
});

describe('estimates decide the lower dtypes only where the exact answer agrees', () => {
  // Both sides against the 24-digit mpmath values of the sweep: an estimate's bound must cover its
  // error, or a float32/float16/bfloat16 result near a midpoint would come out on the wrong side.
  for (const name of ['gelu', 'gelu_10']) {
    it(`${name}: |estimate − exact| ≤ its stated bound on every sweep point, value and gradient`, () => {
      const definition = CATALOGUE.find((candidate) => candidate.name === name) as ElementwiseDefinition;
      const D = contextWithDigits(40);
      let checked = 0;
      for (const reference of loadReferenceCases(name)) {
        const estimate = definition.estimate?.(reference.params, 'right');
        // The tanh form has none: its double-double kernel is cheap.
        if (!estimate?.value || !estimate.derivative || !reference.digits) continue;
        reference.points.forEach(([x], i) => {
          const [valueDigits, gradientDigits] = reference.digits![i];
          for (const [kernel, digits, what] of [[estimate.value!, valueDigits, 'value'], [estimate.derivative!, gradientDigits, 'gradient']] as const) {
            const bound = kernel(x);
            if (!(bound < Infinity)) continue;
            checked++;
            // The reference carries 24 digits: its own rounding is allowed for.
            const reference24 = new D(digits);
            const error = exactDecimal(D, extended.hi).minus(reference24).abs();
            assert.ok(error.lte(new D(bound).plus(reference24.abs().times('1e-23'))), `${name} ${what} at x = ${x}: error ${error.toExponential(3)} > bound ${bound}`);
          }
        });
      }
      assert.ok(checked > 1000, `only ${checked} points checked`);
    });
  }
});
