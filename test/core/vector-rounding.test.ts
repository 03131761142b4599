/**
 * Correct rounding of the vector functions (issue 12): softmax, softmin, log_softmax and logsumexp
 * values and Jacobian diagonals against mpmath (scripts/generate_vector_fixtures.py), each the
 * exact result rounded once to float64, and with --dtype float32 to float32: 0 ulp.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { evaluateVector } from '../../src/core/evaluate.ts';
import type { DType } from '../../src/core/precision.ts';
import { decode } from '../helpers/ulp.ts';

interface VectorCase {
  readonly function: string;
  readonly dtype: DType;
  readonly x: Array<number | string>;
  readonly values: Array<number | string>;
  readonly diagonal?: Array<number | string>;
}

const CASES = (JSON.parse(readFileSync(new URL('../fixtures/vector.json', import.meta.url), 'utf8')) as { cases: VectorCase[] }).cases;
const decodeAll = (list: Array<number | string>): number[] => list.map((v) => (v === '-0' ? -0 : decode(v)));

describe('vector functions: values and the Jacobian diagonal are correctly rounded (mpmath)', () => {
  for (const name of ['softmax', 'softmin', 'log_softmax', 'logsumexp', 'sparsemax']) {
    const cases = CASES.filter((c) => c.function === name);
    const what = name === 'sparsemax' ? 'values exact (from fractions)' : 'float64 and float32';
    it(`${name}: ${cases.length} vectors (random, masked, ties, one dominant logit, subnormal probabilities), ${what}`, () => {
      assert.ok(cases.length > 100);
      for (const c of cases) {
        const x = Float64Array.from(decodeAll(c.x));
        const result = evaluateVector(name, x, {}, { dtype: c.dtype });
        const label = `${name} ${c.dtype} [${c.x.slice(0, 6).join(', ')}${c.x.length > 6 ? ', …' : ''}]`;
        // mpmath has no signed zero: ±0 compare equal here (the sweep tests check signs of zeros).
        const same = (got: Float64Array, want: number[]): boolean => got.length === want.length && want.every((w, i) => w === got[i] || (w !== w && got[i] !== got[i]));
        assert.ok(same(result.values, decodeAll(c.values)), `${label}: values ${Array.from(result.values).join(', ')} want ${c.values.join(', ')}`);
        if (c.diagonal) assert.ok(same(result.diagonal, decodeAll(c.diagonal)), `${label}: diagonal ${Array.from(result.diagonal).join(', ')} want ${c.diagonal.join(', ')}`);
      }
    });
  }
});
