/**
 * Arbitrary precision for the slow path of correct rounding (src/core/correct-rounding.ts):
 * decimal.js numbers at a chosen number of significant digits, the exact decimal value of a
 * double, and the few special functions the activations are built from, each written so that
 * it does not cancel catastrophically (a cancellation that loses every digit at one precision
 * loses them at the next as well, and no precision would ever decide the rounding).
 */
import { Decimal } from 'decimal.js';

export type Exact = Decimal;
/** A decimal.js constructor whose operations round to its `precision` significant digits. */
export type ExactContext = typeof Decimal;

const contexts = new Map<number, ExactContext>();

/** The decimal.js context that computes with `digits` significant digits (ties to even). */
export function contextWithDigits(digits: number): ExactContext {
  let context = contexts.get(digits);
  if (!context) {
    context = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_HALF_EVEN, minE: -9e15, maxE: 9e15, toExpNeg: -7, toExpPos: 21 });
    contexts.set(digits, context);
  }
  return context;
}

const bitView = new DataView(new ArrayBuffer(8));

/** The exact value of a finite double as a decimal (new Decimal(x) would take its shortest decimal, 0.1 for 0.1000000000000000055…). */
export function exactDecimal(D: ExactContext, x: number): Exact {
  if (x === 0) return new D(x);
  bitView.setFloat64(0, x);
  const high = bitView.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let significand = (BigInt(high & 0xfffff) << 32n) | BigInt(bitView.getUint32(4));
  let exponent = biased - 1075;
  if (biased === 0) exponent = -1074;
  else significand |= 1n << 52n;
  const sign = x < 0 ? '-' : '';
  if (exponent >= 0) return new D(sign + (significand << BigInt(exponent)).toString());
  // m·2^e = m·5^(−e)·10^e: a finite decimal, which decimal.js stores without rounding.
  return new D(`${sign}${(significand * 5n ** BigInt(-exponent)).toString()}e${exponent}`);
}

/** A sum of terms produced by `next` until a term falls below 10^-(precision + 5) of the sum. */
function series(D: ExactContext, first: Exact, next: (term: Exact, n: number) => Exact): Exact {
  const tiny = new D(10).pow(-(D.precision + 5));
  let sum = first;
  let term = first;
  for (let n = 1; n < 100000; n++) {
    term = next(term, n);
    sum = sum.plus(term);
    if (term.abs().lte(sum.abs().times(tiny))) break;
  }
  return sum;
}

/** e^x − 1: the series near 0, where e^x − 1 would cancel. */
export function expm1(D: ExactContext, x: Exact): Exact {
  if (x.abs().gte(0.5)) return x.exp().minus(1);
  return series(D, x, (term, n) => term.times(x).div(n + 1));
}

/** log(1 + u): 2·atanh(u/(2 + u)) as a series near 0, where log(1 + u) would cancel. */
export function log1p(D: ExactContext, u: Exact): Exact {
  if (u.abs().gte(0.5)) return u.plus(1).ln();
  const w = u.div(u.plus(2));
  const square = w.times(w);
  let power = w;
  return series(D, w, (_term, n) => {
    power = power.times(square);
    return power.div(2 * n + 1);
  }).times(2);
}

/** σ(x) = 1/(1 + e^(−x)), from the side where the exponential is at most 1. */
export function sigmoid(D: ExactContext, x: Exact): Exact {
  if (x.isNeg()) {
    const e = x.exp();
    return e.div(e.plus(1));
  }
  return new D(1).div(x.neg().exp().plus(1));
}

/** tanh x = −expm1(−2|x|)/(2 + expm1(−2|x|))·sign x: no cancellation near 0. */
export function tanh(D: ExactContext, x: Exact): Exact {
  const m = expm1(D, x.abs().times(-2));
  const magnitude = m.neg().div(m.plus(2));
  return x.isNeg() ? magnitude.neg() : magnitude;
}

/** log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)). */
export function softplus(D: ExactContext, x: Exact): Exact {
  const tail = log1p(D, x.abs().neg().exp());
  return x.isPos() ? x.plus(tail) : tail;
}

/** π at the context's precision (decimal.js holds it to 1025 digits). */
function pi(D: ExactContext): Exact {
  return new D(-1).acos();
}

/** φ(x) = e^(−x²/2)/√(2π). */
export function normalDensity(D: ExactContext, x: Exact): Exact {
  return x.times(x).div(-2).exp().div(pi(D).times(2).sqrt());
}

/**
 * Φ(−t) for t ≥ 0. While the cancellation of ½ − φ(t)·Σ t^(2n+1)/(2n+1)!! (about t²/(2 ln 10)
 * digits) is below the precision, that series (the precision loop supplies the lost digits).
 * Beyond: φ(t) times Laplace's continued fraction 1/(t + 1/(t + 2/(t + …))), which converges
 * fast there, deepened until two depths agree.
 */
export function lowerTail(D: ExactContext, t: Exact): Exact {
  const density = normalDensity(D, t);
  if (t.times(t).lt(4.6 * D.precision)) {
    const square = t.times(t);
    return new D(0.5).minus(density.times(series(D, t, (term, n) => term.times(square).div(2 * n + 1))));
  }
  const tiny = new D(10).pow(-(D.precision + 3));
  let previous: Exact | undefined;
  for (let levels = 64; ; levels *= 2) {
    let denominator = t;
    for (let k = levels; k >= 1; k--) denominator = t.plus(new D(k).div(denominator));
    const ratio = new D(1).div(denominator);
    if (previous && ratio.minus(previous).abs().lte(ratio.times(tiny))) return density.times(ratio);
    previous = ratio;
  }
}

/** Φ(x), the standard normal distribution function. */
export function normalCdf(D: ExactContext, x: Exact): Exact {
  return x.isNeg() ? lowerTail(D, x.neg()) : new D(1).minus(lowerTail(D, x));
}

/** A constant given as exact decimal text (published digits, 1/6 as a quotient) in the context. */
export function constant(D: ExactContext, text: string): Exact {
  const [numerator, denominator] = text.split('/');
  return denominator === undefined ? new D(numerator) : new D(numerator).div(denominator);
}

// Wide enough to hold the exact sum of any two doubles' decimal expansions (at most 767 digits each).
const EXACT_DIGITS = 1200;

/** The next double above x (x finite; the largest finite goes to ∞). */
function nextUp(x: number): number {
  if (x === 0) return 5e-324;
  if (x === Number.MAX_VALUE) return Infinity;
  bitView.setFloat64(0, x);
  const bits = bitView.getBigUint64(0);
  bitView.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return bitView.getFloat64(0);
}

/** Whether the double's last significand bit is 0 (ties go to it). */
function isEven(x: number): boolean {
  bitView.setFloat64(0, x);
  return (bitView.getUint32(4) & 1) === 0;
}

/** A non-negative double or ∞ (as 2^1024, where the rounding of the largest finite ends) exactly. */
function exactOrBeyond(x: number): Exact {
  const D = contextWithDigits(EXACT_DIGITS);
  return x === Infinity ? new D(2).pow(1024) : exactDecimal(D, x);
}

/** (a + b)/2 exactly, for neighbouring non-negative doubles. */
function midpoint(a: number, b: number): Exact {
  return exactOrBeyond(a).plus(exactOrBeyond(b)).div(2);
}

/**
 * Whether every number in [low, high] rounds to the double c (to nearest, ties to even), the sign
 * of a zero included. By exact comparison with the midpoints: JavaScript's Number(string) is not
 * correctly rounded everywhere (V8 gives -4.9999999999997e-311 for
 * -4.99999999999998472466375144884598468e-311, whose nearest double is -5e-311).
 */
export function roundsTo(c: number, low: Exact, high: Exact): boolean {
  if (c !== c) return false;
  if (c < 0 || Object.is(c, -0)) return roundsTo(-c, high.neg(), low.neg());
  if (c === 0) return low.isPos() && !low.isZero() && high.lte(midpoint(0, 5e-324));
  if (c === Infinity) return low.gte(midpoint(Number.MAX_VALUE, Infinity));
  const even = isEven(c);
  const below = midpoint(-nextUp(-c), c);
  const above = midpoint(c, nextUp(c));
  return (low.gt(below) || (even && low.eq(below))) && (high.lt(above) || (even && high.eq(above)));
}

/** The double nearest an exact decimal (ties to even), found by exact comparison with the midpoints. */
export function nearestDouble(value: Exact): number {
  let c = value.toNumber();
  for (let step = 0; step < 8 && !roundsTo(c, value, value); step++) {
    const above = Math.abs(c) === Infinity ? c < 0 : value.gt(exactDecimal(contextWithDigits(EXACT_DIGITS), c));
    c = above ? nextUp(c) : -nextUp(-c);
  }
  return c;
}
