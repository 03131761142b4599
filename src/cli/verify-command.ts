/**
 * `act verify <function> --file F`: checks another implementation's values (and gradients)
 * against act's, row by row, in ulps of the dtype and/or with a relative and absolute
 * tolerance. Exit 0 when all match, 1 on any mismatch, 2 on bad input.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Chalk } from 'chalk';
import type { Command } from 'commander';
import { getActivation } from '../core/evaluate.ts';
import { ulpsBetween, type DType } from '../core/precision.ts';
import type { ElementwiseDefinition, KinkConvention } from '../core/types.ts';
import { UsageError } from './errors.ts';
import { formatJsonNumber, formatNumber } from './format.ts';
import type { CliIO, Output } from './io.ts';
import { parseNumber } from './numbers.ts';
import { colorLevel, explicitKink, givenParams } from './options.ts';

export const INPUT_FORMATS = ['csv', 'tsv', 'json', 'ndjson'] as const;
type InputFormat = (typeof INPUT_FORMATS)[number];

interface VerifyOptions {
  file: string;
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
  readonly line: number;
  readonly x: number;
  readonly value: number;
  readonly gradient?: number;
}

interface Mismatch {
  readonly line: number;
  readonly x: number;
  readonly what: 'value' | 'gradient';
  readonly expected: number;
  readonly got: number;
  readonly ulps: number;
  readonly absolute: number;
}

function readInput(file: string, io: CliIO): Promise<string> | string {
  if (file !== '-') {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const stdin = io.stdin;
  if (!stdin || stdin.isTTY) throw new UsageError("--file - reads stdin, but stdin is a terminal");
  return (async () => {
    let text = '';
    for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    return text;
  })();
}

function formatOf(file: string, given: InputFormat | undefined, text: string): InputFormat {
  if (given) return given;
  const extension = extname(file).slice(1).toLowerCase();
  if ((INPUT_FORMATS as readonly string[]).includes(extension)) return extension as InputFormat;
  const start = text.trimStart();
  if (start.startsWith('{') && /\n\s*\{/.test(start.trimEnd()) && !start.includes('"results"')) return 'ndjson';
  if (start.startsWith('{')) return 'json';
  return text.includes('\t') ? 'tsv' : 'csv';
}

function jsonNumber(value: unknown, where: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  throw new UsageError(`${where}: ${JSON.stringify(value)} is not a number`);
}

function rowFromObject(object: unknown, line: number, name: string): Row {
  if (typeof object !== 'object' || object === null) throw new UsageError(`line ${line} of ${name}: not an object with x and value`);
  const record = object as Record<string, unknown>;
  if (!('x' in record) || !('value' in record)) throw new UsageError(`line ${line} of ${name}: each result needs "x" and "value"`);
  const where = `line ${line} of ${name}`;
  return {
    line,
    x: jsonNumber(record.x, where),
    value: jsonNumber(record.value, where),
    ...('gradient' in record ? { gradient: jsonNumber(record.gradient, where) } : {}),
  };
}

export function parseRows(text: string, format: InputFormat, name: string): Row[] {
  if (format === 'json') {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${name} is not valid JSON: ${(error as Error).message}`);
    }
    const results = Array.isArray(document) ? document : (document as { results?: unknown }).results;
    if (!Array.isArray(results)) throw new UsageError(`${name}: expected act's JSON ({"results": [{"x", "value", "gradient"}, …]}) or an array of such objects`);
    // Line numbers: the results are one per line in act's own output (after the header line).
    return results.map((result, index) => rowFromObject(result, index + 2, name));
  }
  const lines = text.split(/\r?\n/);
  const rows: Row[] = [];
  if (format === 'ndjson') {
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let object: unknown;
      try {
        object = JSON.parse(line);
      } catch {
        throw new UsageError(`line ${index + 1} of ${name} is not a JSON object`);
      }
      rows.push(rowFromObject(object, index + 1, name));
    });
    return rows;
  }
  const separator = format === 'tsv' ? '\t' : ',';
  let columns: [number, number, number | undefined] = [0, 1, 2];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = line.split(separator).map((cell) => cell.trim());
    const number = index + 1;
    if (rows.length === 0 && columns[0] === 0 && cells.every((cell) => parseNumber(cell) === undefined)) {
      // A header: find x, value and gradient by name.
      const find = (field: string): number => cells.findIndex((cell) => cell.toLowerCase() === field);
      const [x, value, gradient] = [find('x'), find('value'), find('gradient')];
      if (x < 0 || value < 0) throw new UsageError(`line ${number} of ${name}: a header needs the columns x and value`);
      columns = [x, value, gradient < 0 ? undefined : gradient];
      return;
    }
    if (cells.length < 2) throw new UsageError(`line ${number} of ${name} has ${cells.length} column; expected x${separator}value[${separator}gradient]`);
    const read = (column: number): number => {
      const cell = cells[column];
      const value = cell === undefined ? undefined : parseNumber(cell);
      if (value === undefined) throw new UsageError(`line ${number} of ${name}: '${cell ?? ''}' is not a number (column ${column + 1})`);
      return value;
    };
    const gradientColumn = columns[2] ?? (cells.length >= 3 && columns[0] === 0 ? 2 : undefined);
    rows.push({ line: number, x: read(columns[0]), value: read(columns[1]), ...(gradientColumn !== undefined && cells[gradientColumn] !== undefined ? { gradient: read(gradientColumn) } : {}) });
  });
  return rows;
}

function tolerance(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = parseNumber(text);
  if (value === undefined || !(value >= 0) || !Number.isFinite(value)) throw new UsageError(`--${name} must be a finite number ≥ 0; got '${text}'`);
  return value;
}

export async function verifyCommand(definition: ElementwiseDefinition, command: Command, io: CliIO, output: Output): Promise<number> {
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
  const chosenKink = explicitKink(command);
  const activation = getActivation(definition.name, givenParams(definition, command), { kink: chosenKink, like: options.like, dtype: options.dtype });
  const name = options.file === '-' ? 'stdin' : options.file;
  const text = await readInput(options.file, io);
  const rows = parseRows(text, formatOf(options.file, options.inputFormat, text), name);
  if (rows.length === 0) throw new UsageError(`${name} holds no rows to verify`);

  const matches = (want: number, got: number, distance: number): boolean => {
    if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got);
    if (!Number.isFinite(want) || !Number.isFinite(got)) return want === got;
    if (useUlps && distance <= ulps) return true;
    return (rtol !== undefined || atol !== undefined) && Math.abs(got - want) <= (atol ?? 0) + (rtol ?? 0) * Math.abs(want);
  };
  const mismatches: Mismatch[] = [];
  let worst: Mismatch | undefined;
  let checked = 0;
  for (const row of rows) {
    const pairs: Array<['value' | 'gradient', number, number]> = [['value', activation.value(row.x), row.value]];
    if (row.gradient !== undefined) pairs.push(['gradient', activation.gradient(row.x), row.gradient]);
    for (const [what, expected, got] of pairs) {
      checked++;
      const distance = ulpsBetween(options.dtype, expected, got);
      const entry: Mismatch = { line: row.line, x: row.x, what, expected, got, ulps: distance, absolute: Math.abs(got - expected) };
      if (!worst || distance > worst.ulps || (distance === worst.ulps && entry.absolute > worst.absolute)) worst = entry;
      if (!matches(expected, got, distance)) mismatches.push(entry);
    }
  }
  mismatches.sort((a, b) => b.ulps - a.ulps || b.absolute - a.absolute);
  const shown = mismatches.slice(0, worstCount);
  const criteria = [useUlps ? `${ulps} ulp${ulps === 1 ? '' : 's'} of ${options.dtype}` : '', rtol !== undefined ? `rtol ${rtol}` : '', atol !== undefined ? `atol ${atol}` : '']
    .filter(Boolean)
    .join(' or ');

  if (options.json) {
    const mismatchJson = (m: Mismatch): string =>
      `{"line":${m.line},"x":${formatJsonNumber(m.x)},"what":"${m.what}","expected":${formatJsonNumber(m.expected)},"got":${formatJsonNumber(m.got)},"ulps":${formatJsonNumber(m.ulps)},"absolute":${formatJsonNumber(m.absolute)}}`;
    output.write(
      `{"function":${JSON.stringify(definition.name)},"params":${JSON.stringify(activation.params)},"kink":${JSON.stringify(activation.kink)},"like":${JSON.stringify(activation.like)},"dtype":${JSON.stringify(options.dtype)},` +
        `"tolerance":{"ulps":${useUlps ? ulps : null},"rtol":${rtol ?? null},"atol":${atol ?? null}},"rows":${rows.length},"checked":${checked},"mismatches":${mismatches.length},` +
        `"passed":${mismatches.length === 0},"worst":${worst ? mismatchJson(worst) : null},"worstMismatches":[${shown.map(mismatchJson).join(',')}]}\n`,
    );
    return mismatches.length === 0 ? 0 : 1;
  }

  const chalk = new Chalk({ level: colorLevel(options.color, io.env, io.stdout.isTTY) });
  const lines: string[] = [];
  const verdict = mismatches.length === 0 ? chalk.green('PASS') : chalk.red('FAIL');
  lines.push(`${verdict} ${definition.name} (${options.dtype}${activation.like ? `, like ${activation.like}` : ''}): ${rows.length} rows, ${checked} numbers checked, ${mismatches.length} mismatch${mismatches.length === 1 ? '' : 'es'} beyond ${criteria}`);
  if (worst) {
    lines.push(`worst: ${formatNumber(worst.ulps)} ulp${worst.ulps === 1 ? '' : 's'} (absolute ${formatNumber(worst.absolute)}) in the ${worst.what} at x = ${formatNumber(worst.x)} (line ${worst.line})`);
  }
  if (shown.length > 0) {
    const header = ['line', 'x', 'what', 'expected', 'got', 'ulps', 'abs error'];
    const cells = shown.map((m) => [String(m.line), formatNumber(m.x), m.what, formatNumber(m.expected), formatNumber(m.got), formatNumber(m.ulps), formatNumber(m.absolute)]);
    const widths = header.map((heading, c) => Math.max(heading.length, ...cells.map((row) => row[c].length)));
    lines.push('', `the ${shown.length} worst mismatch${shown.length === 1 ? '' : 'es'}:`);
    lines.push(chalk.bold(header.map((heading, c) => heading.padStart(widths[c])).join('  ')));
    for (const row of cells) lines.push(row.map((cell, c) => cell.padStart(widths[c])).join('  '));
  }
  output.write(lines.join('\n') + '\n');
  return mismatches.length === 0 ? 0 : 1;
}
