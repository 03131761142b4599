/** `act <element-wise function> [numbers…]`: values and gradients, streamed. */
import { painter, type Paint } from './paint.ts';
import type { Command } from 'commander';
import { elementwiseFields, evaluateFieldInto, evaluateInto, fieldFunction, getActivation, numberParameters, parameterField, type Activation } from '../core/evaluate.ts';
import { FRAMEWORK_LABELS, parseLike } from '../core/frameworks.ts';
import type { ElementwiseDefinition, KinkConvention } from '../core/types.ts';
import { UsageError } from './errors.ts';
import { isExpressionDefinition } from '../expr/definitions.ts';
import { writingTo } from './files.ts';
import { createRenderer, formatNumber, type Field, type Format, type RowRenderer } from './format.ts';
import { inputBatches, type Batch } from './input.ts';
import { rounderFor, type DType } from '../core/precision.ts';
import type { CliIO, Output } from './io.ts';
import { chosenFormat, warningsTo, colorLevel, explicitKink, givenParams, parseFields, parsePrecision } from './options.ts';
import { openFileInput, TENSOR_CHUNK, type FileInput } from './tensor-input.ts';
import { isBinaryFormat, refuseTerminal, runMetadata, shapeText, writeElementwiseTensors, type BinaryFormat, type ResultChunk } from './tensor-output.ts';

interface EvaluationOptions {
  format: Format | BinaryFormat;
  json?: boolean;
  fields?: string;
  order?: string;
  paramGrad?: boolean;
  precision?: string;
  kink: KinkConvention;
  like?: string;
  dtype: DType;
  range?: string;
  linspace?: string;
  file?: string;
  column?: string;
  tensor?: string;
  output?: string;
  color: boolean;
  [parameter: string]: unknown;
}

/** Numbers from text collected for a binary format, whose header needs the count: this many at most. */
export const MAX_COLLECTED = 1 << 24;

/** An expression (act expr) is headed f, with a note naming it; a catalogue function by its name. */
function headings(definition: ElementwiseDefinition): Record<Field, string> {
  const name = isExpressionDefinition(definition) ? 'f' : definition.name;
  const parameters = numberParameters(definition).map((parameter) => [parameterField(parameter), `∂${name}/∂${parameter}`]);
  return { x: 'x', value: `${name}(x)`, gradient: `${name}'(x)`, second: `${name}''(x)`, third: `${name}'''(x)`, ...Object.fromEntries(parameters) };
}

/** The columns: --fields, or x, value, gradient and what --order and --param-grad add. */
function chosenFields(definition: ElementwiseDefinition, options: EvaluationOptions): Field[] {
  const order = options.order === undefined ? 1 : Number(options.order);
  if (!(order === 1 || order === 2 || order === 3) || !/^[123]$/.test(options.order ?? '1')) {
    throw new UsageError(`--order must be 1, 2 or 3 (the highest derivative printed); got '${options.order}'`);
  }
  const parameters = numberParameters(definition);
  if (options.paramGrad && parameters.length === 0) {
    throw new UsageError(`--param-grad: ${definition.name} has no numeric parameters`, "See 'act list' for the functions that have.");
  }
  if (options.fields !== undefined) return parseFields(options.fields, elementwiseFields(definition));
  return [
    'x',
    'value',
    'gradient',
    ...(order >= 2 ? ['second'] : []),
    ...(order >= 3 ? ['third'] : []),
    ...(options.paramGrad ? parameters.map(parameterField) : []),
  ];
}

/** The fields beyond x, value and gradient, each with its function of x. */
function furtherFields(activation: Activation, fields: readonly Field[]): [Field, (x: number) => number][] {
  return fields.filter((field) => field !== 'x' && field !== 'value' && field !== 'gradient').map((field) => [field, fieldFunction(activation, field)]);
}

/** Scratch columns for the further fields, grown as batches need, filled for `count` inputs. */
function furtherColumns(further: readonly [Field, (x: number) => number][]): (xs: Float64Array, count: number) => Record<string, Float64Array> | undefined {
  let columns: Record<string, Float64Array> = {};
  return (xs, count) => {
    if (further.length === 0) return undefined;
    for (const [field, f] of further) {
      if (!(columns[field]?.length >= count)) columns = { ...columns, [field]: new Float64Array(count) };
      evaluateFieldInto(f, xs, columns[field], count);
    }
    return columns;
  };
}

/** How a run's activation is made for its working dtype: the catalogue's, or a compiled expression (`act expr`). */
export type ActivationMaker = (dtype: DType) => Activation;

export async function evaluateCommand(
  definition: ElementwiseDefinition,
  command: Command,
  tokens: readonly string[],
  io: CliIO,
  output: Output,
  makeActivation?: ActivationMaker,
): Promise<number> {
  const options = command.opts<EvaluationOptions>();
  const format = chosenFormat(command, options.format);
  if (isBinaryFormat(format)) refuseTerminal(format, io, options.output);
  const fields = chosenFields(definition, options);
  const precision = parsePrecision(options.precision);
  // A tensor file is opened first: its dtype is the working dtype unless --dtype says otherwise.
  const opened: FileInput | undefined = options.file !== undefined && options.range === undefined && options.linspace === undefined && tokens.length === 0
    ? await openFileInput(options.file, io, { bfloat16Bits: options.dtype === 'bfloat16' })
    : undefined;
  try {
    const maker = makeActivation ?? ((dtype: DType) => getActivation(definition.name, givenParams(definition, command), { kink: explicitKink(command), like: options.like, dtype }));
    return await evaluateOpened(definition, command, tokens, io, output, options, format, fields, precision, opened, maker);
  } finally {
    if (opened?.kind === 'tensor') await opened.file.close();
  }
}

/** The evaluation once --file is open (closed by the caller, whatever happens here). */
async function evaluateOpened(
  definition: ElementwiseDefinition,
  command: Command,
  tokens: readonly string[],
  io: CliIO,
  output: Output,
  options: EvaluationOptions,
  format: Format | BinaryFormat,
  fields: Field[],
  precision: number | undefined,
  opened: FileInput | undefined,
  makeActivation: ActivationMaker,
): Promise<number> {
  const tensor = opened?.kind === 'tensor' ? { file: opened.file, entry: opened.file.entry(options.tensor) } : undefined;
  const dtype: DType = command.getOptionValueSource('dtype') === 'cli' || !tensor ? options.dtype : tensor.entry.dtype;
  const activation = makeActivation(dtype);
  const round = rounderFor(dtype);
  // x is printed as given where its text is a plain decimal (in float64, where x is what was read).
  const reuseText = dtype === 'float64' && !isBinaryFormat(format);
  const batches = inputBatches(tokens, { ...options, dtype }, io, output, reuseText, warningsTo(command, io), opened);
  const header = { function: definition.name, params: activation.params, kink: activation.kink, like: activation.like, dtype };
  return writingTo(options.output, output, async (target) => {
    if (isBinaryFormat(format)) {
      const source = tensor
        ? { shape: tensor.entry.shape, pass: (evaluate: boolean) => results(activation, fields, round, dtype !== tensor.entry.dtype, evaluate, tensor.file.chunks(tensor.entry)) }
        : await collected(batches, activation, fields, round);
      await writeElementwiseTensors(format, { dtype, fields, metadata: runMetadata(header), ...source }, target);
      return 0;
    }
    return writeText(definition, activation, options, format, fields, precision, dtype, header, tensor?.entry.shape, batches, reuseText, io, target);
  });
}

/** Results chunk by chunk: x rounded to the dtype where the input is not already in it. */
async function* results(
  activation: Activation,
  fields: readonly Field[],
  round: (x: number) => number,
  rounding: boolean,
  evaluate: boolean,
  chunks: AsyncIterable<Float64Array>,
): AsyncGenerator<ResultChunk> {
  let value = new Float64Array(0);
  let gradient = new Float64Array(0);
  const more = furtherColumns(furtherFields(activation, fields));
  for await (const input of chunks) {
    const x = rounding ? input.map(round) : input;
    if (value.length < x.length) [value, gradient] = [new Float64Array(x.length), new Float64Array(x.length)];
    if (evaluate) evaluateInto(activation, x, value, gradient, x.length);
    yield { count: x.length, x, value, gradient, more: evaluate ? more(x, x.length) : undefined };
  }
}

/** Numbers from the arguments, a range or text, gathered (a binary header needs their count first). */
async function collected(
  batches: AsyncIterable<Batch> | Iterable<Batch>,
  activation: Activation,
  fields: readonly Field[],
  round: (x: number) => number,
): Promise<{ shape: readonly number[]; pass: (evaluate: boolean) => AsyncIterable<ResultChunk> }> {
  const parts: Float64Array[] = [];
  let count = 0;
  for await (const batch of batches) {
    count += batch.values.length;
    if (count > MAX_COLLECTED) {
      throw new UsageError(
        `a binary format holds at most ${MAX_COLLECTED.toLocaleString('en')} numbers read as text`,
        'Give the numbers as a tensor file (--file x.npy), which act streams.',
      );
    }
    parts.push(batch.values.slice());
  }
  const all = new Float64Array(count);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  const chunks = async function* (): AsyncGenerator<Float64Array> {
    for (let start = 0; start < count; start += TENSOR_CHUNK) yield all.subarray(start, Math.min(count, start + TENSOR_CHUNK));
  };
  return { shape: [count], pass: (evaluate) => results(activation, fields, round, true, evaluate, chunks()) };
}

async function writeText(
  definition: ElementwiseDefinition,
  activation: Activation,
  options: EvaluationOptions,
  format: Format,
  fields: Field[],
  precision: number | undefined,
  dtype: DType,
  header: Readonly<Record<string, unknown>>,
  shape: readonly number[] | undefined,
  batches: AsyncIterable<Batch> | Iterable<Batch>,
  reuseText: boolean,
  io: CliIO,
  output: Output,
): Promise<number> {
  const round = rounderFor(dtype);
  const chalk: Paint = await painter(format === 'table' ? colorLevel(options.color, io.env, io.stdout.isTTY && options.output === undefined) : 0);
  const changed = Object.entries(activation.params).filter(([name, value]) => {
    const parameter = definition.parameters.find((candidate) => candidate.name === name);
    return !Object.is(parameter?.default, value);
  });
  const notes: string[] = [];
  if (isExpressionDefinition(definition)) notes.push(`# f(x) = ${definition.name}`);
  if (changed.length > 0) {
    notes.push(`# ${definition.name} with ${changed.map(([name, value]) => `${name}=${typeof value === 'number' ? formatNumber(value) : String(value)}`).join(', ')}`);
  }
  if (options.like) {
    const like = parseLike(options.like);
    notes.push(`# like ${FRAMEWORK_LABELS[like.framework]} ${like.version}: its defaults${activation.kink === null ? ' and its gradients at kinks' : ''}`);
  }
  if (activation.kink === 'left') notes.push('# gradient at kinks: the left piece (--kink left)');
  const further = furtherFields(activation, fields);
  if (dtype !== 'float64') {
    notes.push(
      `# ${dtype}: x rounded to ${dtype}; value and gradient are the exact results rounded once to ${dtype}` +
        (further.length > 0 ? `; ${further.map(([field]) => field).join(', ')}: the float64 results rounded to ${dtype}` : ''),
    );
  }
  if (further.some(([field]) => field === 'second' || field === 'third') && activation.kinks.length > 0) {
    notes.push(`# f'' and f''' at a kink: the one-sided value of the ${activation.kink ?? 'framework\'s'} piece (the Dirac mass of a jump is not a number)`);
  }
  if (shape) notes.push(`# ${options.file}: a tensor of shape ${shapeText(shape)}, in row-major order`);

  const renderer: RowRenderer = createRenderer(format, {
    write: (text) => void output.write(text),
    writeDirect: (text, done) => output.writeDirect(text, done),
    fields,
    precision,
    chalk,
    headings: headings(definition),
    jsonHeader: Object.entries(shape ? { ...header, shape } : header).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(','),
    notes,
  });

  renderer.start();
  const more = furtherColumns(further);
  let values = new Float64Array(0);
  let gradients = new Float64Array(0);
  for await (const batch of batches) {
    const xs = dtype === 'float64' ? batch.values : batch.values.map(round);
    // Scratch columns, reused from batch to batch.
    if (values.length < xs.length) [values, gradients] = [new Float64Array(xs.length), new Float64Array(xs.length)];
    evaluateInto(activation, xs, values, gradients, xs.length);
    renderer.rows({ x: xs, value: values, gradient: gradients, xTexts: reuseText ? batch.texts : undefined, more: more(xs, xs.length) }, xs.length);
    await output.flush();
    if (output.closed) return 0;
  }
  renderer.end();
  return 0;
}
