/** Where the numbers come from: arguments, stdin (streamed in chunks), or both. */
import { UsageError } from './errors.ts';
import { parseLinspace, parseRange, sequenceBatches } from './range.ts';
import { nextTurn, type CliIO, type Output } from './io.ts';
import { asBuffer, readableStdin, refuseDirectoryStdin } from './lines.ts';
import { parseNumber, shownToken, type RangeCheck } from './numbers.ts';
import { fileBatches } from './file-numbers.ts';
import type { FileInput } from './tensor-input.ts';
import { sniffTensorFile, SNIFF_BYTES } from '../tensor/index.ts';
import { NumberScanner, TextArena, type TokenTexts } from './scanner.ts';
import { isPlainDecimal } from './decimal-bytes.ts';

const STDIN_MARKER = '-';

export type Source = { readonly kind: 'numbers'; readonly values: Float64Array; readonly texts: TokenTexts } | { readonly kind: 'stdin' };

/** Parses the number arguments; `-` stands for stdin, which is also read when no numbers are given. */
export function parseSources(tokens: readonly string[], io: CliIO, example = "'act relu 7 -7' or 'seq -3 3 | act relu'", checkRange?: RangeCheck): Source[] {
  const sources: Source[] = [];
  let pending: number[] = [];
  let texts = new TextArena();
  const flush = (): void => {
    if (pending.length > 0) sources.push({ kind: 'numbers', values: Float64Array.from(pending), texts });
    pending = [];
    texts = new TextArena();
  };
  tokens.forEach((token, index) => {
    if (token === STDIN_MARKER) {
      flush();
      sources.push({ kind: 'stdin' });
      return;
    }
    const value = parseNumber(token);
    if (value === undefined) throw new UsageError(`'${shownToken(token)}' is not a number (argument ${index + 1})`);
    checkRange?.(token, value, () => `argument ${index + 1}`);
    // x is printed as given when it is a plain decimal (see NumberScanner).
    const bytes = Buffer.from(token, 'latin1');
    texts.record(pending.length, Number.isFinite(value) && isPlainDecimal(bytes, 0, bytes.length) ? bytes : undefined, 0, bytes.length);
    pending.push(value);
  });
  flush();
  if (sources.length === 0) {
    if (io.stdinIsTTY ? io.stdinIsTTY() : !io.stdin || io.stdin.isTTY) throw new UsageError('no numbers given', `Give numbers as arguments or on stdin, e.g. ${example}.`);
    sources.push({ kind: 'stdin' });
  }
  if (sources.filter((source) => source.kind === 'stdin').length > 1) throw new UsageError("'-' (stdin) is given more than once");
  return sources;
}

const PROGRESS_AFTER_MS = 1000;
const PROGRESS_EVERY_MS = 200;

/**
 * A progress line on stderr while a large regular file streams through: only when stderr is a
 * terminal, and only after a second of work; cleared at the end.
 */
function progressLine(io: CliIO): { advance(bytes: number): void; clear(): void } {
  const size = io.stderr.isTTY ? io.stdinFileSize?.() : undefined;
  if (!size) return { advance: () => {}, clear: () => {} };
  const started = Date.now();
  let lastShown = 0;
  let done = 0;
  let shown = false;
  return {
    advance: (bytes) => {
      done += bytes;
      const now = Date.now();
      if (now - started < PROGRESS_AFTER_MS || now - lastShown < PROGRESS_EVERY_MS) return;
      lastShown = now;
      shown = true;
      const percent = Math.min(100, (100 * done) / size).toFixed(0);
      io.stderr.write(`\ract: ${percent}% of ${(size / 1e6).toFixed(1)} MB read\x1b[K`);
    },
    clear: () => {
      if (shown) io.stderr.write('\r\x1b[K');
    },
  };
}

/** Numbers, and (from arguments and stdin) the text of each number given as a plain decimal. */
export interface Batch {
  readonly values: Float64Array;
  readonly texts?: TokenTexts;
}

/** Batches of numbers from stdin, one per chunk read; stops reading when stdout has gone away. */
export async function* stdinBatches(io: CliIO, output: Output, keepText = false, checkRange?: RangeCheck): AsyncGenerator<Batch> {
  // Checked here, not by readableStdin: the stream (which the blocking reads must not create) comes later, if at all.
  refuseDirectoryStdin(io);
  const scanner = new NumberScanner(false, keepText, checkRange);
  const progress = progressLine(io);
  let first = true;
  const scan = (bytes: Buffer): void => {
    if (first) refuseTensorText(bytes);
    first = false;
    scanner.push(bytes);
    progress.advance(bytes.length);
  };
  let stream: CliIO['stdin'];
  try {
    if (io.readStdin) {
      // Synchronous reads into one buffer (the scanner copies what it keeps).
      const buffer = Buffer.allocUnsafeSlow(1 << 16);
      for (;;) {
        const count = io.readStdin(buffer);
        if (count < 0) break; // non-blocking stdin: the stream reads the rest
        if (count === 0) {
          scanner.finish();
          if (scanner.count > 0) yield scanner.take();
          return;
        }
        scan(buffer.subarray(0, count));
        if (scanner.count > 0) yield scanner.take();
        await nextTurn();
        if (output.closed) return;
      }
    }
    stream = readableStdin(io);
    if (!stream) return;
    for await (const chunk of stream) {
      scan(asBuffer(chunk));
      if (scanner.count > 0) yield scanner.take();
      if (output.closed) return;
    }
    scanner.finish();
    if (scanner.count > 0) yield scanner.take();
  } finally {
    progress.clear();
    // The reader of stdout may have gone: stop reading so the process can end.
    if (output.closed) stream?.destroy();
  }
}

/** A tensor file piped in as if it were text: named, with the way to read it. */
function refuseTensorText(bytes: Buffer): void {
  let sniffed;
  try {
    sniffed = sniffTensorFile(bytes.subarray(0, SNIFF_BYTES));
  } catch {
    sniffed = undefined;
  }
  if (sniffed) throw new UsageError(`stdin holds a ${sniffed.kind === 'npy' ? '.npy' : 'safetensors'} file, not numbers as text`, 'Read it with --file - (or --file PATH), which knows tensor files.');
}

/** Vectors, one per line, from stdin or from `chunks` (a file). */
export async function* vectorRows(io: CliIO, output: Output, checkRange?: RangeCheck, chunks?: AsyncIterable<Buffer>): AsyncGenerator<Float64Array> {
  const stdin = chunks ? undefined : readableStdin(io);
  const source = chunks ?? stdin;
  if (!source) return;
  const scanner = new NumberScanner(true, false, checkRange);
  try {
    let first = true;
    for await (const chunk of source) {
      if (first && !chunks) refuseTensorText(asBuffer(chunk));
      first = false;
      scanner.push(asBuffer(chunk));
      yield* scanner.takeRows();
      if (output.closed) return;
    }
    scanner.finish();
    yield* scanner.takeRows();
  } finally {
    if (output.closed) stdin?.destroy();
  }
}

export interface RangeOptions {
  readonly range?: string;
  readonly linspace?: string;
  /** --file PATH, with --column N|NAME. */
  readonly file?: string;
  readonly column?: string;
  /** --tensor NAME: the array of a tensor file. */
  readonly tensor?: string;
  /** --dtype: bfloat16 reads 2-byte .npy elements as bfloat16 bit patterns. */
  readonly dtype?: string;
}

/**
 * Every batch of input numbers in order: from --range/--linspace, or from the arguments and
 * stdin. A range excludes number arguments.
 */
export function inputBatches(
  tokens: readonly string[],
  ranges: RangeOptions,
  io: CliIO,
  output: Output,
  keepText = false,
  checkRange?: RangeCheck,
  opened?: FileInput,
): AsyncIterable<Batch> | Iterable<Batch> {
  if (ranges.range !== undefined && ranges.linspace !== undefined) throw new UsageError('give --range or --linspace, not both');
  if (ranges.column !== undefined && ranges.file === undefined) throw new UsageError('--column picks a column of --file; give --file too');
  if (ranges.tensor !== undefined && ranges.file === undefined) throw new UsageError('--tensor picks a tensor of --file; give --file too');
  if (ranges.file !== undefined) {
    if (ranges.range !== undefined || ranges.linspace !== undefined) throw new UsageError('give --file or a range, not both');
    if (tokens.length > 0) throw new UsageError('give numbers or --file, not both');
    return fileBatches(ranges.file, ranges.column, io, checkRange, { tensor: ranges.tensor, bfloat16Bits: ranges.dtype === 'bfloat16' }, opened);
  }
  const text = ranges.range ?? ranges.linspace;
  if (text !== undefined) {
    if (tokens.length > 0) throw new UsageError(`give numbers or ${ranges.range !== undefined ? '--range' : '--linspace'}, not both`);
    const sequence = ranges.range !== undefined ? parseRange(text) : parseLinspace(text);
    return (function* () {
      for (const values of sequenceBatches(sequence)) yield { values };
    })();
  }
  const sources = parseSources(tokens, io, undefined, checkRange);
  return (async function* () {
    for (const source of sources) {
      if (source.kind === 'numbers') yield { values: source.values, texts: keepText ? source.texts : undefined };
      else yield* stdinBatches(io, output, keepText, checkRange);
    }
  })();
}
