/**
 * Fused loops: each definition that has one (`fused`) writes its loop over many x in its own
 * module, calling its kernels directly. A loop shared by every function calls value() and
 * gradient() through call sites that see every function of the process: once a few have run
 * there, V8 stops inlining them and every call boxes its double argument and result. A loop of
 * the definition's own sees only its kernels, and stays fast whatever else runs. No code is
 * generated at run time: the loops are written out, one per definition.
 *
 * The loops decide correct rounding as correctlyRounded() does, with `decideInto`: the kernel's
 * double-double result and bound, decided here, or the activation's own path when undecided. The
 * loops of the smooth functions compute value and gradient together in place (what they share,
 * once: an exponential, a quotient) and decide with correct-rounding.ts's `nearestWithin`, the
 * same rule, asking the activation where it leaves a result open (`writeOrAsk`). Two functions do
 * not share a loop made by one factory either: V8 specialises a closure's code to the constants
 * it holds only while it is the one made at its place in the source (exponential-linear.ts).
 */
import { nearestWithin, roundingStatistics } from './correct-rounding.ts';
import { extended } from './extended.ts';
import type { ExtendedActivation, FusedParts, Kink } from './types.ts';

/**
 * Writes to out[index] the double that `bound` (a kernel's return, its result in `extended`)
 * decides, or the answer of `slow(x)` (the activation's value or gradient: its own fast path
 * again, then its slow path). Written, not returned: a double returned from a call that V8 does
 * not inline is a new heap number.
 */
export function decideInto(bound: number, slow: (x: number) => number, x: number, out: Float64Array, index: number): void {
  const hi = extended.hi;
  const lo = extended.lo;
  // decideDouble's cases, without its `undefined`, which made V8 box every decided double.
  const decided = bound < 0 ? hi : bound === 0 ? (lo === 0 ? hi : hi + lo) : nearestWithin(hi, lo, bound);
  if (decided !== decided && !(bound <= 0)) {
    out[index] = slow(x);
    return;
  }
  roundingStatistics.fast++;
  out[index] = decided;
}

/**
 * For the loops that decide in place: out[index] = `decided` (their nearestWithin's answer) where
 * it is a double, else slow(x), the activation's own answer (its fast path again, then its slow
 * path). Returns 1 for a decided result, which the loops count, else 0. Small enough for V8 to
 * inline, so the double it is passed is not boxed.
 */
export function writeOrAsk(decided: number, slow: (x: number) => number, x: number, out: Float64Array, index: number): number {
  if (decided === decided) {
    out[index] = decided;
    return 1;
  }
  out[index] = slow(x);
  return 0;
}

/**
 * For a loop's quick step: writes value and gradient (their nearestWithin answers) and returns true
 * when both are decided; else writes nothing, and the loop goes on to its accurate step.
 */
export function writeBothIfDecided(value: number, gradient: number, values: Float64Array, gradients: Float64Array, index: number): boolean {
  if (value !== value || gradient !== gradient) return false;
  values[index] = value;
  gradients[index] = gradient;
  return true;
}

/** The kernels and kink a fused loop calls (FusedParts), from the activation's own kernels. */
export function fusedParts(kernels: ExtendedActivation | undefined, kinks: readonly Kink[]): FusedParts | undefined {
  if (!kernels?.value || !kernels.derivative || kinks.length > 1) return undefined;
  return { value: kernels.value, derivative: kernels.derivative, at: kinks.length === 1 ? kinks[0].at : NaN };
}
