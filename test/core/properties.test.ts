/**
 * Property tests over the whole catalogue (fast-check, seeded): derivative against central
 * differences, declared monotonicity, parity and range, continuity at kinks, and the exact
 * limits at ±∞ and NaN propagation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CATALOGUE, resolveParams } from '../../src/core/catalogue.ts';
import type { ElementwiseDefinition, ScalarActivation } from '../../src/core/types.ts';

const SEED = 20261128;
const elementwise = CATALOGUE.filter((definition): definition is ElementwiseDefinition => definition.kind === 'elementwise');

function atDefaults(definition: ElementwiseDefinition): ScalarActivation & { kinks: number[]; jumps: number[] } {
  const params = resolveParams(definition);
  const kinks = definition.kinks(params);
  return {
    ...definition.create(params, 'right'),
    kinks: kinks.map((kink) => kink.at),
    jumps: kinks.filter((kink) => kink.jump).map((kink) => kink.at),
  };
}

// [f(−∞), f′(−∞), f(+∞), f′(+∞)] at the default parameters, from the mathematical definitions.
const LIMITS: Record<string, readonly [number, number, number, number]> = {
  relu: [0, 0, Infinity, 1],
  relu6: [0, 0, 6, 0],
  leaky_relu: [-Infinity, 0.01, Infinity, 1],
  prelu: [-Infinity, 0.25, Infinity, 1],
  rrelu: [-Infinity, (1 / 8 + 1 / 3) / 2, Infinity, 1],
  elu: [-1, 0, Infinity, 1],
  selu: [-1.7580993408473768, 0, Infinity, 1.0507009873554805],
  celu: [-1, 0, Infinity, 1],
  gelu: [0, 0, Infinity, 1],
  silu: [0, 0, Infinity, 1],
  swish: [0, 0, Infinity, 1],
  mish: [0, 0, Infinity, 1],
  softplus: [0, 0, Infinity, 1],
  squareplus: [0, 0, Infinity, 1],
  sigmoid: [0, 0, 1, 0],
  log_sigmoid: [-Infinity, 1, 0, 0],
  tanh: [-1, 0, 1, 0],
  softsign: [-1, 0, 1, 0],
  hardsigmoid: [0, 0, 1, 0],
  hardswish: [0, 0, Infinity, 1],
  hardtanh: [-1, 0, 1, 0],
  sparse_plus: [0, 0, Infinity, 1],
  sparse_sigmoid: [0, 0, 1, 0],
  tanhshrink: [-Infinity, 1, Infinity, 1],
  softshrink: [-Infinity, 1, Infinity, 1],
  hardshrink: [-Infinity, 1, Infinity, 1],
  shrink: [-Infinity, 1, Infinity, 1],
  threshold: [0, 0, Infinity, 1],
  thresholded_relu: [0, 0, Infinity, 1],
  exponential: [0, 0, Infinity, Infinity],
  identity: [-Infinity, 1, Infinity, 1],
  binary_step: [0, 0, 1, 0],
  relu2: [0, 0, Infinity, Infinity],
  star_relu: [-0.4472, 0, Infinity, Infinity],
  // (expm1(−∞) + ∞)·alpha_n − ∞·beta = ∞·(alpha_n − beta) with alpha_n > beta; the slope there is beta − alpha_n.
  xielu: [Infinity, 0.5 - 0.80078125, Infinity, Infinity],
  gelu_new: [0, 0, Infinity, 1],
  gelu_fast: [0, 0, Infinity, 1],
  gelu_10: [0, 0, 10, 0],
  quick_gelu: [0, 0, Infinity, 1],
  sqrtsoftplus: [0, 0, Infinity, 0],
  laplace: [0, 0, 1, 0],
  // sin has no limit at ±∞: snake′ and sine oscillate for ever.
  snake: [-Infinity, NaN, Infinity, NaN],
  sine: [NaN, NaN, NaN, NaN],
};

const nearAny = (x: number, points: readonly number[], distance: number): boolean => points.some((point) => Math.abs(x - point) < distance);

describe('properties of every element-wise function', () => {
  it('every function has its limits listed here', () => {
    assert.deepEqual(elementwise.map((definition) => definition.name).filter((name) => !(name in LIMITS)), []);
  });

  for (const definition of elementwise) {
    const f = atDefaults(definition);
    const [low, high] = definition.window ?? [-5, 5];
    const inWindow = fc.double({ min: 2 * low, max: 2 * high, noNaN: true, noDefaultInfinity: true });

    describe(definition.name, () => {
      it('the gradient matches central differences away from kinks', () => {
        fc.assert(
          fc.property(inWindow, (x) => {
            const h = 1e-6 * Math.max(1, Math.abs(x));
            fc.pre(!nearAny(x, f.kinks, 10 * h));
            const numeric = (f.value(x + h) - f.value(x - h)) / (2 * h);
            const analytic = f.derivative(x);
            assert.ok(Math.abs(numeric - analytic) <= 1e-5 * Math.max(1, Math.abs(analytic)), `x=${x}: ${analytic} vs ${numeric}`);
          }),
          { seed: SEED, numRuns: 300 },
        );
      });

      if (definition.properties.monotonicity !== 'not monotonic') {
        it(`is ${definition.properties.monotonicity}`, () => {
          fc.assert(
            fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (a, b) => {
              const [x, y] = a <= b ? [a, b] : [b, a];
              assert.ok(f.value(x) <= f.value(y), `f(${x}) = ${f.value(x)} > f(${y}) = ${f.value(y)}`);
            }),
            { seed: SEED, numRuns: 500 },
          );
        });
      }

      if (definition.properties.parity === 'odd') {
        it('is odd: f(−x) = −f(x) and f′(−x) = f′(x)', () => {
          fc.assert(
            fc.property(fc.double({ noNaN: true }), (x) => {
              fc.pre(!nearAny(x, f.kinks, 0) && !nearAny(-x, f.kinks, 0));
              // === rather than Object.is: a band of zeros (softshrink) is 0 on both sides of 0.
              assert.ok(f.value(-x) === -f.value(x), `f(${-x}) = ${f.value(-x)}, −f(${x}) = ${-f.value(x)}`);
              assert.ok(f.derivative(-x) === f.derivative(x), `f′(${-x}) = ${f.derivative(-x)}, f′(${x}) = ${f.derivative(x)}`);
            }),
            { seed: SEED, numRuns: 500 },
          );
        });
      }

      it(`stays within its declared range ${definition.properties.range}`, () => {
        const [lower, upper] = definition.properties.bounds;
        fc.assert(
          fc.property(fc.double({ noNaN: true }), (x) => {
            const y = f.value(x);
            // sin has no limit at ±∞: sine gives NaN there (LIMITS below says so).
            if (definition.period && !Number.isFinite(x) && Number.isNaN(y)) return;
            assert.ok(y >= lower && y <= upper, `f(${x}) = ${y} outside [${lower}, ${upper}]`);
          }),
          { seed: SEED, numRuns: 500 },
        );
      });

      it('is continuous at every kink that is not a jump', () => {
        for (const at of f.kinks) {
          if (f.jumps.includes(at)) continue;
          for (const side of [-1, 1]) {
            const x = at + side * 1e-9 * Math.max(1, Math.abs(at));
            assert.ok(Math.abs(f.value(x) - f.value(at)) < 1e-8, `f jumps at ${at}: ${f.value(at)} vs ${f.value(x)}`);
          }
        }
      });

      it('NaN gives NaN, and ±Infinity the exact limits of value and gradient', () => {
        assert.ok(Number.isNaN(f.value(NaN)) && Number.isNaN(f.derivative(NaN)));
        const [valueBelow, gradientBelow, valueAbove, gradientAbove] = LIMITS[definition.name];
        assert.deepEqual(
          [f.value(-Infinity), f.derivative(-Infinity), f.value(Infinity), f.derivative(Infinity)].map((v) => (v === 0 ? 0 : v)),
          [valueBelow, gradientBelow, valueAbove, gradientAbove],
        );
      });
    });
  }
});

describe('kink conventions', () => {
  it('each kink reports the right piece under right and the left piece under left, for non-default parameters too', () => {
    const cases: Array<[string, Record<string, number>]> = [
      ['leaky_relu', { negative_slope: 0.3 }], ['hardtanh', { min_val: -2, max_val: 3 }], ['softshrink', { lambd: 1.5 }],
      ['threshold', { threshold: 1, value: -1 }], ['elu', { alpha: 2 }], ['selu', {}], ['hardswish', {}], ['sparse_sigmoid', {}],
      ['thresholded_relu', { alpha: 2 }], ['relu6', {}], ['softplus', { threshold: 20 }],
    ];
    for (const [name, given] of cases) {
      const definition = elementwise.find((candidate) => candidate.name === name)!;
      const params = resolveParams(definition, given);
      const kinks = definition.kinks(params);
      assert.ok(kinks.length > 0, name);
      for (const kink of kinks) {
        assert.equal(definition.create(params, 'right').derivative(kink.at), kink.right, `${name} right at ${kink.at}`);
        assert.equal(definition.create(params, 'left').derivative(kink.at), kink.left, `${name} left at ${kink.at}`);
      }
    }
  });

  it('documented kink gradients: relu′(0), leaky_relu′(0), hardswish′(±3), selu′(0)', () => {
    const gradient = (name: string, x: number, kink: 'right' | 'left'): number => {
      const definition = elementwise.find((candidate) => candidate.name === name)!;
      return definition.create(resolveParams(definition), kink).derivative(x);
    };
    assert.deepEqual([gradient('relu', 0, 'right'), gradient('relu', 0, 'left')], [1, 0]);
    assert.deepEqual([gradient('leaky_relu', 0, 'right'), gradient('leaky_relu', 0, 'left')], [1, 0.01]);
    assert.deepEqual([gradient('hardswish', -3, 'right'), gradient('hardswish', -3, 'left')], [-0.5, 0]);
    assert.deepEqual([gradient('hardswish', 3, 'right'), gradient('hardswish', 3, 'left')], [1, 1.5]);
    // λ and λα of Klambauer et al. 2017, correctly rounded
    assert.deepEqual([gradient('selu', 0, 'right'), gradient('selu', 0, 'left')], [1.0507009873554805, 1.7580993408473768]);
  });
});
