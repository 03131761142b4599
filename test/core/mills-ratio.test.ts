/**
 * gelu's fast path against mpmath (scripts/generate_mills_fixtures.py, 200 bits): the Mills-ratio
 * expansions (src/core/mills-ratio.ts) at every expansion's centre and both ends and at random
 * points; gelu's kernels, whose bound must hold the exact value whichever path (the expansions or
 * the series and continued fraction) answered; and the correctly rounded results.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Decimal } from 'decimal.js';
import { exactDecimal } from '../../src/core/arbitrary.ts';
import { extended } from '../../src/core/extended.ts';
import { GELU_EXACT_KERNELS, millsRatio } from '../../src/core/functions/smooth.ts';
import { MILLS_RATIO_BOUND, MILLS_TABLE_LIMIT } from '../../src/core/mills-ratio.ts';
import { evaluateInto, getActivation } from '../../src/index.ts';

type Entry = [string, number];
interface Row {
  t: number;
  ratio: Entry;
  negative: [Entry, Entry];
  positive?: [Entry, Entry];
}

const { rows } = JSON.parse(gunzipSync(readFileSync(new URL('../fixtures/mills-ratio.json.gz', import.meta.url))).toString('utf8')) as { rows: Row[] };
const D = Decimal.clone({ precision: 60 });

/** |hi + lo − exact| / |exact|, in the exact arithmetic of decimal.js. */
function relativeError(high: number, low: number, exact: string): number {
  const reference = new D(exact);
  return exactDecimal(D, high).plus(exactDecimal(D, low)).minus(reference).div(reference).abs().toNumber();
}

/** Every (x, which, exact, rounded) of the fixture: gelu and gelu′ at ±t. */
function cases(): Array<{ x: number; derivative: boolean; exact: string; rounded: number }> {
  const all = [];
  for (const row of rows) {
    for (const [sign, pair] of [[-1, row.negative], [1, row.positive]] as const) {
      if (!pair || row.t === 0) continue;
      all.push({ x: sign * row.t, derivative: false, exact: pair[0][0], rounded: pair[0][1] });
      all.push({ x: sign * row.t, derivative: true, exact: pair[1][0], rounded: pair[1][1] });
    }
  }
  return all;
}

describe("gelu's fast path: the Mills-ratio expansions (mpmath reference)", () => {
  it('cover [0, 37] with every expansion: centres, both ends and random points', () => {
    assert.equal(MILLS_TABLE_LIMIT, 37);
    for (let k = 0; k <= 37 * 32; k++) assert.ok(rows.some((row) => row.t === k / 32), `t0 = ${k}/32 missing`);
    assert.ok(rows.length > 5000);
  });

  it('are within 2^-72.5 of R(t) everywhere (measured; MILLS_RATIO_BOUND allows 2^-66)', () => {
    let worst = 0;
    let worstAt = NaN;
    for (const row of rows) {
      millsRatio(row.t);
      const error = relativeError(extended.hi, extended.lo, row.ratio[0]);
      if (error > worst) [worst, worstAt] = [error, row.t];
    }
    assert.ok(worst <= 2 ** -72.5, `worst 2^${Math.log2(worst).toFixed(2)} at t = ${worstAt}`);
    assert.ok(worst * 32 < MILLS_RATIO_BOUND);
  });
});

describe("gelu's kernels and results at the expansions' points (mpmath reference)", () => {
  const all = cases();

  it("the kernels' bound holds the exact value wherever they answer, and they answer wherever the result is above 2^-960", () => {
    let unanswered = 0;
    for (const { x, derivative, exact, rounded } of all) {
      const bound = (derivative ? GELU_EXACT_KERNELS.derivative! : GELU_EXACT_KERNELS.value!)(x);
      const label = `gelu${derivative ? '′' : ''}(${x})`;
      if (bound === Infinity) {
        assert.ok(Math.abs(rounded) < 2 ** -960, `${label}: no bound for ${rounded}`);
        unanswered++;
        continue;
      }
      if (bound < 0) {
        assert.ok(Object.is(extended.hi, rounded), `${label}: settled at ${extended.hi}, want ${rounded}`);
        continue;
      }
      const error = new D(exact).minus(exactDecimal(D, extended.hi).plus(exactDecimal(D, extended.lo))).abs();
      assert.ok(error.lte(exactDecimal(D, bound)), `${label}: error ${error.toExponential(3)} over the bound ${bound}`);
    }
    // Only the far lower tail (x < −36.4) is left to the slow path.
    assert.ok(unanswered < all.length / 100, `${unanswered} of ${all.length} unanswered`);
  });

  it('value() and gradient(), and the fused loop, are the exact values rounded once', () => {
    const activation = getActivation('gelu');
    const xs = Float64Array.from(all.filter((entry) => !entry.derivative).map((entry) => entry.x));
    const values = new Float64Array(xs.length);
    const gradients = new Float64Array(xs.length);
    evaluateInto(activation, xs, values, gradients);
    const wanted = new Map(all.map((entry) => [`${entry.x} ${entry.derivative}`, entry.rounded]));
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const value = wanted.get(`${x} false`)!;
      const gradient = wanted.get(`${x} true`)!;
      assert.ok(Object.is(activation.value(x), value), `gelu(${x}) = ${activation.value(x)}, want ${value}`);
      assert.ok(Object.is(activation.gradient(x), gradient), `gelu′(${x}) = ${activation.gradient(x)}, want ${gradient}`);
      assert.ok(Object.is(values[i], value) && Object.is(gradients[i], gradient), `fused gelu at ${x}: ${values[i]}, ${gradients[i]}`);
    }
  });
});
