/**
 * Correct rounding (Ziv's strategy): every value and gradient is the exact result rounded once
 * to the dtype.
 *
 * - Fast path: the definition's double-double kernel gives f(x) as hi + lo and a bound on its
 *   error. If every number within the bound rounds to the same double, that double is the
 *   answer.
 * - Slow path, when the bound straddles a rounding boundary: the definition's exact formula in
 *   decimal.js at 34 significant digits and again at 54, whose difference bounds the error of
 *   the second; the precision doubles until the rounding is decided (a result that is itself a
 *   midpoint, or a double, is exact at the last level and rounds ties-to-even).
 * - Lower dtypes round the correctly rounded double once more, which is only wrong when that
 *   double is exactly a midpoint of the lower format: there the side of the exact value decides.
 * - Vector outputs (roundOutputs) are decided the same way, with a second look between the two
 *   paths: the whole vector's exponentials again to 2^-100, prepared once for all that are open.
 * A decimal is turned into a double by exact comparison with the midpoints (arbitrary.ts
 * roundsTo), never by Number(string), which V8 does not round correctly everywhere.
 */
import { contextWithDigits, exactDecimal, nearestDouble, roundsTo, type Exact } from './arbitrary.ts';
import type { ExactFormula, ExactOutputs } from './types.ts';
import { extended } from './extended.ts';
import { otherNeighbourAtMidpoint, rounderFor, roundTo, type DType } from './precision.ts';

/** A double-double kernel: writes hi + lo into `extended` and returns the bound on its error (Infinity: no fast answer). */
export type ExtendedKernel = (x: number) => number;

/** How often each path ran (the benchmark reports the slow path's share). */
export const roundingStatistics = { fast: 0, slow: 0 };

let slowPathEnabled = true;

/**
 * Turns the slow path off (tests only: they show the hard cases need it). Without it an
 * undecided result is hi + lo rounded, which can be wrong by one ulp.
 */
export function setSlowPathEnabled(enabled: boolean): void {
  slowPathEnabled = enabled;
}

// Significant digits of the slow path's levels; 1000 is the most decimal.js's π allows. Each
// level also runs at 20 more digits to bound its own error.
const LEVELS = [34, 68, 136, 272, 544, 1000];
const CHECK_DIGITS = 20;

/**
 * The double nearest hi + lo if every number within `bound` of it rounds to that same double,
 * else undefined. A bound of 0 says hi + lo is exact, a negative one (SETTLED) that hi is the answer.
 */
export function decideDouble(hi: number, lo: number, bound: number): number | undefined {
  if (bound < 0) return hi;
  if (bound === 0) return lo === 0 ? hi : hi + lo;
  if (!(bound < Infinity)) return undefined;
  const decided = nearestWithin(hi, lo, bound);
  return decided === decided ? decided : undefined;
}

/**
 * decideDouble for a bound > 0 (Infinity or NaN: never decided), with NaN for "undecided": for
 * the definitions' own loops (fused.ts), which keep hi and lo in locals and call this where V8
 * inlines it (through `extended` and decideInto it cost about 4 ns a result).
 */
export function nearestWithin(hi: number, lo: number, bound: number): number {
  // Widened so that the two roundings of hi + (lo ± margin) cannot pull the ends inwards.
  const margin = bound * (1 + 2 ** -20) + Math.abs(lo) * 2 ** -50 + 5e-324;
  const low = hi + (lo - margin);
  const high = hi + (lo + margin);
  // Object.is(low, high), the signs of zeros compared through their reciprocals; 0 / 0, not the
  // global NaN, whose load made V8 box every result of the inlined call (16 bytes each).
  return low === high && (low !== 0 || 1 / low === 1 / high) ? low : 0 / 0;
}

// 1 + 2^-40: CRlibm's rounding test (nearestForTinyError) stretches the residual by 2^-40 of itself.
const TINY_ERROR_STRETCH = 1 + 2 ** -40;

/**
 * hi + lo rounded once, for a sum whose error is below 2^-100·|hi| (an exact product's error plus
 * a tiny one), with |lo| ≤ |hi| and hi ≥ SMALLEST_EXTENDED in size; NaN when it lies too close to a
 * rounding boundary (about 2^-40 of the results) or is not finite. CRlibm's test: the sum's own
 * residual, stretched by 2^-40 of itself (≥ 2^-95·|hi| wherever it nears half an ulp), still rounds
 * back to the sum: one product and one sum, where nearestWithin takes four and two sums.
 */
export function nearestForTinyError(hi: number, lo: number): number {
  const sum = hi + lo;
  // Fast2Sum: exact, as |hi| ≥ |lo|.
  const residual = lo - (sum - hi);
  return sum === sum + residual * TINY_ERROR_STRETCH ? sum : 0 / 0;
}

/** The sign of (hi + lo) − r if the bound decides it, else undefined (r a double near hi). */
function decideSide(hi: number, lo: number, bound: number, r: number): number | undefined {
  if (!(bound >= 0 && bound < Infinity)) return undefined;
  // hi − r is exact: both are doubles within a few ulps of each other.
  const difference = hi - r + lo;
  const margin = bound * (1 + 2 ** -20) + Math.abs(difference) * 2 ** -50;
  if (difference - margin > 0) return 1;
  if (difference + margin < 0) return -1;
  return bound === 0 && difference === 0 ? 0 : undefined;
}

/**
 * Runs the exact formula at rising precision until `decide` answers from the interval
 * [low, high] that holds the exact value; `last` answers from the most precise value when
 * no level decides (the value is then exact: a midpoint or a representable number).
 */
function slowPath<T>(formula: ExactFormula, x: number, decide: (low: Exact, high: Exact, value: Exact) => T | undefined, last: (value: Exact) => T): T {
  let value: Exact | undefined;
  for (const digits of LEVELS) {
    const coarse = contextWithDigits(digits);
    const fine = contextWithDigits(digits + CHECK_DIGITS);
    const estimate = formula(x, coarse);
    value = formula(x, fine);
    // |coarse − fine| bounds the fine value's error (it is 10^20 times smaller), and a relative
    // 10^-digits covers a coarse value that happens to agree with it digit for digit.
    const bound = value.minus(estimate).abs().plus(value.abs().times(new fine(10).pow(-digits)));
    const decided = decide(value.minus(bound), value.plus(bound), value);
    if (decided !== undefined) return decided;
  }
  return last(value!);
}

/** The double nearest the exact value of the formula at x. */
function slowNearest(formula: ExactFormula, x: number, plain: number): number {
  return slowPath(
    formula,
    x,
    (low, high, value) => {
      const candidate = value.toNumber();
      return roundsTo(candidate, low, high) ? candidate : undefined;
    },
    // An exact zero takes its sign from the plain formula (gelu(−0) = −0).
    (value) => (value.isZero() ? plain : nearestDouble(value)),
  );
}

/** The sign of the exact value minus the double r. */
function slowSide(formula: ExactFormula, x: number, r: number): number {
  const fine = contextWithDigits(LEVELS[LEVELS.length - 1] + CHECK_DIGITS);
  const exactR = exactDecimal(fine, r);
  return slowPath(
    formula,
    x,
    (low, high) => (low.gt(exactR) ? 1 : high.lt(exactR) ? -1 : undefined),
    (value) => value.cmp(exactR),
  );
}

/**
 * One correctly rounded function (a value or a derivative) for a dtype: the plain double
 * formula, the double-double kernel (absent when the plain formula rounds only once), and the
 * exact formula.
 */
/**
 * A lower dtype's answer from a cheap estimate and its absolute error bound, when every value the
 * bound allows rounds to the same number of the dtype (no midpoint inside, none at either end, a
 * known sign); undefined otherwise.
 */
function decideLower(dtype: DType, estimate: ExtendedKernel, x: number): number | undefined {
  const bound = estimate(x);
  const guess = extended.hi;
  if (!(bound >= 0 && bound < Infinity) || !Number.isFinite(guess)) return undefined;
  // Twice the bound and an ulp of the guess more: guess ± margin is rounded itself.
  const margin = 2 * bound + Math.abs(guess) * 2 ** -51 + Number.MIN_VALUE;
  const low = guess - margin;
  const high = guess + margin;
  if (low <= 0 && high >= 0) return undefined;
  const rounded = roundTo(dtype, low);
  if (roundTo(dtype, high) !== rounded) return undefined;
  if (otherNeighbourAtMidpoint(dtype, low) !== undefined || otherNeighbourAtMidpoint(dtype, high) !== undefined) return undefined;
  return rounded;
}

export function correctlyRounded(
  plain: (x: number) => number,
  fast: ExtendedKernel | undefined,
  exact: ExactFormula,
  dtype: DType,
  estimate?: ExtendedKernel,
): (x: number) => number {
  if (fast === undefined && dtype === 'float64') return plain;
  const nearest = (x: number): number => {
    if (fast === undefined || !Number.isFinite(x)) return plain(x);
    const bound = fast(x);
    const decided = decideDouble(extended.hi, extended.lo, bound);
    if (decided !== undefined) {
      roundingStatistics.fast++;
      return decided;
    }
    roundingStatistics.slow++;
    if (!slowPathEnabled) return extended.hi;
    return slowNearest(exact, x, plain(x));
  };
  if (dtype === 'float64') return nearest;
  const round = rounderFor(dtype);
  return (x: number): number => {
    const input = round(x);
    if (estimate !== undefined) {
      const decided = decideLower(dtype, estimate, input);
      if (decided !== undefined) {
        roundingStatistics.fast++;
        return decided;
      }
    }
    const r = nearest(input);
    const other = otherNeighbourAtMidpoint(dtype, r);
    if (other === undefined) return round(r);
    // r is a midpoint of the dtype: the exact value's side of it decides (exactly on it: ties to even).
    let side: number | undefined;
    if (fast !== undefined) {
      const bound = fast(input);
      side = decideSide(extended.hi, extended.lo, bound, r);
    }
    // A formula whose plain double is exact (piecewise.ts, exactOfPlain) puts the value on the midpoint itself.
    if (side === undefined) side = 'plainIsExact' in exact ? 0 : slowPathEnabled ? slowSide(exact, input, r) : 0;
    if (side === 0) return round(r);
    const rounded = round(r);
    return side > 0 ? Math.max(rounded, other) : Math.min(rounded, other);
  };
}


/**
 * The bound of a vector function's output in `extended`: `relative` of it (2^-72 for exponentials
 * good to 2^-88, 2^-92 for those good to 2^-100); 0 for an exact zero (a masked entry), Infinity
 * near underflow, where the low part is lost.
 */
export function vectorBound(relative: number): number {
  const magnitude = Math.abs(extended.hi);
  return magnitude >= 2 ** -960 ? magnitude * relative : extended.hi === 0 && extended.lo === 0 ? 0 : Infinity;
}

/**
 * Correctly rounded outputs 0 … count − 1 of a vector function: the double-double kernel's
 * decision (`fast(i)` writes `extended`, returns its bound); for the few it leaves open, a second
 * look with exponentials good to 2^-100 (`accurate()` prepares it once, over the whole vector);
 * for what is still open, the exact formula at rising precision.
 */
export function roundOutputs(count: number, fast: (i: number) => number, accurate: (() => (i: number) => number) | undefined, exact: ExactOutputs): Float64Array {
  const out = new Float64Array(count);
  let open: number[] = [];
  for (let i = 0; i < count; i++) {
    const bound = fast(i);
    const decided = decideDouble(extended.hi, extended.lo, bound);
    if (decided === undefined) open.push(i);
    else out[i] = decided;
  }
  roundingStatistics.fast += count - open.length;
  if (open.length === 0) return out;
  if (accurate) {
    const second = accurate();
    const still: number[] = [];
    for (const i of open) {
      const bound = second(i);
      const decided = decideDouble(extended.hi, extended.lo, bound);
      if (decided === undefined) still.push(i);
      else out[i] = decided;
    }
    open = still;
  }
  roundingStatistics.slow += open.length;
  if (open.length === 0) return out;
  if (!slowPathEnabled) {
    for (const i of open) {
      fast(i);
      out[i] = extended.hi;
    }
    return out;
  }
  let last = new Map<number, Exact>();
  for (const digits of LEVELS) {
    if (open.length === 0) return out;
    const coarse = exact(contextWithDigits(digits));
    const fine = exact(contextWithDigits(digits + CHECK_DIGITS));
    const still: number[] = [];
    last = new Map();
    for (const i of open) {
      const estimate = coarse(i);
      const value = fine(i);
      const bound = value.minus(estimate).abs().plus(value.abs().times(new (contextWithDigits(digits + CHECK_DIGITS))(10).pow(-digits)));
      const candidate = value.toNumber();
      if (roundsTo(candidate, value.minus(bound), value.plus(bound))) out[i] = candidate;
      else {
        still.push(i);
        last.set(i, value);
      }
    }
    open = still;
  }
  for (const i of open) {
    const value = last.get(i)!;
    out[i] = value.isZero() ? 0 : nearestDouble(value);
  }
  return out;
}

/**
 * Correctly rounded doubles rounded once more to a lower dtype: only wrong where one is exactly a
 * midpoint of the dtype, where the exact value's side of it decides.
 */
export function roundOutputsTo(dtype: DType, values: Float64Array, exact: ExactOutputs | undefined): Float64Array {
  const round = rounderFor(dtype);
  return values.map((r, i) => {
    const other = otherNeighbourAtMidpoint(dtype, r);
    if (other === undefined || exact === undefined || !slowPathEnabled) return round(r);
    const side = slowPath(
      (_x, D) => exact(D)(i),
      0,
      (low, high) => {
        const exactR = exactDecimal(contextWithDigits(LEVELS[LEVELS.length - 1] + CHECK_DIGITS), r);
        return low.gt(exactR) ? 1 : high.lt(exactR) ? -1 : undefined;
      },
      (value) => value.cmp(exactDecimal(contextWithDigits(LEVELS[LEVELS.length - 1] + CHECK_DIGITS), r)),
    );
    const rounded = round(r);
    return side === 0 ? rounded : side > 0 ? Math.max(rounded, other) : Math.min(rounded, other);
  });
}
