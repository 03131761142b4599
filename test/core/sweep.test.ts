/**
 * Oracle-free checks over the whole double line (test/helpers/sweep.ts): every binade of both
 * signs and every branch point ±2 ulp, for every element-wise function at its defaults and at
 * the parameters its help examples use. No NaN for a number in, finite values where the range
 * is bounded, the declared bounds, monotonicity and the sign of the gradient, parity, the
 * identities f(x) − f(−x) = x of the gates, and the gradient against a central difference.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE, resolveParams } from '../../src/core/catalogue.ts';
import { getActivation } from '../../src/core/evaluate.ts';
import type { ElementwiseDefinition } from '../../src/core/types.ts';
import { sweepCases } from '../helpers/sweep.ts';
import { ulpOf } from '../helpers/ulp.ts';

/** Functions with f(x) − f(−x) = x (so f′(x) + f′(−x) = 1), at the given parameters. */
const GATE_IDENTITY: Record<string, (params: Record<string, unknown>) => boolean> = {
  gelu: () => true,
  silu: () => true,
  swish: () => true,
  softplus: (params) => params.beta === 1 && params.threshold === null,
  log_sigmoid: () => true,
  sigmoid: () => false,
};

function isDefault(definition: ElementwiseDefinition, params: Record<string, unknown>): boolean {
  const defaults = resolveParams(definition);
  return Object.entries(defaults).every(([key, value]) => Object.is(params[key], value));
}

const number = new Intl.NumberFormat('en');

describe('sweep of the whole double line', () => {
  for (const definition of CATALOGUE) {
    if (definition.kind !== 'elementwise') continue;
    for (const sweep of sweepCases(definition)) {
      const label = `${definition.name} ${JSON.stringify(sweep.params)}`;
      it(`${label}: ${number.format(sweep.points.length)} sweep points — no NaN, bounds, monotonicity, parity, identities, central differences`, () => {
        const activation = getActivation(definition.name, sweep.params);
        const { value, gradient } = activation;
        const failures: string[] = [];
        const fail = (message: string): void => {
          if (failures.length < 10) failures.push(`${label}: ${message}`);
          else failures.push('');
        };
        const defaults = isDefault(definition, sweep.params);
        const [lower, upper] = definition.properties.bounds;
        const bounded = Number.isFinite(lower) && Number.isFinite(upper);
        const sorted = [...sweep.points].sort((a, b) => a - b);
        const kinks = activation.kinks.map((kink) => kink.at);
        const identity = GATE_IDENTITY[definition.name]?.(sweep.params) ?? false;
        let previous: { x: number; v: number } | undefined;
        for (const x of sorted) {
          const v = value(x);
          const g = gradient(x);
          if (Number.isNaN(v) || Number.isNaN(g)) {
            fail(`NaN at x = ${x}: value ${v}, gradient ${g}`);
            continue;
          }
          if (bounded && defaults && !Number.isFinite(v)) fail(`value ${v} at x = ${x} for a bounded function`);
          if (Number.isFinite(v) && !Number.isFinite(g)) fail(`gradient ${g} where the value ${v} is finite, x = ${x}`);
          if (defaults && (v < lower || v > upper)) fail(`value ${v} outside the bounds [${lower}, ${upper}] at x = ${x}`);
          const monotone = definition.properties.monotonicity !== 'not monotonic';
          if (monotone) {
            if (g < 0) fail(`negative gradient ${g} of a ${definition.properties.monotonicity} function at x = ${x}`);
            // Each value may be off by 2 ulp, so neighbours may cross by that much and no more.
            if (previous && v < previous.v && previous.v - v > 4 * ulpOf(previous.v)) {
              fail(`decreases from ${previous.v} at x = ${previous.x} to ${v} at x = ${x}`);
            }
          }
          previous = { x, v };
          const parity = definition.properties.parity;
          if (parity !== 'none' && defaults) {
            const mirrored = value(-x);
            // ±0 in, ±0 out with the sign for an odd function; a zero elsewhere (a band) may have either sign.
            if (parity === 'odd' && !Object.is(mirrored, -v) && !(v === 0 && mirrored === 0 && x !== 0)) fail(`odd function: f(${-x}) = ${mirrored}, f(${x}) = ${v}`);
            if (gradient(-x) !== g && !kinks.includes(Math.abs(x)) && !kinks.includes(-Math.abs(x))) fail(`gradient of a symmetric function: f′(${-x}) = ${gradient(-x)}, f′(${x}) = ${g}`);
          }
          if (identity && Number.isFinite(x)) {
            const difference = v - value(-x);
            const tolerance = 4 * ulpOf(Math.max(Math.abs(v), Math.abs(x), Number.MIN_VALUE));
            if (Math.abs(difference - x) > tolerance) fail(`f(x) − f(−x) = ${difference}, not x = ${x}`);
            const sum = g + gradient(-x);
            if (Math.abs(sum - 1) > 4 * ulpOf(1)) fail(`f′(x) + f′(−x) = ${sum}, not 1, at x = ${x}`);
          }
          if (definition.name === 'sigmoid') {
            const sum = v + value(-x);
            if (Math.abs(sum - 1) > 2 * ulpOf(1)) fail(`σ(x) + σ(−x) = ${sum} at x = ${x}`);
          }
          // Central difference with a relative step; the rounding of the values bounds what it can tell.
          const h = Math.max(Math.abs(x) * 2 ** -20, 2 ** -1000);
          const nearKink = kinks.some((at) => Math.abs(at - x) <= 2 * h);
          const branches = definition.branchPoints?.(sweep.params) ?? [];
          const nearBranch = branches.some((at) => Math.abs(at - x) <= 2 * h && at !== 0);
          // A step over more than 1/1000 of a period of snake or sine measures nothing.
          const tooCoarse = definition.period !== undefined && h > definition.period(sweep.params) / 1000;
          if (!nearKink && !nearBranch && !tooCoarse && Number.isFinite(x + h) && Number.isFinite(x - h)) {
            const above = value(x + h);
            const below = value(x - h);
            if (Number.isFinite(above) && Number.isFinite(below)) {
              const difference = (above - below) / (x + h - (x - h));
              const scale = Math.max(Math.abs(above), Math.abs(below));
              const tolerance = 1e-4 * Math.abs(g) + (8 * ulpOf(scale || Number.MIN_VALUE)) / h + Number.MIN_VALUE;
              if (Math.abs(difference - g) > tolerance) fail(`gradient ${g} but central difference ${difference} at x = ${x}`);
            }
          }
        }
        const shown = failures.filter(Boolean);
        assert.equal(failures.length, 0, `${failures.length} failures, the first:\n${shown.join('\n')}`);
      });
    }
  }

  // Issue 17: f″ and f‴ over the same sweep.
  for (const definition of CATALOGUE) {
    if (definition.kind !== 'elementwise') continue;
    for (const sweep of sweepCases(definition)) {
      const label = `${definition.name} ${JSON.stringify(sweep.params)}`;
      it(`${label}: f″ and f‴ at ${number.format(sweep.points.length)} sweep points — no NaN, parity, the gate identity, central differences of f′ and f″`, () => {
        const activation = getActivation(definition.name, sweep.params);
        const orders = [activation.gradient, activation.second, activation.third];
        const failures: string[] = [];
        const fail = (message: string): void => void failures.push(`${label}: ${message}`);
        const defaults = isDefault(definition, sweep.params);
        const parity = definition.properties.parity;
        const identity = GATE_IDENTITY[definition.name]?.(sweep.params) ?? false;
        const ends = [...activation.kinks.map((kink) => kink.at), ...(definition.higherJumps?.(sweep.params) ?? [])];
        const branches = [...(definition.branchPoints?.(sweep.params) ?? []), ...(definition.higherBranchPoints?.(sweep.params) ?? [])];
        for (const x of sweep.points) {
          for (const order of [2, 3] as const) {
            const f = orders[order - 1];
            const y = f(x);
            if (Number.isNaN(y)) {
              fail(`NaN f${order === 2 ? '″' : '‴'} at x = ${x}`);
              continue;
            }
            // f odd: f″ odd and f‴ even; f even: the other way round. The gates: f′(x) + f′(−x) = 1, so f″ is even and f‴ odd.
            const mirroredSign = parity === 'odd' ? (order === 2 ? -1 : 1) : parity === 'even' ? (order === 2 ? 1 : -1) : identity ? (order === 2 ? 1 : -1) : 0;
            if (mirroredSign !== 0 && (defaults || identity) && !ends.includes(Math.abs(x)) && !ends.includes(-Math.abs(x))) {
              const mirrored = f(-x);
              if (Math.abs(mirrored - mirroredSign * y) > 4 * ulpOf(Math.max(Math.abs(y), Number.MIN_VALUE))) fail(`f${order === 2 ? '″' : '‴'}(${-x}) = ${mirrored}, f${order === 2 ? '″' : '‴'}(${x}) = ${y}`);
            }
            // Central difference of the order below, with a relative step.
            const h = Math.max(Math.abs(x) * 2 ** -20, 2 ** -1000);
            const nearEnd = ends.some((at) => Math.abs(at - x) <= 2 * h);
            const nearBranch = branches.some((at) => Math.abs(at - x) <= 2 * h && at !== 0);
            const tooCoarse = definition.period !== undefined && h > definition.period(sweep.params) / 1000;
            if (nearEnd || nearBranch || tooCoarse || !Number.isFinite(x + h) || !Number.isFinite(x - h)) continue;
            const lower = orders[order - 2];
            const [above, below] = [lower(x + h), lower(x - h)];
            if (!Number.isFinite(above) || !Number.isFinite(below)) continue;
            const difference = (above - below) / (x + h - (x - h));
            const scale = Math.max(Math.abs(above), Math.abs(below));
            const tolerance = 1e-4 * Math.abs(y) + (8 * ulpOf(scale || Number.MIN_VALUE)) / h + Number.MIN_VALUE;
            if (Math.abs(difference - y) > tolerance) fail(`f${order === 2 ? '″' : '‴'} = ${y} but the central difference of the order below is ${difference} at x = ${x}`);
          }
        }
        assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
      });
    }
  }
});
