/**
 * NumPy's `.npy` format, versions 1.0, 2.0 and 3.0: the magic, a header that is a Python dict
 * literal (parsed, never evaluated), then the raw elements. Plain arrays of f2/f4/f8 in either
 * byte order and either memory order, structured arrays of such fields, and 2-byte unsigned or
 * void elements read as bfloat16 bit patterns on request.
 */
import { ITEM_SIZE, type TensorDType } from './elements.ts';
import { LiteralError, parsePythonLiteral, PythonDict, PythonTuple, type PythonValue } from './python-literal.ts';
import { TensorFormatError, elementCount, type TensorEntry, type ReadOptions } from './entry.ts';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** The bytes before the data: the preamble plus the header the preamble announces. */
export function npyHeaderSize(prefix: Uint8Array): number {
  if (prefix.length < 10) throw new TensorFormatError('truncated: the .npy preamble is cut short');
  const major = prefix[6];
  if (major !== 1 && major !== 2 && major !== 3) throw new TensorFormatError(`.npy format version ${major}.${prefix[7]} is not one act reads (1.0, 2.0, 3.0)`);
  if (major === 1) return 10 + (prefix[8] | (prefix[9] << 8));
  if (prefix.length < 12) throw new TensorFormatError('truncated: the .npy preamble is cut short');
  return 12 + (prefix[8] | (prefix[9] << 8) | (prefix[10] << 16)) + prefix[11] * 2 ** 24;
}

const KIND_NAMES: Readonly<Record<string, string>> = {
  i: 'int',
  u: 'uint',
  b: 'bool',
  c: 'complex',
  O: 'object (pickled Python objects, which act never loads)',
  U: 'unicode string',
  S: 'bytes',
  a: 'bytes',
  V: 'void',
  M: 'datetime64',
  m: 'timedelta64',
};

/** A NumPy type string such as '<f4', named for people (int32, complex64, float128…). */
function describeDescr(descr: string): string {
  const match = /^[<>|=]?([a-zA-Z])(\d*)/.exec(descr);
  if (!match) return `'${descr}'`;
  const [, kind, sizeText] = match;
  const size = Number(sizeText);
  if (kind === 'f') return size === 16 ? 'float128 (long double)' : size === 12 ? 'float96 (long double)' : `float${8 * size}`;
  if (kind === 'i' || kind === 'u') return `${KIND_NAMES[kind]}${8 * size}`;
  if (kind === 'c') return `complex${8 * size}`;
  if (kind === 'b') return 'bool';
  return KIND_NAMES[kind] ?? `'${descr}'`;
}

interface ElementType {
  readonly dtype: TensorDType;
  readonly littleEndian: boolean;
}

function elementType(descr: PythonValue, options: ReadOptions, field: string): ElementType {
  const fieldText = field === '' ? '' : `field '${field}' `;
  if (typeof descr !== 'string') throw new TensorFormatError(`${fieldText}has a nested or unusual type, which act does not read`);
  const match = /^([<>|=]?)([fuV])(\d+)$/.exec(descr);
  if (match) {
    const [, order, kind, size] = match;
    const littleEndian = order !== '>';
    if (kind === 'f' && (size === '2' || size === '4' || size === '8')) {
      return { dtype: size === '2' ? 'float16' : size === '4' ? 'float32' : 'float64', littleEndian };
    }
    if ((kind === 'u' || kind === 'V') && size === '2') {
      if (options.bfloat16Bits) return { dtype: 'bfloat16', littleEndian };
      throw new TensorFormatError(
        `${fieldText}holds ${kind === 'u' ? 'uint16' : '2-byte void'} elements ('${descr}'), not floats`,
        'If they are bfloat16 bit patterns, give --dtype bfloat16.',
      );
    }
  }
  throw new TensorFormatError(`${fieldText}holds ${describeDescr(descr)} elements ('${descr}'); act reads float16, float32 and float64 (and bfloat16 as 2-byte bit patterns)`);
}

function shapeOf(value: PythonValue | undefined): number[] {
  const items = value instanceof PythonTuple ? value.items : Array.isArray(value) ? value : undefined;
  if (!items || !items.every((item) => typeof item === 'number' && Number.isSafeInteger(item) && item >= 0)) {
    throw new TensorFormatError(`the header's shape ${JSON.stringify(value instanceof PythonTuple ? value.items : value)} is not a tuple of sizes`);
  }
  return items as number[];
}

interface Field {
  readonly name: string;
  readonly type: ElementType;
  readonly offset: number;
}

/** The fields of a structured dtype: a list of (name, format) tuples, or numpy's dict form with offsets. */
function structuredFields(descr: PythonValue, options: ReadOptions): { fields: Field[]; itemSize: number } {
  if (descr instanceof PythonDict) {
    const names = descr.entries.get('names');
    const formats = descr.entries.get('formats');
    const offsets = descr.entries.get('offsets');
    const itemSize = descr.entries.get('itemsize');
    if (!Array.isArray(names) || !Array.isArray(formats) || !Array.isArray(offsets) || typeof itemSize !== 'number' || names.length !== formats.length || names.length !== offsets.length) {
      throw new TensorFormatError('the header describes a structured type act cannot read');
    }
    const fields = names.map((name, index) => {
      const offset = offsets[index];
      if (typeof name !== 'string' || typeof offset !== 'number') throw new TensorFormatError('the header describes a structured type act cannot read');
      const type = elementType(formats[index], options, name);
      if (offset < 0 || offset + ITEM_SIZE[type.dtype] > itemSize) throw new TensorFormatError(`field '${name}' lies outside its record`);
      return { name, type, offset };
    });
    return { fields, itemSize };
  }
  if (!Array.isArray(descr)) throw new TensorFormatError('the header has no readable descr');
  const fields: Field[] = [];
  let offset = 0;
  for (const item of descr) {
    const parts = item instanceof PythonTuple ? item.items : undefined;
    if (!parts || parts.length < 2) throw new TensorFormatError('the header describes a structured type act cannot read');
    const [name, format] = parts;
    if (typeof name !== 'string') throw new TensorFormatError('a structured field with a title, which act does not read');
    if (parts.length > 2) throw new TensorFormatError(`field '${name}' is a sub-array, which act does not read`);
    // numpy names padding '' with a void type: skip its bytes.
    const padding = name === '' && typeof format === 'string' ? /^\|?V(\d+)$/.exec(format) : null;
    if (padding) {
      offset += Number(padding[1]);
      continue;
    }
    const type = elementType(format, options, name);
    fields.push({ name, type, offset });
    offset += ITEM_SIZE[type.dtype];
  }
  if (fields.length === 0) throw new TensorFormatError('the structured type has no fields');
  return { fields, itemSize: offset };
}

/**
 * The arrays of a .npy file (one, or one per field of a structured array), given its header
 * bytes and its size. Checks that the data is exactly as long as the header says.
 */
export function parseNpyHeader(header: Uint8Array, fileSize: number, options: ReadOptions = {}): TensorEntry[] {
  const dataOffset = npyHeaderSize(header);
  if (dataOffset > fileSize || header.length < dataOffset) throw new TensorFormatError(`truncated: the header says it is ${dataOffset} bytes long, but the file has ${fileSize}`);
  const start = header[6] === 1 ? 10 : 12;
  const text = new TextDecoder(header[6] === 3 ? 'utf-8' : 'latin1').decode(header.subarray(start, dataOffset));
  let dict: PythonValue;
  try {
    dict = parsePythonLiteral(text.trim());
  } catch (error) {
    if (error instanceof LiteralError) throw new TensorFormatError(`the header is not a dict literal (${error.message})`);
    throw error;
  }
  if (!(dict instanceof PythonDict)) throw new TensorFormatError('the header is not a dict');
  const descr = dict.entries.get('descr');
  const fortranOrder = dict.entries.get('fortran_order');
  if (descr === undefined || typeof fortranOrder !== 'boolean') throw new TensorFormatError("the header lacks 'descr' or 'fortran_order'");
  const shape = shapeOf(dict.entries.get('shape'));
  const count = elementCount(shape);
  const structured = typeof descr !== 'string';
  if (typeof descr === 'string' && /^\|?O/.test(descr)) throw new TensorFormatError(`holds object elements ('${descr}'): pickled Python objects, which act never loads`);
  const { fields, itemSize } = structured ? structuredFields(descr, options) : (() => {
    const type = elementType(descr, options, '');
    return { fields: [{ name: '', type, offset: 0 }], itemSize: ITEM_SIZE[type.dtype] };
  })();
  const expected = count * itemSize;
  const available = fileSize - dataOffset;
  if (available !== expected) {
    const what = `shape (${shape.join(', ')}${shape.length === 1 ? ',' : ''}) of ${structured ? `${itemSize}-byte records` : fields[0].type.dtype}`;
    throw new TensorFormatError(
      available < expected ? `truncated: its ${what} needs ${expected} bytes of data, but ${available} follow the header` : `its ${what} needs ${expected} bytes of data, but ${available} follow the header`,
    );
  }
  return fields.map((field) => ({
    name: field.name,
    dtype: field.type.dtype,
    shape,
    count,
    fortranOrder,
    dataOffset,
    layout: { dtype: field.type.dtype, littleEndian: field.type.littleEndian, stride: itemSize, offset: field.offset },
  }));
}

/** The descr of a dtype as act writes it: little-endian, bfloat16 as its '<u2' bit patterns. */
function descrOf(dtype: TensorDType): string {
  return dtype === 'bfloat16' ? '<u2' : `<f${ITEM_SIZE[dtype]}`;
}

/**
 * A version 1.0 header (2.0 when longer than 65535 bytes) for a C-order array: plain when
 * `fields` is undefined, else structured with one field per name, all of the one dtype.
 * Padded with spaces so that the data starts at a multiple of 64 bytes.
 */
export function npyHeader(dtype: TensorDType, shape: readonly number[], fields?: readonly string[]): Uint8Array {
  const descr = fields === undefined ? `'${descrOf(dtype)}'` : `[${fields.map((name) => `('${name}', '${descrOf(dtype)}')`).join(', ')}]`;
  const shapeText = `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
  const dict = `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shapeText}, }`;
  const long = dict.length + 11 > 65535;
  const preamble = long ? 12 : 10;
  const length = Math.ceil((preamble + dict.length + 1) / 64) * 64 - preamble;
  const bytes = new Uint8Array(preamble + length);
  bytes.set(NPY_MAGIC);
  bytes[6] = long ? 2 : 1;
  bytes[7] = 0;
  const view = new DataView(bytes.buffer);
  if (long) view.setUint32(8, length, true);
  else view.setUint16(8, length, true);
  const text = dict.padEnd(length - 1, ' ') + '\n';
  for (let i = 0; i < text.length; i++) bytes[preamble + i] = text.charCodeAt(i);
  return bytes;
}
