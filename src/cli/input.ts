/** Where the numbers come from: arguments, stdin (streamed in chunks), or both. */
import { UsageError } from './errors.ts';
import { parseLinspace, parseRange, sequenceBatches } from './range.ts';
import type { CliIO, Output } from './io.ts';
import { parseNumber } from './numbers.ts';
import { NumberScanner } from './scanner.ts';

const STDIN_MARKER = '-';

export type Source = { readonly kind: 'numbers'; readonly values: Float64Array } | { readonly kind: 'stdin' };

/** Parses the number arguments; `-` stands for stdin, which is also read when no numbers are given. */
export function parseSources(tokens: readonly string[], io: CliIO, example = "'act relu 7 -7' or 'seq -3 3 | act relu'"): Source[] {
  const sources: Source[] = [];
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length > 0) sources.push({ kind: 'numbers', values: Float64Array.from(pending) });
    pending = [];
  };
  tokens.forEach((token, index) => {
    if (token === STDIN_MARKER) {
      flush();
      sources.push({ kind: 'stdin' });
      return;
    }
    const value = parseNumber(token);
    if (value === undefined) throw new UsageError(`'${token}' is not a number (argument ${index + 1})`);
    pending.push(value);
  });
  flush();
  if (sources.length === 0) {
    if (!io.stdin || io.stdin.isTTY) throw new UsageError('no numbers given', `Give numbers as arguments or on stdin, e.g. ${example}.`);
    sources.push({ kind: 'stdin' });
  }
  if (sources.filter((source) => source.kind === 'stdin').length > 1) throw new UsageError("'-' (stdin) is given more than once");
  return sources;
}

const asBuffer = (chunk: unknown): Buffer => (typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));

/** Batches of numbers from stdin, one per chunk read; stops reading when stdout has gone away. */
export async function* stdinBatches(io: CliIO, output: Output): AsyncGenerator<Float64Array> {
  const stdin = io.stdin;
  if (!stdin) return;
  const scanner = new NumberScanner();
  try {
    for await (const chunk of stdin) {
      scanner.push(asBuffer(chunk));
      if (scanner.count > 0) yield scanner.take().values;
      if (output.closed) return;
    }
    scanner.finish();
    if (scanner.count > 0) yield scanner.take().values;
  } finally {
    // The reader of stdout may have gone: stop reading so the process can end.
    if (output.closed) stdin.destroy();
  }
}

/** Vectors from stdin, one per line. */
export async function* stdinRows(io: CliIO, output: Output): AsyncGenerator<Float64Array> {
  const stdin = io.stdin;
  if (!stdin) return;
  const scanner = new NumberScanner(true);
  try {
    for await (const chunk of stdin) {
      scanner.push(asBuffer(chunk));
      yield* scanner.takeRows();
      if (output.closed) return;
    }
    scanner.finish();
    yield* scanner.takeRows();
  } finally {
    if (output.closed) stdin.destroy();
  }
}

export interface RangeOptions {
  readonly range?: string;
  readonly linspace?: string;
}

/**
 * Every batch of input numbers in order: from --range/--linspace, or from the arguments and
 * stdin. A range excludes number arguments.
 */
export function inputBatches(tokens: readonly string[], ranges: RangeOptions, io: CliIO, output: Output): AsyncIterable<Float64Array> | Iterable<Float64Array> {
  if (ranges.range !== undefined && ranges.linspace !== undefined) throw new UsageError('give --range or --linspace, not both');
  const text = ranges.range ?? ranges.linspace;
  if (text !== undefined) {
    if (tokens.length > 0) throw new UsageError(`give numbers or ${ranges.range !== undefined ? '--range' : '--linspace'}, not both`);
    return sequenceBatches(ranges.range !== undefined ? parseRange(text) : parseLinspace(text));
  }
  const sources = parseSources(tokens, io);
  return (async function* () {
    for (const source of sources) {
      if (source.kind === 'numbers') yield source.values;
      else yield* stdinBatches(io, output);
    }
  })();
}
