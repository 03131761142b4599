/**
 * The double-double exponential that every exponential kernel builds on (src/core/extended.ts
 * expExtended) against mpmath (scripts/generate_exponential_fixtures.py, 250 bits): random
 * arguments from −665 to 709, near 0, with and without a low part, and the ends of the reduction's
 * intervals (k ± ½)·ln2/2048, where the reduced argument is largest.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Decimal } from 'decimal.js';
import { exactDecimal } from '../../src/core/arbitrary.ts';
import { twoSumError } from '../../src/core/double-double.ts';
import { QUICK_LOG1P_BOUND, log1pQuick } from '../../src/core/special.ts';
import {
  EXP_OVERFLOW,
  QUICK_EXPONENTIAL_BELOW,
  QUICK_EXPONENTIAL_BOUND,
  expExtended,
  exponentialTable,
  extended,
  powerOfTwo,
  scaledExponentialQuick,
} from '../../src/core/extended.ts';
import { STEP_HIGH, STEP_LOW, TABLE_HIGH, TABLE_LOW } from '../../src/core/exponential-tables.ts';

const { rows } = JSON.parse(gunzipSync(readFileSync(new URL('../fixtures/exponential.json.gz', import.meta.url))).toString('utf8')) as {
  rows: Array<[number, number, string]>;
};
const D = Decimal.clone({ precision: 60 });

describe('the coarse tables (generated from mpmath) against decimal.js', () => {
  for (const [name, high, low, denominator] of [
    ['2^(j/64)', TABLE_HIGH, TABLE_LOW, 64],
    ['2^(j/2048)', STEP_HIGH, STEP_LOW, 2048],
  ] as const) {
    it(`${name}: hi is the nearest double, hi + lo within 2^-104 of the value`, () => {
      assert.equal(high.length, denominator === 64 ? 64 : 32);
      for (let j = 0; j < high.length; j++) {
        const value = new D(2).pow(new D(j).div(denominator));
        assert.equal(high[j], value.toNumber(), `${name} at j = ${j}: hi`);
        const error = exactDecimal(D, high[j]).plus(exactDecimal(D, low[j])).minus(value).div(value).abs();
        assert.ok(error.lt(new D(2).pow(-104)), `${name} at j = ${j}: relative error ${error.toExponential(3)}`);
      }
    });
  }
});

describe('powerOfTwo', () => {
  it('is exactly 2^m for every normal exponent −1022 … 1023 (doubling and halving from 1, exact in binary)', () => {
    let power = 1;
    for (let m = 0; m <= 1023; m++, power *= 2) assert.equal(powerOfTwo(m), power, `2^${m}`);
    power = 1;
    for (let m = 0; m >= -1022; m--, power /= 2) assert.equal(powerOfTwo(m), power, `2^${m}`);
    assert.equal(powerOfTwo(-1022), 2.2250738585072014e-308);
    assert.equal(powerOfTwo(1023), 8.98846567431158e307);
  });
});

describe('expExtended against mpmath', () => {
  it('is within 2^-90 of e^(x + xLow) at every reference point (its documented bound is 2^-88)', () => {
    assert.ok(rows.length > 10000);
    let worst = 0;
    let worstAt = NaN;
    for (const [x, low, exact] of rows) {
      expExtended(x, low);
      const reference = new D(exact);
      const error = exactDecimal(D, extended.hi).plus(exactDecimal(D, extended.lo)).minus(reference).div(reference).abs().toNumber();
      if (error > worst) [worst, worstAt] = [error, x];
    }
    assert.ok(worst <= 2 ** -90, `worst 2^${Math.log2(worst).toFixed(2)} at x = ${worstAt}`);
  });

  it('overflows to Infinity just above EXP_OVERFLOW, underflows to 0 below −745.2, and keeps NaN', () => {
    expExtended(EXP_OVERFLOW);
    assert.ok(Number.isFinite(extended.hi) && extended.hi > 1.79e308, String(extended.hi));
    expExtended(709.79);
    assert.equal(extended.hi, Infinity);
    expExtended(-745.3);
    assert.equal(extended.hi, 0);
    expExtended(NaN);
    assert.ok(Number.isNaN(extended.hi));
    expExtended(-Infinity);
    assert.equal(extended.hi, 0);
  });
});

describe('scaledExponentialQuick (the loops\' quick step) against mpmath', () => {
  // c = 1 (elu), selu's λ·α as two doubles (the published digits' rest), a negative c and one below 1.
  const constants: Array<[number, number, string]> = [
    [1, 0, '1'],
    [1.7580993408473768, 1.41535193800845e-17, '1.7580993408473768141535193800845'],
    [-2.5, 0, '-2.5'],
    [0.3, 0, '0.3'],
  ];
  it('is within 2^-62 of c·e^x at every reference point from QUICK_EXPONENTIAL_BELOW to 0 (the analysis says 2^-62.8; the loops decide with 4× that)', () => {
    const points = rows.filter(([x, low]) => low === 0 && x <= 0 && x >= QUICK_EXPONENTIAL_BELOW);
    assert.ok(points.length > 2000, String(points.length));
    assert.equal(QUICK_EXPONENTIAL_BOUND, 2 ** -60);
    for (const [cHigh, cLow, cDigits] of constants) {
      const table = exponentialTable(cHigh, cLow);
      const c = cLow === 0 ? exactDecimal(D, cHigh) : new D(exactDecimal(D, cHigh).plus(exactDecimal(D, cLow)));
      let worst = 0;
      let worstAt = NaN;
      for (const [x, , exact] of points) {
        scaledExponentialQuick(x, table);
        const reference = c.times(new D(exact));
        const error = exactDecimal(D, extended.hi).plus(exactDecimal(D, extended.lo)).minus(reference).div(reference).abs().toNumber();
        if (error > worst) [worst, worstAt] = [error, x];
      }
      assert.ok(worst <= 2 ** -62, `c = ${cDigits}: worst 2^${Math.log2(worst).toFixed(2)} at x = ${worstAt}`);
    }
  });
});

describe('exponentialTable', () => {
  it('keeps a table per constant while it is in use, and at most 16 of them: a sweep over a parameter does not grow memory', () => {
    const table = exponentialTable(0.3, 0);
    assert.equal(exponentialTable(0.3, 0), table);
    const made = new Set<object>();
    for (let i = 0; i < 40; i++) made.add(exponentialTable(1 + i / 64, 0));
    assert.equal(made.size, 40);
    assert.notEqual(exponentialTable(0.3, 0), table, 'the first table outlived 40 others');
    scaledExponentialQuick(-1, exponentialTable(0.3, 0));
    const again = extended.hi;
    scaledExponentialQuick(-1, table);
    assert.equal(again, extended.hi);
  });
});

describe("log1pQuick (softplus's quick step) against mpmath", () => {
  const log1pRows = (JSON.parse(gunzipSync(readFileSync(new URL('../fixtures/log1p.json.gz', import.meta.url))).toString('utf8')) as { rows: Array<[number, number, string]> }).rows;
  const relativeError = (hi: number, lo: number, exact: string): number => {
    const reference = new D(exact);
    return exactDecimal(D, hi).plus(exactDecimal(D, lo)).minus(reference).div(reference).abs().toNumber();
  };

  it('is within 2^-63.5 of log(1 + u + uLow) at every reference point, the ends of the table\'s intervals included (its analysis says 2^-63.6)', () => {
    assert.ok(log1pRows.length > 6000);
    let worst = 0;
    let worstAt = NaN;
    for (const [u, low, exact] of log1pRows) {
      log1pQuick(u, low);
      const error = relativeError(extended.hi, extended.lo, exact);
      if (error > worst) [worst, worstAt] = [error, u];
    }
    assert.ok(worst <= 2 ** -63.5, `worst 2^${Math.log2(worst).toFixed(2)} at u = ${worstAt}`);
  });

  it("after the quick exponential, gives softplus within 2^-62 of the sweep's references for |x| ≤ 664 (the analysis: 2^-62.2; the loop decides with 4× that)", () => {
    const sweep = JSON.parse(gunzipSync(readFileSync(new URL('../fixtures/sweep/softplus.json.gz', import.meta.url))).toString('utf8')) as {
      cases: Array<{ params: { beta: number; threshold: number | null }; points: Array<[number | string, number, number, string?, string?]> }>;
    };
    const { points } = sweep.cases.find((entry) => entry.params.beta === 1 && entry.params.threshold === null)!;
    assert.equal(QUICK_LOG1P_BOUND, 2 ** -60);
    const table = exponentialTable(1, 0);
    let checked = 0;
    let worst = 0;
    let worstAt = NaN;
    for (const [x, , , exact] of points) {
      // −0 is written "-0" in the fixtures; it is 0 here too.
      if (typeof x !== 'number' || exact === undefined || !(Math.abs(x) <= -QUICK_EXPONENTIAL_BELOW)) continue;
      scaledExponentialQuick(-Math.abs(x), table);
      log1pQuick(extended.hi, extended.lo);
      let value = extended.hi;
      let valueLow = extended.lo;
      if (x > 0) {
        value = x + extended.hi;
        valueLow = twoSumError(x, extended.hi, value) + extended.lo;
      }
      const error = relativeError(value, valueLow, exact);
      if (error > worst) [worst, worstAt] = [error, x];
      checked++;
    }
    assert.ok(checked > 4000, String(checked));
    assert.ok(worst <= 2 ** -62, `worst 2^${Math.log2(worst).toFixed(2)} at x = ${worstAt}`);
  });
});
