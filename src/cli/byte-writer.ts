/**
 * Rows of numbers written as bytes into reused 64 KiB buffers, each handed to the output when full
 * and taken back when the stream has written it (its write's callback): the streaming path makes
 * no string per number, and no fresh memory per chunk (a copy per chunk cost 40 ms of page faults
 * and byte copying per 25 MB of output). Numbers print as String() prints them (writeShortest;
 * String() where it cannot decide); the last text of each column is remembered, so a repeated
 * value (a constant gradient: 0, 1, a slope) is copied.
 */
import { writeShortestAt } from './shortest.ts';

const SIZE = 1 << 16;
/** Room for any one number: String() of a double is at most 25 characters ("-1.2345678901234567e-308"). */
export const NUMBER_ROOM = 32;
const ASCII = (text: string): Uint8Array => Uint8Array.from(text, (character) => character.charCodeAt(0));
const NAN = ASCII('NaN');
const INFINITY = ASCII('Infinity');
const MINUS_INFINITY = ASCII('-Infinity');
const QUOTED_NAN = ASCII('"NaN"');
const QUOTED_INFINITY = ASCII('"Infinity"');
const QUOTED_MINUS_INFINITY = ASCII('"-Infinity"');
const MEMO_COLUMNS = 8;
// Buffers kept for reuse; beyond, a returned buffer is left to the collector (back-pressure bounds
// how many are in flight).
const SPARE_BUFFERS = 8;

export class ByteWriter {
  buffer: Buffer = Buffer.allocUnsafeSlow(SIZE);
  position = 0;
  // Per column: the last number written and where its text is in the current buffer.
  private readonly memoValues = new Float64Array(MEMO_COLUMNS).fill(NaN);
  private readonly memoStarts = new Int32Array(MEMO_COLUMNS);
  private readonly memoEnds = new Int32Array(MEMO_COLUMNS);

  private readonly spare: Buffer[] = [];
  private readonly single = new Float64Array(1);

  /** `send` hands a chunk of bytes to the output, which calls `done` once it no longer needs them. */
  constructor(private readonly send: (bytes: Uint8Array, done: () => void) => void) {}

  /** Makes room for `bytes` more bytes, handing over what is written when the buffer is full. */
  room(bytes: number): void {
    if (this.position + bytes <= this.buffer.length) return;
    this.flush();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(bytes); // a row with a long token
  }

  /** Hands what is written to the output and goes on in a spare buffer. */
  flush(): void {
    if (this.position === 0) return;
    const full = this.buffer;
    this.send(full.subarray(0, this.position), () => {
      if (full.length === SIZE && this.spare.length < SPARE_BUFFERS) this.spare.push(full);
    });
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafeSlow(SIZE);
    this.position = 0;
    this.memoValues.fill(NaN); // the remembered texts were in the buffer handed over
  }

  /** Constant bytes (separators, keys): the caller has made room. */
  bytes(source: Uint8Array, start = 0, end = source.length): void {
    const buffer = this.buffer;
    let at = this.position;
    for (let i = start; i < end; i++) buffer[at++] = source[i];
    this.position = at;
  }

  /** Copies bytes already written at [start, end) of the buffer (a cell repeated in its row). */
  repeat(start: number, end: number): void {
    const buffer = this.buffer;
    let at = this.position;
    for (let i = start; i < end; i++) buffer[at++] = buffer[i];
    this.position = at;
  }

  /** Text of Latin-1 characters (numbers formatted elsewhere, e.g. with --precision). */
  text(text: string): void {
    this.room(text.length);
    this.position += this.buffer.write(text, this.position, 'latin1');
  }

  /**
   * A number as String() prints it (-0 as "-0"), remembered for `column` (0 … 7) so that the next
   * identical one is copied. JSON quotes NaN and ±Infinity. The caller has made NUMBER_ROOM.
   */
  number(value: number, column: number, json = false): void {
    this.single[0] = value;
    this.numberAt(this.single, 0, column, json);
  }

  /** `number` of values[index]: the double stays in its array (see writeShortestAt). */
  numberAt(values: Float64Array, index: number, column: number, json = false): void {
    const value = values[index];
    if (value === 0) {
      if (1 / value < 0) this.buffer[this.position++] = 45;
      this.buffer[this.position++] = 48;
      return;
    }
    if (value - value !== 0) {
      this.bytes(value !== value ? (json ? QUOTED_NAN : NAN) : value > 0 ? (json ? QUOTED_INFINITY : INFINITY) : json ? QUOTED_MINUS_INFINITY : MINUS_INFINITY);
      return;
    }
    if (value === this.memoValues[column]) {
      this.repeat(this.memoStarts[column], this.memoEnds[column]);
      return;
    }
    const start = this.position;
    let end = writeShortestAt(values, index, this.buffer, start);
    if (end < 0) end = start + this.buffer.write(String(value), start, 'latin1');
    this.position = end;
    this.memoValues[column] = value;
    this.memoStarts[column] = start;
    this.memoEnds[column] = end;
  }
}
