/**
 * `act <vector function> [numbers…]`: the numbers form one vector (on stdin, each line
 * is one vector); prints y, the Jacobian's diagonal, and on request the full Jacobian and
 * the vector–Jacobian product.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Command } from 'commander';
import { ActivationError } from '../core/errors.ts';
import { getVectorFunction, vectorOutputLength } from '../core/evaluate.ts';
import { likeLabel, parseLike } from '../core/frameworks.ts';
import type { Params, VectorDefinition } from '../core/types.ts';
import { UsageError } from './errors.ts';
import { formatJsonNumber, formatNumber, type Format } from './format.ts';
import { inputBatches, parseSources, stdinRows } from './input.ts';
import { rounderFor, type DType } from '../core/precision.ts';
import type { CliIO, Output } from './io.ts';
import { colorLevel, givenParams, parseFields, parseNumberList, parsePrecision } from './options.ts';

export const VECTOR_FIELDS = ['x', 'value', 'gradient', 'vjp'] as const;
type VectorField = (typeof VECTOR_FIELDS)[number];

interface VectorOptions {
  format: Format;
  json?: boolean;
  fields?: string;
  precision?: string;
  jacobian?: boolean;
  upstream?: string;
  like?: string;
  dtype: DType;
  range?: string;
  linspace?: string;
  color: boolean;
}

/** JSON carries the Jacobian up to this many entries unless --jacobian asks for it. */
const JSON_JACOBIAN_LIMIT = 65536;
/** Beyond this many entries the Jacobian is refused: it would not fit in memory usefully. */
const JACOBIAN_LIMIT = 1 << 24;

interface Rendered {
  readonly index: number;
  readonly x: Float64Array;
  readonly values: Float64Array;
  readonly diagonal: Float64Array;
  readonly jacobian: Float64Array | undefined;
  readonly vjp: Float64Array | undefined;
  readonly outputs: number;
}

export async function vectorCommand(
  definition: VectorDefinition,
  command: Command,
  tokens: readonly string[],
  io: CliIO,
  output: Output,
): Promise<number> {
  const options = command.opts<VectorOptions>();
  const { params } = getVectorFunction(definition.name, givenParams(definition, command), options.like);
  const format: Format = options.json ? 'json' : options.format;
  const precision = parsePrecision(options.precision);
  const upstream = options.upstream === undefined ? undefined : parseNumberList('--upstream', options.upstream);
  const scalar = definition.output === 'scalar';
  const defaultFields: VectorField[] = scalar ? ['x', 'gradient'] : ['x', 'value', 'gradient'];
  if (upstream) defaultFields.push('vjp');
  const fields = options.fields ? parseFields(options.fields, VECTOR_FIELDS) : defaultFields;
  const ranged = options.range !== undefined || options.linspace !== undefined;
  const sources = ranged ? [] : parseSources(tokens, io, `'act ${definition.name} 1 2 3' or 'act ${definition.name} < vectors.txt'`);
  if (sources.length > 1) throw new UsageError('give the vector as arguments or on stdin, not both');
  const fromStdin = sources[0]?.kind === 'stdin';
  const round = rounderFor(options.dtype);
  const chalk: ChalkInstance = new Chalk({ level: format === 'table' ? colorLevel(options.color, io.env, io.stdout.isTTY) : 0 });

  // A range forms one vector.
  const vectors = ranged
    ? [Float64Array.from([...(inputBatches(tokens, options, io, output) as Iterable<{ values: Float64Array }>)].flatMap((batch) => Array.from(batch.values)))]
    : sources[0].kind === 'numbers'
      ? [sources[0].values]
      : stdinRows(io, output);
  let index = 0;
  for await (const input of vectors) {
    const x = input.map(round);
    index++;
    const where = fromStdin ? ` (line ${index} of stdin)` : '';
    let outputs: number;
    try {
      outputs = vectorOutputLength(definition, x.length);
    } catch (error) {
      if (error instanceof ActivationError) throw new UsageError(`${error.message}${where}`);
      throw error;
    }
    if (upstream && upstream.length !== outputs) {
      throw new UsageError(
        `--upstream has ${upstream.length} numbers, but ${definition.name} of ${x.length} numbers has ${outputs} output${outputs === 1 ? '' : 's'}${where}`,
      );
    }
    const entries = outputs * x.length;
    if (options.jacobian && entries > JACOBIAN_LIMIT) throw new UsageError(`the Jacobian would have ${entries} entries, more than ${JACOBIAN_LIMIT}`);
    const evaluation = definition.evaluate(x, params);
    const wantJacobian = options.jacobian === true || ((format === 'json' || format === 'ndjson') && entries <= JSON_JACOBIAN_LIMIT);
    const rendered: Rendered = {
      index,
      x,
      values: evaluation.values.map(round),
      diagonal: evaluation.diagonal.map(round),
      jacobian: wantJacobian ? evaluation.jacobian().map(round) : undefined,
      vjp: upstream ? evaluation.vjp(upstream.map(round)).map(round) : undefined,
      outputs,
    };
    output.write(render(format, definition, params, rendered, { fields, precision, chalk, fromStdin, like: options.like === undefined ? null : likeLabel(parseLike(options.like)), dtype: options.dtype }));
    await output.flush();
    if (output.closed) return 0;
  }
  return 0;
}

interface RenderOptions {
  readonly fields: readonly VectorField[];
  readonly precision: number | undefined;
  readonly chalk: ChalkInstance;
  readonly fromStdin: boolean;
  readonly like: string | null;
  readonly dtype: DType;
}

/** The rows of the table and delimited formats: one per output (one per input for a scalar output). */
function rows(definition: VectorDefinition, result: Rendered): { count: number; column: (field: VectorField, i: number) => number | undefined } {
  const scalar = definition.output === 'scalar';
  const count = scalar ? result.x.length : result.outputs;
  return {
    count,
    column: (field, i) => {
      switch (field) {
        case 'x':
          return result.x[i];
        case 'value':
          return scalar ? result.values[0] : result.values[i];
        case 'gradient':
          return result.diagonal[i];
        case 'vjp':
          // The VJP has one entry per input: a column only when rows are inputs.
          return result.vjp && result.vjp.length === count ? result.vjp[i] : undefined;
      }
    },
  };
}

function render(format: Format, definition: VectorDefinition, params: Params, result: Rendered, options: RenderOptions): string {
  const { precision } = options;
  if (format === 'json' || format === 'ndjson') {
    const scalar = definition.output === 'scalar';
    const rowFields = scalar ? (['x', 'gradient'] as const) : (['x', 'value', 'gradient'] as const);
    const table = rows(definition, result);
    const objects: string[] = [];
    for (let i = 0; i < table.count; i++) {
      objects.push('{' + rowFields.map((field) => `"${field}":${formatJsonNumber(table.column(field, i)!, precision)}`).join(',') + '}');
    }
    const list = (values: Float64Array): string => '[' + Array.from(values, (value) => formatJsonNumber(value, precision)).join(',') + ']';
    let text =
      `{"function":${JSON.stringify(definition.name)},"params":${JSON.stringify(params)},"kink":null,"like":${JSON.stringify(options.like)},"dtype":${JSON.stringify(options.dtype)},` +
      (scalar ? `"value":${formatJsonNumber(result.values[0], precision)},` : '') +
      `"results":[${objects.join(',')}]`;
    if (result.jacobian) {
      const matrix: string[] = [];
      for (let i = 0; i < result.outputs; i++) matrix.push(list(result.jacobian.subarray(i * result.x.length, (i + 1) * result.x.length)));
      text += `,"jacobian":[${matrix.join(',')}]`;
    }
    if (result.vjp) text += `,"vjp":${list(result.vjp)}`;
    return text + '}\n';
  }

  const table = rows(definition, result);
  const fields = options.fields.filter((field) => field !== 'vjp' || table.column('vjp', 0) !== undefined);
  if (format === 'csv' || format === 'tsv') {
    const separator = format === 'csv' ? ',' : '\t';
    const columns = options.fromStdin ? ['vector', ...fields] : fields;
    let text = result.index === 1 ? columns.join(separator) + '\n' : '';
    for (let i = 0; i < table.count; i++) {
      const cells = fields.map((field) => formatNumber(table.column(field, i)!, precision));
      text += (options.fromStdin ? [String(result.index), ...cells] : cells).join(separator) + '\n';
    }
    return text;
  }

  // table
  const { chalk } = options;
  const headings: Record<VectorField, string> = { x: 'x', value: `${definition.name}(x)`, gradient: 'gradient', vjp: 'vjp' };
  const cells = Array.from({ length: table.count }, (_, i) => fields.map((field) => formatNumber(table.column(field, i)!, precision)));
  const widths = fields.map((field, f) => Math.max(f === 0 ? 3 : 8, headings[field].length, ...cells.map((row) => row[f].length)));
  const line = (row: readonly string[]): string => row.map((cell, f) => cell.padStart(widths[f])).join('  ');
  const notes: string[] = [];
  if (result.index > 1) notes.push('');
  if (definition.output === 'scalar') {
    notes.push(`# ${definition.name}(x) = ${formatNumber(result.values[0], precision)}`);
    notes.push(`# gradient: ∂${definition.name}/∂x_i`);
  } else {
    notes.push("# gradient: the Jacobian's diagonal ∂y_i/∂x_i" + (options.fields.includes('vjp') || result.vjp ? '; vjp: upstreamᵀ·J' : ''));
  }
  let text = notes.map((note) => (note ? chalk.dim(note) : note) + '\n').join('');
  text += chalk.bold(line(fields.map((field) => headings[field]))) + '\n';
  text += cells.map((row) => line(row) + '\n').join('');
  if (result.vjp && !fields.includes('vjp')) {
    text += chalk.dim('# vjp (upstreamᵀ·J, one per input):') + ' ' + Array.from(result.vjp, (value) => formatNumber(value, precision)).join('  ') + '\n';
  }
  if (result.jacobian) {
    text += chalk.dim('# Jacobian ∂y_i/∂x_j (row i: output, column j: input)') + '\n';
    const n = result.x.length;
    const matrix = Array.from({ length: result.outputs }, (_, i) => Array.from(result.jacobian!.subarray(i * n, (i + 1) * n), (value) => formatNumber(value, precision)));
    const columnWidths = Array.from({ length: n }, (_, j) => Math.max(...matrix.map((row) => row[j].length)));
    text += matrix.map((row) => row.map((cell, j) => cell.padStart(columnWidths[j])).join('  ') + '\n').join('');
  }
  return text;
}
