/**
 * `act compare <function> [numbers…]`: value and gradient as each framework computes
 * them, side by side, with the disagreements marked. The view for debugging a port.
 */
import { painter } from './paint.ts';
import type { Command } from 'commander';
import { getActivation, type Activation } from '../core/evaluate.ts';
import { FRAMEWORK_LABELS, FRAMEWORK_VERSIONS, FRAMEWORKS, frameworkFacts, frameworksWith, type Framework } from '../core/frameworks.ts';
import type { ElementwiseDefinition, KinkConvention } from '../core/types.ts';
import { UsageError } from './errors.ts';
import { compile } from '../expr/index.ts';
import { formatJsonNumber, formatNumber, paintSpecial, wrapText, type Format } from './format.ts';
import { inputBatches, type RangeOptions } from './input.ts';
import type { DType } from '../core/precision.ts';
import type { CliIO, Output } from './io.ts';
import { chosenFormat, terminalWidth, warningsTo, colorLevel, explicitKink, givenParams, parsePrecision } from './options.ts';

interface CompareOptions extends RangeOptions {
  frameworks?: string;
  dtype: DType;
  format: Format;
  json?: boolean;
  precision?: string;
  kink?: KinkConvention;
  color: boolean;
}

function chosenFrameworks(definition: ElementwiseDefinition, text: string | undefined): Framework[] {
  if (text === undefined) return frameworksWith(definition.name);
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  for (const name of names) {
    if (!(FRAMEWORKS as readonly string[]).includes(name)) {
      throw new UsageError(`--frameworks: unknown framework '${name}'`, `Frameworks are ${FRAMEWORKS.join(', ')}.`);
    }
  }
  return names as Framework[];
}

const same = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

/** Indices of the cells that differ from the most common value of the row (none when all agree). */
function outliers(values: readonly number[]): Set<number> {
  const counts = values.map((value) => values.filter((other) => same(value, other)).length);
  const most = counts.reduce((a, b) => Math.max(a, b), 0);
  if (most === values.length) return new Set();
  const majority = values[counts.indexOf(most)];
  return new Set(values.flatMap((value, index) => (same(value, majority) ? [] : [index])));
}

/** The frameworks in which every function an expression calls exists (compiling it with --like each). */
function frameworksForExpression(expression: string): Framework[] {
  return FRAMEWORKS.filter((framework) => {
    try {
      compile(expression, { like: framework });
      return true;
    } catch {
      return false;
    }
  });
}

export async function compareCommand(
  definition: ElementwiseDefinition,
  command: Command,
  tokens: readonly string[],
  io: CliIO,
  output: Output,
  expression?: string,
): Promise<number> {
  const options = command.opts<CompareOptions>();
  const chosen = expression !== undefined && options.frameworks === undefined ? frameworksForExpression(expression) : chosenFrameworks(definition, options.frameworks);
  // A function no framework has is shown as act defines it, in a column of its own.
  const alone = chosen.length === 0 && options.frameworks === undefined;
  if (chosen.length === 0 && !alone) throw new UsageError(`none of ${options.frameworks} has ${definition.name}`);
  const frameworks: Array<Framework | 'act'> = alone ? ['act'] : chosen;
  const given = givenParams(definition, command);
  const kink = explicitKink(command);
  const activations: Activation[] = frameworks.map((like) =>
    expression !== undefined
      ? compile(expression, { like: like === 'act' ? undefined : like, kink, dtype: options.dtype })
      : getActivation(definition.name, given, { like: like === 'act' ? undefined : like, kink, dtype: options.dtype }),
  );
  const precision = parsePrecision(options.precision);
  const format = chosenFormat(command, options.format);
  const json = format === 'json';
  const chalk = await painter(json ? 0 : colorLevel(options.color, io.env, io.stdout.isTTY));
  // One JSON object per x: {"x", "<framework>": {"value", "gradient"}, …}, for JSON and NDJSON.
  const jsonRow = (x: number): string =>
    `{"x":${formatJsonNumber(x)},` +
    frameworks.map((framework, f) => `"${framework}":{"value":${formatJsonNumber(activations[f].value(x), precision)},"gradient":${formatJsonNumber(activations[f].gradient(x), precision)}}`).join(',') +
    '}';
  const batches = inputBatches(tokens, options, io, output, false, warningsTo(command, io));

  if (json) {
    const params = Object.fromEntries(frameworks.map((framework, f) => [framework, activations[f].params]));
    output.write(
      `{"function":${JSON.stringify(definition.name)},"frameworks":${JSON.stringify(frameworks)},"versions":${JSON.stringify(Object.fromEntries(frameworks.map((framework, f) => [framework, activations[f].like])))},"params":${JSON.stringify(params)},` +
        `"kink":${JSON.stringify(kink ?? null)},"results":[`,
    );
    let first = true;
    for await (const batch of batches) {
      let text = '';
      for (const x of batch.values) {
        text += `${first ? '\n' : ',\n'}${jsonRow(x)}`;
        first = false;
      }
      output.write(text);
      await output.flush();
      if (output.closed) return 0;
    }
    output.write(first ? ']}\n' : '\n]}\n');
    return 0;
  }

  if (format === 'ndjson' || format === 'csv' || format === 'tsv') {
    const separator = format === 'csv' ? ',' : '\t';
    if (format !== 'ndjson') output.write(['x', ...frameworks.flatMap((framework) => [`${framework}_value`, `${framework}_gradient`])].join(separator) + '\n');
    for await (const batch of batches) {
      let text = '';
      for (const x of batch.values) {
        if (format === 'ndjson') {
          text += `${jsonRow(x)}\n`;
        } else {
          text += [formatNumber(x), ...activations.flatMap((activation) => [formatNumber(activation.value(x), precision), formatNumber(activation.gradient(x), precision)])].join(separator) + '\n';
        }
      }
      output.write(text);
      await output.flush();
      if (output.closed) return 0;
    }
    return 0;
  }

  const headings = ['x', ...frameworks.flatMap((framework) => [framework, `${framework}'`])];
  // Rows stream batch by batch; the column widths come from the headings and the first batch.
  // When that table is wider than the terminal, each x gets a block of its own instead.
  let widths: number[] | undefined;
  let long = false;
  const available = terminalWidth(io);
  for await (const batch of batches) {
    const marked: boolean[][] = [];
    const cells = Array.from(batch.values, (x: number) => {
      const values = activations.map((activation) => activation.value(x));
      const gradients = activations.map((activation) => activation.gradient(x));
      const valueOutliers = outliers(values);
      const gradientOutliers = outliers(gradients);
      const row = [formatNumber(x)];
      const marks = [false];
      frameworks.forEach((_, f) => {
        row.push(formatNumber(values[f], precision) + (valueOutliers.has(f) ? '*' : ''));
        row.push(formatNumber(gradients[f], precision) + (gradientOutliers.has(f) ? '*' : ''));
        marks.push(valueOutliers.has(f), gradientOutliers.has(f));
      });
      marked.push(marks);
      return row;
    });
    let text = '';
    if (!widths) {
      widths = headings.map((heading, c) => cells.reduce((width, row) => Math.max(width, row[c].length), Math.max(c === 0 ? 3 : 6, heading.length)));
      const notes = [
        `# ${definition.name} as each framework computes it: value, and gradient (');  * marks a number that differs from the others`,
        ...frameworks.map((framework, f) => {
          if (framework === 'act') return `#   act: ${expression !== undefined ? 'a function in it' : definition.name} is not in any framework; act's own definition`;
          const params = Object.entries(activations[f].params).map(([name, value]) => `${name}=${typeof value === 'number' ? formatNumber(value) : String(value)}`);
          const ownGradients = expression !== undefined || frameworkFacts(definition.name, framework)?.kinks !== undefined || activations[f].kinks.length === 0;
          return `#   ${framework}: ${FRAMEWORK_LABELS[framework]} ${FRAMEWORK_VERSIONS[framework][0]}${params.length ? ` (${params.join(', ')})` : ''}${ownGradients ? '' : "; no gradients defined: act's convention at kinks"}`;
        }),
      ];
      long = widths.reduce((total, value) => total + value + 2, -2) > available;
      text += notes.flatMap((note) => (note.length > available ? wrapText(note, available, 4) : [note])).map((note) => chalk.dim(note) + '\n').join('');
      if (!long) text += chalk.bold(headings.map((heading, c) => heading.padStart(widths![c])).join('  ')) + '\n';
    }
    if (long) {
      const nameWidth = frameworks.reduce((most, framework) => Math.max(most, framework.length), 9);
      cells.forEach((row, r) => {
        const valueWidth = Math.max(5, ...frameworks.map((_, f) => row[1 + 2 * f].length));
        const gradientWidth = Math.max(8, ...frameworks.map((_, f) => row[2 + 2 * f].length));
        text += chalk.bold(`x = ${row[0]}`) + '\n' + chalk.dim(`  ${'framework'.padEnd(nameWidth)}  ${'value'.padStart(valueWidth)}  ${'gradient'.padStart(gradientWidth)}`) + '\n';
        frameworks.forEach((framework, f) => {
          const value = row[1 + 2 * f].padStart(valueWidth);
          const gradient = row[2 + 2 * f].padStart(gradientWidth);
          text += `  ${framework.padEnd(nameWidth)}  ${marked[r][1 + 2 * f] ? chalk.yellow(value) : paintSpecial(chalk, value)}  ${marked[r][2 + 2 * f] ? chalk.yellow(gradient) : paintSpecial(chalk, gradient)}\n`;
        });
      });
      output.write(text);
      await output.flush();
      if (output.closed) return 0;
      continue;
    }
    cells.forEach((row, r) => {
      text += row.map((cell, c) => (marked[r][c] ? chalk.yellow(cell.padStart(widths![c])) : paintSpecial(chalk, cell.padStart(widths![c])))).join('  ') + '\n';
    });
    output.write(text);
    await output.flush();
    if (output.closed) return 0;
  }
  return 0;
}
