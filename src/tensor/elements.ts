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

/** A binary format narrower than float32: its fraction bits and exponent bias. */
interface NarrowFormat {
  readonly fractionBits: number;
  readonly bias: number;
  /** The bits of +Infinity. */
  readonly infinity: number;
}

const FLOAT16: NarrowFormat = { fractionBits: 10, bias: 15, infinity: 0x7c00 };
const BFLOAT16: NarrowFormat = { fractionBits: 7, bias: 127, infinity: 0x7f80 };

/**
 * The bits of a non-NaN double in the format, rounded once to nearest (ties to even);
 * overflow gives ±Infinity. Scalings by powers of two are exact, so only the one rounding
 * of the significand happens.
 */
function narrowBits(x: number, format: NarrowFormat): number {
  const sign = x < 0 || Object.is(x, -0) ? 1 << 15 : 0;
  const magnitude = Math.abs(x);
  if (magnitude === Infinity) return sign | format.infinity;
  const minExponent = 1 - format.bias;
  const unit = 2 ** (minExponent - format.fractionBits);
  // Subnormal: a whole number of the smallest subnormal (which may round up to the smallest normal, whose bits are that number).
  if (magnitude < 2 ** minExponent) return sign | roundHalfEven(magnitude / unit);
  let exponent = Math.floor(Math.log2(magnitude));
  // Math.log2 may be off by one next to a power of two: settle it on exact comparisons.
  if (2 ** exponent > magnitude) exponent--;
  else if (2 ** (exponent + 1) <= magnitude) exponent++;
  const hidden = 2 ** format.fractionBits;
  let significand = roundHalfEven(magnitude / 2 ** (exponent - format.fractionBits));
  if (significand === 2 * hidden) {
    significand = hidden;
    exponent++;
  }
  if (exponent > format.bias) return sign | format.infinity;
  return sign | ((exponent + format.bias) << format.fractionBits) | (significand - hidden);
}

/** The binary16 bits of x, rounded to nearest (ties to even); NaN is the quiet NaN 0x7e00. */
export function float16Bits(x: number): number {
  return Number.isNaN(x) ? 0x7e00 : narrowBits(x, FLOAT16);
}

/** The bfloat16 bits of x, rounded to nearest (ties to even); NaN is the quiet NaN 0x7fc0. */
export function bfloat16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7fc0;
  float32[0] = x;
  // A float32 value (the usual case: results already rounded) takes the fast bit trick; any other
  // double is rounded from itself, since rounding through float32 could round twice.
  if (float32[0] !== x) return narrowBits(x, BFLOAT16);
  const bits = float32Bits[0];
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
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
