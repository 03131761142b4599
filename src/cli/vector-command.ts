/**
 * `act <vector function> [numbers…]`: the numbers form one vector (on stdin, each line
 * is one vector); prints y, the Jacobian's diagonal, and on request the full Jacobian and
 * the vector–Jacobian product.
 */
import { painter, type Paint } from './paint.ts';
import type { Command } from 'commander';
import { ActivationError } from '../core/errors.ts';
import { getVectorFunction, roundVectorOutputs, vectorOutputLength } from '../core/evaluate.ts';
import { likeLabel, parseLike } from '../core/frameworks.ts';
import type { Params, VectorDefinition, VectorEvaluation } from '../core/types.ts';
import { UsageError } from './errors.ts';
import { formatJsonNumber, formatNumber, paintSpecial, VECTOR_FIELDS, type Format } from './format.ts';
import { parseSources, vectorRows } from './input.ts';
import type { RangeCheck } from './numbers.ts';
import { openInput } from './lines.ts';
import { parseLinspace, parseRange } from './range.ts';
import { MAX_VECTOR_LENGTH } from './scanner.ts';
import { writingTo } from './files.ts';
import { openFileInput, type FileInput, type TensorFile } from './tensor-input.ts';
import { isBinaryFormat, refuseTerminal, runMetadata, type BinaryFormat } from './tensor-output.ts';
import { place, resizedShape, tensorVectors, vectorLayout, type PlacedVector, type VectorLayout } from './tensor-vectors.ts';
import { writeNpy, writeSafetensors, type TensorEntry } from '../tensor/index.ts';
import { rounderFor, type DType } from '../core/precision.ts';
import type { CliIO, Output } from './io.ts';
import { chosenFormat, warningsTo, colorLevel, givenParams, parseFields, parseNumberList, parsePrecision } from './options.ts';

/** x, value, gradient, vjp, second (∂²y_i/∂x_i²) or d_<parameter> (∂y_i/∂parameter). */
type VectorField = string;

/** Every column of a vector function: the base ones, second, and d_<parameter> for its numeric parameters. */
function vectorFields(definition: VectorDefinition): string[] {
  return [...VECTOR_FIELDS, 'second', ...definition.parameters.filter((p) => p.type === 'number').map((p) => `d_${p.name}`)];
}

/** The columns that --order and --param-grad add (after checking them), for the default field lists. */
function furtherVectorFields(definition: VectorDefinition, options: VectorOptions): string[] {
  if (options.order !== undefined && !/^[12]$/.test(options.order)) {
    throw new UsageError(`--order must be 1 or 2 for a vector function (2 adds the Hessian's diagonal ∂²y_i/∂x_i², column second); got '${options.order}'`);
  }
  const parameters = definition.parameters.filter((p) => p.type === 'number').map((p) => `d_${p.name}`);
  if (options.paramGrad && parameters.length === 0) throw new UsageError(`--param-grad: ${definition.name} has no numeric parameters`);
  return [...(options.order === '2' ? ['second'] : []), ...(options.paramGrad ? parameters : [])];
}

interface VectorOptions {
  format: Format | BinaryFormat;
  json?: boolean;
  fields?: string;
  precision?: string;
  jacobian?: boolean;
  hessian?: boolean;
  order?: string;
  paramGrad?: boolean;
  upstream?: string;
  like?: string;
  dtype: DType;
  range?: string;
  linspace?: string;
  file?: string;
  tensor?: string;
  axis?: string;
  output?: string;
  color: boolean;
}

/** A tensor --file: its array and how it splits into vectors. */
interface TensorVectors {
  readonly file: TensorFile;
  readonly entry: TensorEntry;
  readonly layout: VectorLayout;
}

/** JSON carries the Jacobian up to this many entries unless --jacobian asks for it. */
const JSON_JACOBIAN_LIMIT = 65536;
/** A larger Jacobian is refused, except in NDJSON, which streams it row by row. */
export const JACOBIAN_LIMIT = 10_000_000;

interface Evaluated {
  /** 1-based number of the vector (its line on stdin). */
  readonly index: number;
  readonly x: Float64Array;
  readonly values: Float64Array;
  readonly diagonal: Float64Array;
  readonly vjp: Float64Array | undefined;
  readonly outputs: number;
  /** Row i of the Jacobian, rounded to the dtype; undefined when not requested. */
  readonly jacobianRow: ((i: number) => Float64Array) | undefined;
  /** ∂²y_i/∂x_i², rounded to the dtype, when asked for. */
  readonly second?: Float64Array;
  /** ∂y_i/∂θ by parameter name, rounded to the dtype, when asked for. */
  readonly parameters?: Readonly<Record<string, Float64Array>>;
  /** Row i of logsumexp's Hessian, with --hessian. */
  readonly hessianRow?: (i: number) => Float64Array;
}

interface RenderOptions {
  readonly format: Format;
  readonly fields: readonly VectorField[];
  readonly precision: number | undefined;
  readonly chalk: Paint;
  /** Vectors come from stdin: a vector-number column in CSV/TSV, and a JSON array of documents. */
  readonly fromStdin: boolean;
  readonly jsonHeader: string;
}

/** The vectors: the arguments, a range (one vector), or the lines of stdin. */
function vectorsOf(
  definition: VectorDefinition,
  tokens: readonly string[],
  options: VectorOptions,
  io: CliIO,
  output: Output,
  checkRange: RangeCheck | undefined,
  opened: FileInput | undefined,
  tensor: TensorVectors | undefined,
): { vectors: AsyncIterable<Float64Array> | Iterable<Float64Array>; fromStdin: boolean } {
  if (options.tensor !== undefined && options.file === undefined) throw new UsageError('--tensor picks a tensor of --file; give --file too');
  if (options.axis !== undefined && !tensor) throw new UsageError('--axis picks the axis of a tensor --file (.npy or safetensors)');
  if (options.range !== undefined || options.linspace !== undefined) {
    if (options.range !== undefined && options.linspace !== undefined) throw new UsageError('give --range or --linspace, not both');
    if (tokens.length > 0) throw new UsageError(`give numbers or ${options.range !== undefined ? '--range' : '--linspace'}, not both`);
    const sequence = options.range !== undefined ? parseRange(options.range) : parseLinspace(options.linspace!);
    if (sequence.count > MAX_VECTOR_LENGTH) throw new UsageError(`the range has ${sequence.count} numbers; one vector holds at most ${MAX_VECTOR_LENGTH.toLocaleString('en')}`);
    const vector = new Float64Array(sequence.count);
    for (let i = 0; i < sequence.count; i++) vector[i] = sequence.at(i);
    return { vectors: [vector], fromStdin: false };
  }
  if (options.file !== undefined) {
    if (tokens.length > 0) throw new UsageError('give numbers or --file, not both');
    if (tensor) {
      const vectors = async function* (): AsyncGenerator<Float64Array> {
        for await (const placed of tensorVectors(tensor.file, tensor.entry, tensor.layout)) yield placed.vector;
      };
      return { vectors: vectors(), fromStdin: true };
    }
    if (options.tensor !== undefined) throw new UsageError(`--tensor picks a tensor of a .npy or safetensors file; ${options.file} is text`);
    return { vectors: vectorRows(io, output, checkRange, opened?.kind === 'text' ? opened.chunks : openInput(options.file, io)), fromStdin: true };
  }
  const sources = parseSources(tokens, io, `'act ${definition.name} 1 2 3' or 'act ${definition.name} < vectors.txt'`, checkRange);
  if (sources.length > 1) throw new UsageError('give the vector as arguments or on stdin, not both');
  const source = sources[0];
  return source.kind === 'numbers' ? { vectors: [source.values], fromStdin: false } : { vectors: vectorRows(io, output, checkRange), fromStdin: true };
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
  const format = chosenFormat(command, options.format);
  if (isBinaryFormat(format)) refuseTerminal(format, io, options.output);
  const opened = options.file !== undefined && tokens.length === 0 && options.range === undefined && options.linspace === undefined
    ? await openFileInput(options.file, io, { bfloat16Bits: options.dtype === 'bfloat16' })
    : undefined;
  let tensor: TensorVectors | undefined;
  try {
    if (opened?.kind === 'tensor') {
      const entry = opened.file.entry(options.tensor);
      tensor = { file: opened.file, entry, layout: vectorLayout(entry.shape, options.axis, opened.file.name) };
    }
    // A tensor file's dtype is the working dtype unless --dtype says otherwise.
    if (tensor && command.getOptionValueSource('dtype') !== 'cli') options.dtype = tensor.entry.dtype;
    return await writingTo(options.output, output, (target) => {
      const run: VectorRun = { definition, params, options, command, tokens, io, output: target, opened, tensor };
      return isBinaryFormat(format) ? writeVectorTensors(run, format) : vectorText(run, format);
    });
  } finally {
    if (opened?.kind === 'tensor') await opened.file.close();
  }
}

/** One run of a vector function: what was asked, where the vectors come from, where output goes. */
interface VectorRun {
  readonly definition: VectorDefinition;
  readonly params: Params;
  readonly options: VectorOptions;
  readonly command: Command;
  readonly tokens: readonly string[];
  readonly io: CliIO;
  readonly output: Output;
  readonly opened: FileInput | undefined;
  readonly tensor: TensorVectors | undefined;
}

async function vectorText(run: VectorRun, format: Format): Promise<number> {
  const { definition, params, options, command, tokens, io, output, opened, tensor } = run;
  const precision = parsePrecision(options.precision);
  const upstream = options.upstream === undefined ? undefined : parseNumberList('--upstream', options.upstream);
  const scalar = definition.output === 'scalar';
  // CSV and TSV give logsumexp's one output a column of its own (the same on every row).
  const defaultFields: VectorField[] = scalar && format !== 'csv' && format !== 'tsv' ? ['x', 'gradient'] : ['x', 'value', 'gradient'];
  if (upstream) defaultFields.push('vjp');
  defaultFields.push(...furtherVectorFields(definition, options));
  const fields = options.fields ? parseFields(options.fields, vectorFields(definition)) : defaultFields;
  if (fields.includes('vjp') && !upstream) throw new UsageError('--fields vjp needs --upstream g1,g2,… (the upstream gradient)');
  const { vectors, fromStdin } = vectorsOf(definition, tokens, options, io, output, warningsTo(command, io), opened, tensor);
  const round = rounderFor(options.dtype);
  const chalk: Paint = await painter(format === 'table' ? colorLevel(options.color, io.env, io.stdout.isTTY && options.output === undefined) : 0);
  const like = options.like === undefined ? null : likeLabel(parseLike(options.like));
  const render: RenderOptions = {
    format,
    fields,
    precision,
    chalk,
    fromStdin,
    jsonHeader: `"function":${JSON.stringify(definition.name)},"params":${JSON.stringify(params)},"kink":null,"like":${JSON.stringify(like)},"dtype":${JSON.stringify(options.dtype)}`,
  };

  let index = 0;
  let width: number | undefined;
  const jsonArray = format === 'json' && fromStdin;
  if (jsonArray) output.write('[\n');
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
    if (options.jacobian && entries > JACOBIAN_LIMIT && format !== 'ndjson') {
      throw new UsageError(
        `the Jacobian would have ${entries.toLocaleString('en')} entries${where}, more than the ${JACOBIAN_LIMIT.toLocaleString('en')} act prints`,
        'NDJSON streams a Jacobian of any size row by row: --format ndjson.',
      );
    }
    if ((options.jacobian || options.hessian) && (format === 'csv' || format === 'tsv')) {
      width ??= x.length;
      if (x.length !== width) throw new UsageError(`--${options.jacobian ? 'jacobian' : 'hessian'} in ${format} needs vectors of one length: line ${index} has ${x.length} numbers, the first had ${width}`);
    }
    const evaluation = definition.evaluate(x, params);
    const wantJacobian = options.jacobian === true || ((format === 'json' || format === 'ndjson') && entries <= JSON_JACOBIAN_LIMIT);
    const evaluated: Evaluated = {
      index,
      x,
      ...roundVectorOutputs(evaluation, options.dtype),
      vjp: upstream ? evaluation.vjp(upstream.map(round)).map(round) : undefined,
      outputs,
      jacobianRow: wantJacobian ? (i) => evaluation.jacobianRow(i).map(round) : undefined,
      ...furtherOutputs(evaluation, fields, options, round),
    };
    if (jsonArray && index > 1) output.write(',\n');
    await renderVector(definition, evaluated, render, output);
    await output.flush();
    if (output.closed) return 0;
  }
  if (jsonArray) output.write(']\n');
  return 0;
}

/** A vector function's results over a tensor held in memory for a binary format: this many input elements at most. */
export const MAX_TENSOR_VECTOR_ELEMENTS = 1 << 24;

/**
 * --format npy|safetensors: x, value and gradient (and the Jacobian and vjp on request) as
 * tensors in the input's layout, computed in memory, then written.
 */
async function writeVectorTensors(run: VectorRun, format: BinaryFormat): Promise<number> {
  const { definition, params, options, command, tokens, io, output, opened, tensor } = run;
  const round = rounderFor(options.dtype);
  const upstream = options.upstream === undefined ? undefined : parseNumberList('--upstream', options.upstream);
  let layout: VectorLayout;
  let placedVectors: AsyncIterable<PlacedVector> | Iterable<PlacedVector>;
  if (tensor) {
    layout = tensor.layout;
    placedVectors = tensorVectors(tensor.file, tensor.entry, layout);
  } else {
    const { vectors, fromStdin } = vectorsOf(definition, tokens, options, io, output, warningsTo(command, io), opened, undefined);
    if (fromStdin) throw new UsageError(`--format ${format} of ${definition.name} takes one vector (arguments, a range, or a tensor --file); lines of text are many vectors`);
    const [vector] = vectors as Float64Array[];
    layout = vectorLayout([vector.length], undefined, 'the vector');
    placedVectors = [{ vector, outer: 0, inner: 0 }];
  }
  const count = layout.outer * layout.length * layout.inner;
  if (count > MAX_TENSOR_VECTOR_ELEMENTS) {
    throw new UsageError(`--format ${format} of a vector function holds at most ${MAX_TENSOR_VECTOR_ELEMENTS.toLocaleString('en')} input elements in memory; this tensor has ${count.toLocaleString('en')}`, 'Text formats stream vector by vector: --format ndjson.');
  }
  let outputs: number;
  try {
    outputs = vectorOutputLength(definition, layout.length);
  } catch (error) {
    if (error instanceof ActivationError) throw new UsageError(error.message);
    throw error;
  }
  const scalar = definition.output === 'scalar';
  const diagonalLength = outputs === 1 && layout.length > 1 ? layout.length : outputs;
  if (upstream && upstream.length !== outputs) throw new UsageError(`--upstream has ${upstream.length} numbers, but ${definition.name} of ${layout.length} numbers has ${outputs} output${outputs === 1 ? '' : 's'}`);
  const vectorCount = layout.outer * layout.inner;
  const jacobianEntries = vectorCount * outputs * layout.length;
  if (options.jacobian && jacobianEntries > JACOBIAN_LIMIT) {
    throw new UsageError(`the Jacobians would have ${jacobianEntries.toLocaleString('en')} entries, more than the ${JACOBIAN_LIMIT.toLocaleString('en')} act writes`);
  }
  const defaultFields: VectorField[] = ['x', 'value', 'gradient', ...(upstream ? (['vjp'] as const) : []), ...furtherVectorFields(definition, options)];
  const fields = options.fields ? parseFields(options.fields, vectorFields(definition)) : defaultFields;
  if (fields.includes('vjp') && !upstream) throw new UsageError('--fields vjp needs --upstream g1,g2,… (the upstream gradient)');
  if (format === 'npy') {
    if (options.jacobian) throw new UsageError('--format npy holds one record per element; the Jacobian needs --format safetensors');
    if (outputs !== layout.length || diagonalLength !== layout.length) {
      throw new UsageError(`--format npy holds one record per element, but ${definition.name} of ${layout.length} numbers has ${outputs} output${outputs === 1 ? '' : 's'}`, 'Use --format safetensors, which holds tensors of different shapes.');
    }
  }

  const x = new Float64Array(count);
  const value = new Float64Array(vectorCount * outputs);
  const gradient = new Float64Array(vectorCount * diagonalLength);
  const vjp = upstream ? new Float64Array(count) : undefined;
  const jacobian = options.jacobian ? new Float64Array(jacobianEntries) : undefined;
  const hessian = options.hessian ? new Float64Array(vectorCount * layout.length * layout.length) : undefined;
  const second = fields.includes('second') ? new Float64Array(vectorCount * diagonalLength) : undefined;
  const parameterColumns = Object.fromEntries(fields.filter((field) => field.startsWith('d_')).map((field) => [field, new Float64Array(vectorCount * outputs)]));
  const roundedUpstream = upstream?.map(round);
  for await (const placed of placedVectors) {
    const input = placed.vector.map(round);
    const evaluation = definition.evaluate(input, params);
    const rounded = roundVectorOutputs(evaluation, options.dtype);
    place(x, layout, layout.length, placed, input);
    place(value, layout, outputs, placed, rounded.values);
    place(gradient, layout, diagonalLength, placed, rounded.diagonal);
    if (vjp && roundedUpstream) place(vjp, layout, layout.length, placed, evaluation.vjp(roundedUpstream).map(round));
    if (jacobian) {
      const base = (placed.outer * layout.inner + placed.inner) * outputs * layout.length;
      for (let i = 0; i < outputs; i++) jacobian.set(evaluation.jacobianRow(i).map(round), base + i * layout.length);
    }
    const further = furtherOutputs(evaluation, fields, options, round);
    if (second && further.second) place(second, layout, diagonalLength, placed, further.second);
    for (const [field, column] of Object.entries(parameterColumns)) place(column, layout, outputs, placed, further.parameters![field.slice(2)]);
    if (hessian && further.hessianRow) {
      const base = (placed.outer * layout.inner + placed.inner) * layout.length * layout.length;
      for (let i = 0; i < layout.length; i++) hessian.set(further.hessianRow(i), base + i * layout.length);
    }
  }
  const dtype = options.dtype;
  const columns: Record<VectorField, { values: Float64Array; shape: number[] }> = {
    x: { values: x, shape: [...layout.shape] },
    value: { values: value, shape: scalar ? resizedShape(layout, 'removed') : resizedShape(layout, outputs) },
    gradient: { values: gradient, shape: resizedShape(layout, diagonalLength) },
    vjp: { values: vjp ?? new Float64Array(0), shape: [...layout.shape] },
    second: { values: second ?? new Float64Array(0), shape: resizedShape(layout, diagonalLength) },
    ...Object.fromEntries(Object.entries(parameterColumns).map(([field, values]) => [field, { values, shape: scalar ? resizedShape(layout, 'removed') : resizedShape(layout, outputs) }])),
  };
  if (format === 'npy') {
    output.writeDirect(writeNpy({ dtype, shape: layout.shape, fields: Object.fromEntries(fields.map((field) => [field, columns[field].values])) }));
  } else {
    const batch = resizedShape(layout, 'removed');
    const tensors = fields.map((field): { name: string; dtype: DType; shape: number[]; values: Float64Array } => ({ name: field, dtype, shape: columns[field].shape, values: columns[field].values }));
    if (jacobian) tensors.push({ name: 'jacobian', dtype, shape: [...batch, outputs, layout.length], values: jacobian });
    if (hessian) tensors.push({ name: 'hessian', dtype, shape: [...batch, layout.length, layout.length], values: hessian });
    const like = options.like === undefined ? null : likeLabel(parseLike(options.like));
    output.writeDirect(writeSafetensors(tensors, runMetadata({ function: definition.name, params, like, dtype, ...(tensor && layout.axis !== layout.shape.length - 1 ? { axis: layout.axis } : {}) })));
  }
  await output.flush();
  return 0;
}

/** Writes text in pieces, flushing (and so yielding to signals) as the buffer fills. */
async function emit(output: Output, text: string): Promise<void> {
  if (output.write(text)) await output.flush();
}

/** The value of the rows' column at row i, or undefined where that row has no such entry. */
function cell(definition: VectorDefinition, result: Evaluated, field: VectorField, i: number): number | undefined {
  const scalar = definition.output === 'scalar';
  switch (field) {
    case 'x':
      return i < result.x.length ? result.x[i] : undefined;
    case 'value':
      return scalar ? result.values[0] : i < result.outputs ? result.values[i] : undefined;
    case 'gradient':
      return i < result.diagonal.length ? result.diagonal[i] : undefined;
    case 'vjp':
      return result.vjp && i < result.vjp.length ? result.vjp[i] : undefined;
    case 'second':
      return result.second && i < result.second.length ? result.second[i] : undefined;
  }
  const byParameter = result.parameters?.[field.slice(2)];
  return byParameter && i < byParameter.length ? (scalar ? byParameter[0] : byParameter[i]) : undefined;
}

/** The second diagonal, the parameter gradients and logsumexp's Hessian rows that the fields and --hessian ask for, rounded to the dtype. */
function furtherOutputs(
  evaluation: VectorEvaluation,
  fields: readonly VectorField[],
  options: VectorOptions,
  round: (x: number) => number,
): Pick<Evaluated, 'second' | 'parameters' | 'hessianRow'> {
  const parameters = fields.some((field) => field.startsWith('d_')) ? evaluation.parameterGradients?.() : undefined;
  return {
    ...(fields.includes('second') ? { second: evaluation.secondDiagonal().map(round) } : {}),
    ...(parameters ? { parameters: Object.fromEntries(Object.entries(parameters).map(([name, values]) => [name, values.map(round)])) } : {}),
    ...(options.hessian && evaluation.hessianRow ? { hessianRow: (i: number) => evaluation.hessianRow!(i).map(round) } : {}),
  };
}

async function renderVector(definition: VectorDefinition, result: Evaluated, options: RenderOptions, output: Output): Promise<void> {
  const { precision, format } = options;
  const scalar = definition.output === 'scalar';
  const list = (values: Float64Array): string => {
    let text = '[';
    for (let j = 0; j < values.length; j++) text += (j > 0 ? ',' : '') + formatJsonNumber(values[j], precision);
    return text + ']';
  };
  if (format === 'json' || format === 'ndjson') {
    const rowFields = [...(scalar ? ['x', 'gradient'] : ['x', 'value', 'gradient']), ...options.fields.filter((field) => field === 'second' || field.startsWith('d_'))];
    const count = scalar ? result.x.length : result.outputs;
    await emit(output, `{${options.jsonHeader},` + (scalar ? `"value":${formatJsonNumber(result.values[0], precision)},` : '') + '"results":[');
    for (let i = 0; i < count; i++) {
      await emit(output, (i > 0 ? ',' : '') + '{' + rowFields.map((field) => `"${field}":${formatJsonNumber(cell(definition, result, field, i)!, field === 'x' ? undefined : precision)}`).join(',') + '}');
    }
    await emit(output, ']');
    if (result.vjp) await emit(output, `,"vjp":${list(result.vjp)}`);
    if (result.hessianRow) {
      await emit(output, ',"hessian":[');
      for (let i = 0; i < result.x.length; i++) await emit(output, (i > 0 ? ',' : '') + list(result.hessianRow(i)));
      await emit(output, ']');
    }
    const entries = result.outputs * result.x.length;
    if (result.jacobianRow && (format === 'json' || entries <= JSON_JACOBIAN_LIMIT)) {
      await emit(output, ',"jacobian":[');
      for (let i = 0; i < result.outputs; i++) await emit(output, (i > 0 ? ',' : '') + list(result.jacobianRow(i)));
      await emit(output, ']');
      await emit(output, format === 'json' && options.fromStdin ? '}' : '}\n');
      return;
    }
    await emit(output, format === 'json' && options.fromStdin ? '}' : '}\n');
    // NDJSON streams a large Jacobian: one line per row after the vector's line.
    if (result.jacobianRow) {
      for (let i = 0; i < result.outputs; i++) await emit(output, `{"vector":${result.index},"jacobianRow":${i},"values":${list(result.jacobianRow(i))}}\n`);
    }
    return;
  }

  const rows = Math.max(result.x.length, result.outputs);
  const text = (value: number | undefined, field?: VectorField): string => (value === undefined ? '' : formatNumber(value, field === 'x' ? undefined : precision));
  if (format === 'csv' || format === 'tsv') {
    const separator = format === 'csv' ? ',' : '\t';
    const jacobianColumns = [
      ...(result.jacobianRow ? Array.from({ length: result.x.length }, (_, j) => `d_${j}`) : []),
      ...(result.hessianRow ? Array.from({ length: result.x.length }, (_, j) => `h_${j}`) : []),
    ];
    if (result.index === 1) await emit(output, [...(options.fromStdin ? ['vector'] : []), ...options.fields, ...jacobianColumns].join(separator) + '\n');
    for (let i = 0; i < rows; i++) {
      // A row with nothing to show in the chosen fields (the inputs beyond glu's outputs, with --fields value) is left out.
      const values = options.fields.map((field) => cell(definition, result, field, i));
      if (values.every((value) => value === undefined) && !(result.jacobianRow && i < result.outputs)) continue;
      let line = options.fromStdin ? `${result.index}${separator}` : '';
      line += values.map((value, f) => text(value, options.fields[f])).join(separator);
      if (result.jacobianRow) {
        const row = i < result.outputs ? result.jacobianRow(i) : undefined;
        for (let j = 0; j < result.x.length; j++) line += separator + (row ? text(row[j]) : '');
      }
      if (result.hessianRow) {
        const row = i < result.x.length ? result.hessianRow(i) : undefined;
        for (let j = 0; j < result.x.length; j++) line += separator + (row ? text(row[j]) : '');
      }
      await emit(output, line + '\n');
    }
    return;
  }

  // table: widths from a first pass over the numbers, then the lines in pieces
  const { chalk } = options;
  const fields = options.fields;
  const heading = (field: VectorField): string =>
    ({ x: 'x', value: `${definition.name}(x)`, gradient: 'gradient', vjp: 'vjp', second: scalar ? '∂²y/∂x_i²' : '∂²y_i/∂x_i²' })[field] ?? `∂y/∂${field.slice(2)}`;
  const headings = Object.fromEntries(fields.map((field) => [field, heading(field)]));
  const widths = fields.map((field, f) => Math.max(f === 0 ? 3 : 8, headings[field].length));
  for (let i = 0; i < rows; i++) fields.forEach((field, f) => (widths[f] = Math.max(widths[f], text(cell(definition, result, field, i), field).length)));
  const line = (cells: readonly string[]): string => cells.map((cellText, f) => paintSpecial(chalk, cellText.padStart(widths[f]))).join('  ');
  const notes: string[] = [];
  if (result.index > 1) notes.push('');
  if (scalar) {
    notes.push(`# ${definition.name}(x) = ${formatNumber(result.values[0], precision)}`);
    notes.push(`# gradient: ∂${definition.name}/∂x_i`);
  } else {
    notes.push("# gradient: the Jacobian's diagonal ∂y_i/∂x_i" + (result.vjp ? '; vjp: upstreamᵀ·J' : ''));
  }
  await emit(output, notes.map((note) => (note ? chalk.dim(note) : note) + '\n').join('') + chalk.bold(line(fields.map((field) => headings[field]))) + '\n');
  for (let i = 0; i < rows; i++) await emit(output, line(fields.map((field) => text(cell(definition, result, field, i), field))) + '\n');
  if (result.vjp && !fields.includes('vjp')) {
    await emit(output, chalk.dim('# vjp (upstreamᵀ·J, one per input):') + ' ' + Array.from(result.vjp, (value) => formatNumber(value, precision)).join('  ') + '\n');
  }
  if (result.hessianRow) {
    await emit(output, chalk.dim(`# Hessian ∂²${definition.name}/∂x_i∂x_j`) + '\n');
    const n = result.x.length;
    const rowsOfHessian = Array.from({ length: n }, (_, i) => Array.from(result.hessianRow!(i), (value) => formatNumber(value, precision)));
    const columnWidths = Array.from({ length: n }, (_, j) => Math.max(...rowsOfHessian.map((row) => row[j].length)));
    for (const row of rowsOfHessian) await emit(output, row.map((cellText, j) => paintSpecial(chalk, cellText.padStart(columnWidths[j]))).join('  ') + '\n');
  }
  if (result.jacobianRow) {
    await emit(output, chalk.dim('# Jacobian ∂y_i/∂x_j (row i: output, column j: input)') + '\n');
    const n = result.x.length;
    const columnWidths = new Array<number>(n).fill(1);
    for (let i = 0; i < result.outputs; i++) {
      const row = result.jacobianRow(i);
      for (let j = 0; j < n; j++) columnWidths[j] = Math.max(columnWidths[j], formatNumber(row[j], precision).length);
    }
    for (let i = 0; i < result.outputs; i++) {
      const row = result.jacobianRow(i);
      let rowText = '';
      for (let j = 0; j < n; j++) rowText += (j > 0 ? '  ' : '') + paintSpecial(chalk, formatNumber(row[j], precision).padStart(columnWidths[j]));
      await emit(output, rowText + '\n');
    }
  }
}
