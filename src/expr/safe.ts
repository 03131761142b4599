/**
 * The core's double-double operations for expressions, whose intermediates may reach the ends of
 * the double range: where a split overflows, the core leaves NaN (its kernels then defer to their
 * slow path); here the plain double result stands instead, with no low part.
 */
import { addExtended as coreAdd, divideExtended as coreDivide, extended, multiplyExtended as coreMultiply } from '../core/extended.ts';

export { extended };

export function addExtended(aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  coreAdd(aHigh, aLow, bHigh, bLow);
  if (extended.hi !== extended.hi) {
    extended.hi = aHigh + bHigh;
    extended.lo = 0;
  }
}

export function multiplyExtended(aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  coreMultiply(aHigh, aLow, bHigh, bLow);
  if (extended.hi !== extended.hi) {
    extended.hi = aHigh * bHigh;
    extended.lo = 0;
  }
}

export function divideExtended(aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  coreDivide(aHigh, aLow, bHigh, bLow);
  if (extended.hi !== extended.hi) {
    extended.hi = aHigh / bHigh;
    extended.lo = 0;
  }
}
