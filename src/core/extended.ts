/**
 * Fast double-double kernels (about 2^-85 relative error or better) for the gates that
 * cancel: e^x and σ(x) carried as two doubles, so that a formula like silu′'s
 * (1 + x) − x·σ(x) keeps its last bits when its terms nearly cancel.
 *
 * They allocate nothing: each kernel writes its result into `extended.hi` and
 * `extended.lo`, which the caller reads at once.
 */
import { productError, twoProductError, twoSumError } from './double-double.ts';
import { STEP_HIGH, STEP_LOW, TABLE_HIGH, TABLE_LOW } from './exponential-tables.ts';

/** The result of the last kernel call: hi + lo, |lo| ≤ ulp(hi)/2. */
export const extended = { hi: 0, lo: 0 };

// 2^(j/2048) for j = 0 … 2047 as two doubles, each the product of two entries of the coarse tables
// (exponential-tables.ts, from mpmath): error below 2^-100. Filled on first use (0: not yet):
// fineTableEntry.
const FINE_TABLE_HIGH = new Float64Array(2048);
const FINE_TABLE_LOW = new Float64Array(2048);

/** 2^(j/2048) = 2^((j >> 5)/64)·2^((j & 31)/2048), made on first use (at start-up, 2048 products would cost milliseconds of interpreted code). */
function fineTableEntry(j: number): number {
  const coarse = j >> 5;
  const step = j & 31;
  const high = TABLE_HIGH[coarse] * STEP_HIGH[step];
  const error = twoProductError(TABLE_HIGH[coarse], STEP_HIGH[step], high) + TABLE_HIGH[coarse] * STEP_LOW[step] + TABLE_LOW[coarse] * STEP_HIGH[step];
  const sum = high + error;
  FINE_TABLE_HIGH[j] = sum;
  FINE_TABLE_LOW[j] = error - (sum - high);
  return sum;
}

// ln 2 / 2048 in three parts (mpmath); the first two have 31-bit significands, so k·part is exact for |k| < 2^22.
const N_OVER_LN2 = 2954.639443740597;
const LN2_2048_A = 0.0003384507717782981;
const LN2_2048_B = -2.051228062273071e-14;
const LN2_2048_C = -5.594898792382194e-24;

// 2^m for −1022 ≤ m ≤ 1023, so that scaling by 2^m is a table read: `2 ** m` costs a hundred
// nanoseconds.
const POWERS_OF_TWO = powersOfTwo();

/**
 * Each 2^m written as its bits: the biased exponent m + 1023 in the top 16 bits of the double
 * (little-endian, as precision.ts reads them), all else 0. Small integers only, in a function of
 * its own: a loop of double arithmetic in the bundle's top level allocated a number per step and
 * had V8 compile the whole top level to machine code at every start-up.
 */
function powersOfTwo(): Float64Array {
  const table = new Float64Array(2046);
  const top16 = new Uint16Array(table.buffer);
  for (let m = -1022; m <= 1023; m++) top16[4 * (m + 1022) + 3] = (m + 1023) << 4;
  return table;
}

/** 2^m for −1022 ≤ m ≤ 1023. */
export function powerOfTwo(m: number): number {
  return POWERS_OF_TWO[m + 1022];
}

/** Largest x whose e^x is finite; below EXP_UNDERFLOW e^x is subnormal and its low part is lost. */
export const EXP_OVERFLOW = 709.782712893384;
export const EXP_SUBNORMAL = -708.3964185322641;

/**
 * e^(x + xLow) as two doubles, for x ≤ EXP_OVERFLOW (xLow ≪ ulp(x)), within 2^-88 relative (the
 * largest error measured against mpmath is 2^-90.5: test/core/exponential.test.ts). Below
 * EXP_SUBNORMAL the result is subnormal and only its high part is meaningful.
 * x = (2048m + j)·ln2/2048 + r, |r| ≤ ln2/4096, e^x = 2^m · 2^(j/2048) · e^r, with r²/2 carried
 * exactly and the higher terms in double.
 */
export function expExtended(x: number, xLow = 0): void {
  // A value and its gradient at the same x ask for the same exponential: the last one is kept.
  if (x === lastExponential.argument && xLow === lastExponential.argumentLow) {
    extended.hi = lastExponential.hi;
    extended.lo = lastExponential.lo;
    return;
  }
  expUncached(x, xLow);
  lastExponential.argument = x;
  lastExponential.argumentLow = xLow;
  lastExponential.hi = extended.hi;
  lastExponential.lo = extended.lo;
}

// The last exponential, in an object: its double fields are updated in place, where a module-level
// `let` would box a new heap number on every store (V8 11).
const lastExponential = { argument: NaN, argumentLow: 0, hi: NaN, lo: 0 };

/** The reduction x + xLow = k·ln2/2048 + r + rLow, |r| ≤ ln2/4096, into `reduced`. */
const reduced = { k: 0, r: 0, rLow: 0 };

function reduce(x: number, xLow: number): void {
  const k = Math.round(x * N_OVER_LN2);
  // x − k·A is exact (Sterbenz), and so is its difference with k·B; k·C's rounding is below 2^-120.
  const reducedA = x - k * LN2_2048_A;
  const b = k * LN2_2048_B;
  const rHigh0 = reducedA - b;
  const rLow0 = twoSumError(reducedA, -b, rHigh0) + xLow - k * LN2_2048_C;
  const r = rHigh0 + rLow0;
  reduced.k = k;
  reduced.r = r;
  reduced.rLow = rLow0 - (r - rHigh0);
}

/** expExtended without its memo of the last argument: for loops that ask once per x. */
export function expUncached(x: number, xLow: number): void {
  if (!(x <= EXP_OVERFLOW)) {
    extended.hi = x === x ? Infinity : x;
    extended.lo = 0;
    return;
  }
  if (x < -745.2) {
    extended.hi = 0;
    extended.lo = 0;
    return;
  }
  // reduce()'s steps, written out: through the `reduced` object they cost 10 % of this function
  // (31.5 against 28.9 ns a call in a loop of its own).
  const k = Math.round(x * N_OVER_LN2);
  const reducedA = x - k * LN2_2048_A;
  const b = k * LN2_2048_B;
  const r0 = reducedA - b;
  const rLow0 = twoSumError(reducedA, -b, r0) + xLow - k * LN2_2048_C;
  const r = r0 + rLow0;
  const rLow = rLow0 - (r - r0);
  // |r| ≤ ln2/4096 < 2^-12.5: e^r − 1 = r + r²/2 + …, r²/2 exactly as two doubles and the rest
  // (below 2^-38) in double, through r⁶/6! (r⁷/7! < 2^-100).
  const square = r * r;
  const half = 0.5 * square;
  const rest = rLow + 0.5 * twoProductError(r, r, square) + r * rLow + r * square * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))));
  const p = r + half;
  const pLow = twoSumError(r, half, p) + rest;
  const j = k & 2047;
  const m = (k - j) / 2048;
  let tHigh = FINE_TABLE_HIGH[j];
  if (tHigh === 0) tHigh = fineTableEntry(j);
  const tLow = FINE_TABLE_LOW[j];
  // 2^(j/2048)·(1 + p) = T + T·p
  const product = tHigh * p;
  const productLow = twoProductError(tHigh, p, product) + tHigh * pLow + tLow * p + tLow;
  const total = tHigh + product;
  const totalLow = twoSumError(tHigh, product, total) + productLow;
  const high = total + totalLow;
  const low = totalLow - (high - total);
  if (m >= -1022 && m <= 1023) {
    const scale = powerOfTwo(m);
    extended.hi = high * scale;
    extended.lo = low * scale;
    return;
  }
  // 2^m in two factors so that neither overflows on its own (m reaches 1024, and −1075 for subnormal results).
  const half1 = m >> 1;
  const scaleA = powerOfTwo(half1);
  const scaleB = powerOfTwo(m - half1);
  extended.hi = high * scaleA * scaleB;
  extended.lo = low * scaleA * scaleB;
}

/**
 * c·2^(j/2048) for j = 0 … 2047 as two doubles, made on first use (0: not yet), for
 * `scaledExponentialQuick`: a loop that wants c·e^x takes c from its table, not from a product
 * of its own.
 */
export interface ExponentialTable {
  readonly high: Float64Array;
  readonly low: Float64Array;
  /** Makes entry j and returns its high part. */
  readonly fill: (j: number) => number;
}

const UNIT_TABLE: ExponentialTable = { high: FINE_TABLE_HIGH, low: FINE_TABLE_LOW, fill: fineTableEntry };
// The tables of the last constants asked for: a program that sweeps a parameter does not keep 32 KB
// for every value it tried.
const scaledTables = new Map<string, ExponentialTable>();
const SCALED_TABLES_KEPT = 16;

/** The table of (cHigh + cLow)·2^(j/2048), one per constant (c = 1: the exponential's own). */
export function exponentialTable(cHigh: number, cLow: number): ExponentialTable {
  if (cHigh === 1 && cLow === 0) return UNIT_TABLE;
  const key = `${cHigh} ${cLow}`;
  let table = scaledTables.get(key);
  if (!table) {
    if (scaledTables.size >= SCALED_TABLES_KEPT) scaledTables.clear();
    const high = new Float64Array(2048);
    const low = new Float64Array(2048);
    // Called before scaledExponentialQuick writes `extended`: the product may pass through it.
    const fill = (j: number): number => {
      let tHigh = FINE_TABLE_HIGH[j];
      if (tHigh === 0) tHigh = fineTableEntry(j);
      multiplyExtended(cHigh, cLow, tHigh, FINE_TABLE_LOW[j]);
      high[j] = extended.hi;
      low[j] = extended.lo;
      return extended.hi;
    };
    table = { high, low, fill };
    scaledTables.set(key, table);
  }
  return table;
}

/** Where scaledExponentialQuick holds: e^x ≥ 2^-959, so that the low part stays a normal double. */
export const QUICK_EXPONENTIAL_BELOW = -664;
/**
 * scaledExponentialQuick's error, relative to |c·e^x|, times 4: its parts add up to 2^-62.8 (r within
 * 2^-64.5, the polynomial within 2^-65.2, and 2^-65.4 three times in the low part: two roundings and
 * the table's low part times p, left out).
 */
export const QUICK_EXPONENTIAL_BOUND = 2 ** -60;

/**
 * c·e^x as two doubles (normalised) within QUICK_EXPONENTIAL_BOUND, for QUICK_EXPONENTIAL_BELOW ≤
 * x ≤ 0, from `table` (exponentialTable(c)), into `extended`: the quick first step of a loop's
 * rounding, in double arithmetic only (no exact products, where expUncached takes two). A loop
 * keeps what this decides (96–98 % of the results on the core benchmark's inputs) and asks
 * expUncached for the rest.
 */
export function scaledExponentialQuick(x: number, table: ExponentialTable): void {
  const k = Math.round(x * N_OVER_LN2);
  // x − k·A and k·B are exact (31-bit parts); the two subtractions after them round by 2^-65.5 each.
  const r = x - k * LN2_2048_A - k * LN2_2048_B - k * LN2_2048_C;
  // e^r − 1 through r⁴/24: r⁵/120 < 2^-69.4.
  const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24)));
  const j = k & 2047;
  let tHigh = table.high[j];
  if (tHigh === 0) tHigh = table.fill(j);
  const scale = powerOfTwo((k - j) / 2048);
  // c·2^(j/2048)·(1 + p): the low part 2^-12 of the high one, so that it needs no exact product;
  // then normalised (Fast2Sum, exact), as the double-double kernels expect.
  const low = tHigh * p + table.low[j];
  const high = tHigh + low;
  extended.hi = high * scale;
  extended.lo = (low - (high - tHigh)) * scale;
}

/**
 * σ(|a|) = 1/(1 + e) into `extended` and σ(−|a|) = e/(1 + e) into `complement`, as two doubles,
 * from e = e^(−|a|) as two doubles: one division (the quotient q and its remainder's share, as
 * divideExtended makes them) and one product e·q, for loops that hold e already. Small enough for
 * V8 to inline, so that its doubles are not boxed.
 */
export function sigmoidsOfExponential(e: number, eLow: number): void {
  const sum = 1 + e;
  const sumLow = twoSumError(1, e, sum) + eLow;
  const quotient = 1 / sum;
  const product = quotient * sum;
  const quotientLow = (1 - product - twoProductError(quotient, sum, product) - quotient * sumLow) / sum;
  const small = e * quotient;
  extended.hi = quotient;
  extended.lo = quotientLow;
  complement.hi = small;
  complement.lo = twoProductError(e, quotient, small) + e * quotientLow + eLow * quotient;
}

/**
 * σ(x) into `extended` and σ(−x) into `complement`, as two doubles, for |x| ≤ 708, from one
 * e^(−|x|) and sigmoidsOfExponential: for loops that ask once per x (sigmoidExtended keeps a memo
 * of its last argument for a gate's value and gradient, and divides twice).
 */
export function sigmoidPairOf(x: number): void {
  const negative = x < 0;
  expUncached(negative ? x : -x, 0);
  sigmoidPairFromExponential(negative);
}

/**
 * sigmoidPairOf's quick step, for |x| ≤ −QUICK_EXPONENTIAL_BELOW: e^(−|x|) from
 * scaledExponentialQuick. A relative error ε in e moves σ(|x|) by at most ε/2 and σ(−|x|) by at
 * most ε (relatively): both within QUICK_EXPONENTIAL_BOUND, their product within twice it.
 */
export function sigmoidPairQuick(x: number): void {
  const negative = x < 0;
  scaledExponentialQuick(negative ? x : -x, UNIT_TABLE);
  sigmoidPairFromExponential(negative);
}

/** σ(x) into `extended` and σ(−x) into `complement` from e^(−|x|) in `extended`. */
function sigmoidPairFromExponential(negative: boolean): void {
  sigmoidsOfExponential(extended.hi, extended.lo);
  if (negative) {
    const high = extended.hi;
    const low = extended.lo;
    extended.hi = complement.hi;
    extended.lo = complement.lo;
    complement.hi = high;
    complement.lo = low;
  }
}

/** σ(−a) from the last `sigmoidExtended` call, as two doubles. */
export const complement = { hi: 0, lo: 0 };

/**
 * σ(a + aLow) into `extended` and σ(−a − aLow) into `complement`, each as two doubles: with
 * e = e^(−|a|), σ = 1/(1 + e) on the side of the sign of a and e/(1 + e) on the other, never
 * overflowing. About 2^-80 relative while the results are normal doubles (|a| < 708).
 */
export function sigmoidExtended(a: number, aLow = 0): void {
  // A gate's value and gradient ask for σ at the same argument one after the other.
  if (a === sigmoidMemo.a && aLow === sigmoidMemo.aLow) {
    extended.hi = sigmoidMemo.hi;
    extended.lo = sigmoidMemo.lo;
    complement.hi = sigmoidMemo.complementHi;
    complement.lo = sigmoidMemo.complementLo;
    return;
  }
  const negative = a < 0;
  expExtended(negative ? a : -a, negative ? aLow : -aLow);
  const eHigh = extended.hi;
  const eLow = extended.lo;
  const d = 1 + eHigh;
  const dLow = twoSumError(1, eHigh, d) + eLow;
  divideExtended(eHigh, eLow, d, dLow);
  const smallHigh = extended.hi;
  const smallLow = extended.lo;
  divideExtended(1, 0, d, dLow);
  if (negative) {
    complement.hi = extended.hi;
    complement.lo = extended.lo;
    extended.hi = smallHigh;
    extended.lo = smallLow;
  } else {
    complement.hi = smallHigh;
    complement.lo = smallLow;
  }
  if (a !== a) extended.hi = complement.hi = a;
  sigmoidMemo.a = a;
  sigmoidMemo.aLow = aLow;
  sigmoidMemo.hi = extended.hi;
  sigmoidMemo.lo = extended.lo;
  sigmoidMemo.complementHi = complement.hi;
  sigmoidMemo.complementLo = complement.lo;
}

/**
 * σ(a)·σ(−a) = σ′(a) as two doubles into `extended` from the last sigmoidExtended call, if it was
 * at a (with no low part): true; else false and `extended` untouched. Both factors are about
 * 2^-80 relative, and so is their product (never 1 − σ, which cancels).
 */
export function sigmoidProductAt(a: number): boolean {
  if (a !== sigmoidMemo.a || sigmoidMemo.aLow !== 0) return false;
  multiplyExtended(sigmoidMemo.hi, sigmoidMemo.lo, sigmoidMemo.complementHi, sigmoidMemo.complementLo);
  return true;
}

/** The last argument of sigmoidExtended and its results. */
const sigmoidMemo = { a: NaN, aLow: NaN, hi: 0, lo: 0, complementHi: 0, complementLo: 0 };

/** √(high + low) as two doubles into `extended`: the double root and one Newton step on the exact residual. */
export function sqrtExtended(high: number, low: number): void {
  const root = Math.sqrt(high);
  const square = root * root;
  const correction = (high - square - twoProductError(root, root, square) + low) / (2 * root);
  const sum = root + correction;
  extended.hi = sum;
  extended.lo = twoSumError(root, correction, sum);
}

/** (aHigh + aLow)/(bHigh + bLow) as two doubles. */
export function divideExtended(aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  const q = aHigh / bHigh;
  if (!Number.isFinite(q) || q === 0) {
    extended.hi = q;
    extended.lo = 0;
    return;
  }
  const product = q * bHigh;
  // remainder (a − q·b) / b
  const remainder = aHigh - product - twoProductError(q, bHigh, product) + aLow - q * bLow;
  const correction = remainder / bHigh;
  const high = q + correction;
  extended.hi = high;
  extended.lo = correction - (high - q);
}

/** (aHigh + aLow)·(bHigh + bLow) as two doubles (no overflow or underflow assumed). */
export function multiplyExtended(aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  const product = aHigh * bHigh;
  const error = twoProductError(aHigh, bHigh, product) + aHigh * bLow + aLow * bHigh;
  const high = product + error;
  extended.hi = high;
  extended.lo = error - (high - product);
}

/** (aHigh + aLow) + (bHigh + bLow) as two doubles. */
export function addExtended(aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  const sum = aHigh + bHigh;
  const error = twoSumError(aHigh, bHigh, sum) + aLow + bLow;
  const high = sum + error;
  extended.hi = high;
  extended.lo = error - (high - sum);
}

/** x·(high + low) rounded once (x a double); no correction where the product is huge or not finite. */
export function timesExtended(x: number, high: number, low: number): number {
  const product = x * high;
  if (!Number.isFinite(product) || low === 0 || product === 0) return product;
  return product + (productError(x, high, product) + x * low);
}

// 1/n! for n = 3 … 7 as two doubles each (mpmath): in expAccurate's polynomial a double coefficient
// would leave 2^-78 of r³/6.
const INVERSE_FACTORIAL_HIGH = [0, 0, 0, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889, 0.0001984126984126984];
const INVERSE_FACTORIAL_LOW = [0, 0, 0, 9.25185853854297e-18, 2.3129646346357427e-18, 1.1564823173178714e-19, -5.300543954373577e-20, 1.7209558293420705e-22];

/**
 * e^(x + xLow) to about 2^-100 relative, for the rare second look of the vector functions'
 * correct rounding (a sum of n exponentials must be known better than expExtended's 2^-88):
 * the same reduction, and e^r − 1 by a Horner scheme in double-double through r⁷/7!.
 */
export function expAccurate(x: number, xLow = 0): void {
  if (!(x <= EXP_OVERFLOW) || x < -745.2) {
    expUncached(x, xLow);
    return;
  }
  reduce(x, xLow);
  const { k, r, rLow } = reduced;
  // p = r·(1 + r·(1/2 + r·(1/6 + … + r·(1/7! + r·(1/8! + r/9!))))), the innermost terms in double.
  let high = 1 / 40320 + r * (1 / 362880 + r / 3628800);
  let low = 0;
  for (let n = 7; n >= 1; n--) {
    multiplyExtended(high, low, r, rLow);
    const coefficientHigh = n >= 3 ? INVERSE_FACTORIAL_HIGH[n] : n === 2 ? 0.5 : 1;
    const coefficientLow = n >= 3 ? INVERSE_FACTORIAL_LOW[n] : 0;
    addExtended(coefficientHigh, coefficientLow, extended.hi, extended.lo);
    high = extended.hi;
    low = extended.lo;
  }
  multiplyExtended(high, low, r, rLow);
  const pHigh = extended.hi;
  const pLow = extended.lo;
  const j = k & 2047;
  const m = (k - j) / 2048;
  let tHigh = FINE_TABLE_HIGH[j];
  if (tHigh === 0) tHigh = fineTableEntry(j);
  const tLow = FINE_TABLE_LOW[j];
  // 2^(j/2048)·(1 + p) = T + T·p
  multiplyExtended(tHigh, tLow, pHigh, pLow);
  addExtended(tHigh, tLow, extended.hi, extended.lo);
  const half1 = m >> 1;
  const scaleA = powerOfTwo(half1);
  const scaleB = powerOfTwo(m - half1);
  extended.hi = extended.hi * scaleA * scaleB;
  extended.lo = extended.lo * scaleA * scaleB;
}

/**
 * e^(x + xLow) − 1 by its series into `extended`: the exponential's polynomial on its reduced
 * argument (|x| ≤ ln2/128), and expm1 itself below 2^-10.
 */
export function expm1Series(x: number, xLow: number): void {
  const square = x * x;
  const squareLow = twoProductError(x, x, square) + 2 * x * xLow;
  const half = 0.5 * square;
  // x³/6 in double-double, since a double would leave 2^-78 of it; x⁴/24 + … + x⁸/8! in double:
  // within 2^-88 of 1 + x for |x| ≤ ln2/128 (all e^x needs), and of x itself below 2^-10.
  const cube = x * square;
  const cubeLow = twoProductError(x, square, cube) + x * squareLow;
  const sixth = cube / 6;
  const sixthLow = (cube - 6 * sixth - twoProductError(6, sixth, 6 * sixth) + cubeLow) / 6;
  const tail = cube * x * (1 / 24 + x * (1 / 120 + x * (1 / 720 + x * (1 / 5040 + x * (1 / 40320)))));
  const sum = x + half;
  const sumLow = twoSumError(x, half, sum) + xLow + 0.5 * squareLow;
  addExtended(sum, sumLow, sixth, sixthLow + tail);
}
