/**
 * Truncated Taylor arithmetic to order 3 in double-double: a jet holds f, f′, f″, f‴ of a
 * subexpression at one x, each as two doubles (hi, lo), in a Float64Array of 8:
 * [f.hi, f.lo, f′.hi, f′.lo, f″.hi, f″.lo, f‴.hi, f‴.lo]. Sums, products and quotients follow
 * Leibniz's rule, compositions Faà di Bruno's; `order` says how many derivatives are carried.
 * Nothing allocates: every operation writes into a jet given to it.
 */
import { addExtended, divideExtended, extended, multiplyExtended } from './safe.ts';

export type Jet = Float64Array;

export const JET_SIZE = 8;

export function newJet(): Jet {
  return new Float64Array(JET_SIZE);
}

/** out[k] = a[k] + b[k] (double-double). */
function addInto(out: Jet, k: number, aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  addExtended(aHigh, aLow, bHigh, bLow);
  out[2 * k] = extended.hi;
  out[2 * k + 1] = extended.lo;
}

/** The product of two double-doubles into `extended` (a NaN-free double product where the split overflows). */
function product(aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  // An exact zero (a constant's derivative, an underflowed exponential) times an overflowed factor is 0, not NaN.
  if ((aHigh === 0 && bHigh === bHigh) || (bHigh === 0 && aHigh === aHigh)) {
    extended.hi = 0;
    extended.lo = 0;
    return;
  }
  multiplyExtended(aHigh, aLow, bHigh, bLow);
  if (extended.hi !== extended.hi) {
    extended.hi = aHigh * bHigh;
    extended.lo = 0;
  }
}

/** A sum of products Σ c·a·b (c a small integer) into `extended`. */
class Accumulator {
  high = 0;
  low = 0;
  reset(): this {
    this.high = 0;
    this.low = 0;
    return this;
  }
  /** += coefficient·a·b, each a double-double. */
  add(coefficient: number, aHigh: number, aLow: number, bHigh: number, bLow: number): this {
    product(aHigh, aLow, bHigh, bLow);
    // 3·hi is not exact: the coefficient multiplies in double-double too (±1 and ±2 are exact anyway).
    if (coefficient !== 1 && coefficient !== -1 && coefficient !== 2 && coefficient !== -2) product(extended.hi, extended.lo, coefficient, 0);
    else if (coefficient !== 1) {
      extended.hi *= coefficient;
      extended.lo *= coefficient;
    }
    const h = extended.hi;
    const l = extended.lo;
    addExtended(this.high, this.low, h, l);
    this.high = extended.hi;
    this.low = extended.lo;
    return this;
  }
  /** += coefficient·a·b·c. */
  add3(coefficient: number, aHigh: number, aLow: number, bHigh: number, bLow: number, cHigh: number, cLow: number): this {
    product(aHigh, aLow, bHigh, bLow);
    return this.add(coefficient, extended.hi, extended.lo, cHigh, cLow);
  }
  /** += coefficient·a·b·c·d. */
  add4(coefficient: number, aHigh: number, aLow: number, bHigh: number, bLow: number, cHigh: number, cLow: number, dHigh: number, dLow: number): this {
    product(aHigh, aLow, bHigh, bLow);
    const h = extended.hi;
    const l = extended.lo;
    product(cHigh, cLow, dHigh, dLow);
    return this.add(coefficient, h, l, extended.hi, extended.lo);
  }
  store(out: Jet, k: number): void {
    // A term that overflowed leaves NaN in the low part: the high part is the answer then.
    out[2 * k] = this.high;
    out[2 * k + 1] = Number.isFinite(this.high) ? this.low : 0;
  }
}

const sum = new Accumulator();

export function constantJet(out: Jet, high: number, low = 0): void {
  out.fill(0);
  out[0] = high;
  out[1] = low;
}

export function variableJet(out: Jet, x: number): void {
  out.fill(0);
  out[0] = x;
  out[2] = 1;
}

export function negate(out: Jet, a: Jet, order: number): void {
  for (let i = 0; i < 2 * order + 2; i++) out[i] = -a[i];
}

export function add(out: Jet, a: Jet, b: Jet, order: number, sign = 1): void {
  for (let k = 0; k <= order; k++) addInto(out, k, a[2 * k], a[2 * k + 1], sign * b[2 * k], sign * b[2 * k + 1]);
}

/** Leibniz: (ab)′ = a′b + ab′, (ab)″ = a″b + 2a′b′ + ab″, (ab)‴ = a‴b + 3a″b′ + 3a′b″ + ab‴. */
export function multiply(out: Jet, a: Jet, b: Jet, order: number): void {
  const a0 = a[0], a0l = a[1], a1 = a[2], a1l = a[3], a2 = a[4], a2l = a[5], a3 = a[6], a3l = a[7];
  const b0 = b[0], b0l = b[1], b1 = b[2], b1l = b[3], b2 = b[4], b2l = b[5], b3 = b[6], b3l = b[7];
  if (order >= 3) sum.reset().add(1, a3, a3l, b0, b0l).add(3, a2, a2l, b1, b1l).add(3, a1, a1l, b2, b2l).add(1, a0, a0l, b3, b3l).store(out, 3);
  if (order >= 2) sum.reset().add(1, a2, a2l, b0, b0l).add(2, a1, a1l, b1, b1l).add(1, a0, a0l, b2, b2l).store(out, 2);
  if (order >= 1) sum.reset().add(1, a1, a1l, b0, b0l).add(1, a0, a0l, b1, b1l).store(out, 1);
  sum.reset().add(1, a0, a0l, b0, b0l).store(out, 0);
}

/** w = a/b: w′ = (a′ − w·b′)/b, w″ = (a″ − 2w′b′ − w·b″)/b, w‴ = (a‴ − 3w″b′ − 3w′b″ − w·b‴)/b. */
export function divide(out: Jet, a: Jet, b: Jet, order: number): void {
  const b0 = b[0], b0l = b[1], b1 = b[2], b1l = b[3], b2 = b[4], b2l = b[5], b3 = b[6], b3l = b[7];
  divideExtended(a[0], a[1], b0, b0l);
  const w0 = extended.hi;
  const w0l = extended.lo;
  let w1 = 0;
  let w1l = 0;
  let w2 = 0;
  let w2l = 0;
  if (order >= 1) {
    sum.reset().add(1, a[2], a[3], 1, 0).add(-1, w0, w0l, b1, b1l);
    divideExtended(sum.high, sum.low, b0, b0l);
    w1 = extended.hi;
    w1l = extended.lo;
  }
  if (order >= 2) {
    sum.reset().add(1, a[4], a[5], 1, 0).add(-2, w1, w1l, b1, b1l).add(-1, w0, w0l, b2, b2l);
    divideExtended(sum.high, sum.low, b0, b0l);
    w2 = extended.hi;
    w2l = extended.lo;
  }
  if (order >= 3) {
    sum.reset().add(1, a[6], a[7], 1, 0).add(-3, w2, w2l, b1, b1l).add(-3, w1, w1l, b2, b2l).add(-1, w0, w0l, b3, b3l);
    divideExtended(sum.high, sum.low, b0, b0l);
    out[6] = extended.hi;
    out[7] = extended.lo;
  }
  out[0] = w0;
  out[1] = w0l;
  out[2] = w1;
  out[3] = w1l;
  out[4] = w2;
  out[5] = w2l;
}

/**
 * g = F(u) from F, F′, F″, F‴ at u (the jet `f`, its entries F⁽ᵏ⁾ in place of derivatives):
 * g′ = F′u′, g″ = F″u′² + F′u″, g‴ = F‴u′³ + 3F″u′u″ + F′u‴ (Faà di Bruno).
 */
export function compose(out: Jet, f: Jet, u: Jet, order: number): void {
  const f0 = f[0], f0l = f[1], f1 = f[2], f1l = f[3], f2 = f[4], f2l = f[5], f3 = f[6], f3l = f[7];
  const u1 = u[2], u1l = u[3], u2 = u[4], u2l = u[5], u3 = u[6], u3l = u[7];
  if (order >= 3) sum.reset().add4(1, f3, f3l, u1, u1l, u1, u1l, u1, u1l).add3(3, f2, f2l, u1, u1l, u2, u2l).add(1, f1, f1l, u3, u3l).store(out, 3);
  if (order >= 2) sum.reset().add3(1, f2, f2l, u1, u1l, u1, u1l).add(1, f1, f1l, u2, u2l).store(out, 2);
  if (order >= 1) sum.reset().add(1, f1, f1l, u1, u1l).store(out, 1);
  out[0] = f0;
  out[1] = f0l;
}

export function copy(out: Jet, a: Jet): void {
  out.set(a);
}
