/**
 * The floating-point element types of tensor files and their bytes: decoding a run of elements
 * to doubles and encoding doubles back, little- or big-endian, at any record stride.
 */

export const TENSOR_DTYPES = ['float64', 'float32', 'float16', 'bfloat16'] as const;
export type TensorDType = (typeof TENSOR_DTYPES)[number];

export const ITEM_SIZE: Readonly<Record<TensorDType, number>> = { float64: 8, float32: 4, float16: 2, bfloat16: 2 };

/** The layout of one element type in a run of records. */
export interface ElementLayout {
  readonly dtype: TensorDType;
  readonly littleEndian: boolean;
  /** Bytes from one element to the next (the record size of a structured array). */
  readonly stride: number;
  /** Bytes from the start of a record to this element. */
  readonly offset: number;
}

const FLOAT16_SUBNORMAL = 2 ** -24;

/** The value of IEEE binary16 bits. */
export function float16FromBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * FLOAT16_SUBNORMAL;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);

/** The value of bfloat16 bits: the upper half of a float32. */
export function bfloat16FromBits(bits: number): number {
  float32Bits[0] = (bits & 0xffff) << 16;
  return float32[0];
}

/**
 * The binary16 bits of x, rounded to nearest (ties to even) when x is not a float16 value;
 * overflow gives ±Infinity and NaN the quiet NaN 0x7e00.
 */
export function float16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  let magnitude = Math.abs(x);
  if (magnitude === Infinity) return sign | 0x7c00;
  if (magnitude < 2 ** -14) {
    // Subnormal: a whole number of 2^-24, rounded half to even (exact scaling by a power of two).
    const units = roundHalfEven(magnitude / FLOAT16_SUBNORMAL);
    return sign | units; // 1024 units is the smallest normal, whose bits are the same number
  }
  let exponent = Math.floor(Math.log2(magnitude));
  // Math.log2 may be off by one next to a power of two: settle it on the exact comparison.
  if (2 ** exponent > magnitude) exponent--;
  else if (2 ** (exponent + 1) <= magnitude) exponent++;
  let significand = roundHalfEven(magnitude / 2 ** (exponent - 10));
  if (significand === 2048) {
    significand = 1024;
    exponent++;
  }
  if (exponent > 15) return sign | 0x7c00;
  magnitude = significand - 1024;
  return sign | ((exponent + 15) << 10) | magnitude;
}

/** The bfloat16 bits of x, rounded to nearest (ties to even); NaN is the quiet NaN 0x7fc0. */
export function bfloat16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7fc0;
  float32[0] = x;
  const bits = float32Bits[0];
  // Rounding a double to float32 and then to bfloat16 could round twice; round from the double
  // instead when the float32 is not exact.
  if (float32[0] !== x && Number.isFinite(float32[0])) return bfloat16BitsOfDouble(x);
  const rounded = bits + 0x7fff + ((bits >>> 16) & 1);
  return (rounded >>> 16) & 0xffff;
}

function bfloat16BitsOfDouble(x: number): number {
  const sign = x < 0 ? 0x8000 : 0;
  const magnitude = Math.abs(x);
  if (magnitude < 2 ** -126) {
    const units = roundHalfEven(magnitude / 2 ** -133);
    return sign | units;
  }
  let exponent = Math.floor(Math.log2(magnitude));
  if (2 ** exponent > magnitude) exponent--;
  else if (2 ** (exponent + 1) <= magnitude) exponent++;
  let significand = roundHalfEven(magnitude / 2 ** (exponent - 7));
  if (significand === 256) {
    significand = 128;
    exponent++;
  }
  if (exponent > 127) return sign | 0x7f80;
  return sign | ((exponent + 127) << 7) | (significand - 128);
}

function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Decodes `count` elements from `bytes` (which starts at the first record) into `out`.
 * Every bit pattern has a value: no input makes this throw.
 */
export function decodeElements(layout: ElementLayout, bytes: Uint8Array, count: number, out: Float64Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { stride, littleEndian } = layout;
  let at = layout.offset;
  switch (layout.dtype) {
    case 'float64':
      for (let i = 0; i < count; i++, at += stride) out[i] = view.getFloat64(at, littleEndian);
      return;
    case 'float32':
      for (let i = 0; i < count; i++, at += stride) out[i] = view.getFloat32(at, littleEndian);
      return;
    case 'float16':
      for (let i = 0; i < count; i++, at += stride) out[i] = float16FromBits(view.getUint16(at, littleEndian));
      return;
    case 'bfloat16':
      for (let i = 0; i < count; i++, at += stride) out[i] = bfloat16FromBits(view.getUint16(at, littleEndian));
      return;
  }
}

/** Encodes `count` doubles into `bytes` at the layout's offset and stride, rounding to the dtype. */
export function encodeElements(layout: ElementLayout, values: ArrayLike<number>, count: number, bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { stride, littleEndian } = layout;
  let at = layout.offset;
  switch (layout.dtype) {
    case 'float64':
      for (let i = 0; i < count; i++, at += stride) view.setFloat64(at, values[i], littleEndian);
      return;
    case 'float32':
      // setFloat32 rounds to nearest, ties to even, as IEEE 754 says.
      for (let i = 0; i < count; i++, at += stride) view.setFloat32(at, values[i], littleEndian);
      return;
    case 'float16':
      for (let i = 0; i < count; i++, at += stride) view.setUint16(at, float16Bits(values[i]), littleEndian);
      return;
    case 'bfloat16':
      for (let i = 0; i < count; i++, at += stride) view.setUint16(at, bfloat16Bits(values[i]), littleEndian);
      return;
  }
}
