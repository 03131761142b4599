/** `act <element-wise function> [numbers…]`: values and gradients, streamed. */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Command } from 'commander';
import { evaluateInto, getActivation } from '../core/evaluate.ts';
import { FRAMEWORK_LABELS, parseLike } from '../core/frameworks.ts';
import type { ElementwiseDefinition, KinkConvention } from '../core/types.ts';
import { createRenderer, FIELDS, formatNumber, type Field, type Format, type RowRenderer } from './format.ts';
import { inputBatches } from './input.ts';
import { rounderFor, type DType } from '../core/precision.ts';
import type { CliIO, Output } from './io.ts';
import { chosenFormat, warningsTo, colorLevel, explicitKink, givenParams, parseFields, parsePrecision } from './options.ts';

interface EvaluationOptions {
  format: Format;
  json?: boolean;
  fields: string;
  precision?: string;
  kink: KinkConvention;
  like?: string;
  dtype: DType;
  range?: string;
  linspace?: string;
  file?: string;
  column?: string;
  color: boolean;
  [parameter: string]: unknown;
}

function headings(definition: ElementwiseDefinition): Record<Field, string> {
  return { x: 'x', value: `${definition.name}(x)`, gradient: `${definition.name}'(x)` };
}

export async function evaluateCommand(
  definition: ElementwiseDefinition,
  command: Command,
  tokens: readonly string[],
  io: CliIO,
  output: Output,
): Promise<number> {
  const options = command.opts<EvaluationOptions>();
  const chosenKink = explicitKink(command);
  const activation = getActivation(definition.name, givenParams(definition, command), { kink: chosenKink, like: options.like, dtype: options.dtype });
  const round = rounderFor(options.dtype);
  const format: Format = chosenFormat(command, options.format);
  const fields = parseFields(options.fields, FIELDS);
  const precision = parsePrecision(options.precision);
  // Tokens already in String()'s form are printed as read, saving a number formatting per row.
  const reuseText = options.dtype === 'float64' && precision === undefined;
  const batches = inputBatches(tokens, options, io, output, reuseText, warningsTo(command, io));
  const chalk: ChalkInstance = new Chalk({ level: format === 'table' ? colorLevel(options.color, io.env, io.stdout.isTTY) : 0 });

  const changed = Object.entries(activation.params).filter(([name, value]) => {
    const parameter = definition.parameters.find((candidate) => candidate.name === name);
    return !Object.is(parameter?.default, value);
  });
  const notes: string[] = [];
  if (changed.length > 0) {
    notes.push(`# ${definition.name} with ${changed.map(([name, value]) => `${name}=${typeof value === 'number' ? formatNumber(value) : String(value)}`).join(', ')}`);
  }
  if (options.like) {
    const like = parseLike(options.like);
    notes.push(`# like ${FRAMEWORK_LABELS[like.framework]} ${like.version}: its defaults${activation.kink === null ? ' and its gradients at kinks' : ''}`);
  }
  if (activation.kink === 'left') notes.push('# gradient at kinks: the left piece (--kink left)');
  if (options.dtype !== 'float64') notes.push(`# ${options.dtype}: x rounded to ${options.dtype}; value and gradient are the exact results rounded once to ${options.dtype}`);

  const renderer: RowRenderer = createRenderer(format, {
    write: (text) => void output.write(text),
    writeDirect: (text) => output.writeDirect(text),
    fields,
    precision,
    chalk,
    headings: headings(definition),
    jsonHeader:
      `"function":${JSON.stringify(definition.name)},"params":${JSON.stringify(activation.params)},` +
      `"kink":${JSON.stringify(activation.kink)},"like":${JSON.stringify(activation.like)},"dtype":${JSON.stringify(activation.dtype)}`,
    notes,
  });

  renderer.start();
  let values = new Float64Array(0);
  let gradients = new Float64Array(0);
  {
    for await (const batch of batches) {
      const xs = options.dtype === 'float64' ? batch.values : batch.values.map(round);
      // Scratch columns, reused from batch to batch.
      if (values.length < xs.length) [values, gradients] = [new Float64Array(xs.length), new Float64Array(xs.length)];
      evaluateInto(activation, xs, values, gradients, xs.length);
      renderer.rows({ x: xs, value: values, gradient: gradients, xTexts: reuseText ? batch.texts : undefined }, xs.length);
      await output.flush();
      if (output.closed) return 0;
    }
  }
  renderer.end();
  return 0;
}
