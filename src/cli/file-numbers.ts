/**
 * `--file PATH`: numbers from a file as people have it — plain text (numbers separated by
 * whitespace or commas), CSV or TSV with a header line (detected and skipped) and `--column
 * N|NAME` to pick one column, `#` comment lines, or a JSON array of numbers; or a tensor file
 * (.npy, safetensors), recognised by its magic bytes.
 */
import { UsageError } from './errors.ts';
import type { Batch } from './input.ts';
import type { CliIO } from './io.ts';
import { MAX_JSON_BYTES, readLines } from './lines.ts';
import { openFileInput, type FileInput, type TensorReadOptions } from './tensor-input.ts';
import { parseNumber, shownToken, type RangeCheck } from './numbers.ts';

const BATCH = 8192;

/** The cells of a line: split on commas, else tabs, else whitespace. */
function cellsOf(line: string): string[] {
  const separator = line.includes(',') ? ',' : line.includes('\t') ? '\t' : /\s+/;
  return line.trim().split(separator).map((cell) => cell.trim());
}

/** Numbers of a JSON array ("NaN", "Infinity" and "-Infinity" as act writes them). */
function jsonNumbers(text: string, name: string): Float64Array {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(document)) throw new UsageError(`${name} holds JSON that is not an array of numbers`);
  return Float64Array.from(document, (item: unknown, index) => {
    const value = typeof item === 'number' ? item : typeof item === 'string' ? parseNumber(item) : undefined;
    if (value === undefined) throw new UsageError(`${name}: item ${index + 1} of the JSON array, ${shownToken(JSON.stringify(item) ?? String(item))}, is not a number`);
    return value;
  });
}

/** Which array of a tensor file, and how to read 2-byte elements. */
export interface TensorChoice extends TensorReadOptions {
  /** --tensor NAME */
  readonly tensor: string | undefined;
}

/**
 * The numbers of --file: every element of a tensor file (in C order), else the numbers of a
 * text file. `opened` is the file when the caller has already opened it.
 */
export async function* fileBatches(
  path: string,
  column: string | undefined,
  io: CliIO,
  checkRange: RangeCheck | undefined,
  choice: TensorChoice,
  opened?: FileInput,
): AsyncGenerator<Batch> {
  const name = path === '-' ? 'stdin' : path;
  const input = opened ?? (await openFileInput(path, io, choice));
  if (input.kind === 'tensor') {
    try {
      if (column !== undefined) throw new UsageError(`--column picks a column of a text file; ${name} is a tensor file`, 'Pick one of its tensors with --tensor NAME.');
      const entry = input.file.entry(choice.tensor);
      for await (const values of input.file.chunks(entry)) yield { values };
    } finally {
      await input.file.close();
    }
    return;
  }
  if (choice.tensor !== undefined) throw new UsageError(`--tensor picks a tensor of a .npy or safetensors file; ${name} is text`);
  let values = new Float64Array(BATCH);
  let count = 0;
  let index: number | undefined;
  let sawData = false;
  let json: string | undefined;
  for await (const { text, number } of readLines(input.chunks, name)) {
    if (json !== undefined) {
      json += text + '\n';
      if (json.length > MAX_JSON_BYTES) throw new UsageError(`${name}: a JSON document larger than 256 MiB`);
      continue;
    }
    const line = text.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!sawData && line.startsWith('[')) {
      json = text + '\n';
      continue;
    }
    const cells = cellsOf(line);
    if (!sawData && cells.every((cell) => parseNumber(cell) === undefined)) {
      // A header line: it names the columns for --column NAME.
      sawData = true;
      if (column !== undefined && !/^\d+$/.test(column)) {
        const found = cells.findIndex((cell) => cell.toLowerCase() === column.toLowerCase());
        if (found < 0) throw new UsageError(`--column ${column}: ${name} has no such column`, `Its header names ${cells.join(', ')}.`);
        index = found;
      }
      continue;
    }
    sawData = true;
    if (column !== undefined && index === undefined) {
      if (!/^\d+$/.test(column) || Number(column) < 1) throw new UsageError(`--column ${column}: ${name} has no header to name it`, 'Give a column number from 1.');
      index = Number(column) - 1;
    }
    const chosen = index === undefined ? cells : [cells[index]];
    for (let c = 0; c < chosen.length; c++) {
      const cell = chosen[c];
      const value = cell === undefined ? undefined : parseNumber(cell);
      if (value === undefined) {
        const where = index === undefined ? `line ${number} of ${name}` : `line ${number} of ${name}, column ${index + 1}`;
        throw new UsageError(cell === undefined ? `${where}: the line has ${cells.length} column${cells.length === 1 ? '' : 's'}` : `'${shownToken(cell)}' is not a number (${where})`);
      }
      checkRange?.(cell!, value, () => `line ${number} of ${name}`);
      values[count++] = value;
      if (count === BATCH) {
        yield { values };
        values = new Float64Array(BATCH);
        count = 0;
      }
    }
  }
  if (json !== undefined) {
    yield { values: jsonNumbers(json, name) };
    return;
  }
  if (count > 0) yield { values: values.subarray(0, count) };
}
