/**
 * Tensor files over bytes: NumPy `.npy` and safetensors, recognised by their magic bytes, read
 * into doubles and written from them. Pure: no file system, nothing of the CLI.
 */
import { decodeElements, encodeElements, ITEM_SIZE, type TensorDType } from './elements.ts';
import { TensorFormatError, elementCount, type ReadOptions, type TensorEntry } from './entry.ts';
import { NPY_MAGIC, npyHeader, npyHeaderSize, parseNpyHeader } from './npy.ts';
import { parseSafetensorsHeader, safetensorsHeader, safetensorsHeaderLength } from './safetensors.ts';

export { TENSOR_DTYPES, ITEM_SIZE, decodeElements, encodeElements, float16Bits, float16FromBits, bfloat16Bits, bfloat16FromBits } from './elements.ts';
export type { ElementLayout, TensorDType } from './elements.ts';
export { TensorFormatError, elementCount } from './entry.ts';
export type { ReadOptions, TensorEntry } from './entry.ts';
export { npyHeader } from './npy.ts';
export { safetensorsHeader, type TensorDescription } from './safetensors.ts';

export type TensorFileKind = 'npy' | 'safetensors';

/** Enough leading bytes to recognise a tensor file and learn its header's size. */
export const SNIFF_BYTES = 16;

/**
 * What the first bytes of a file say: a tensor file of this kind whose header (preamble
 * included) is `headerSize` bytes, or undefined when it is not a tensor file.
 */
export function sniffTensorFile(prefix: Uint8Array): { kind: TensorFileKind; headerSize: number } | undefined {
  if (prefix.length >= 6 && NPY_MAGIC.every((byte, i) => prefix[i] === byte)) return { kind: 'npy', headerSize: npyHeaderSize(prefix) };
  const length = safetensorsHeaderLength(prefix);
  return length === undefined ? undefined : { kind: 'safetensors', headerSize: 8 + length };
}

/** The arrays a tensor file holds, from its header bytes and the file's size. */
export function parseTensorHeader(kind: TensorFileKind, header: Uint8Array, fileSize: number, options: ReadOptions = {}): TensorEntry[] {
  return kind === 'npy' ? parseNpyHeader(header, fileSize, options) : parseSafetensorsHeader(header, fileSize);
}

/** A tensor in memory: its elements as doubles in C (row-major) order. */
export interface Tensor {
  readonly name: string;
  readonly dtype: TensorDType;
  readonly shape: readonly number[];
  readonly values: Float64Array;
}

/**
 * The elements of a column-major array in row-major order: a Fortran array of shape S is laid
 * out as a C array of the reversed shape, so element (i0, …, ik) sits at C index (ik, …, i0).
 */
export function fortranToC(values: Float64Array, shape: readonly number[]): Float64Array {
  const rank = shape.length;
  if (rank < 2) return values;
  const out = new Float64Array(values.length);
  // Strides of the Fortran layout, and an odometer over the row-major index.
  const strides = new Array<number>(rank);
  let stride = 1;
  for (let d = 0; d < rank; d++) {
    strides[d] = stride;
    stride *= shape[d];
  }
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = values[source];
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      source += strides[d];
      if (index[d] < shape[d]) break;
      source -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

/** Every array in a tensor file, decoded (one per field of a structured .npy). */
export function readTensors(bytes: Uint8Array, options: ReadOptions = {}): Tensor[] {
  const sniffed = sniffTensorFile(bytes.subarray(0, SNIFF_BYTES));
  if (!sniffed) throw new TensorFormatError('not a tensor file: neither .npy nor safetensors');
  const entries = parseTensorHeader(sniffed.kind, bytes.subarray(0, sniffed.headerSize), bytes.length, options);
  return entries.map((entry) => ({ name: entry.name, dtype: entry.dtype, shape: entry.shape, values: decodeEntry(bytes, entry) }));
}

/** The elements of one array of a tensor file, in C order. */
export function decodeEntry(bytes: Uint8Array, entry: TensorEntry): Float64Array {
  const values = new Float64Array(entry.count);
  decodeElements(entry.layout, bytes.subarray(entry.dataOffset, entry.dataOffset + entry.count * entry.layout.stride), entry.count, values);
  return entry.fortranOrder ? fortranToC(values, entry.shape) : values;
}

/**
 * The one tensor of a file, or the one named: a safetensors tensor, or a field of a structured
 * .npy. A file of several tensors needs the name.
 */
export function readTensor(bytes: Uint8Array, options: ReadOptions & { readonly name?: string } = {}): Tensor {
  const tensors = readTensors(bytes, options);
  if (options.name !== undefined) {
    const found = tensors.find((tensor) => tensor.name === options.name);
    if (!found) throw new TensorFormatError(`no tensor named '${options.name}'; the file holds ${tensors.map((tensor) => tensor.name || '(one unnamed array)').join(', ')}`);
    return found;
  }
  if (tensors.length !== 1) throw new TensorFormatError(`the file holds ${tensors.length} tensors (${tensors.map((tensor) => tensor.name).join(', ')}); name one`);
  return tensors[0];
}

/** A plain array, or a structured one with one field per name (all of the one dtype and shape). */
export type NpyContents =
  | { readonly dtype: TensorDType; readonly shape: readonly number[]; readonly values: ArrayLike<number> }
  | { readonly dtype: TensorDType; readonly shape: readonly number[]; readonly fields: Readonly<Record<string, ArrayLike<number>>> };

/** A complete .npy file (C order, little-endian; bfloat16 as '<u2' bit patterns). */
export function writeNpy(contents: NpyContents): Uint8Array {
  const count = elementCount(contents.shape);
  const columns = 'fields' in contents ? Object.entries(contents.fields) : [['', contents.values] as const];
  for (const [name, values] of columns) {
    if (values.length !== count) throw new TensorFormatError(`${name ? `field '${name}'` : 'the array'} has ${values.length} elements; the shape needs ${count}`);
  }
  const header = npyHeader(contents.dtype, contents.shape, 'fields' in contents ? Object.keys(contents.fields) : undefined);
  const size = ITEM_SIZE[contents.dtype];
  const stride = size * columns.length;
  const bytes = new Uint8Array(header.length + count * stride);
  bytes.set(header);
  const data = bytes.subarray(header.length);
  columns.forEach(([, values], f) => encodeElements({ dtype: contents.dtype, littleEndian: true, stride, offset: f * size }, values, count, data));
  return bytes;
}

/** A complete safetensors file holding the tensors in the order given. */
export function writeSafetensors(tensors: readonly Tensor[] | ReadonlyArray<{ name: string; dtype: TensorDType; shape: readonly number[]; values: ArrayLike<number> }>, metadata?: Readonly<Record<string, string>>): Uint8Array {
  for (const tensor of tensors) {
    if (tensor.values.length !== elementCount(tensor.shape)) throw new TensorFormatError(`tensor '${tensor.name}' has ${tensor.values.length} elements; its shape needs ${elementCount(tensor.shape)}`);
  }
  const { bytes: header, starts } = safetensorsHeader(tensors, metadata);
  const total = tensors.reduce((sum, tensor) => sum + tensor.values.length * ITEM_SIZE[tensor.dtype], header.length);
  const bytes = new Uint8Array(total);
  bytes.set(header);
  tensors.forEach((tensor, t) => {
    const size = ITEM_SIZE[tensor.dtype];
    encodeElements({ dtype: tensor.dtype, littleEndian: true, stride: size, offset: 0 }, tensor.values, tensor.values.length, bytes.subarray(starts[t]));
  });
  return bytes;
}
