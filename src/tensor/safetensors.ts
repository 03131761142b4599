/**
 * Hugging Face's safetensors: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the data. F64, F32, F16 and BF16 are read; every
 * offset is checked against the data before it is used.
 */
import { ITEM_SIZE, type TensorDType } from './elements.ts';
import { TensorFormatError, elementCount, type TensorEntry } from './entry.ts';

/** safetensors itself refuses headers over 100 MB. */
const MAX_HEADER_BYTES = 100_000_000;

const DTYPE_NAMES: Readonly<Record<string, TensorDType>> = { F64: 'float64', F32: 'float32', F16: 'float16', BF16: 'bfloat16' };
export const SAFETENSORS_DTYPES: Readonly<Record<TensorDType, string>> = { float64: 'F64', float32: 'F32', float16: 'F16', bfloat16: 'BF16' };

/** The header's length when `prefix` starts like a safetensors file, else undefined. */
export function safetensorsHeaderLength(prefix: Uint8Array): number | undefined {
  if (prefix.length < 9 || prefix[8] !== 0x7b /* { */) return undefined;
  const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  return length >= 2 && length <= MAX_HEADER_BYTES ? length : undefined;
}

function isNaturalNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The tensors of a safetensors file, from its first 8 + N bytes and its size. */
export function parseSafetensorsHeader(header: Uint8Array, fileSize: number): TensorEntry[] {
  const length = safetensorsHeaderLength(header);
  if (length === undefined) throw new TensorFormatError('not a safetensors file');
  const dataOffset = 8 + length;
  if (dataOffset > fileSize || header.length < dataOffset) throw new TensorFormatError(`truncated: the header says it is ${length} bytes long, but the file has ${fileSize}`);
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(header.subarray(8, dataOffset)));
  } catch (error) {
    throw new TensorFormatError(`the header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new TensorFormatError('the header is not a JSON object');
  const dataSize = fileSize - dataOffset;
  const entries: TensorEntry[] = [];
  for (const [name, description] of Object.entries(document as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = (description ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string' || !Array.isArray(shape) || !Array.isArray(offsets)) throw new TensorFormatError(`tensor '${name}' lacks a dtype, shape or data_offsets`);
    const known = DTYPE_NAMES[dtype];
    if (!known) throw new TensorFormatError(`tensor '${name}' has dtype ${dtype}; act reads F64, F32, F16 and BF16`);
    if (!shape.every(isNaturalNumber)) throw new TensorFormatError(`tensor '${name}' has the shape ${JSON.stringify(shape)}, which is not a list of sizes`);
    const [begin, end] = offsets as unknown[];
    if (offsets.length !== 2 || !isNaturalNumber(begin) || !isNaturalNumber(end) || begin > end) {
      throw new TensorFormatError(`tensor '${name}' has data_offsets ${JSON.stringify(offsets)}, which is not a range`);
    }
    const count = elementCount(shape);
    if (end > dataSize) throw new TensorFormatError(`tensor '${name}' ends at byte ${end} of the data, but the file holds ${dataSize} bytes of data`);
    if (end - begin !== count * ITEM_SIZE[known]) {
      throw new TensorFormatError(`tensor '${name}' has ${end - begin} bytes, but its shape [${shape.join(', ')}] of ${dtype} needs ${count * ITEM_SIZE[known]}`);
    }
    entries.push({ name, dtype: known, shape, count, fortranOrder: false, dataOffset: dataOffset + begin, layout: { dtype: known, littleEndian: true, stride: ITEM_SIZE[known], offset: 0 } });
  }
  return entries;
}

export interface TensorDescription {
  readonly name: string;
  readonly dtype: TensorDType;
  readonly shape: readonly number[];
}

/**
 * The header of a safetensors file holding `tensors` in the order given, each starting where
 * the one before ends, and where each one's data starts in the file. Padded with spaces to a
 * multiple of 8 bytes, as the format recommends for aligned reads.
 */
export function safetensorsHeader(tensors: readonly TensorDescription[], metadata?: Readonly<Record<string, string>>): { bytes: Uint8Array; starts: number[] } {
  const document: Record<string, unknown> = {};
  if (metadata) document.__metadata__ = metadata;
  let offset = 0;
  const relative: number[] = [];
  for (const tensor of tensors) {
    const size = elementCount(tensor.shape) * ITEM_SIZE[tensor.dtype];
    document[tensor.name] = { dtype: SAFETENSORS_DTYPES[tensor.dtype], shape: tensor.shape, data_offsets: [offset, offset + size] };
    relative.push(offset);
    offset += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(document));
  const length = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + length).fill(0x20, 8);
  new DataView(bytes.buffer).setUint32(0, length, true);
  bytes.set(json, 8);
  return { bytes, starts: relative.map((start) => 8 + length + start) };
}
