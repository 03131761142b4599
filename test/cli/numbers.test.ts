/** The number grammar. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNumber } from '../../src/cli/numbers.ts';

describe('number grammar', () => {
  it('accepts decimal and exponent literals and inf/nan in any case', () => {
    assert.deepEqual(['7', '-7', '.5', '1.', '1e-3', '-1E+10', '+2', 'inf', '-INF', 'Infinity', 'nan', '-nan'].map(parseNumber), [7, -7, 0.5, 1, 0.001, -1e10, 2, Infinity, -Infinity, Infinity, NaN, NaN]);
  });
  it('rejects what Number() would read but the grammar does not', () => {
    for (const token of ['', ' 1', '0x1f', '0b1', '0o7', '1_000', '1,5', '7abc', '--7', 'e5', '1e', '.', 'Inf inity']) assert.equal(parseNumber(token), undefined, token);
  });
});
