/**
 * A byte-level scanner for numbers on stdin. It takes chunks as they arrive
 * (a token may straddle two chunks), never holds more than one chunk's numbers,
 * and knows the line and column of every token for error messages.
 * Separators: whitespace and commas. Line ends are recorded for vector input,
 * where each line is one vector.
 */
import { UsageError } from './errors.ts';
import { parseNumber, shownToken, type RangeCheck } from './numbers.ts';
import { decodeDecimal, isPlainDecimal, lastDecimal } from './decimal-bytes.ts';

// Byte classes: other (0), SEPARATOR (whitespace and commas), NEWLINE, and DECIMAL_CHAR (0-9 . e E + -):
// a token made only of decimal characters is in the grammar exactly when Number() reads it
// (Number rejects '1e', '.', '+-1', '1.2.3'), so it needs no regular expression.
const SEPARATOR = 1;
const NEWLINE = 2;
const DECIMAL_CHAR = 3;
const BYTE_CLASS = new Uint8Array(256);
for (const byte of [32, 9, 13, 12, 11, 44]) BYTE_CLASS[byte] = SEPARATOR;
BYTE_CLASS[10] = NEWLINE;
for (const character of '0123456789.eE+-') BYTE_CLASS[character.charCodeAt(0)] = DECIMAL_CHAR;

/** A number is at most this many bytes; a longer token is refused (it is not a number, and it would grow without end). */
export const MAX_TOKEN_BYTES = 4096;
/** One line of vector input holds at most this many numbers (memory grows with the vector). */
export const MAX_VECTOR_LENGTH = 10_000_000;

type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

/**
 * The input text of numbers, for printing x as given: the bytes of every kept token one after
 * another, and where each number's token starts and ends (start -1: not kept, print the number).
 */
export interface TokenTexts {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * The token bytes of a batch, reused from batch to batch: each chunk is copied in whole (one
 * memcpy, rather than byte by byte per token), and a token straddling two chunks is appended.
 */
export class TextArena implements TokenTexts {
  bytes = new Uint8Array(1 << 16);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  length = 0;
  /** Where the current chunk starts in `bytes`. */
  private chunkStart = 0;

  /** Copies a chunk in; tokens inside it are then recorded by their offsets in the chunk. */
  chunk(chunk: Uint8Array): void {
    this.reserve(chunk.length);
    this.bytes.set(chunk, this.length);
    this.chunkStart = this.length;
    this.length += chunk.length;
  }

  /** Token `index` is bytes[start, end) of the current chunk. */
  inChunk(index: number, start: number, end: number): void {
    if (index >= this.starts.length) this.growPositions(index);
    this.starts[index] = this.chunkStart + start;
    this.ends[index] = this.chunkStart + end;
  }

  /** Token `index` is bytes[start, end) of `source` (copied), or not kept (source undefined). */
  record(index: number, source: Uint8Array | undefined, start: number, end: number): void {
    if (index >= this.starts.length) this.growPositions(index);
    if (source === undefined) {
      this.starts[index] = -1;
      return;
    }
    this.reserve(end - start);
    this.bytes.set(source.subarray(start, end), this.length);
    this.starts[index] = this.length;
    this.length += end - start;
    this.ends[index] = this.length;
  }

  private reserve(size: number): void {
    if (this.length + size <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + size));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  private growPositions(index: number): void {
    const size = Math.max(index + 1, this.starts.length * 2);
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

export class NumberScanner {
  /** Numbers found in the chunks pushed since the last `take()`. */
  values = new Float64Array(1024);
  private spare = new Float64Array(1024);
  count = 0;
  /** With `keepText`: the token of each finite number written as a plain decimal (JSON's grammar), to print x as given. */
  private texts = new TextArena();
  private spareTexts = new TextArena();
  /** For each line that ended (and held numbers) since the last `take()`: the count of numbers up to its end. */
  rowEnds: number[] = [];

  private pending = '';
  private pendingSimple = true;
  private pendingColumn = 0;
  private line = 1;
  private column = 1;
  private rowStart = 0;

  /** Inside a `#` comment line, up to its newline. */
  private inComment = false;
  private started = false;

  constructor(
    private readonly recordRows = false,
    private readonly keepText = false,
    /** Looks at literals that read as 0 or ±Infinity (a warning, not an error). */
    private readonly checkRange?: RangeCheck,
  ) {}

  /** Scans a chunk; numbers and completed rows accumulate until `take()`. */
  push(chunk: Buffer): void {
    const bytes = chunk as Latin1Buffer;
    const length = bytes.length;
    if (this.keepText) this.texts.chunk(bytes);
    let start = -1;
    let startColumn = 0;
    let simple = true;
    let column = this.column;
    let first = 0;
    if (!this.started) {
      this.started = length > 0;
      // A UTF-8 byte-order mark at the very start is not part of the input.
      if (length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) first = 3;
    }
    for (let i = first; i < length; i++) {
      const byte = bytes[i];
      if (this.inComment) {
        if (byte !== 10) continue;
        this.inComment = false;
      } else if (byte === 35 && column === 1 && start < 0 && this.pending === '') {
        // '#' at the start of a line: a comment, skipped to the end of the line.
        this.inComment = true;
        continue;
      }
      const kind = BYTE_CLASS[byte];
      if (kind === DECIMAL_CHAR && start < 0 && this.pending === '') {
        // The common token: decimal characters up to a separator, read in one inner loop.
        let end = i + 1;
        while (end < length && BYTE_CLASS[bytes[end]] === DECIMAL_CHAR) end++;
        const next = end < length ? BYTE_CLASS[bytes[end]] : 0;
        if (next === SEPARATOR || next === NEWLINE) {
          this.bytesToken(bytes, i, end, column);
          column += end - i;
          i = end - 1;
          continue;
        }
      }
      if (kind === SEPARATOR || kind === NEWLINE) {
        if (start >= 0) {
          if (simple && this.pending === '') this.bytesToken(bytes, start, i, startColumn);
          else this.token(bytes.latin1Slice(start, i), startColumn, simple && this.pendingSimple);
          start = -1;
        } else if (this.pending !== '') {
          this.token('', this.pendingColumn, this.pendingSimple);
        }
        if (kind === NEWLINE) {
          this.endRow();
          this.line++;
          column = 1;
          continue;
        }
      } else if (start < 0) {
        start = i;
        startColumn = this.pending !== '' ? this.pendingColumn : column;
        simple = kind === DECIMAL_CHAR;
      } else if (kind !== DECIMAL_CHAR) {
        simple = false;
      }
      column++;
    }
    if (start >= 0) {
      // The token may continue in the next chunk.
      if (this.pending === '') this.pendingColumn = startColumn;
      this.pending += bytes.latin1Slice(start, length);
      this.pendingSimple &&= simple;
      if (this.pending.length > MAX_TOKEN_BYTES) {
        throw new UsageError(`a token longer than ${MAX_TOKEN_BYTES} bytes, the limit for one number (line ${this.line}, column ${this.pendingColumn}): '${shownToken(this.pending)}'`);
      }
    }
    this.column = column;
  }

  /** Call at end of input. */
  finish(): void {
    if (this.pending !== '') this.token('', this.pendingColumn, this.pendingSimple);
    this.endRow();
  }

  /** Hands over what has been scanned and starts a new batch. */
  take(): { values: Float64Array; count: number; rowEnds: number[]; texts: TokenTexts | undefined } {
    const batch = { values: this.values.subarray(0, this.count), count: this.count, rowEnds: this.rowEnds, texts: this.keepText ? this.texts : undefined };
    // Swapped like the numbers: the batch's texts stay intact while the next chunk is scanned.
    [this.texts, this.spareTexts] = [this.spareTexts, this.texts];
    this.texts.length = 0;
    // The numbers are handed over as a view: swap to the other of two buffers, so that the
    // batch stays intact while the next chunk is scanned and no buffer is allocated per chunk.
    [this.values, this.spare] = [this.spare.length >= this.values.length ? this.spare : new Float64Array(this.values.length), this.values];
    this.count = 0;
    this.rowEnds = [];
    this.rowStart = 0;
    return batch;
  }

  /**
   * Hands over the rows (lines) completed so far, each one vector, and keeps the numbers of a
   * line that has not ended yet for the next call.
   */
  takeRows(): Float64Array[] {
    // No line has ended: keep gathering (copying the unfinished line per chunk would be quadratic).
    if (this.rowEnds.length === 0) return [];
    const rows: Float64Array[] = [];
    let start = 0;
    for (const end of this.rowEnds) {
      rows.push(this.values.slice(start, end));
      start = end;
    }
    const remainder = this.values.slice(start, this.count);
    this.values = new Float64Array(Math.max(1024, this.values.length));
    this.values.set(remainder);
    this.count = remainder.length;
    this.rowEnds = [];
    this.rowStart = 0;
    return rows;
  }

  /** A token of decimal characters wholly inside `bytes`: read from the bytes, without a string. */
  private bytesToken(bytes: Latin1Buffer, start: number, end: number, column: number): void {
    const decoded = decodeDecimal(bytes, start, end);
    let value = lastDecimal.value;
    let plain = lastDecimal.plain;
    if (!decoded) {
      // Beyond the exact fast path (or not in the grammar): Number() decides, as for any token.
      const text = bytes.latin1Slice(start, end);
      value = +text;
      if (value !== value) throw this.error(text, column);
      plain = isPlainDecimal(bytes, start, end);
    }
    if (this.checkRange && (value === 0 || value === Infinity || value === -Infinity)) this.checkRange(bytes.latin1Slice(start, end), value, () => `line ${this.line}, column ${column}`);
    if (this.keepText) {
      if (value - value === 0 && plain) this.texts.inChunk(this.count, start, end);
      else this.texts.record(this.count, undefined, 0, 0);
    }
    this.add(value);
  }

  private token(tail: string, column: number, simple: boolean): void {
    const text = this.pending + tail;
    this.pending = '';
    this.pendingSimple = true;
    const value = simple ? +text : parseNumber(text);
    if (value === undefined || (simple && value !== value)) throw this.error(text, column);
    if (this.checkRange && (value === 0 || value === Infinity || value === -Infinity)) this.checkRange(text, value, () => `line ${this.line}, column ${column}`);
    if (this.keepText) {
      const source = Buffer.from(text, 'latin1');
      const kept = simple && value - value === 0 && isPlainDecimal(source, 0, source.length);
      this.texts.record(this.count, kept ? source : undefined, 0, source.length);
    }
    this.add(value);
  }

  /** Appends a number (its text, where kept, is recorded by the caller). */
  private add(value: number): void {
    if (this.recordRows && this.count - this.rowStart >= MAX_VECTOR_LENGTH) {
      throw new UsageError(`a vector longer than ${MAX_VECTOR_LENGTH.toLocaleString('en')} numbers, the limit for one line (line ${this.line})`);
    }
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = value;
  }

  private endRow(): void {
    if (!this.recordRows) return;
    if (this.count > this.rowStart) {
      this.rowEnds.push(this.count);
      this.rowStart = this.count;
    }
  }

  private error(text: string, column: number): UsageError {
    // The bytes were read as Latin-1 for speed; a message shows them as the UTF-8 they are.
    const shown = shownToken(Buffer.from(text, 'latin1').toString('utf8'));
    return new UsageError(`'${shown}' is not a number (line ${this.line}, column ${column})`);
  }
}
