/**
 * Files and stdin read as lines: UTF-8, a byte-order mark skipped, each line at most 1 MiB, and
 * unreadable files as one-line usage errors. Used by verify and by --file.
 */
import { createReadStream, statSync } from 'node:fs';
import { UsageError, describeErrno } from './errors.ts';
import type { CliIO } from './io.ts';

/** A usage error when stdin is a directory (which Node reads as empty). */
export function refuseDirectoryStdin(io: CliIO): void {
  if (io.stdinIsDirectory?.()) throw new UsageError('stdin is a directory, not a file of numbers');
}

/** stdin, or a usage error when it is a directory. */
export function readableStdin(io: CliIO): CliIO['stdin'] {
  refuseDirectoryStdin(io);
  return io.stdin;
}


/** A line of a CSV, TSV or NDJSON file longer than this is refused: it is not a row. */
export const MAX_LINE_BYTES = 1 << 20;
/** A JSON document must be read whole before it can be parsed: this much at most. */
export const MAX_JSON_BYTES = 256 << 20;

/** The file (or stdin for '-') as a stream of byte chunks; unreadable files are usage errors. */
export function openInput(file: string, io: CliIO): AsyncIterable<Buffer> {
  if (file === '-') {
    const stdin = readableStdin(io);
    if (!stdin || stdin.isTTY) throw new UsageError('--file - reads stdin, but stdin is a terminal');
    return stdin as AsyncIterable<Buffer>;
  }
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new UsageError(`cannot read '${file}': it is a directory`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read '${file}': ${describeErrno(error as NodeJS.ErrnoException)}`);
  }
  return createReadStream(file);
}

/** A chunk of a stream as bytes (a stream with an encoding set yields strings). */
export const asBuffer = (chunk: unknown): Buffer => (typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));

/** Lines as UTF-8 text (a byte-order mark skipped), numbered from 1, each at most MAX_LINE_BYTES. */
export async function* readLines(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<{ text: string; number: number }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  let first = true;
  const lineOf = (parts: Buffer[]): string => {
    let text = Buffer.concat(parts).toString('utf8');
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  };
  for await (const raw of chunks) {
    const chunk = asBuffer(raw);
    let start = 0;
    for (let end = chunk.indexOf(10, start); end >= 0; end = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, end));
      pendingBytes += end - start;
      if (pendingBytes > MAX_LINE_BYTES) throw new UsageError(`line ${number + 1} of ${name} is longer than 1 MiB, the limit for one row`);
      number++;
      yield { text: lineOf(pending), number };
      pending = [];
      pendingBytes = 0;
      start = end + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES) throw new UsageError(`line ${number + 1} of ${name} is longer than 1 MiB, the limit for one row`);
    }
  }
  if (pendingBytes > 0) yield { text: lineOf(pending), number: number + 1 };
}

