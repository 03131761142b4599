/**
 * Output formats for evaluated rows: table, json, ndjson, csv, tsv. Every
 * renderer streams: it is given batches of rows and writes text as it goes.
 */
import type { ActivationDefinition, ParameterSpec } from '../core/types.ts';
import type { Paint } from './paint.ts';
import { ByteWriter, NUMBER_ROOM } from './byte-writer.ts';
import type { TokenTexts } from './scanner.ts';

export const FORMATS = ['table', 'json', 'ndjson', 'csv', 'tsv'] as const;
export type Format = (typeof FORMATS)[number];

export const FIELDS = ['x', 'value', 'gradient'] as const;
/** A vector function's columns (vector-command.ts adds `second` and `d_<parameter>`). */
export const VECTOR_FIELDS = ['x', 'value', 'gradient', 'vjp'] as const;
/** The text formats `act verify --input-format` reads. */
export const INPUT_FORMATS = ['csv', 'tsv', 'json', 'ndjson'] as const;
/** A column: x, value, gradient, or one of the further columns (second, third, d_<parameter>). */
export type Field = string;

/**
 * Shortest round-trip text of a double (`-0` keeps its sign), or exactly N significant digits
 * in the manner of C's %.Ng with its trailing zeros kept (0.52497918747894001 at 17).
 */
export function formatNumber(value: number, precision?: number): string {
  if (precision !== undefined && Number.isFinite(value)) {
    const text = value.toPrecision(precision);
    return Object.is(value, -0) ? `-${text}` : text;
  }
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  return String(value);
}

/** A parameter's default as help and `act list` show it: absent, a number, or a choice. */
export function defaultText(parameter: ParameterSpec): string {
  if (parameter.default === null) return 'absent';
  return typeof parameter.default === 'number' ? formatNumber(parameter.default) : parameter.default;
}

/** A function's parameters with their defaults: `negative_slope=0.01, inplace=…`. */
export function parameterSummary(definition: ActivationDefinition): string {
  return definition.parameters.map((parameter) => `${parameter.name}=${defaultText(parameter)}`).join(', ');
}

/** JSON has no NaN or Infinity: those become the strings "NaN", "Infinity", "-Infinity". */
export function formatJsonNumber(value: number, precision?: number): string {
  return Number.isFinite(value) ? formatNumber(value, precision) : `"${String(value)}"`;
}

export interface Columns {
  readonly x: Float64Array;
  readonly value: Float64Array;
  readonly gradient: Float64Array;
  /** The input text of x where it is kept (a plain decimal, printed as given). */
  readonly xTexts?: TokenTexts;
  /** The further columns by field name (second, third, d_<parameter>). */
  readonly more?: Readonly<Record<string, Float64Array>>;
}

/** The numbers of one field. */
export function columnOf(columns: Columns, field: Field): Float64Array {
  return field === 'x' ? columns.x : field === 'value' ? columns.value : field === 'gradient' ? columns.gradient : columns.more![field];
}

export interface RowRenderer {
  start(): void;
  rows(columns: Columns, count: number): void;
  end(): void;
}

export interface RenderContext {
  readonly write: (text: string) => void;
  /** A large piece of output handed to the stream as it is (after anything queued); `done` once the stream has written it. */
  readonly writeDirect: (text: string | Uint8Array, done?: () => void) => void;
  readonly fields: readonly Field[];
  readonly precision: number | undefined;
  readonly chalk: Paint;
  /** Column headings for the table: e.g. x, relu(x), relu'(x). */
  readonly headings: Readonly<Record<Field, string>>;
  /** JSON members written before "results", already serialised (`"function":"relu",…`). */
  readonly jsonHeader: string;
  /** Lines printed above the table (parameters, conventions), without colour. */
  readonly notes: readonly string[];
}

/** x's text as given, or undefined where it was not kept. */
function givenText(texts: TokenTexts | undefined, i: number): string | undefined {
  if (!texts || texts.starts[i] < 0) return undefined;
  return Buffer.from(texts.bytes.buffer, texts.bytes.byteOffset + texts.starts[i], texts.ends[i] - texts.starts[i]).toString('latin1');
}

const ASCII = (text: string): Uint8Array => Buffer.from(text, 'latin1');

/**
 * The byte renderer shared by CSV, TSV, NDJSON and JSON: each row is `rowStart`, then each field
 * after its prefix, then `rowEnd`. Formatting dominates streaming, so x is copied from its input
 * text where kept, a value equal to x (relu, identity) and a gradient equal to x or the value
 * repeat their text, and a repeated number (a constant gradient) is copied (ByteWriter).
 */
function byteRows(context: RenderContext, prefixes: readonly string[], rowEnd: string, json: boolean): (columns: Columns, count: number, rowStart: Uint8Array, firstRowStart?: Uint8Array) => void {
  const { fields, precision } = context;
  const writer = new ByteWriter((bytes, done) => context.writeDirect(bytes, done));
  const prefixBytes = prefixes.map(ASCII);
  const endBytes = ASCII(rowEnd);
  // A row's bytes but x's text: its start (at most 3 bytes, ',\n{'), prefixes, numbers and end.
  const rowRoom = 3 + prefixBytes.reduce((total, prefix) => total + prefix.length, 0) + fields.length * NUMBER_ROOM + endBytes.length;
  const kinds = fields.map((field) => (field === 'x' ? 0 : field === 'value' ? 1 : field === 'gradient' ? 2 : 3));
  // A further column is remembered in its own memo slot (3 … 7); beyond, slot 7 is shared.
  const slots = fields.map((_, f) => Math.min(3 + f, 7));
  return (columns, count, rowStart, firstRowStart) => {
    const data = fields.map((field) => columnOf(columns, field));
    const texts = columns.xTexts;
    const xs = columns.x;
    const values = columns.value;
    const gradients = columns.gradient;
    for (let i = 0; i < count; i++) {
      const x = xs[i];
      const value = values[i];
      const gradient = gradients[i];
      const textStart = texts ? texts.starts[i] : -1;
      writer.room(rowRoom + (textStart >= 0 ? texts!.ends[i] - textStart : 0));
      writer.bytes(i === 0 && firstRowStart ? firstRowStart : rowStart);
      // Where x's text and the value's own text (not x's repeated) are in the buffer (-1: not
      // written in this row). Only the value repeats x's text: a gradient equal to x is a number
      // of its own (relu' is 1, whatever x's spelling).
      let xStart = -1;
      let xEnd = -1;
      let valueStart = -1;
      let valueEnd = -1;
      for (let f = 0; f < kinds.length; f++) {
        writer.bytes(prefixBytes[f]);
        const kind = kinds[f];
        const start = writer.position;
        if (kind === 0) {
          if (textStart >= 0) writer.bytes(texts!.bytes, textStart, texts!.ends[i]);
          else writer.numberAt(xs, i, 0, json);
          xStart = start;
          xEnd = writer.position;
        } else if (precision !== undefined) {
          const number = data[f][i];
          writer.text(json ? formatJsonNumber(number, precision) : formatNumber(number, precision));
        } else if (kind === 1) {
          if (xStart >= 0 && Object.is(value, x)) {
            writer.repeat(xStart, xEnd);
          } else {
            writer.numberAt(values, i, 1, json);
            valueStart = start;
            valueEnd = writer.position;
          }
        } else if (kind === 2) {
          if (valueStart >= 0 && Object.is(gradient, value)) writer.repeat(valueStart, valueEnd);
          else writer.numberAt(gradients, i, 2, json);
        } else {
          writer.numberAt(data[f], i, slots[f], json);
        }
      }
      writer.bytes(endBytes);
    }
    writer.flush();
  };
}

function delimited(context: RenderContext, separator: string): RowRenderer {
  const { fields } = context;
  const standard = fields.length === 3 && fields[0] === 'x' && fields[1] === 'value' && fields[2] === 'gradient' && context.precision === undefined;
  const rows = standard ? standardRows(context, separator.charCodeAt(0)) : byteRows(context, fields.map((_, f) => (f > 0 ? separator : '')), '\n', false);
  const none = new Uint8Array(0);
  return {
    start: () => context.write(fields.join(separator) + '\n'),
    rows: (columns, count) => rows(columns, count, none),
    end: () => {},
  };
}

/**
 * CSV or TSV of x, value and gradient at full precision: byteRows' work in one straight loop
 * over local copies of the buffer and its position (the streaming benchmark's case).
 */
function standardRows(context: RenderContext, separator: number): (columns: Columns, count: number) => void {
  const writer = new ByteWriter((bytes, done) => context.writeDirect(bytes, done));
  return (columns, count) => {
    const { x: xs, value: values, gradient: gradients, xTexts: texts } = columns;
    const textBytes = texts?.bytes;
    let buffer = writer.buffer;
    let at = writer.position;
    for (let i = 0; i < count; i++) {
      const x = xs[i];
      const value = values[i];
      const gradient = gradients[i];
      const textStart = texts ? texts.starts[i] : -1;
      const textEnd = textStart >= 0 ? texts!.ends[i] : textStart;
      if (at + 3 * NUMBER_ROOM + 3 + (textEnd - textStart) > buffer.length) {
        writer.position = at;
        writer.room(3 * NUMBER_ROOM + 3 + (textEnd - textStart));
        buffer = writer.buffer;
        at = writer.position;
      }
      const xStart = at;
      if (textStart >= 0) {
        for (let j = textStart; j < textEnd; j++) buffer[at++] = textBytes![j];
      } else {
        writer.position = at;
        writer.numberAt(xs, i, 0);
        at = writer.position;
      }
      const xEnd = at;
      buffer[at++] = separator;
      const valueStart = at;
      // Only the value repeats x's text (byteRows says why); the gradient may repeat the value's own.
      const valueIsX = Object.is(value, x);
      if (valueIsX) {
        for (let j = xStart; j < xEnd; j++) buffer[at++] = buffer[j];
      } else {
        writer.position = at;
        writer.numberAt(values, i, 1);
        at = writer.position;
      }
      const valueEnd = at;
      buffer[at++] = separator;
      if (!valueIsX && Object.is(gradient, value)) {
        for (let j = valueStart; j < valueEnd; j++) buffer[at++] = buffer[j];
      } else {
        writer.position = at;
        writer.numberAt(gradients, i, 2);
        at = writer.position;
      }
      buffer[at++] = 10;
    }
    writer.position = at;
    writer.flush();
  };
}

/** The rows of NDJSON and JSON: one object per row, ended by `rowEnd`. */
function jsonRows(context: RenderContext, rowEnd: string): ReturnType<typeof byteRows> {
  return byteRows(context, context.fields.map((field, f) => `${f > 0 ? ',' : ''}"${field}":`), rowEnd, true);
}

function ndjson(context: RenderContext): RowRenderer {
  const rows = jsonRows(context, '}\n');
  const open = ASCII('{');
  return {
    start: () => {},
    rows: (columns, count) => rows(columns, count, open),
    end: () => {},
  };
}

function json(context: RenderContext): RowRenderer {
  let first = true;
  const rows = jsonRows(context, '}');
  const open = ASCII(',\n{');
  const firstOpen = ASCII('\n{');
  return {
    start: () => context.write(`{${context.jsonHeader},"results":[`),
    rows: (columns, count) => {
      if (count === 0) return;
      rows(columns, count, open, first ? firstOpen : undefined);
      first = false;
    },
    end: () => context.write(first ? ']}\n' : '\n]}\n'),
  };
}

/** NaN and ±Infinity stand out in every column of every table (the test looks past the padding). */
export function paintSpecial(chalk: Paint, paddedCell: string): string {
  return /^ *-?(NaN|Infinity)\*?$/.test(paddedCell) ? chalk.yellow(paddedCell) : paddedCell;
}

/** Rows kept back to size the table's columns before the first line is printed. */
const TABLE_SIZING_ROWS = 2048;
const MIN_WIDTH: Readonly<Record<string, number>> = { x: 3 };

function table(context: RenderContext): RowRenderer {
  const { write, fields, precision, chalk, headings } = context;
  let held: string[][] = [];
  let widths: number[] | undefined;

  const paint = (cell: string): string => paintSpecial(chalk, cell);
  const line = (cells: readonly string[], color: (text: string) => string): string =>
    cells.map((cell, f) => color(cell.padStart(widths![f]))).join('  ') + '\n';
  const emit = (rows: readonly string[][]): void => {
    let text = '';
    for (const cells of rows) text += cells.map((cell, f) => paint(cell.padStart(widths![f]))).join('  ') + '\n';
    write(text);
  };
  const size = (): void => {
    widths = fields.map((field, f) =>
      held.reduce((width, cells) => Math.max(width, cells[f].length), Math.max(MIN_WIDTH[field] ?? 8, headings[field].length)),
    );
    let text = context.notes.map((note) => chalk.dim(note) + '\n').join('');
    text += line(fields.map((field) => headings[field]), chalk.bold);
    write(text);
    emit(held);
    held = [];
  };
  return {
    start: () => {},
    rows: (columns, count) => {
      const rows: string[][] = [];
      const data = fields.map((field) => columnOf(columns, field));
      for (let i = 0; i < count; i++) {
        // x as given; a value equal to x repeats its text, as in the other formats.
        const given = givenText(columns.xTexts, i);
        const x = columns.x[i];
        rows.push(
          fields.map((field, f) => {
            const number = data[f][i];
            if (field === 'x') return given ?? formatNumber(number);
            if (given !== undefined && precision === undefined && field === 'value' && Object.is(number, x)) return given;
            return formatNumber(number, precision);
          }),
        );
      }
      if (widths) return emit(rows);
      for (const row of rows) held.push(row);
      if (held.length >= TABLE_SIZING_ROWS) size();
    },
    end: () => {
      if (!widths) size();
    },
  };
}

export function createRenderer(format: Format, context: RenderContext): RowRenderer {
  switch (format) {
    case 'table':
      return table(context);
    case 'json':
      return json(context);
    case 'ndjson':
      return ndjson(context);
    case 'csv':
      return delimited(context, ',');
    case 'tsv':
      return delimited(context, '\t');
  }
}

/**
 * Words wrapped into lines of at most `width` characters (a word longer than that is cut), the
 * lines after the first indented by `indent` spaces.
 */
export function wrapText(text: string, width: number, indent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  const room = (): number => (lines.length === 0 ? width : width - indent);
  // Split on single spaces, so that runs of spaces inside a line (aligned notes) survive.
  for (const word of text.split(' ')) {
    if (word === '' && line === '' && lines.length > 0) continue;
    let rest = word;
    while (rest.length > room()) {
      if (line) {
        lines.push(line);
        line = '';
        continue;
      }
      const cut = room();
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (!line && lines.length > 0) line = rest;
    else if (line.length + 1 + rest.length <= room() || (!line && lines.length === 0)) line = line || lines.length > 0 ? line + ' ' + rest : rest;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((text, index) => (index === 0 ? text : ' '.repeat(indent) + text));
}
