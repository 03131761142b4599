/**
 * The elementary functions of expressions: each writes F, F′, F″, F‴ at a double-double argument
 * u = hi + lo into a jet (entries as in jet.ts), in double-double where the kernels of src/core
 * give two doubles (exp, expm1, log, log1p, sqrt, sin, cos, tan, tanh, sinh, cosh), and from the
 * double value with its first-order correction where they give one (atan, erf, erfc).
 */
import { expExtended, sigmoidExtended, sqrtExtended } from '../core/extended.ts';
import { addExtended, divideExtended, extended, multiplyExtended } from './safe.ts';
import { SIGMOID_TAIL, dd, sigmoidDerivatives, sigmoidOrder, TANH_TAIL, tanhDerivatives } from '../core/higher.ts';
import { complement } from '../core/extended.ts';
import { erf, erfc, expm1Extended, log1pExtended, sigmoidDerivative, sigmoidOfSum } from '../core/special.ts';
import { cosineOf, sinCosExtended, sineOf } from '../core/trigonometric.ts';
import type { Jet } from './jet.ts';

/** F and its derivatives at hi + lo, up to `order`, into `f`. */
export type Elementary = (f: Jet, hi: number, lo: number, order: number) => void;

function set(f: Jet, k: number, high: number, low: number): void {
  f[2 * k] = high;
  f[2 * k + 1] = Number.isFinite(high) ? low : 0;
}

/** log(a) for a double-double a > 0: one Newton step on exp from the double logarithm. */
function logInto(f: Jet, k: number, hi: number, lo: number): void {
  const y = Math.log(hi);
  if (!Number.isFinite(y) || hi <= 0) {
    set(f, k, hi === 0 ? -Infinity : hi < 0 ? NaN : Math.log(hi + lo), 0);
    return;
  }
  // y + (a − e^y)/e^y, a − e^y in double-double (it cancels to the residual).
  expExtended(y);
  const eh = extended.hi;
  const el = extended.lo;
  addExtended(hi, lo, -eh, -el);
  divideExtended(extended.hi, extended.lo, eh, el);
  addExtended(y, 0, extended.hi, extended.lo);
  set(f, k, extended.hi, extended.lo);
}

/** (1/a)^n·c for a double-double a, into entry k. */
function reciprocalPower(f: Jet, k: number, aHigh: number, aLow: number, n: number, coefficient: number): void {
  let high = coefficient;
  let low = 0;
  for (let i = 0; i < n; i++) {
    divideExtended(high, low, aHigh, aLow);
    high = extended.hi;
    low = extended.lo;
  }
  set(f, k, high, low);
}

export const exp: Elementary = (f, hi, lo, order) => {
  expExtended(hi, lo);
  const h = hi > 709.8 ? Infinity : hi < -746 ? 0 : extended.hi;
  const l = Number.isFinite(h) && h !== 0 ? extended.lo : 0;
  for (let k = 0; k <= order; k++) set(f, k, h, l);
};

const expm1: Elementary = (f, hi, lo, order) => {
  if (hi < -40) set(f, 0, -1 + Math.exp(hi), 0);
  else if (hi > 709.8) set(f, 0, Infinity, 0);
  else {
    expm1Extended(hi, lo);
    set(f, 0, extended.hi, extended.lo);
  }
  if (order >= 1) {
    // The derivatives are e^u: exp's jet, with expm1's own value kept in entry 0.
    const valueHigh = f[0];
    const valueLow = f[1];
    exp(f, hi, lo, order);
    f[0] = valueHigh;
    f[1] = valueLow;
  }
};

export const log: Elementary = (f, hi, lo, order) => {
  logInto(f, 0, hi, lo);
  // (log)′ = 1/u, ″ = −1/u², ‴ = 2/u³
  if (order >= 1) reciprocalPower(f, 1, hi, lo, 1, 1);
  if (order >= 2) reciprocalPower(f, 2, hi, lo, 2, -1);
  if (order >= 3) reciprocalPower(f, 3, hi, lo, 3, 2);
};

const log1p: Elementary = (f, hi, lo, order) => {
  // log(1 + u) by the core's Newton step on expm1: no cancellation of 1 + u near 0.
  const y = Math.log1p(hi);
  if (!Number.isFinite(y) || hi <= -1) set(f, 0, hi === -1 ? -Infinity : hi < -1 ? NaN : y, 0);
  else if (hi > 1e300) logInto(f, 0, hi, lo);
  else {
    log1pExtended(hi, lo);
    set(f, 0, extended.hi, extended.lo);
  }
  addExtended(1, 0, hi, lo);
  const ah = extended.hi;
  const al = extended.lo;
  if (order >= 1) reciprocalPower(f, 1, ah, al, 1, 1);
  if (order >= 2) reciprocalPower(f, 2, ah, al, 2, -1);
  if (order >= 3) reciprocalPower(f, 3, ah, al, 3, 2);
};

const sqrt: Elementary = (f, hi, lo, order) => {
  if (!(hi > 0)) {
    set(f, 0, hi === 0 ? hi : NaN, 0);
    for (let k = 1; k <= order; k++) set(f, k, hi === 0 ? (k % 2 === 1 ? Infinity : -Infinity) : NaN, 0);
    return;
  }
  sqrtExtended(hi, lo);
  const rh = hi === Infinity ? Infinity : extended.hi;
  const rl = hi === Infinity ? 0 : extended.lo;
  set(f, 0, rh, rl);
  // (√u)′ = 1/(2r), ″ = −1/(4u·r), ‴ = 3/(8u²·r)
  if (order >= 1) reciprocalPower(f, 1, rh, rl, 1, 0.5);
  if (order >= 2) {
    divideExtended(-0.25, 0, hi, lo);
    divideExtended(extended.hi, extended.lo, rh, rl);
    set(f, 2, extended.hi, extended.lo);
  }
  if (order >= 3) {
    divideExtended(0.375, 0, hi, lo);
    divideExtended(extended.hi, extended.lo, hi, lo);
    divideExtended(extended.hi, extended.lo, rh, rl);
    set(f, 3, extended.hi, extended.lo);
  }
};

/** sin (which 0) or cos (which 1) and their derivatives: the cycle sin, cos, −sin, −cos. */
function trigonometric(which: 0 | 1): Elementary {
  return (f, hi, lo, order) => {
    const reduced = sinCosExtended(hi, lo);
    const sh = reduced ? sineOf.hi : Math.sin(hi);
    const sl = reduced ? sineOf.lo : 0;
    const ch = reduced ? cosineOf.hi : Math.cos(hi);
    const cl = reduced ? cosineOf.lo : 0;
    for (let k = 0; k <= order; k++) {
      const phase = (k + which) % 4;
      // phase 0: sin, 1: cos, 2: −sin, 3: −cos
      const sign = phase < 2 ? 1 : -1;
      set(f, k, sign * (phase % 2 === 0 ? sh : ch), sign * (phase % 2 === 0 ? sl : cl));
    }
  };
}

const sin = trigonometric(0);
const cos = trigonometric(1);

const tan: Elementary = (f, hi, lo, order) => {
  cos(f, hi, lo, 0);
  const ch = f[0];
  const cl = f[1];
  sin(f, hi, lo, 0);
  divideExtended(f[0], f[1], ch, cl);
  const th = extended.hi;
  const tl = extended.lo;
  set(f, 0, th, tl);
  // tan′ = 1 + t², tan″ = 2t·tan′, tan‴ = 2tan′² + 2t·tan″
  multiplyExtended(th, tl, th, tl);
  addExtended(1, 0, extended.hi, extended.lo);
  const d1h = extended.hi;
  const d1l = extended.lo;
  if (order >= 1) set(f, 1, d1h, d1l);
  multiplyExtended(th, tl, d1h, d1l);
  const d2h = 2 * extended.hi;
  const d2l = 2 * extended.lo;
  if (order >= 2) set(f, 2, d2h, d2l);
  if (order >= 3) {
    multiplyExtended(d1h, d1l, d1h, d1l);
    const ah = extended.hi;
    const al = extended.lo;
    multiplyExtended(th, tl, d2h, d2l);
    addExtended(ah, al, extended.hi, extended.lo);
    set(f, 3, 2 * extended.hi, 2 * extended.lo);
  }
};

const tanh: Elementary = (f, hi, lo, order) => {
  if (!(Math.abs(hi) < TANH_TAIL)) {
    set(f, 0, hi !== hi ? hi : Math.sign(hi), 0);
    for (let k = 1; k <= order; k++) set(f, k, hi !== hi ? hi : 0, 0);
    return;
  }
  const gate = tanhDerivatives(hi, lo);
  set(f, 0, gate.value.hi, gate.value.lo);
  if (order >= 1) set(f, 1, gate.first.hi, gate.first.lo);
  if (order >= 2) set(f, 2, gate.second.hi, gate.second.lo);
  if (order >= 3) set(f, 3, gate.third.hi, gate.third.lo);
};

/** sinh (sign −1) and cosh (sign +1) from e^u and e^(−u): the cycle sinh, cosh. */
function hyperbolic(sign: 1 | -1): Elementary {
  return (f, hi, lo, order) => {
    // sinh = (expm1(u) − expm1(−u))/2: no cancellation near 0; cosh = (e^u + e^(−u))/2.
    expm1Extended(hi, lo);
    const ph = extended.hi;
    const pl = extended.lo;
    expm1Extended(-hi, -lo);
    const mh = extended.hi;
    const ml = extended.lo;
    const big = Math.abs(hi) > 709;
    for (let k = 0; k <= order; k++) {
      const odd = (k % 2 === 0) === (sign === -1);
      if (big) {
        const value = 0.5 * Math.exp(Math.abs(hi)) * (odd && hi < 0 ? -1 : 1);
        set(f, k, value, 0);
        continue;
      }
      // sinh: (p − m)/2; cosh: (p + m)/2 + 1
      addExtended(ph, pl, odd ? -mh : mh, odd ? -ml : ml);
      const h = 0.5 * extended.hi;
      const l = 0.5 * extended.lo;
      if (odd) set(f, k, h, l);
      else {
        addExtended(h, l, 1, 0);
        set(f, k, extended.hi, extended.lo);
      }
    }
  };
}

const atan: Elementary = (f, hi, lo, order) => {
  // atan(hi + lo) = atan(hi) + lo/(1 + hi²): the double value and its correction.
  const a = 1 + hi * hi;
  set(f, 0, Math.atan(hi) + lo / a, 0);
  multiplyExtended(hi, lo, hi, lo);
  addExtended(1, 0, extended.hi, extended.lo);
  const ah = extended.hi;
  const al = extended.lo;
  // atan′ = 1/a, ″ = −2u/a², ‴ = (6u² − 2)/a³
  if (order >= 1) reciprocalPower(f, 1, ah, al, 1, 1);
  if (order >= 2) {
    reciprocalPower(f, 2, ah, al, 2, 1);
    multiplyExtended(f[4], f[5], -2 * hi, -2 * lo);
    set(f, 2, extended.hi, extended.lo);
  }
  if (order >= 3) {
    reciprocalPower(f, 3, ah, al, 3, 1);
    multiplyExtended(hi, lo, hi, lo);
    multiplyExtended(extended.hi, extended.lo, 6, 0);
    addExtended(extended.hi, extended.lo, -2, 0);
    multiplyExtended(f[6], f[7], extended.hi, extended.lo);
    set(f, 3, extended.hi, extended.lo);
  }
};

// 2/√π as two doubles (mpmath).
const TWO_OVER_SQRT_PI = [1.1283791670955126, 1.533545961316588e-17];

/** erf (sign 1) and erfc (sign −1): the value from the library with its first-order correction, the derivatives ±(2/√π)e^(−u²) and on. */
function errorFunction(sign: 1 | -1): Elementary {
  return (f, hi, lo, order) => {
    const square = hi * hi;
    // (2/√π)·e^(−u²), u² carried exactly
    multiplyExtended(hi, lo, hi, lo);
    let slope = 0;
    let slopeLow = 0;
    if (square <= 1500) {
      expExtended(-extended.hi, -extended.lo);
      slope = extended.hi;
      slopeLow = extended.lo;
    }
    multiplyExtended(slope, slopeLow, TWO_OVER_SQRT_PI[0], TWO_OVER_SQRT_PI[1]);
    const dh = sign * extended.hi;
    const dl = sign * extended.lo;
    set(f, 0, (sign === 1 ? erf(hi) : erfc(hi)) + dh * lo, 0);
    // Far out e^(−u²) is 0 and so is every derivative (u² may have overflowed: no 0·∞ here).
    if (slope === 0) {
      for (let k = 1; k <= order; k++) set(f, k, hi === hi ? 0 : hi, 0);
      return;
    }
    if (order >= 1) set(f, 1, dh, dl);
    // ″ = −2u·′, ‴ = (4u² − 2)·′
    if (order >= 2) {
      multiplyExtended(dh, dl, -2 * hi, -2 * lo);
      set(f, 2, extended.hi, extended.lo);
    }
    if (order >= 3) {
      multiplyExtended(hi, lo, hi, lo);
      multiplyExtended(extended.hi, extended.lo, 4, 0);
      addExtended(extended.hi, extended.lo, -2, 0);
      multiplyExtended(dh, dl, extended.hi, extended.lo);
      set(f, 3, extended.hi, extended.lo);
    }
  };
}

/**
 * σ at a double-double argument: σ(u) and σ′(u) = σ(u)·σ(−u) from one double-double exponential
 * (the gates x·σ(βx) need no more), or all four from sigmoidDerivatives; beyond |u| = 700 the
 * plain doubles of the catalogue (their tails are exponentials rounded once).
 */
export const sigmoid: Elementary = (f, hi, lo, order) => {
  if (!(Math.abs(hi) <= SIGMOID_TAIL)) {
    set(f, 0, sigmoidOfSum(hi, lo), 0);
    if (order >= 1) set(f, 1, sigmoidDerivative(hi), 0);
    if (order >= 2) set(f, 2, sigmoidOrder(hi, 2), 0);
    if (order >= 3) set(f, 3, sigmoidOrder(hi, 3), 0);
    return;
  }
  if (order <= 1) {
    sigmoidExtended(hi, lo);
    set(f, 0, extended.hi, extended.lo);
    multiplyExtended(extended.hi, extended.lo, complement.hi, complement.lo);
    set(f, 1, extended.hi, extended.lo);
    return;
  }
  const gate = sigmoidDerivatives(dd(hi, lo));
  set(f, 0, gate.value.hi, gate.value.lo);
  set(f, 1, gate.first.hi, gate.first.lo);
  set(f, 2, gate.second.hi, gate.second.lo);
  if (order >= 3) set(f, 3, gate.third.hi, gate.third.lo);
};

/** The elementary functions by name; they come before the catalogue's (sin is the sine, not SIREN's sin(30x)). */
export const ELEMENTARY: Readonly<Partial<Record<string, Elementary>>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, Elementary>, {
    exp,
    expm1,
    log,
    ln: log,
    log1p,
    sqrt,
    sin,
    cos,
    tan,
    tanh,
    sinh: hyperbolic(-1),
    cosh: hyperbolic(1),
    atan,
    arctan: atan,
    erf: errorFunction(1),
    erfc: errorFunction(-1),
  }),
);
