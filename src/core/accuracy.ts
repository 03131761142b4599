/**
 * What act claims about its accuracy, and only what was measured: the worst errors come from
 * src/core/measured-accuracy.ts, which scripts/measure-accuracy.ts writes from every reference
 * point (the mpmath fixtures and the sweep of the whole double line, in float64 and the lower
 * dtypes); the near-root windows, where the gradient's terms cancel, are computed here from each
 * definition's NearRoot facts.
 */
import { MEASURED_ACCURACY } from './measured-accuracy.ts';
import { MEASURED_HIGHER_ACCURACY } from './measured-higher-accuracy.ts';
import type { ActivationDefinition, ElementwiseDefinition, Params } from './types.ts';

/** SPEC §7: the mixed bound applies where |f′(x)| < 2^-20 × the largest term of its formula. */
export const NEAR_ROOT_RATIO = 2 ** -20;

export interface FormatClaim {
  /** Worst error of the value, in ulps of the correctly rounded result. */
  readonly value: number;
  /** Worst error of the gradient, in ulps. */
  readonly gradient: number;
  /** How many reference points were measured. */
  readonly points: number;
}

/** The float64 figures, the count of points inside the near-root window, and each lower dtype's figures. */
export interface AccuracyClaim extends FormatClaim {
  readonly nearRootPoints?: number;
  readonly float32: FormatClaim;
  readonly float16: FormatClaim;
  readonly bfloat16: FormatClaim;
}

/** The measured accuracy of an element-wise function, or undefined when it has not been measured. */
export function accuracyOf(definition: ActivationDefinition): AccuracyClaim | undefined {
  return definition.kind === 'elementwise' ? MEASURED_ACCURACY[definition.name] : undefined;
}

/** The measured worst errors of f″, f‴ and ∂f/∂θ (issue 17), in float64 ulps. */
export interface HigherAccuracyClaim {
  /** Outside the near-root windows, in ulps of the result. */
  readonly second: number;
  readonly third: number;
  /** Inside the windows (where |f″| or |f‴| < 2^-20 × its largest term): in ulps of the largest term. */
  readonly nearRoot?: { readonly second: number; readonly third: number; readonly points: number };
  /** By parameter name. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly points: number;
}

/** The measured accuracy of an element-wise function's higher derivatives, or undefined. */
export function higherAccuracyOf(definition: ActivationDefinition): HigherAccuracyClaim | undefined {
  return definition.kind === 'elementwise' ? MEASURED_HIGHER_ACCURACY[definition.name] : undefined;
}

/** Whether every measured value and gradient, in every dtype, was the correctly rounded result. */
export function isCorrectlyRounded(claim: AccuracyClaim): boolean {
  return [claim, claim.float32, claim.float16, claim.bfloat16].every((format) => format.value === 0 && format.gradient === 0 && format.points > 0);
}

/**
 * The interval around f′'s root in which |f′(x)| < 2^-20 × largestTerm(x), found by bisection on
 * the gradient; undefined for a function without a near-root bound.
 */
export function nearRootWindow(
  definition: ElementwiseDefinition,
  params: Params,
  derivative: (x: number) => number,
): readonly [number, number] | undefined {
  const facts = definition.nearRoot;
  if (!facts) return undefined;
  const inside = (x: number): boolean => Math.abs(derivative(x)) < NEAR_ROOT_RATIO * facts.largestTerm(x, params);
  // The root itself: f′ changes sign across it.
  const guess = facts.root(params);
  const [low, high] = [guess - 0.01 * Math.abs(guess), guess + 0.01 * Math.abs(guess)];
  if (Math.sign(derivative(low)) === Math.sign(derivative(high))) return undefined;
  const root = bisectRoot(derivative, low, high);
  return [edge(root, -1, inside), edge(root, 1, inside)];
}

/**
 * The windows around the roots of f″ (order 2) or f‴ (order 3) in [−60, 60] where |f⁽ⁿ⁾(x)| <
 * 2^-20 × the largest term of its formula (SPEC §7): roots found as sign changes on a grid of
 * step 1/64 and bisected, each window walked out from its root and its edges bisected.
 */
export function higherNearRootWindows(definition: ElementwiseDefinition, params: Params, order: 2 | 3): Array<readonly [number, number]> {
  const largest = definition.higherLargestTerm;
  if (!largest) return [];
  const higher = definition.higher(params, 'right');
  const f = order === 2 ? higher.second : higher.third;
  const inside = (x: number): boolean => Math.abs(f(x)) < NEAR_ROOT_RATIO * largest(x, params, order);
  const windows: Array<readonly [number, number]> = [];
  // A root of f⁽ⁿ⁾ at 0 itself keeps its relative accuracy; only roots away from 0 cancel.
  for (const root of signChanges(f, -60, 60)) if (root !== 0 && inside(root)) windows.push([edge(root, -1, inside), edge(root, 1, inside)]);
  return windows;
}

/**
 * The roots of f in [from, to]: the grid points of step 1/64 where f is 0 between non-zero
 * neighbours (not a piece where f is 0 throughout), and each sign change between neighbours
 * bisected down to adjacent doubles (the point on the first sign's side).
 */
export function signChanges(f: (x: number) => number, from: number, to: number): number[] {
  const roots: number[] = [];
  let previous = f(from);
  for (let i = from * 64 + 1; i <= to * 64; i++) {
    const x = i / 64;
    const current = f(x);
    if (current === 0 && previous !== 0 && f(x + 1 / 64) !== 0) roots.push(x);
    else if (Math.sign(current) * Math.sign(previous) < 0) roots.push(bisectRoot(f, x - 1 / 64, x));
    previous = current;
  }
  return roots;
}

/** Bisection of a sign change of f in [low, high] down to adjacent doubles: the point on low's side. */
function bisectRoot(f: (x: number) => number, low: number, high: number): number {
  const lowSign = Math.sign(f(low));
  for (let i = 0; i < 200; i++) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    if (Math.sign(f(middle)) === lowSign) low = middle;
    else high = middle;
  }
  return low;
}

/** The last point from `root` in `direction` that is still inside the window. */
function edge(root: number, direction: 1 | -1, inside: (x: number) => boolean): number {
  let step = Math.max(Math.abs(root) * 2 ** -50, Number.MIN_VALUE);
  let inner = root;
  let outer = root + direction * step;
  while (inside(outer)) {
    inner = outer;
    step *= 2;
    outer = root + direction * step;
  }
  for (let i = 0; i < 200; i++) {
    const middle = (inner + outer) / 2;
    if (middle === inner || middle === outer) break;
    if (inside(middle)) inner = middle;
    else outer = middle;
  }
  return inner;
}
