/**
 * `act verify <function> --file F`: checks another implementation's values (and gradients)
 * against act's, row by row, in ulps of the dtype and/or with a relative and absolute
 * tolerance. Exit 0 when all match, 1 on any mismatch, 2 on bad input.
 */
import { extname } from 'node:path';
import { painter } from './paint.ts';
import type { Command } from 'commander';
import { findDefinition } from '../core/catalogue.ts';
import { elementwiseFields, fieldFunction, getActivation } from '../core/evaluate.ts';
import { compile } from '../expr/index.ts';
import { ulpsBetween, type DType } from '../core/precision.ts';
import type { ElementwiseDefinition, KinkConvention } from '../core/types.ts';
import { UsageError } from './errors.ts';
import { formatJsonNumber, formatNumber, INPUT_FORMATS } from './format.ts';
import { MAX_JSON_BYTES, readLines } from './lines.ts';
import type { CliIO, Output } from './io.ts';
import { parseNumber, shownToken } from './numbers.ts';
import { colorLevel, explicitKink, givenParams } from './options.ts';
import { openFileInput, openTensorFile, TENSOR_CHUNK, type TensorFile } from './tensor-input.ts';
import { shapeText } from './tensor-output.ts';
import type { TensorEntry } from '../tensor/index.ts';

type InputFormat = (typeof INPUT_FORMATS)[number];

interface VerifyOptions {
  file?: string;
  x?: string;
  value?: string;
  gradient?: string;
  inputFormat?: InputFormat;
  ulps?: string;
  rtol?: string;
  atol?: string;
  worst: string;
  json?: boolean;
  kink?: KinkConvention;
  like?: string;
  dtype: DType;
  color: boolean;
}

interface Row {
  /** The line of a text file (from 1), or the flat row-major index into a tensor (from 0). */
  readonly line: number;
  readonly x: number;
  /** The numbers to check, by column: value, gradient, second, third, d_<parameter>. */
  readonly outputs: ReadonlyArray<readonly [string, number]>;
}

interface Mismatch {
  /** As Row.line. */
  readonly line: number;
  readonly x: number;
  readonly what: string;
  readonly expected: number;
  readonly got: number;
  readonly ulps: number;
  readonly absolute: number;
  /** What kind of disagreement: a NaN on one side, opposite signs, an infinity, or a distance in ulps. */
  readonly kind: MismatchKind;
}

type MismatchKind = 'NaN' | 'sign flip' | 'infinite' | 'ulps';

/** NaN on one side and sign flips first: an ulp count between them would be meaningless. */
const KIND_RANK: Record<MismatchKind, number> = { NaN: 3, 'sign flip': 2, infinite: 1, ulps: 0 };

function kindOf(expected: number, got: number): MismatchKind {
  if (Number.isNaN(expected) !== Number.isNaN(got)) return 'NaN';
  if (expected !== 0 && got !== 0 && Math.sign(expected) !== Math.sign(got)) return 'sign flip';
  if (!Number.isFinite(expected) || !Number.isFinite(got)) return 'infinite';
  return 'ulps';
}

/** How a mismatch's distance reads: "3 ulps", "sign flip", "NaN where 0.5 is expected". */
function distanceText(m: Mismatch): string {
  switch (m.kind) {
    case 'NaN':
      return Number.isNaN(m.got) ? `NaN where ${formatNumber(m.expected)} is expected` : `${formatNumber(m.got)} where NaN is expected`;
    case 'sign flip':
      return 'sign flip';
    case 'infinite':
      return `${formatNumber(m.got)} where ${formatNumber(m.expected)} is expected`;
    case 'ulps':
      return plural(m.ulps, 'ulp');
  }
}

/** "1 row", "2 rows" */
function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatNumber(count)} ${count === 1 ? noun : pluralNoun}`;
}

/** The format: --input-format, else the extension, else the first line. */
function formatOf(file: string, given: InputFormat | undefined, firstLine: string): InputFormat {
  if (given) return given;
  const extension = extname(file).slice(1).toLowerCase();
  if ((INPUT_FORMATS as readonly string[]).includes(extension)) return extension as InputFormat;
  const start = firstLine.trim();
  if (start.startsWith('{') && start.endsWith('}') && !start.includes('"results"')) {
    try {
      JSON.parse(start);
      return 'ndjson';
    } catch {
      return 'json';
    }
  }
  if (start.startsWith('{') || start.startsWith('[') || start === 'null' || start.startsWith('"')) return 'json';
  return firstLine.includes('\t') ? 'tsv' : 'csv';
}

function jsonNumber(value: unknown, where: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  throw new UsageError(`${where}: ${JSON.stringify(value)} is not a number`);
}

function rowFromObject(object: unknown, line: number, name: string, checkable: readonly string[]): Row {
  if (typeof object !== 'object' || object === null) throw new UsageError(`line ${line} of ${name}: not an object with x and value`);
  const record = object as Record<string, unknown>;
  const present = checkable.filter((field) => field in record);
  if (!('x' in record) || present.length === 0) throw new UsageError(`line ${line} of ${name}: each result needs "x" and at least one of ${checkable.map((field) => `"${field}"`).join(', ')}`);
  const where = `line ${line} of ${name}`;
  return { line, x: jsonNumber(record.x, where), outputs: present.map((field) => [field, jsonNumber(record[field], where)] as const) };
}

/** The rows of a JSON document: act's own {"results": […]} or an array of {x, value, gradient?}. */
function jsonRows(text: string, name: string, expected: string, checkable: readonly string[]): Row[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  const results = Array.isArray(document) ? document : typeof document === 'object' && document !== null ? (document as { results?: unknown }).results : undefined;
  if (!Array.isArray(results)) {
    const found = document === null ? 'null' : Array.isArray(document) ? 'an array' : typeof document === 'object' ? 'an object without "results"' : `a ${typeof document}`;
    throw new UsageError(`${name} holds ${found}; expected act's JSON ({"results": [{"x", "value", "gradient"}, …]}) or an array of such objects`);
  }
  // act's own JSON names its function: verifying it against another is a mistake worth stopping.
  const named = Array.isArray(document) ? undefined : (document as { function?: unknown }).function;
  if (typeof named === 'string' && findDefinition(named)?.name !== expected) {
    throw new UsageError(`${name} holds results of ${named}, not ${expected}`, `Run 'act verify ${named} --file ${name}', or check the file.`);
  }
  // Line numbers: the results are one per line in act's own output (after the header line).
  return results.map((result, index) => rowFromObject(result, index + 2, name, checkable));
}

/** Every row of the input, streamed (CSV, TSV, NDJSON) or parsed whole (JSON, up to MAX_JSON_BYTES). */
export async function* inputRows(
  chunks: AsyncIterable<Buffer>,
  file: string,
  given: InputFormat | undefined,
  name: string,
  functionName: string,
  checkable: readonly string[],
): AsyncGenerator<Row> {
  const lines = readLines(chunks, name);
  let format: InputFormat | undefined;
  let json = '';
  // The column of x, and the checked columns with their cell indices.
  let columns: { x: number; outputs: Array<readonly [string, number]> } | undefined;
  for await (const { text: line, number } of lines) {
    format ??= formatOf(file, given, line);
    if (format === 'json') {
      json += line + '\n';
      if (json.length > MAX_JSON_BYTES) throw new UsageError(`${name}: a JSON document larger than 256 MiB; use NDJSON (one object per line), which streams`);
      continue;
    }
    if (line.trim() === '') continue;
    if (format === 'ndjson') {
      let object: unknown;
      try {
        object = JSON.parse(line);
      } catch {
        throw new UsageError(`line ${number} of ${name} is not a JSON object`);
      }
      yield rowFromObject(object, number, name, checkable);
      continue;
    }
    const separator = format === 'tsv' ? '\t' : ',';
    const cells = line.split(separator).map((cell) => cell.trim());
    if (!columns) {
      columns = { x: 0, outputs: [['value', 1]] };
      if (cells.every((cell) => parseNumber(cell) === undefined)) {
        // A header: x and the checked columns by name (value, gradient, second, third, d_<parameter>).
        const find = (field: string): number => cells.findIndex((cell) => cell.toLowerCase() === field);
        const outputs = checkable.map((field) => [field, find(field)] as const).filter(([, index]) => index >= 0);
        if (find('x') < 0 || outputs.length === 0) {
          throw new UsageError(`line ${number} of ${name}: a header needs the column x and at least one of ${checkable.join(', ')}`);
        }
        columns = { x: find('x'), outputs };
        continue;
      }
      if (cells.length >= 3) columns = { x: 0, outputs: [['value', 1], ['gradient', 2]] };
    }
    if (cells.length < 2) throw new UsageError(`line ${number} of ${name} has ${cells.length} column; expected x${separator}value[${separator}gradient]`);
    const read = (column: number): number => {
      const cell = cells[column];
      const value = cell === undefined ? undefined : parseNumber(cell);
      if (value === undefined) throw new UsageError(`line ${number} of ${name}: '${shownToken(cell ?? '')}' is not a number (column ${column + 1})`);
      return value;
    };
    yield {
      line: number,
      x: read(columns.x),
      // Without a header, a short row may leave its gradient out.
      outputs: columns.outputs.filter(([field, column]) => field === 'value' || cells[column] !== undefined).map(([field, column]) => [field, read(column)] as const),
    };
  }
  if (format === 'json') yield* jsonRows(json, name, functionName, checkable);
}

function tolerance(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = parseNumber(text);
  if (value === undefined || !(value >= 0) || !Number.isFinite(value)) throw new UsageError(`--${name} must be a finite number ≥ 0; got '${text}'`);
  return value;
}

/** Where the rows came from: how to name a row's place, and the dtype to compare in. */
interface RowSource {
  readonly rows: AsyncIterable<Row>;
  readonly dtype: DType;
  /** The place as a table cell: "3" (a line) or "[3, 17]" (an index). */
  readonly place: (line: number) => string;
  /** The JSON member naming the place: "line":3 or "index":[3,17]. */
  readonly placeJson: (line: number) => string;
  /** The column heading of the places in the table. */
  readonly placeHeading: string;
  /** What one row is: a row of text, or an element of a tensor. */
  readonly unit: 'row' | 'element';
  readonly close: () => Promise<void>;
}

/** The index tuple of a flat row-major index. */
function indexOf(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

/** The arrays verify reads from separate tensor files (--x, --value, --gradient). */
const TENSOR_FIELDS = ['x', 'value', 'gradient'] as const;

/**
 * Rows from tensors: x, value and gradient read in step, chunk by chunk. The comparison is in
 * the dtype of the values the other implementation wrote.
 */
async function tensorSource(command: Command, options: VerifyOptions, io: CliIO, checkable: readonly string[]): Promise<RowSource | { readonly text: AsyncIterable<Buffer> }> {
  const explicitDtype = command.getOptionValueSource('dtype') === 'cli';
  const read = { bfloat16Bits: explicitDtype && options.dtype === 'bfloat16' };
  const opened: TensorFile[] = [];
  const closeAll = async (): Promise<void> => {
    for (const file of opened) await file.close();
  };
  const parts: Partial<Record<string, { file: TensorFile; entry: TensorEntry; option: string }>> = {};
  try {
    if (options.x !== undefined || options.value !== undefined || options.gradient !== undefined) {
      if (options.file !== undefined) throw new UsageError('give --file, or --x with --value and/or --gradient; not both');
      if (options.x === undefined) throw new UsageError('--value and --gradient are checked at the inputs in --x; give --x x.npy too');
      if (options.value === undefined && options.gradient === undefined) throw new UsageError('--x needs --value and/or --gradient: the outputs to check');
      for (const field of TENSOR_FIELDS) {
        const path = options[field];
        if (path === undefined) continue;
        const file = await openTensorFile(path, io, read, `--${field}`);
        opened.push(file);
        parts[field] = { file, entry: file.entry(undefined, `--${field}`), option: `--${field} ${path}` };
      }
    } else {
      if (options.file === undefined) throw new UsageError('give --file F, or --x x.npy --value y.npy [--gradient g.npy]', "See 'act verify --help'.");
      const input = await openFileInput(options.file, io, read);
      // Text: the rows are read from these chunks (stdin has been read from already).
      if (input.kind === 'text') return { text: input.chunks };
      opened.push(input.file);
      const names = input.file.entries.map((entry) => entry.name);
      for (const field of ['x', ...checkable]) {
        const entry = input.file.entries.find((candidate) => candidate.name === field);
        if (entry) parts[field] = { file: input.file, entry, option: `${input.file.name}'s ${field}` };
      }
      if (!parts.x || !checkable.some((field) => parts[field])) {
        throw new UsageError(
          `${input.file.name} holds ${names.every((name) => name === '') ? 'one unnamed array' : names.join(', ')}; verify needs arrays named x and value (and optionally gradient, second, third, d_<parameter>)`,
          'Give separate files with --x x.npy --value y.npy [--gradient g.npy], or write a structured .npy or a safetensors file with those names.',
        );
      }
    }
    const x = parts.x!;
    const checked = checkable.filter((field) => parts[field] !== undefined);
    const outputs = checked.map((field) => parts[field]!);
    for (const part of outputs) {
      if (part.entry.shape.length !== x.entry.shape.length || part.entry.shape.some((size, d) => size !== x.entry.shape[d])) {
        throw new UsageError(`${part.option} has shape ${shapeText(part.entry.shape)}, but ${x.option} has ${shapeText(x.entry.shape)}`);
      }
    }
    const dtype = outputs[0].entry.dtype;
    if (outputs.some((part) => part.entry.dtype !== dtype)) throw new UsageError(`the arrays to check are of different dtypes (${outputs.map((part) => part.entry.dtype).join(', ')})`);
    if (explicitDtype && options.dtype !== dtype) {
      throw new UsageError(`--dtype ${options.dtype}, but ${outputs[0].option} holds ${dtype}`, "The comparison is in the file's own dtype: leave --dtype out, or give the matching one.");
    }
    const shape = x.entry.shape;
    const count = x.entry.count;
    const rows = async function* (): AsyncGenerator<Row> {
      const xs = new Float64Array(TENSOR_CHUNK);
      const columns = outputs.map(() => new Float64Array(TENSOR_CHUNK));
      for (let start = 0; start < count; start += TENSOR_CHUNK) {
        const size = Math.min(TENSOR_CHUNK, count - start);
        await x.file.read(x.entry, start, size, xs);
        for (let c = 0; c < outputs.length; c++) await outputs[c].file.read(outputs[c].entry, start, size, columns[c]);
        for (let i = 0; i < size; i++) yield { line: start + i, x: xs[i], outputs: checked.map((field, c) => [field, columns[c][i]] as const) };
      }
    };
    return {
      rows: rows(),
      dtype,
      place: (line) => `[${indexOf(line, shape).join(', ')}]`,
      placeJson: (line) => `"index":[${indexOf(line, shape).join(',')}]`,
      placeHeading: 'index',
      unit: 'element',
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

export async function verifyCommand(definition: ElementwiseDefinition, command: Command, io: CliIO, output: Output, expression?: string): Promise<number> {
  const options = command.opts<VerifyOptions>();
  const rtol = tolerance('rtol', options.rtol);
  const atol = tolerance('atol', options.atol);
  const explicitUlps = options.ulps !== undefined;
  const ulps = explicitUlps ? Number(options.ulps) : 2;
  if (explicitUlps && (!/^\d+$/.test(options.ulps!) || ulps < 0)) throw new UsageError(`--ulps must be a whole number ≥ 0; got '${options.ulps}'`);
  // --ulps applies by default; given --rtol or --atol alone, only they apply; given both kinds, either suffices.
  const useUlps = explicitUlps || (rtol === undefined && atol === undefined);
  const worstCount = Number(options.worst);
  if (!/^\d+$/.test(options.worst)) throw new UsageError(`--worst must be a whole number; got '${options.worst}'`);
  const source = await tensorSource(command, options, io, checkableFields(definition));
  try {
    return await check(definition, command, options, io, output, { rtol, atol, ulps, useUlps, worstCount }, source, expression);
  } finally {
    if ('close' in source) await source.close();
  }
}

interface Tolerances {
  readonly rtol: number | undefined;
  readonly atol: number | undefined;
  readonly ulps: number;
  readonly useUlps: boolean;
  readonly worstCount: number;
}

async function check(
  definition: ElementwiseDefinition,
  command: Command,
  options: VerifyOptions,
  io: CliIO,
  output: Output,
  { rtol, atol, ulps, useUlps, worstCount }: Tolerances,
  given: RowSource | { readonly text: AsyncIterable<Buffer> },
  expression: string | undefined,
): Promise<number> {
  const file = options.file ?? options.x!;
  const name = file === '-' ? 'stdin' : file;
  const source: RowSource = 'rows' in given ? given : {
    rows: inputRows(given.text, file, options.inputFormat, name, definition.name, checkableFields(definition)),
    dtype: options.dtype,
    place: (line) => String(line),
    placeJson: (line) => `"line":${line}`,
    placeHeading: 'line',
    unit: 'row',
    close: async () => {},
  };
  const dtype = source.dtype;
  const chosenKink = explicitKink(command);
  const activation =
    expression !== undefined
      ? compile(expression, { kink: chosenKink, like: options.like, dtype })
      : getActivation(definition.name, givenParams(definition, command), { kink: chosenKink, like: options.like, dtype });
  const rows = source.rows;

  const matches = (want: number, got: number, distance: number): boolean => {
    if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got);
    if (!Number.isFinite(want) || !Number.isFinite(got)) return want === got;
    if (useUlps && distance <= ulps) return true;
    return (rtol !== undefined || atol !== undefined) && Math.abs(got - want) <= (atol ?? 0) + (rtol ?? 0) * Math.abs(want);
  };
  // Only the worst --worst mismatches are kept (sorted and cut whenever twice as many have gathered).
  const byBadness = (a: Mismatch, b: Mismatch): number =>
    KIND_RANK[b.kind] - KIND_RANK[a.kind] || (a.kind === 'ulps' ? b.ulps - a.ulps : 0) || (b.absolute || 0) - (a.absolute || 0);
  let kept: Mismatch[] = [];
  let mismatchCount = 0;
  let worst: Mismatch | undefined;
  let checked = 0;
  let rowCount = 0;
  // Per field: how many were checked and mismatched, and the largest distance in ulps.
  const fieldStats: Record<string, { checked: number; mismatches: number; worstUlps: number }> = {};
  const expectedOf: Record<string, (x: number) => number> = Object.fromEntries(checkableFields(definition).map((field) => [field, fieldFunction(activation, field)]));
  for await (const row of rows) {
    rowCount++;
    for (const [what, got] of row.outputs) {
      const expected = expectedOf[what](row.x);
      checked++;
      const distance = ulpsBetween(dtype, expected, got);
      const stats = (fieldStats[what] ??= { checked: 0, mismatches: 0, worstUlps: 0 });
      stats.checked++;
      if (distance > stats.worstUlps) stats.worstUlps = distance;
      const entry: Mismatch = { line: row.line, x: row.x, what, expected, got, ulps: distance, absolute: Math.abs(got - expected), kind: kindOf(expected, got) };
      // The worst over every number checked (JSON reports it even on a pass).
      if (!worst || byBadness(entry, worst) < 0) worst = entry;
      if (matches(expected, got, distance)) continue;
      mismatchCount++;
      stats.mismatches++;
      if (worstCount === 0) continue;
      kept.push(entry);
      if (kept.length >= 2 * worstCount + 1024) kept = kept.sort(byBadness).slice(0, worstCount);
    }
  }
  if (rowCount === 0) throw new UsageError(`${name} holds no rows to verify`);
  const shown = kept.sort(byBadness).slice(0, worstCount);
  const mismatches = { length: mismatchCount };
  const rowsRead = { length: rowCount };
  const nanCount = shown.filter((m) => m.kind === 'NaN').length;
  const checkedFields = checkableFields(definition).filter((field) => fieldStats[field]?.checked > 0);
  const criteria = [useUlps ? `${plural(ulps, 'ulp')} of ${dtype}` : '', rtol !== undefined ? `rtol ${rtol}` : '', atol !== undefined ? `atol ${atol}` : '']
    .filter(Boolean)
    .join(' or ');

  if (options.json) {
    const mismatchJson = (m: Mismatch): string =>
      `{${source.placeJson(m.line)},"x":${formatJsonNumber(m.x)},"what":"${m.what}","expected":${formatJsonNumber(m.expected)},"got":${formatJsonNumber(m.got)},"kind":"${m.kind}","ulps":${m.kind === 'ulps' ? formatJsonNumber(m.ulps) : null},"absolute":${m.kind === 'ulps' ? formatJsonNumber(m.absolute) : null}}`;
    output.write(
      `{"function":${JSON.stringify(definition.name)},"params":${JSON.stringify(activation.params)},"kink":${JSON.stringify(activation.kink)},"like":${JSON.stringify(activation.like)},"dtype":${JSON.stringify(dtype)},` +
        `"tolerance":{"ulps":${useUlps ? ulps : null},"rtol":${rtol ?? null},"atol":${atol ?? null}},"rows":${rowsRead.length},"checked":${checked},"mismatches":${mismatches.length},` +
        `"fields":{${checkedFields.map((field) => `"${field}":{"checked":${fieldStats[field].checked},"mismatches":${fieldStats[field].mismatches},"worstUlps":${formatJsonNumber(fieldStats[field].worstUlps)}}`).join(',')}},` +
        `"passed":${mismatches.length === 0},"worst":${worst ? mismatchJson(worst) : null},"worstMismatches":[${shown.map(mismatchJson).join(',')}]}\n`,
    );
    return mismatches.length === 0 ? 0 : 1;
  }

  const chalk = await painter(colorLevel(options.color, io.env, io.stdout.isTTY));
  const lines: string[] = [];
  const verdict = mismatches.length === 0 ? chalk.green('PASS') : chalk.red('FAIL');
  lines.push(
    `${verdict} ${definition.name} (${dtype}${activation.like ? `, like ${activation.like}` : ''}): ${plural(rowsRead.length, source.unit)}, ` +
      `${plural(checked, 'number')} checked, ${plural(mismatches.length, 'mismatch', 'mismatches')} beyond ${criteria}` +
      (nanCount > 0 ? ` (NaN among them)` : ''),
  );
  // The worst distance is infinite where a NaN, an infinity or a sign stands against a number.
  const worstText = (distance: number): string => (Number.isFinite(distance) ? plural(distance, 'ulp') : 'NaN, infinity or sign');
  const labelWidth = Math.max(9, ...checkedFields.map((field) => field.length + 1));
  for (const field of checkedFields) {
    const stats = fieldStats[field];
    lines.push(`  ${`${field}:`.padEnd(labelWidth)} ${plural(stats.checked, 'number')}, ${plural(stats.mismatches, 'mismatch', 'mismatches')}, worst ${worstText(stats.worstUlps)}`);
  }
  // Only a failure has a worst case worth naming.
  const worstMismatch = shown[0] ?? (mismatches.length > 0 ? worst : undefined);
  if (worstMismatch) {
    const absolute = worstMismatch.kind === 'ulps' ? ` (absolute ${formatNumber(worstMismatch.absolute)})` : '';
    lines.push(`worst: ${distanceText(worstMismatch)}${absolute} in the ${worstMismatch.what} at x = ${formatNumber(worstMismatch.x)} (${source.placeHeading === 'line' ? 'line' : 'at'} ${source.place(worstMismatch.line)})`);
  }
  if (shown.length > 0) {
    const header = [source.placeHeading, 'x', 'what', 'expected', 'got', 'distance', 'abs error'];
    const cells = shown.map((m) => [source.place(m.line), formatNumber(m.x), m.what, formatNumber(m.expected), formatNumber(m.got), m.kind === 'ulps' ? plural(m.ulps, 'ulp') : m.kind, m.kind === 'ulps' ? formatNumber(m.absolute) : '']);
    const widths = header.map((heading, c) => cells.reduce((width, row) => Math.max(width, row[c].length), heading.length));
    lines.push('', `the ${shown.length} worst mismatch${shown.length === 1 ? '' : 'es'}:`);
    lines.push(chalk.bold(header.map((heading, c) => heading.padStart(widths[c])).join('  ')));
    for (const row of cells) lines.push(row.map((cell, c) => cell.padStart(widths[c])).join('  '));
  }
  output.write(lines.join('\n') + '\n');
  return mismatches.length === 0 ? 0 : 1;
}

/** The columns verify can check for a function: value, gradient, second, third, d_<parameter>. */
function checkableFields(definition: ElementwiseDefinition): string[] {
  return elementwiseFields(definition).filter((field) => field !== 'x');
}
