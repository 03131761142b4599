/** The number grammar, and the shortcut that reuses input text when it is already canonical. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatNumber } from '../../src/cli/format.ts';
import { isCanonical, parseNumber } from '../../src/cli/numbers.ts';

describe('number grammar', () => {
  it('accepts decimal and exponent literals and inf/nan in any case', () => {
    assert.deepEqual(['7', '-7', '.5', '1.', '1e-3', '-1E+10', '+2', 'inf', '-INF', 'Infinity', 'nan', '-nan'].map(parseNumber), [7, -7, 0.5, 1, 0.001, -1e10, 2, Infinity, -Infinity, Infinity, NaN, NaN]);
  });
  it('rejects what Number() would read but the grammar does not', () => {
    for (const token of ['', ' 1', '0x1f', '0b1', '0o7', '1_000', '1,5', '7abc', '--7', 'e5', '1e', '.', 'Inf inity']) assert.equal(parseNumber(token), undefined, token);
  });
});

describe('canonical tokens', () => {
  it('a token judged canonical is exactly what formatNumber prints for its value', () => {
    const token = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.integer({ min: -1e9, max: 1e9 }).map((n) => (n / 1000).toFixed(3)),
      fc.integer({ min: -1e6, max: 1e6 }).map((n) => (n / 7).toPrecision(8)),
      fc.stringMatching(/^-?[0-9]{1,5}(\.[0-9]{0,7})?$/),
    );
    fc.assert(
      fc.property(token, (text) => {
        if (isCanonical(text)) assert.equal(formatNumber(Number(text)), text);
      }),
      { seed: 20261128, numRuns: 5000 },
    );
  });
  it('judges the usual cases', () => {
    assert.deepEqual(['0', '-0', '12.5', '0.000001', '0.0000001', '1.50', '1.', '01', '1e5', '1234567890123456'].map(isCanonical), [true, true, true, true, false, false, false, false, false, false]);
  });
});
