/**
 * Derivatives of piecewise functions with the kink convention applied.
 * Every comparison is written so that NaN fails all of them and comes out as NaN.
 */
import { exactDecimal, type ExactContext } from '../arbitrary.ts';
import type { ExactActivation, ExactFormula, KinkConvention, ScalarActivation } from '../types.ts';

/** The exact formulas of a function whose plain double results are exact (x, constants, clamps). */
export function plainIsExact(scalar: ScalarActivation): ExactActivation {
  return { value: exactOfPlain(scalar.value), derivative: exactOfPlain(scalar.derivative) };
}

/**
 * The exact value of a plain formula's result, for a formula that does not round. Marked, so that
 * rounding to a lower dtype knows the double is exact and needs no decimal to place it.
 */
export function exactOfPlain(plain: (x: number) => number): ExactFormula {
  return Object.assign((x: number, D: ExactContext) => exactDecimal(D, plain(x)), { plainIsExact: true as const });
}

/** `below` left of `at`, `above` right of it; at `at` itself the convention picks. */
export function stepSlope(at: number, below: number, above: number, kink: KinkConvention): (x: number) => number {
  return kink === 'right'
    ? (x) => (x >= at ? above : x < at ? below : x)
    : (x) => (x > at ? above : x <= at ? below : x);
}

/** `below` left of `low`, `inside` between, `above` right of `high`; at the two kinks the convention picks. */
export function bandSlope(
  low: number,
  high: number,
  below: number,
  inside: number,
  above: number,
  kink: KinkConvention,
): (x: number) => number {
  return kink === 'right'
    ? (x) => (x < low ? below : x < high ? inside : x >= high ? above : x)
    : (x) => (x <= low ? below : x <= high ? inside : x > high ? above : x);
}

/** `slope` (a function of x) on one side of `at`, a constant on the other, the convention deciding at `at`. */
export function splitDerivative(
  at: number,
  below: (x: number) => number,
  above: (x: number) => number,
  kink: KinkConvention,
): (x: number) => number {
  return kink === 'right'
    ? (x) => (x >= at ? above(x) : below(x))
    : (x) => (x > at ? above(x) : below(x));
}
