/**
 * The sweep of the whole double line (SPEC §7): every binade from 2^-1074 to 2^1023 of both
 * signs at three points each, and every branch point and kink of a definition with its
 * neighbours ±1 and ±2 ulp. The reference subset (one point per binade and sign, plus every
 * branch neighbourhood) is what scripts/generate_fixtures.py --sweep evaluates with mpmath.
 */
import { exampleParams, resolveParams } from '../../src/core/catalogue.ts';
import type { ElementwiseDefinition, Params } from '../../src/core/types.ts';
import { signChanges } from '../../src/core/accuracy.ts';

const float = new Float64Array(1);
const bits = new BigInt64Array(float.buffer);

/** The next double towards +∞ (steps > 0) or −∞ (steps < 0), |steps| times. */
export function nextDouble(x: number, steps: number): number {
  let value = x;
  for (let i = 0; i < Math.abs(steps); i++) {
    if (value === 0) {
      value = steps > 0 ? 5e-324 : -5e-324;
      continue;
    }
    float[0] = value;
    bits[0] += (value > 0) === steps > 0 ? 1n : -1n;
    value = float[0];
  }
  return value;
}

/** 2^e for −1074 ≤ e ≤ 1023, exactly. */
function powerOfTwo(e: number): number {
  return e < -1000 ? 2 ** (e + 100) * 2 ** -100 : 2 ** e;
}

// A fixed irrational step spreads the mid-binade points over the significand.
const GOLDEN = 0.6180339887498949;

export interface BinadePoints {
  /** Every sweep point: 2^e, a point inside the binade and the binade's largest double, both signs. */
  readonly all: readonly number[];
  /** One point inside each binade, both signs. */
  readonly reference: readonly number[];
}

let binades: BinadePoints | undefined;

export function binadePoints(): BinadePoints {
  if (binades) return binades;
  const all: number[] = [];
  const reference: number[] = [];
  for (let e = -1074; e <= 1023; e++) {
    const low = powerOfTwo(e);
    const top = e === 1023 ? Number.MAX_VALUE : nextDouble(powerOfTwo(e + 1), -1);
    const fraction = (((e + 1075) * GOLDEN) % 1) * 0.98 + 0.01;
    // low·(1 + fraction), rounded into the binade (subnormal binades hold few doubles)
    const middle = Math.min(Math.max(low * (1 + fraction), low), top);
    for (const sign of [1, -1]) {
      all.push(sign * low, sign * middle, sign * top);
      reference.push(sign * middle);
    }
  }
  binades = { all, reference };
  return binades;
}

/** A definition's branch points and kinks, each with its neighbours ±1 and ±2 ulp. */
export function branchNeighbourhoods(definition: ElementwiseDefinition, params: Params): number[] {
  const centres = [...(definition.branchPoints?.(params) ?? []), ...definition.kinks(params).map((kink) => kink.at)];
  const points: number[] = [0, -0];
  for (const centre of centres) {
    if (!Number.isFinite(centre)) continue;
    for (let steps = -2; steps <= 2; steps++) points.push(nextDouble(centre, steps));
  }
  return points;
}

/** Points where users reported errors (issue #11): each stays in the reference for good. */
const REPORTED: Readonly<Record<string, readonly number[]>> = {
  gelu: [39, 39.5, 40, -21.274090198336395, -0.7976432247093683],
  silu: [-0.8398772459294074, -1.2814976632075528],
  swish: [-0.8398772459294074, -1.2814976632075528],
  mish: [-1.1917305517194947, 23.14330751733428],
  sigmoid: [-1.472606519291704e-7],
  tanh: [-0.2284031537967967],
};

/**
 * Ordinary inputs as users send them, which the binade points alone sample too thinly to catch an
 * error of the libraries underneath (Math.tanh is 1.6 ulp off at −0.2284031537967967): 1,500
 * uniform in [−12, 12] and 1,000 log-uniform with magnitudes 2^-30 … 2^30, from a fixed seed.
 */
function ordinaryPoints(): number[] {
  let state = 0x2545f491;
  const random = (): number => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const points: number[] = [];
  for (let i = 0; i < 1500; i++) points.push(-12 + 24 * random());
  for (let i = 0; i < 1000; i++) points.push((random() < 0.5 ? -1 : 1) * 2 ** (-30 + 60 * random()));
  return points;
}

export interface SweepCase {
  readonly params: Params;
  /** Every point the oracle-free checks run on. */
  readonly points: readonly number[];
  /** The points the mpmath reference covers. */
  readonly reference: readonly number[];
}

/** The sweep for a definition at its defaults and at the parameters its help examples use. */
export function sweepCases(definition: ElementwiseDefinition): SweepCase[] {
  const settings = [resolveParams(definition)];
  const shown = exampleParams(definition);
  const example = shown && resolveParams(definition, shown);
  if (example && Object.entries(example).some(([key, value]) => !Object.is(value, settings[0][key]))) settings.push(example);
  return settings.map((params) => {
    const neighbourhoods = branchNeighbourhoods(definition, params);
    return {
      params,
      points: [...binadePoints().all, ...neighbourhoods],
      reference: unique([...binadePoints().reference, ...neighbourhoods, ...ordinaryPoints(), ...(REPORTED[definition.name] ?? [])]),
    };
  });
}

function unique(points: readonly number[]): number[] {
  const seen = new Set<string>();
  return points.filter((point) => {
    const key = Object.is(point, -0) ? '-0' : String(point);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The roots of f″ and f‴ in [−60, 60] (sign changes on a grid of step 1/64, bisected to adjacent
 * doubles), each with its neighbours ±2 ulp and at relative distances 2^-10 … 2^-40: where the
 * terms of the higher derivatives cancel. Only inputs come from act; mpmath gives the values.
 */
export function higherRoots(definition: ElementwiseDefinition, params: Params): number[] {
  const higher = definition.higher(params, 'right');
  const points: number[] = [];
  for (const f of [higher.second, higher.third]) {
    for (const root of signChanges(f, -60, 60)) {
      // A jump (a kink of f″) is not a root: only where f is small on both sides of it.
      const [before, after] = [f(nextDouble(root, -1)), f(nextDouble(root, 1))];
      if (root === 0 || Math.abs(before) + Math.abs(after) > 1e-6 * (Math.abs(f(root - 1 / 64)) + Math.abs(f(root + 1 / 64)))) continue;
      for (let steps = -2; steps <= 2; steps++) points.push(nextDouble(root, steps));
      for (const k of [10, 20, 30, 40]) points.push(root * (1 + 2 ** -k), root * (1 - 2 ** -k));
    }
  }
  return points;
}

/** The sweep of the higher derivatives: the sweep's reference points, the higher branch points ±2 ulp, the roots of f″ and f‴. */
export function higherSweepCases(definition: ElementwiseDefinition): SweepCase[] {
  return sweepCases(definition).map((sweep) => {
    const extra: number[] = [];
    for (const centre of [...(definition.higherBranchPoints?.(sweep.params) ?? []), 2 ** -600, -(2 ** -600)]) {
      if (!Number.isFinite(centre)) continue;
      for (let steps = -2; steps <= 2; steps++) extra.push(nextDouble(centre, steps));
    }
    const reference = unique([...sweep.reference, ...extra, ...higherRoots(definition, sweep.params)]);
    return { ...sweep, reference };
  });
}
