/**
 * The shortest round-trip text of a double — exactly what JavaScript's String(x) prints — written
 * straight into a byte buffer, for the streaming path (String() costs ~230 ns and a string per
 * number). Exact where it answers: v × 10^s is carried as an exact (or 10⁻¹⁴-close) double-double
 * integer of 17 digits, and the shortest decimal is the largest power of ten whose nearest multiple
 * lies within half an ulp of it. Whenever a decision falls within 10⁻⁷ of a boundary (ties, interval
 * ends), at a power of two (whose rounding interval is lopsided), or outside 1e-28 ≤ |v| < 1e16,
 * it answers -1 and the caller uses String().
 */
import { twoProductError } from '../core/double-double.ts';
import { powerOfTwo } from '../core/extended.ts';

/** 10^0 … 10^22: every one exact as a double. */
const POWERS = Float64Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const INT_POWERS = Int32Array.from({ length: 10 }, (_, i) => 10 ** i);
const MARGIN = 1e-7;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** '00', '01', … '99' as byte pairs. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/** The four digits of n < 10^4 at out[at], two pairs: n/100 by (n·5243) >> 19, exact below 43,699. */
function writeFourDigits(out: Uint8Array, at: number, n: number): void {
  const top = (n * 5243) >>> 19;
  const first = top << 1;
  const second = (n - top * 100) << 1;
  out[at] = PAIRS[first];
  out[at + 1] = PAIRS[first + 1];
  out[at + 2] = PAIRS[second];
  out[at + 3] = PAIRS[second + 1];
}

/**
 * The 17 digits of high·10^9 + low (high < 10^8, low < 10^9) at out[at], in groups of four that do
 * not wait on each other (a chain of divisions by 100 cost 22 ns a number). n·10^-4 and n·10^-8
 * truncate to ⌊n/10^4⌋ and ⌊n/10^8⌋ below 10^9: both doubles are just above their powers of ten.
 */
function writeDigits(out: Uint8Array, at: number, high: number, low: number): void {
  const highTop = (high * 1e-4) | 0;
  writeFourDigits(out, at, highTop);
  writeFourDigits(out, at + 4, high - highTop * 10000);
  const lead = (low * 1e-8) | 0;
  out[at + 8] = 48 + lead;
  const rest = low - lead * 100000000;
  const restTop = (rest * 1e-4) | 0;
  writeFourDigits(out, at + 9, restTop);
  writeFourDigits(out, at + 13, rest - restTop * 10000);
}

/**
 * Writes String(value) for a finite, non-zero value into `out` at `at`; returns the offset after
 * it, or -1 (nothing written that matters) when the caller must format with String().
 */
export function writeShortest(value: number, out: Uint8Array, at: number): number {
  single[0] = value;
  return writeShortestAt(single, 0, out, at);
}
const single = new Float64Array(1);

/**
 * writeShortest of values[index]: a double read from an array, where passing it to a call that V8
 * does not inline would make a heap number per number printed.
 */
export function writeShortestAt(values: Float64Array, index: number, out: Uint8Array, at: number): number {
  let v = values[index];
  let position = at;
  if (v < 0) {
    v = -v;
    out[position++] = 45; // '-'
  }
  if (!(v >= 1e-28 && v < 1e16)) return -1;
  bits[0] = v;
  const highWord = words[1];
  // A power of two: the gap below is half the gap above, a lopsided interval: String() decides.
  if ((highWord & 0xfffff) === 0 && words[0] === 0) return -1;
  const binaryExponent = (highWord >>> 20) - 1023;
  const halfUlp = powerOfTwo(binaryExponent - 53); // 2^(e−53): half an ulp, v normal (≥ 1e-28)
  // log10(v) lies in [e·log10 2, (e+1)·log10 2): s is right or one too large.
  let s = 16 - Math.floor(binaryExponent * 0.3010299956639812);
  if (v * POWERS[s > 22 ? 22 : s] * (s > 22 ? POWERS[s - 22] : 1) >= 1e17) s--;
  if (s > 44 || s < 0) return -1;
  // N = v × 10^s as productHigh + productLow: Dekker's exact product for s ≤ 22; one more
  // product by 10^(s−22) above, within 10⁻¹⁴ (the margins below absorb it).
  const power = s <= 22 ? POWERS[s] : 1e22;
  let product = v * power;
  let error = twoProductError(v, power, product);
  if (s > 22) {
    const first = product;
    const more = POWERS[s - 22];
    product = first * more;
    error = twoProductError(first, more, product) + error * more;
  }
  const productHigh = product + error;
  const productLow = error - (productHigh - product);
  if (productHigh < 1e16 || productHigh >= 1e17) return -1;
  const half = s <= 22 ? halfUlp * POWERS[s] : halfUlp * 1e22 * POWERS[s - 22];

  // N = D + fraction, D = high · 10^9 + low exactly (productHigh ≥ 2^53 is an even integer).
  const floorLow = Math.floor(productLow);
  const fraction = productLow - floorLow;
  let highPart = Math.floor(productHigh * 1e-9);
  let lowPart = productHigh - highPart * 1e9 + floorLow;
  while (lowPart < 0) {
    lowPart += 1e9;
    highPart--;
  }
  while (lowPart >= 1e9) {
    lowPart -= 1e9;
    highPart++;
  }
  // Small integers from here on (|high| < 10^8, low < 10^9): int32 arithmetic.
  const high = highPart | 0;
  const low = lowPart | 0;
  if (high < 10_000_000) return -1; // N just under 10^16: 16 digits, rare

  // The largest j whose nearest multiple of 10^j is within `half` of N (j = 0 always is).
  let roundedHigh = high;
  let roundedLow = fraction < 0.5 ? low : low + 1;
  if (Math.abs(fraction - 0.5) < MARGIN) return -1;
  let kept = 17;
  for (let j = 1; j <= 16; j++) {
    let below: number; // N mod 10^j
    let above: number; // 10^j − N mod 10^j
    let remainder: number;
    if (j <= 9) {
      // Constant divisors for the usual first two steps (a multiplication, not a division).
      remainder = j === 1 ? low % 10 : j === 2 ? low % 100 : low % INT_POWERS[j];
      // half < 11.2 and the fraction < 1: a remainder in [12, 10^j − 13] is far from both ends.
      if (remainder >= 12 && remainder <= INT_POWERS[j] - 13) break;
      below = remainder + fraction;
      above = INT_POWERS[j] - remainder - fraction;
    } else {
      const tens = INT_POWERS[j - 9];
      remainder = high % tens;
      below = remainder === 0 ? low + fraction : Infinity;
      above = remainder === tens - 1 ? 1e9 - low - fraction : Infinity;
    }
    const inBelow = below < half;
    const inAbove = above < half;
    if (Math.abs(below - half) < MARGIN || Math.abs(above - half) < MARGIN) return -1;
    if (!inBelow && !inAbove) break;
    let down = inBelow;
    if (inBelow && inAbove) {
      if (Math.abs(below - above) < MARGIN) return -1;
      down = below < above;
    }
    kept = 17 - j;
    if (j <= 9) {
      roundedHigh = high;
      roundedLow = down ? low - remainder : low - remainder + INT_POWERS[j];
    } else {
      const tens = INT_POWERS[j - 9];
      roundedHigh = down ? high - remainder : high - remainder + tens;
      roundedLow = 0;
    }
  }
  if (roundedLow >= 1e9) {
    roundedLow -= 1e9;
    roundedHigh++;
  }
  let decimalExponent = 16 - s;
  if (roundedHigh >= 1e8) {
    // Rounded up to 10^17: the digit 1 of the next decade.
    roundedHigh = 1e7;
    roundedLow = 0;
    kept = 1;
    decimalExponent++;
  }
  // ECMAScript's Number::toString layout, with n the position of the decimal point. The 17
  // digits are written straight into `out` where the layout puts the first one, the kept ones
  // then shifted right by one where a point goes between them.
  const n = decimalExponent + 1;
  if (kept <= n && n <= 21) {
    writeDigits(out, position, roundedHigh, roundedLow);
    position += kept;
    for (let i = kept; i < n; i++) out[position++] = 48;
  } else if (0 < n && n <= 21) {
    writeDigits(out, position, roundedHigh, roundedLow);
    for (let i = position + kept; i > position + n; i--) out[i] = out[i - 1];
    out[position + n] = 46;
    position += kept + 1;
  } else if (-6 < n && n <= 0) {
    out[position++] = 48;
    out[position++] = 46;
    for (let i = n; i < 0; i++) out[position++] = 48;
    writeDigits(out, position, roundedHigh, roundedLow);
    position += kept;
  } else {
    writeDigits(out, position + 1, roundedHigh, roundedLow);
    out[position] = out[position + 1];
    if (kept > 1) {
      out[position + 1] = 46;
      position += kept + 1;
    } else {
      position += 1;
    }
    out[position++] = 101; // 'e'
    let exponent = n - 1;
    out[position++] = exponent < 0 ? 45 : 43;
    if (exponent < 0) exponent = -exponent;
    if (exponent >= 10) out[position++] = 48 + Math.floor(exponent / 10);
    out[position++] = 48 + (exponent % 10);
  }
  return position;
}
