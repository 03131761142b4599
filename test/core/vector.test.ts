/** Vector functions: documented values, and properties of their Jacobians (fast-check, seeded). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluateVector } from '../../src/core/evaluate.ts';

const SEED = 20261128;
const vector = (min: number, max: number, minLength = 1, maxLength = 8) =>
  fc.array(fc.double({ min, max, noNaN: true }), { minLength, maxLength }).map((values) => Float64Array.from(values));

describe('vector functions: values', () => {
  // Reference values: mpmath at 40 digits, correctly rounded.
  it('softmax 1 2 3: values, diagonal and the VJP with upstream 1,0,0', () => {
    const result = evaluateVector('softmax', Float64Array.of(1, 2, 3), {}, { upstream: Float64Array.of(1, 0, 0) });
    assert.deepEqual([...result.values], [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]);
    assert.deepEqual([...result.diagonal], [0.08192506906499322, 0.1848364465099787, 0.22269542653462335]);
    assert.deepEqual([...result.vjp!], [0.08192506906499322, -0.022033044520174298, -0.059892024544818935]);
  });

  it('softmax does not overflow: 1000 1001 1002 gives the values of 1 2 3', () => {
    assert.deepEqual([...evaluateVector('softmax', Float64Array.of(1000, 1001, 1002)).values], [...evaluateVector('softmax', Float64Array.of(1, 2, 3)).values]);
  });

  it('logsumexp and log_softmax', () => {
    assert.deepEqual([...evaluateVector('logsumexp', Float64Array.of(1000, 1001, 1002)).values], [1002.4076059644444]);
    assert.deepEqual([...evaluateVector('log_softmax', Float64Array.of(1, 2, 3)).values], [-2.40760596444438, -1.4076059644443804, -0.4076059644443803]);
  });

  it('sparsemax 1 0.5 −1 is 0.75, 0.25, 0 exactly', () => {
    assert.deepEqual([...evaluateVector('sparsemax', Float64Array.of(1, 0.5, -1)).values], [0.75, 0.25, 0]);
  });

  it('hardmax: the first maximum wins ties', () => {
    assert.deepEqual([...evaluateVector('hardmax', Float64Array.of(1, 3, 3, 2)).values], [0, 1, 0, 0]);
  });

  it('glu of an odd length is an error that says so', () => {
    assert.throws(() => evaluateVector('glu', Float64Array.of(1, 2, 3)), /even number of elements \(got 3\)/);
  });

  it('an upstream of the wrong length is an error', () => {
    assert.throws(() => evaluateVector('softmax', Float64Array.of(1, 2, 3), {}, { upstream: Float64Array.of(1, 2) }), /upstream gradient has 2 numbers/);
  });

  it('glu: a·σ(b) with a 2 × 4 Jacobian', () => {
    const result = evaluateVector('glu', Float64Array.of(1, 2, 0, 0));
    assert.deepEqual([...result.values], [0.5, 1]);
    assert.deepEqual([...result.jacobian], [0.5, 0, 0.25, 0, 0, 0.5, 0, 0.5]);
  });
});

function centralDifferenceJacobian(name: string, x: Float64Array, outputs: number): Float64Array {
  const n = x.length;
  const jacobian = new Float64Array(outputs * n);
  for (let j = 0; j < n; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(x[j]));
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[j] += h;
    minus[j] -= h;
    const up = evaluateVector(name, plus).values;
    const down = evaluateVector(name, minus).values;
    for (let i = 0; i < outputs; i++) jacobian[i * n + j] = (up[i] - down[i]) / (2 * h);
  }
  return jacobian;
}

describe('vector functions: properties', () => {
  it("each row of softmax's Jacobian sums to 0", () => {
    fc.assert(
      fc.property(vector(-50, 50), (x) => {
        const { jacobian } = evaluateVector('softmax', x);
        const n = x.length;
        for (let i = 0; i < n; i++) {
          let total = 0;
          for (let j = 0; j < n; j++) total += jacobian[i * n + j];
          assert.ok(Math.abs(total) < 1e-15, `row ${i} sums to ${total}`);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  for (const name of ['softmax', 'log_softmax', 'softmin', 'sparsemax', 'glu', 'swiglu', 'logsumexp']) {
    const even = name === 'glu' || name === 'swiglu';
    const input = even ? vector(-5, 5, 1, 4).map((half) => Float64Array.of(...half, ...half.map((v) => v * 0.7 - 0.3))) : vector(-5, 5, 1, 6);

    it(`${name}: the VJP equals upstreamᵀ·J`, () => {
      fc.assert(
        fc.property(input, fc.integer({ min: 0, max: 1000 }), (x, seed) => {
          const outputs = evaluateVector(name, x).values.length;
          const upstream = Float64Array.from({ length: outputs }, (_, i) => Math.sin(seed + i));
          const result = evaluateVector(name, x, {}, { upstream });
          for (let j = 0; j < x.length; j++) {
            let expected = 0;
            for (let i = 0; i < outputs; i++) expected += upstream[i] * result.jacobian[i * x.length + j];
            assert.ok(Math.abs(result.vjp![j] - expected) <= 1e-14 * Math.max(1, Math.abs(expected)), `${name} vjp[${j}]: ${result.vjp![j]} vs ${expected}`);
          }
        }),
        { seed: SEED, numRuns: 100 },
      );
    });

    it(`${name}: the Jacobian matches central differences`, () => {
      fc.assert(
        fc.property(input, (x) => {
          // sparsemax is piecewise linear: stay away from changes of the support
          if (name === 'sparsemax') {
            const values = evaluateVector(name, x).values;
            fc.pre(values.every((value) => value === 0 || value > 1e-3));
          }
          const result = evaluateVector(name, x);
          const numeric = centralDifferenceJacobian(name, x, result.values.length);
          result.jacobian.forEach((value, k) => assert.ok(Math.abs(value - numeric[k]) <= 1e-6 * Math.max(1, Math.abs(value)), `${name} J[${k}]: ${value} vs ${numeric[k]}`));
        }),
        { seed: SEED, numRuns: 100 },
      );
    });
  }

  for (const name of ['softmax', 'log_softmax', 'sparsemax']) {
    it(`${name} is invariant to adding a constant`, () => {
      fc.assert(
        fc.property(vector(-20, 20), fc.integer({ min: -100, max: 100 }), (x, shift) => {
          const shifted = x.map((value) => value + shift);
          const a = evaluateVector(name, x).values;
          const b = evaluateVector(name, shifted).values;
 a.forEach((value, i) => assert.ok(Math.abs(value - b[i]) <= 1e-12 * Math.max(1, Math.abs(value)) + 1e-12, `${name}[${i}]: ${value} vs ${b[i]}`));
        }),
        { seed: SEED, numRuns: 200 },
      );
    });
  }
});
