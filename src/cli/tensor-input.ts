/**
 * Tensor files given to --file (and verify's --x, --value, --gradient): recognised by their
 * magic bytes, read in chunks at known offsets so that memory stays bounded, and refused with
 * one line when malformed. stdin ('-') is read whole, up to a stated limit.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  decodeElements,
  fortranToC,
  parseTensorHeader,
  sniffTensorFile,
  SNIFF_BYTES,
  TensorFormatError,
  type TensorEntry,
  type TensorFileKind,
} from '../tensor/index.ts';
import { describeErrno, UsageError } from './errors.ts';
import { nextTurn, type CliIO } from './io.ts';
import { asBuffer, openInput, readableStdin } from './lines.ts';

/** A tensor file on stdin is held in memory: this much at most. */
export const MAX_STDIN_TENSOR_BYTES = 1 << 30;
/** A column-major (Fortran-order) array is reordered in memory: this many elements at most. */
export const MAX_FORTRAN_ELEMENTS = 1 << 27;
/** Elements decoded per read. */
export const TENSOR_CHUNK = 1 << 16;

interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes from `offset` (the caller keeps within `size`), into `into` when it is given and large enough. */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * A regular file read with blocking reads at offsets (node:fs/promises would bring readline and
 * more into every start-up, and a regular file never makes a read wait for long).
 */
function fileSource(fd: number, size: number, name: string): ByteSource {
  return {
    size,
    read: async (offset, length, into) => {
      const bytes = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
      let done = 0;
      await nextTurn();
      while (done < length) {
        let bytesRead: number;
        try {
          bytesRead = readSync(fd, bytes, done, length - done, offset + done);
        } catch (error) {
          throw new UsageError(`cannot read '${name}': ${describeErrno(error as NodeJS.ErrnoException)}`);
        }
        // The file shrank while being read.
        if (bytesRead === 0) throw new UsageError(`${name} ended early: it changed while act read it`);
        done += bytesRead;
      }
      return bytes;
    },
    close: async () => closeSync(fd),
  };
}

function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length), close: async () => {} };
}

/** A tensor file, open: its arrays, and reads of any run of elements in C order. */
export class TensorFile {
  private readonly reordered = new Map<TensorEntry, Float64Array>();
  /** Bytes of the last read, reused by the next (they are decoded at once). */
  private scratch = new Uint8Array(0);

  constructor(
    /** The file's name as the user gave it ('stdin' for '-'). */
    readonly name: string,
    readonly kind: TensorFileKind,
    readonly entries: readonly TensorEntry[],
    private readonly source: ByteSource,
  ) {}

  /** The array named, else the only one; several need a name. */
  entry(name: string | undefined, option = '--tensor'): TensorEntry {
    const names = this.entries.map((entry) => entry.name);
    if (name !== undefined) {
      const found = this.entries.find((entry) => entry.name === name);
      if (!found) {
        const held = names.every((each) => each === '') ? 'one unnamed array' : names.join(', ');
        throw new UsageError(`${option} ${name}: ${this.name} has no such ${this.kind === 'npy' ? 'field' : 'tensor'}`, `It holds ${held}.`);
      }
      return found;
    }
    if (this.entries.length === 1) return this.entries[0];
    if (this.entries.length === 0) throw new UsageError(`${this.name} holds no tensors`);
    throw new UsageError(`${this.name} holds ${this.entries.length} ${this.kind === 'npy' ? 'fields' : 'tensors'} (${names.join(', ')})`, `Pick one with ${option} NAME.`);
  }

  /** Elements [start, start + count) of the array, in C (row-major) order, into `out`. */
  async read(entry: TensorEntry, start: number, count: number, out: Float64Array): Promise<void> {
    if (entry.fortranOrder && entry.shape.length > 1) {
      out.set((await this.inCOrder(entry)).subarray(start, start + count));
      return;
    }
    const { stride } = entry.layout;
    if (this.scratch.length < count * stride) this.scratch = new Uint8Array(count * stride);
    const bytes = await this.source.read(entry.dataOffset + start * stride, count * stride, this.scratch);
    decodeElements(entry.layout, bytes, count, out);
  }

  /** The whole array in C order (column-major arrays are reordered once, in memory). */
  private async inCOrder(entry: TensorEntry): Promise<Float64Array> {
    let values = this.reordered.get(entry);
    if (values) return values;
    if (entry.count > MAX_FORTRAN_ELEMENTS) {
      throw new UsageError(
        `${this.name} is a column-major (Fortran-order) array of ${entry.count.toLocaleString('en')} elements; act reorders at most ${MAX_FORTRAN_ELEMENTS.toLocaleString('en')} in memory`,
        'Save it in C order: numpy.save(path, numpy.ascontiguousarray(a)).',
      );
    }
    const raw = new Float64Array(entry.count);
    const bytes = await this.source.read(entry.dataOffset, entry.count * entry.layout.stride);
    decodeElements(entry.layout, bytes, entry.count, raw);
    values = fortranToC(raw, entry.shape);
    this.reordered.set(entry, values);
    return values;
  }

  /**
   * The array in chunks of at most `size` elements. Each chunk is decoded into the same array:
   * a consumer that keeps one copies it.
   */
  async *chunks(entry: TensorEntry, size = TENSOR_CHUNK): AsyncGenerator<Float64Array> {
    const values = new Float64Array(Math.min(size, entry.count));
    for (let start = 0; start < entry.count; start += size) {
      const count = Math.min(size, entry.count - start);
      await this.read(entry, start, count, values);
      yield values.subarray(0, count);
    }
  }

  private closing: Promise<void> | undefined;

  /** Closes the file (once, however often it is called). */
  close(): Promise<void> {
    this.closing ??= this.source.close();
    return this.closing;
  }
}

export type FileInput = { readonly kind: 'tensor'; readonly file: TensorFile } | { readonly kind: 'text'; readonly chunks: AsyncIterable<Buffer> };

export interface TensorReadOptions {
  /** --dtype bfloat16: 2-byte unsigned or void .npy elements are bfloat16 bit patterns. */
  readonly bfloat16Bits: boolean;
}

function tensorError(error: unknown, name: string): unknown {
  if (error instanceof TensorFormatError) return new UsageError(`${name}: ${error.message}`, error.hint);
  return error;
}

async function tensorFile(name: string, source: ByteSource, prefix: Uint8Array, options: TensorReadOptions): Promise<TensorFile | undefined> {
  let sniffed;
  try {
    sniffed = sniffTensorFile(prefix);
  } catch (error) {
    throw tensorError(error, name);
  }
  if (!sniffed) return undefined;
  if (sniffed.headerSize > source.size) throw new UsageError(`${name}: truncated: the header says it is ${sniffed.headerSize} bytes long, but the file has ${source.size}`);
  const header = await source.read(0, sniffed.headerSize);
  try {
    return new TensorFile(name, sniffed.kind, parseTensorHeader(sniffed.kind, header, source.size, { bfloat16Bits: options.bfloat16Bits }), source);
  } catch (error) {
    throw tensorError(error, name);
  }
}

/** stdin read until it ends (a tensor) or until its first bytes show that it is text. */
async function stdinInput(io: CliIO, options: TensorReadOptions): Promise<FileInput> {
  const stdin = readableStdin(io);
  if (!stdin || stdin.isTTY) throw new UsageError('--file - reads stdin, but stdin is a terminal');
  const iterator = (stdin as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = asBuffer(next.value);
    head.push(chunk);
    headBytes += chunk.length;
  }
  const prefix = Buffer.concat(head);
  let sniffed;
  try {
    sniffed = sniffTensorFile(prefix.subarray(0, SNIFF_BYTES));
  } catch (error) {
    throw tensorError(error, 'stdin');
  }
  if (!sniffed) {
    const rest = async function* (): AsyncGenerator<Buffer> {
      if (prefix.length > 0) yield prefix;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield asBuffer(next.value);
    };
    return { kind: 'text', chunks: rest() };
  }
  const parts: Buffer[] = [prefix];
  let total = prefix.length;
  if (!ended) {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const chunk = asBuffer(next.value);
      total += chunk.length;
      if (total > MAX_STDIN_TENSOR_BYTES) throw new UsageError(`a tensor file on stdin larger than ${MAX_STDIN_TENSOR_BYTES / 2 ** 20} MiB`, 'Give the file by name (--file PATH): act then reads it in chunks.');
      parts.push(chunk);
    }
  }
  const file = await tensorFile('stdin', memorySource(Buffer.concat(parts)), prefix, options);
  return { kind: 'tensor', file: file! };
}

/**
 * --file PATH as a tensor file when its first bytes say so, else as text (the chunks of the
 * file, or of stdin for '-', with nothing lost to the peek).
 */
export async function openFileInput(path: string, io: CliIO, options: TensorReadOptions): Promise<FileInput> {
  if (path === '-') return stdinInput(io, options);
  let isRegularFile = false;
  try {
    const stat = statSync(path);
    isRegularFile = stat.isFile() && stat.size > 0;
  } catch {
    // openInput words the error
  }
  // Directories, FIFOs, empty and unreadable files: the text reader (and its messages).
  if (!isRegularFile) return { kind: 'text', chunks: openInput(path, io) };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UsageError(`cannot read '${path}': ${describeErrno(error as NodeJS.ErrnoException)}`);
  }
  let file: TensorFile | undefined;
  try {
    const { size } = fstatSync(fd);
    const source = fileSource(fd, size, path);
    file = await tensorFile(path, source, await source.read(0, Math.min(SNIFF_BYTES, size)), options);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (file) return { kind: 'tensor', file };
  closeSync(fd);
  return { kind: 'text', chunks: openInput(path, io) };
}

/** A file that must be a tensor file (verify's --x, --value, --gradient). */
export async function openTensorFile(path: string, io: CliIO, options: TensorReadOptions, option: string): Promise<TensorFile> {
  const input = await openFileInput(path, io, options);
  if (input.kind === 'tensor') return input.file;
  if ('destroy' in input.chunks) (input.chunks as Readable).destroy();
  throw new UsageError(`${option} ${path}: not a tensor file (.npy or safetensors)`, 'Text files go to --file.');
}
