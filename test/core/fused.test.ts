/**
 * The definitions' own loops (fused.ts) give, bit for bit, what value() and gradient() give — which
 * the reference tests hold to mpmath — at every reference point of every fused function (binades,
 * branch points ± 2 ulp, kinks, extremes), under both kink conventions, and at the special inputs;
 * and over the sweep of the whole double line with the loops' own switches.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE, evaluateInto, getActivation } from '../../src/index.ts';
import { loadReferenceCases } from '../helpers/fixtures.ts';
import { nextDouble, sweepCases } from '../helpers/sweep.ts';
import type { ElementwiseDefinition } from '../../src/core/types.ts';
import { EXP_SUBNORMAL, QUICK_EXPONENTIAL_BELOW, complement, expUncached, extended, sigmoidPairOf, sigmoidsOfExponential } from '../../src/core/extended.ts';
import { log1pExtended } from '../../src/core/special.ts';
import { twoProductError, twoSumError } from '../../src/core/double-double.ts';

/** The distance of hi + lo (normalised, a normal double) from the nearest rounding midpoint, relative to |hi|. */
function midpointDistance(hi: number, lo: number): number {
  const ulp = 2 ** (Math.floor(Math.log2(Math.abs(hi))) - 52);
  return Math.abs(Math.abs(lo) - ulp / 2) / Math.abs(hi);
}

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e-300, -1e-300, 1e300, -1e300, 6, -6, 3, -3, 20, -20, 1, -1];

const fusedDefinitions = CATALOGUE.filter((definition): definition is ElementwiseDefinition => definition.kind === 'elementwise' && definition.fused !== undefined);

describe('fused loops', () => {
  it('exist for the functions of the core benchmark', () => {
    assert.deepEqual(
      fusedDefinitions.map((definition) => definition.name).sort(),
      ['elu', 'gelu', 'leaky_relu', 'relu', 'relu6', 'selu', 'sigmoid', 'silu', 'softplus', 'tanh'],
    );
  });

  for (const definition of fusedDefinitions) {
    it(`${definition.name}: the loop equals value() and gradient() at every reference point, both kink conventions`, () => {
      const cases = loadReferenceCases(definition.name);
      assert.ok(cases.length > 0);
      for (const reference of cases) {
        for (const kink of ['right', 'left'] as const) {
          const activation = getActivation(definition.name, reference.params, { kink });
          assert.ok(activation.fused, `${definition.name} ${JSON.stringify(reference.params)} has no fused loop`);
          const kinks = activation.kinks.flatMap((k) => [k.at, k.at - Math.abs(k.at) * 2 ** -52 - 5e-324, k.at + Math.abs(k.at) * 2 ** -52 + 5e-324]);
          const xs = Float64Array.from([...reference.points.map((row) => row[0]), ...SPECIAL, ...kinks]);
          const values = new Float64Array(xs.length);
          const gradients = new Float64Array(xs.length);
          evaluateInto(activation, xs, values, gradients);
          for (let i = 0; i < xs.length; i++) {
            const x = xs[i];
            assert.ok(Object.is(values[i], activation.value(x)), `${definition.name}(${x}) ${JSON.stringify(reference.params)} ${kink}: ${values[i]} vs ${activation.value(x)}`);
            assert.ok(Object.is(gradients[i], activation.gradient(x)), `${definition.name}'(${x}) ${JSON.stringify(reference.params)} ${kink}: ${gradients[i]} vs ${activation.gradient(x)}`);
          }
        }
      }
    });
  }

  // Where the loops switch between deciding in place and asking the activation (e^x subnormal,
  // tanh's 0.5 and 20, gelu's −37 and 26, expm1's series below 2^-10, 708 and 709, the quick
  // exponential's lower end), ±2 ulp.
  const switches = [EXP_SUBNORMAL, QUICK_EXPONENTIAL_BELOW, 0.5, 20, 37, 26, 2 ** -10, 708, 709].flatMap((at) => [at, -at]).flatMap((at) => [-2, -1, 0, 1, 2].map((steps) => nextDouble(at, steps)));

  for (const definition of fusedDefinitions) {
    it(`${definition.name}: the loop equals value() and gradient() over the sweep (every binade, branch points ± 2 ulp) and the loops' switches`, () => {
      for (const sweep of sweepCases(definition)) {
        for (const kink of ['right', 'left'] as const) {
          const activation = getActivation(definition.name, sweep.params, { kink });
          const xs = Float64Array.from([...sweep.points, ...switches]);
          const values = new Float64Array(xs.length);
          const gradients = new Float64Array(xs.length);
          evaluateInto(activation, xs, values, gradients);
          for (let i = 0; i < xs.length; i++) {
            const x = xs[i];
            assert.ok(Object.is(values[i], activation.value(x)), `${definition.name}(${x}) ${JSON.stringify(sweep.params)} ${kink}: ${values[i]} vs ${activation.value(x)}`);
            assert.ok(Object.is(gradients[i], activation.gradient(x)), `${definition.name}'(${x}) ${JSON.stringify(sweep.params)} ${kink}: ${gradients[i]} vs ${activation.gradient(x)}`);
          }
        }
      }
    });
  }

  // Inputs whose value or gradient lies within 2^-70 of a rounding midpoint, where a quick step
  // off by more than that would round the wrong way: random inputs almost never land there, so
  // they are searched for with the accurate (2^-88) exponential. (The quick step's bound itself is
  // held to mpmath in exponential.test.ts.)
  /** x in the golden ratio's low-discrepancy sequence over −2^(low + span) … −2^low, whose value or gradient (as accurate double-doubles) lies within 2^-70 of a midpoint. */
  const nearMidpoints = (low: number, span: number, accurate: (x: number) => [number, number, number, number]): number[] => {
    const found: number[] = [];
    for (let sample = 1; sample <= 3_000_000 && found.length < 24; sample++) {
      const x = -(2 ** (span * ((sample * 0.6180339887498949) % 1) + low));
      const [value, valueLow, gradient, gradientLow] = accurate(x);
      if (midpointDistance(value, valueLow) < 2 ** -70 || midpointDistance(gradient, gradientLow) < 2 ** -70) found.push(x);
    }
    return found;
  };
  const exponentialLinear = (cHigh: number, cLow: number) => (x: number): [number, number, number, number] => {
    expUncached(x, 0);
    const slope = cHigh * extended.hi;
    const slopeLow = twoProductError(cHigh, extended.hi, slope) + cHigh * extended.lo + cLow * extended.hi;
    const value = slope - cHigh;
    return [value, twoSumError(slope, -cHigh, value) + slopeLow - cLow, slope, slopeLow];
  };
  const sigmoidPair = (x: number): [number, number, number, number] => {
    sigmoidPairOf(x);
    const slope = extended.hi * complement.hi;
    return [extended.hi, extended.lo, slope, twoProductError(extended.hi, complement.hi, slope) + extended.hi * complement.lo + extended.lo * complement.hi];
  };
  const siluPair = (x: number): [number, number, number, number] => {
    sigmoidPairOf(x);
    const product = x * extended.hi;
    const term = x * complement.hi;
    const termLow = twoProductError(x, complement.hi, term) + x * complement.lo;
    const sum = 1 + term;
    const sumLow = twoSumError(1, term, sum) + termLow;
    const slope = extended.hi * sum;
    return [product, twoProductError(x, extended.hi, product) + x * extended.lo, slope, twoProductError(extended.hi, sum, slope) + extended.hi * sumLow + extended.lo * sum];
  };
  const tanhPair = (x: number): [number, number, number, number] => {
    sigmoidPairOf(2 * x);
    const magnitude = extended.hi - complement.hi;
    const square = extended.hi * complement.hi;
    return [magnitude, twoSumError(extended.hi, -complement.hi, magnitude) + extended.lo - complement.lo, 4 * square, 4 * (twoProductError(extended.hi, complement.hi, square) + extended.hi * complement.lo + extended.lo * complement.hi)];
  };
  const softplusPair = (x: number): [number, number, number, number] => {
    expUncached(-Math.abs(x), 0);
    const e = extended.hi;
    const eLow = extended.lo;
    sigmoidsOfExponential(e, eLow);
    const [gate, gateLow] = x < 0 ? [complement.hi, complement.lo] : [extended.hi, extended.lo];
    log1pExtended(e, eLow);
    if (x < 0) return [extended.hi, extended.lo, gate, gateLow];
    const value = x + extended.hi;
    return [value, twoSumError(x, extended.hi, value) + extended.lo, gate, gateLow];
  };
  for (const [name, params, low, span, accurate] of [
    ['elu', {}, -10, 15, exponentialLinear(1, 0)],
    ['elu', { alpha: 0.75 }, -10, 15, exponentialLinear(0.75, 0)],
    ['selu', {}, -10, 15, exponentialLinear(1.7580993408473768, 1.41535193800845e-17)],
    ['sigmoid', {}, -30, 39, sigmoidPair],
    ['silu', {}, -30, 39, siluPair],
    ['tanh', {}, -1, 5.3, tanhPair],
    ['softplus', {}, -30, 39, softplusPair],
  ] as const) {
    it(`${name} ${JSON.stringify(params)}: the loop equals value() and gradient() where they lie within 2^-70 of a rounding midpoint`, () => {
      const found = nearMidpoints(low, span, accurate);
      assert.ok(found.length >= 8, `only ${found.length} near-midpoint inputs found`);
      const activation = getActivation(name, params);
      const xs = Float64Array.from([...found, ...found.map((x) => -x)]);
      const values = new Float64Array(xs.length);
      const gradients = new Float64Array(xs.length);
      evaluateInto(activation, xs, values, gradients);
      for (let i = 0; i < xs.length; i++) {
        assert.ok(Object.is(values[i], activation.value(xs[i])), `${name}(${xs[i]}): ${values[i]} vs ${activation.value(xs[i])}`);
        assert.ok(Object.is(gradients[i], activation.gradient(xs[i])), `${name}'(${xs[i]}): ${gradients[i]} vs ${activation.gradient(xs[i])}`);
      }
    });
  }

  it('selu: the loop equals value() where λx lies within 2^-70 of a rounding midpoint (its tiny-error test above 0)', () => {
    // λ as two doubles (its 32 published digits): λx = sHigh·x (exact with its error) + sLow·x.
    const [scale, scaleLow] = [1.0507009873554805, 3.9874847667154144e-17];
    const found: number[] = [];
    for (let sample = 1; sample <= 20_000_000 && found.length < 16; sample++) {
      const x = 2 ** (40 * ((sample * 0.6180339887498949) % 1) - 20);
      const product = scale * x;
      if (midpointDistance(product, twoProductError(scale, x, product) + scaleLow * x) < 2 ** -70) found.push(x);
    }
    assert.ok(found.length >= 8, `only ${found.length} near-midpoint inputs found`);
    const activation = getActivation('selu');
    const xs = Float64Array.from(found);
    const values = new Float64Array(xs.length);
    const gradients = new Float64Array(xs.length);
    evaluateInto(activation, xs, values, gradients);
    for (let i = 0; i < xs.length; i++) assert.ok(Object.is(values[i], activation.value(xs[i])), `selu(${xs[i]}): ${values[i]} vs ${activation.value(xs[i])}`);
  });

  it('is not used where a framework decides the kinks, nor in a lower dtype', () => {
    assert.equal(getActivation('relu', {}, { like: 'torch' }).fused, undefined);
    assert.equal(getActivation('sigmoid', {}, { dtype: 'float32' }).fused, undefined);
    assert.notEqual(getActivation('relu', {}, { like: 'torch', kink: 'right' }).fused, undefined);
  });
});
