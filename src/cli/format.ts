/**
 * Output formats for evaluated rows: table, json, ndjson, csv, tsv. Every
 * renderer streams: it is given batches of rows and writes text as it goes.
 */
import type { ChalkInstance } from 'chalk';

export const FORMATS = ['table', 'json', 'ndjson', 'csv', 'tsv'] as const;
export type Format = (typeof FORMATS)[number];

export const FIELDS = ['x', 'value', 'gradient'] as const;
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

/** JSON has no NaN or Infinity: those become the strings "NaN", "Infinity", "-Infinity". */
export function formatJsonNumber(value: number, precision?: number): string {
  return Number.isFinite(value) ? formatNumber(value, precision) : `"${String(value)}"`;
}

export interface Columns {
  readonly x: Float64Array;
  readonly value: Float64Array;
  readonly gradient: Float64Array;
  /** The input token of x where it is already exactly what formatNumber(x) would print. */
  readonly xTexts?: ReadonlyArray<string | undefined>;
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
  /** A large piece of output handed to the stream as it is (after anything queued). */
  readonly writeDirect: (text: string) => void;
  readonly fields: readonly Field[];
  readonly precision: number | undefined;
  readonly chalk: ChalkInstance;
  /** Column headings for the table: e.g. x, relu(x), relu'(x). */
  readonly headings: Readonly<Record<Field, string>>;
  /** JSON members written before "results", already serialised (`"function":"relu",…`). */
  readonly jsonHeader: string;
  /** Lines printed above the table (parameters, conventions), without colour. */
  readonly notes: readonly string[];
}

/**
 * The three cells of row i as text. Formatting doubles dominates the cost of streaming, so a
 * value equal to x (relu, identity) or a gradient equal to either reuses their text.
 */
function rowCells(columns: Columns, i: number, precision: number | undefined): [string, string, string] {
  const x = columns.x[i];
  const value = columns.value[i];
  const gradient = columns.gradient[i];
  // x is printed as given (in full), whatever --precision says of value and gradient.
  const xText = columns.xTexts?.[i] ?? formatNumber(x);
  if (precision !== undefined) return [xText, formatNumber(value, precision), Object.is(gradient, value) ? formatNumber(value, precision) : formatNumber(gradient, precision)];
  const valueText = Object.is(value, x) ? xText : formatNumber(value);
  const gradientText = Object.is(gradient, x) ? xText : Object.is(gradient, value) ? valueText : formatNumber(gradient);
  return [xText, valueText, gradientText];
}

const FIELD_INDEX: Readonly<Record<string, 0 | 1 | 2>> = { x: 0, value: 1, gradient: 2 };

function delimited(context: RenderContext, separator: string): RowRenderer {
  const { write, writeDirect, fields, precision } = context;
  // -1: a further column, formatted on its own.
  const indices = fields.map((field) => FIELD_INDEX[field] ?? -1);
  const allThree = indices.length === 3 && indices[0] === 0 && indices[1] === 1 && indices[2] === 2;
  return {
    start: () => write(fields.join(separator) + '\n'),
    // One string per batch, handed straight to the stream (no further concatenation).
    rows: (columns, count) => {
      let text = '';
      for (let i = 0; i < count; i++) {
        const cells = rowCells(columns, i, precision);
        if (allThree) {
          text += cells[0] + separator + cells[1] + separator + cells[2] + '\n';
        } else {
          for (let f = 0; f < indices.length; f++) {
            text += (f > 0 ? separator : '') + (indices[f] >= 0 ? cells[indices[f]] : formatNumber(columnOf(columns, fields[f])[i], precision));
          }
          text += '\n';
        }
      }
      writeDirect(text);
    },
    end: () => {},
  };
}

function jsonObjects(context: RenderContext, columns: Columns, count: number, separator: string): string {
  const { fields, precision } = context;
  let text = '';
  for (let i = 0; i < count; i++) {
    text += '{';
    for (let f = 0; f < fields.length; f++) {
      if (f > 0) text += ',';
      text += `"${fields[f]}":${formatJsonNumber(columnOf(columns, fields[f])[i], fields[f] === 'x' ? undefined : precision)}`;
    }
    text += '}' + separator;
  }
  return text;
}

function ndjson(context: RenderContext): RowRenderer {
  return {
    start: () => {},
    rows: (columns, count) => context.write(jsonObjects(context, columns, count, '\n')),
    end: () => {},
  };
}

function json(context: RenderContext): RowRenderer {
  let first = true;
  return {
    start: () => context.write(`{${context.jsonHeader},"results":[`),
    rows: (columns, count) => {
      if (count === 0) return;
      const text = jsonObjects(context, columns, count, ',\n');
      context.write((first ? '\n' : ',\n') + text.slice(0, -2));
      first = false;
    },
    end: () => context.write(first ? ']}\n' : '\n]}\n'),
  };
}

/** NaN and ±Infinity stand out in every column of every table (the test looks past the padding). */
export function paintSpecial(chalk: ChalkInstance, paddedCell: string): string {
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
      for (let i = 0; i < count; i++) rows.push(fields.map((field, f) => formatNumber(data[f][i], field === 'x' ? undefined : precision)));
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
