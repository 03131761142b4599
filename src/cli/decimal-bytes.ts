/**
 * Decimal numbers read straight from bytes, for the streaming path: no string per token.
 * Clinger's fast path: a decimal of at most 15 significant digits is an exact integer m < 2^53,
 * and 10^k is exact for k ≤ 22, so m × 10^k or m / 10^k is one correctly rounded operation —
 * the same double Number() gives. 16 to 19 digits divided by 10^k (k ≤ 22), as printed by
 * String() or %.17g: the quotient in double-double, rounded once unless it lies within 2^-40 ulp
 * of a rounding boundary. Anything else answers NaN, and the caller uses Number().
 */

import { twoProductError } from '../core/double-double.ts';

/** 10^0 … 10^22, each exact as a double. */
const POWERS = Float64Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const MAX_FAST_DIGITS = 15;
const MAX_DIGITS = 19;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** The last token decodeDecimal read (when it answered true): its double, and whether it is a plain decimal (isPlainDecimal). */
export const lastDecimal = { plain: false, value: NaN };

/**
 * The double that bytes[start, end) spell when they are a decimal ([+-]digits[.digits][e[+-]digits])
 * within Clinger's fast path; NaN otherwise (not in the grammar, or beyond the fast path). Sets
 * lastDecimal.plain in the same pass.
 */
export function readDecimal(bytes: Uint8Array, start: number, end: number): number {
  return decodeDecimal(bytes, start, end) ? lastDecimal.value : NaN;
}

/**
 * readDecimal's work: true with the double in lastDecimal.value (a field updated in place, where a
 * returned double would be a new heap number per token), false where readDecimal gives NaN.
 */
export function decodeDecimal(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  let negative = false;
  let byte = bytes[i];
  if (byte === 45 || byte === 43) {
    negative = byte === 45;
    i++;
  }
  // JSON's grammar: no '+', no leading zero before another digit, digits on both sides of a point.
  let plain = byte !== 43 && i < end && bytes[i] >= 48 && bytes[i] <= 57 && !(bytes[i] === 48 && i + 1 < end && bytes[i + 1] >= 48 && bytes[i + 1] <= 57);
  let fractionDigits = 0;
  let mantissa = 0;
  let tail = 0; // the 16th to 19th significant digits
  let significant = 0; // digits counted from the first non-zero one
  let digitsSeen = 0;
  let scale = 0; // the power of ten of the mantissa's last digit
  let point = false;
  for (; i < end; i++) {
    byte = bytes[i];
    if (byte >= 48 && byte <= 57) {
      digitsSeen++;
      if (point) {
        scale--;
        fractionDigits++;
      }
      if (significant === 0 && byte === 48) continue;
      if (++significant <= MAX_FAST_DIGITS) mantissa = mantissa * 10 + (byte - 48);
      else if (significant <= MAX_DIGITS) tail = tail * 10 + (byte - 48);
      else return false;
    } else if (byte === 46 && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (digitsSeen === 0) return false;
  if (point && fractionDigits === 0) plain = false;
  if (i < end) {
    // An exponent: e or E, an optional sign, at least one digit.
    if (byte !== 101 && byte !== 69) return false;
    i++;
    let exponentNegative = false;
    if (i < end && (bytes[i] === 45 || bytes[i] === 43)) exponentNegative = bytes[i++] === 45;
    if (i === end) return false;
    let exponent = 0;
    for (; i < end; i++) {
      byte = bytes[i];
      if (byte < 48 || byte > 57) return false;
      if (exponent < 10000) exponent = exponent * 10 + (byte - 48);
    }
    scale += exponentNegative ? -exponent : exponent;
  }
  let value: number;
  if (significant > MAX_FAST_DIGITS) {
    value = longQuotient(mantissa, tail, significant - MAX_FAST_DIGITS, scale);
    if (value !== value) return false;
  } else if (mantissa === 0) value = 0;
  else if (scale >= 0 && scale <= 22) value = mantissa * POWERS[scale];
  else if (scale < 0 && scale >= -22) value = mantissa / POWERS[-scale];
  else return false;
  lastDecimal.plain = plain;
  lastDecimal.value = negative ? -value : value;
  return true;
}

/**
 * (mantissa · 10^tailDigits + tail) / 10^-scale, correctly rounded, for 16 to 19 significant
 * digits: the numerator exactly in double-double (under 10^19 < 2^106), the quotient to ~2^-100,
 * and NaN when its rounding cannot be told (near a midpoint, at a power of two, beyond 10^22).
 */
function longQuotient(mantissa: number, tail: number, tailDigits: number, scale: number): number {
  if (scale >= 0 || scale < -22) return NaN;
  const divisor = POWERS[-scale];
  // numerator = high + low exactly: mantissa · 10^tailDigits by Dekker's product, plus the tail.
  const factor = POWERS[tailDigits];
  let product = mantissa * factor;
  let high = product + tail;
  let low = tail - (high - product) + twoProductError(mantissa, factor, product);
  const sum = high + low;
  low -= sum - high;
  high = sum;
  // quotient = q1 + q2: q1 = high / divisor, q2 = the exact remainder / divisor.
  const q1 = high / divisor;
  product = q1 * divisor;
  const error = twoProductError(q1, divisor, product);
  const q2 = (high - product - error + low) / divisor;
  const value = q1 + q2;
  const residual = q2 - (value - q1);
  // The rounding of q1 + q2 is the exact quotient's unless the residual is near half an ulp.
  bits[0] = value;
  if ((words[1] & 0xfffff) === 0 && words[0] === 0) return NaN; // a power of two: lopsided ulps
  words[1] &= 0x7ff00000;
  words[0] = 0;
  const halfUlp = bits[0] * 1.1102230246251565e-16; // 2^(e−53)
  const distance = Math.abs(Math.abs(residual) - halfUlp);
  if (distance < halfUlp * 1.8e-12 || Math.abs(residual) > halfUlp) return NaN;
  return value;
}

/**
 * True when bytes[start, end) are a number in JSON's grammar (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?):
 * such a token is printed as x as it was given, in every output format.
 */
export function isPlainDecimal(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (bytes[i] === 45) i++;
  if (i === end) return false;
  if (bytes[i] === 48) {
    i++;
  } else {
    const first = i;
    while (i < end && bytes[i] >= 48 && bytes[i] <= 57) i++;
    if (i === first) return false;
  }
  if (i < end && bytes[i] === 46) {
    const first = ++i;
    while (i < end && bytes[i] >= 48 && bytes[i] <= 57) i++;
    if (i === first) return false;
  }
  if (i < end && (bytes[i] === 101 || bytes[i] === 69)) {
    i++;
    if (i < end && (bytes[i] === 43 || bytes[i] === 45)) i++;
    const first = i;
    while (i < end && bytes[i] >= 48 && bytes[i] <= 57) i++;
    if (i === first) return false;
  }
  return i === end;
}
