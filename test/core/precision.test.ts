/** Rounding to float32, float16 and bfloat16 against independently known bit patterns (IEEE 754-2008, bfloat16 spec). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { roundTo, ulpsBetween } from '../../src/core/precision.ts';

/** A float16 value from its 16-bit pattern (decoded independently, by the format's definition). */
function float16FromBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** A bfloat16 value: the top 16 bits of a float32. */
function bfloat16FromBits(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits << 16);
  return view.getFloat32(0);
}

describe('float16', () => {
  it('largest finite 65504 (0x7bff); 65519 rounds down, 65520 (the tie) to Infinity', () => {
    assert.equal(float16FromBits(0x7bff), 65504);
    assert.equal(roundTo('float16', 65504), 65504);
    assert.equal(roundTo('float16', 65519), 65504);
    assert.equal(roundTo('float16', 65520), Infinity);
    assert.equal(roundTo('float16', -65520), -Infinity);
  });

  it('subnormals: the smallest 2^-24 (0x0001); half of it ties to 0, just above rounds up', () => {
    assert.equal(roundTo('float16', float16FromBits(0x0001)), 5.960464477539063e-8);
    assert.equal(roundTo('float16', 2 ** -25), 0);
    assert.equal(roundTo('float16', 2 ** -25 * 1.0000001), 2 ** -24);
    assert.equal(roundTo('float16', 3 * 2 ** -25), 2 * 2 ** -24, 'tie goes to the even pattern 0x0002');
    assert.ok(Object.is(roundTo('float16', -(2 ** -26)), -0));
  });

  it('ties to even in the normal range: 1 + 2^-11 → 1, 1 + 3·2^-11 → 1 + 2^-9', () => {
    assert.equal(roundTo('float16', 1 + 2 ** -11), 1);
    assert.equal(roundTo('float16', 1 + 3 * 2 ** -11), 1 + 2 ** -9);
    assert.equal(roundTo('float16', 0.1), float16FromBits(0x2e66));
  });

  it('every float16 pattern is fixed by rounding, and ulps count patterns', () => {
    for (let bits = 0; bits < 0x7c00; bits += 7) {
      const value = float16FromBits(bits);
      assert.equal(roundTo('float16', value), value);
      if (bits > 0) assert.equal(ulpsBetween('float16', value, float16FromBits(bits - 1)), 1);
    }
  });
});

describe('bfloat16', () => {
  it('largest finite 3.3895313892515355e38 (0x7f7f); beyond the midpoint to Infinity', () => {
    assert.equal(bfloat16FromBits(0x7f7f), 3.3895313892515355e38);
    assert.equal(roundTo('bfloat16', 3.3895313892515355e38), 3.3895313892515355e38);
    assert.equal(roundTo('bfloat16', 3.4e38), Infinity);
  });

  it('0.1 → 0x3dcd, 0.2 → 0x3e4d, and the smallest subnormal 0x0001 = 2^-133', () => {
    assert.equal(roundTo('bfloat16', 0.1), bfloat16FromBits(0x3dcd));
    assert.equal(roundTo('bfloat16', 0.2), bfloat16FromBits(0x3e4d));
    assert.equal(bfloat16FromBits(0x0001), 2 ** -133);
    assert.equal(roundTo('bfloat16', 2 ** -133), 2 ** -133);
    assert.equal(roundTo('bfloat16', 2 ** -134), 0, 'half the smallest subnormal ties to 0');
  });

  it('rounds once from double: no double rounding through float32', () => {
    // 1 + 2^-8 + 2^-30: above the bfloat16 tie, but float32 first would keep 1 + 2^-8 (a tie, to even: 1).
    assert.equal(roundTo('bfloat16', 1 + 2 ** -8 + 2 ** -30), 1 + 2 ** -7);
  });
});

describe('float32', () => {
  it('is Math.fround, and rounding is idempotent and monotone for every dtype', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (a, b) => {
        for (const dtype of ['float32', 'float16', 'bfloat16'] as const) {
          const r = roundTo(dtype, a);
          assert.ok(Object.is(roundTo(dtype, r), r));
          if (a <= b) assert.ok(r <= roundTo(dtype, b));
        }
        assert.ok(Object.is(roundTo('float32', a), Math.fround(a)));
      }),
      { seed: 20261128, numRuns: 2000 },
    );
  });
});
