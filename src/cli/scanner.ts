/**
 * A byte-level scanner for numbers on stdin. It takes chunks as they arrive
 * (a token may straddle two chunks), never holds more than one chunk's numbers,
 * and knows the line and column of every token for error messages.
 * Separators: whitespace and commas. Line ends are recorded for vector input,
 * where each line is one vector.
 */
import { UsageError } from './errors.ts';
import { parseNumber } from './numbers.ts';

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const COMMA = 44;
const FORM_FEED = 12;
const VERTICAL_TAB = 11;

function isSeparator(byte: number): boolean {
  return byte === SPACE || byte === NEWLINE || byte === COMMA || byte === TAB || byte === CARRIAGE_RETURN || byte === FORM_FEED || byte === VERTICAL_TAB;
}

export class NumberScanner {
  /** Numbers found in the chunks pushed since the last `take()`. */
  values = new Float64Array(1024);
  count = 0;
  /** For each line that ended (and held numbers) since the last `take()`: the count of numbers up to its end. */
  rowEnds: number[] = [];

  private pending = '';
  private pendingColumn = 0;
  private line = 1;
  private column = 1;
  private rowStart = 0;

  constructor(private readonly recordRows = false) {}

  /** Scans a chunk; numbers and completed rows accumulate until `take()`. */
  push(chunk: Buffer): void {
    const length = chunk.length;
    let start = -1;
    let startColumn = 0;
    let column = this.column;
    for (let i = 0; i < length; i++) {
      const byte = chunk[i];
      if (isSeparator(byte)) {
        if (start >= 0 || this.pending !== '') {
          this.token(start >= 0 ? chunk.toString('latin1', start, i) : '', start >= 0 ? startColumn : this.pendingColumn);
          start = -1;
        }
        if (byte === NEWLINE) {
          this.endRow();
          this.line++;
          column = 1;
          continue;
        }
      } else if (start < 0) {
        start = i;
        startColumn = this.pending !== '' ? this.pendingColumn : column;
      }
      column++;
    }
    if (start >= 0) {
      // The token may continue in the next chunk.
      if (this.pending === '') this.pendingColumn = startColumn;
      this.pending += chunk.toString('latin1', start, length);
      if (this.pending.length > 4096) throw this.error(this.pending.slice(0, 40) + '…', this.pendingColumn);
    }
    this.column = column;
  }

  /** Call at end of input. */
  finish(): void {
    if (this.pending !== '') this.token('', this.pendingColumn);
    this.endRow();
  }

  /** Hands over what has been scanned and starts a new batch. */
  take(): { values: Float64Array; count: number; rowEnds: number[] } {
    const batch = { values: this.values.subarray(0, this.count), count: this.count, rowEnds: this.rowEnds };
    this.values = new Float64Array(Math.max(1024, this.values.length));
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

  private token(tail: string, column: number): void {
    const text = this.pending + tail;
    this.pending = '';
    const value = parseNumber(text);
    if (value === undefined) throw this.error(text, column);
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
    const shown = /^[\x20-\x7e]*$/.test(text) ? text : JSON.stringify(text).slice(1, -1);
    return new UsageError(`'${shown}' is not a number (line ${this.line}, column ${column})`);
  }
}
