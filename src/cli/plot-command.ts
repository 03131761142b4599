/** `act plot <function…>`: f and f′ in the terminal (braille) or as an SVG file. */
import { painter } from './paint.ts';
import type { Command } from 'commander';
import { getActivation, type Activation } from '../core/evaluate.ts';
import type { DType } from '../core/precision.ts';
import type { ElementwiseDefinition, KinkConvention } from '../core/types.ts';
import { UsageError } from './errors.ts';
import { compile } from '../expr/index.ts';
import { writeFileAtomically } from './files.ts';
import { formatNumber } from './format.ts';
import type { CliIO, Output } from './io.ts';
import { parseNumber } from './numbers.ts';
import { colorLevel, explicitKink, givenParams } from './options.ts';
import { brailleChart } from './plot/braille.ts';
import { CURVE_KINDS, sampleCurve, yRange, type Curve, type CurveKind } from './plot/sample.ts';
import { svgChart } from './plot/svg.ts';
import { parseLinspace, parseRange } from './range.ts';

interface PlotOptions {
  from?: string;
  to?: string;
  range?: string;
  linspace?: string;
  only?: CurveKind;
  order?: string;
  expr: string[];
  width?: string;
  height?: string;
  svg?: string;
  kink?: KinkConvention;
  like?: string;
  dtype: DType;
  color: boolean;
}

const MAX_COLUMNS = 1000;
const MAX_LINES = 500;

function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = parseNumber(text);
  if (value === undefined || !Number.isFinite(value)) throw new UsageError(`--${name}: '${text}' is not a finite number`);
  return value;
}

function sizeOption(name: string, text: string | undefined, minimum: number, maximum: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < minimum || value > maximum) {
    throw new UsageError(`--${name} must be a whole number from ${minimum} to ${maximum}; got '${text}'`);
  }
  return value;
}

/** The x interval: --from/--to, or the ends of --range/--linspace, or the functions' own windows. */
function interval(definitions: readonly ElementwiseDefinition[], options: PlotOptions): [number, number] {
  let from = numberOption('from', options.from);
  let to = numberOption('to', options.to);
  const sequenceText = options.range ?? options.linspace;
  if (sequenceText !== undefined) {
    const sequence = options.range !== undefined ? parseRange(sequenceText) : parseLinspace(sequenceText);
    const ends = [sequence.at(0), sequence.at(sequence.count - 1)];
    from ??= Math.min(...ends);
    to ??= Math.max(...ends);
  }
  from ??= definitions.reduce((low, definition) => Math.min(low, definition.window?.[0] ?? -5), Infinity);
  to ??= definitions.reduce((high, definition) => Math.max(high, definition.window?.[1] ?? 5), -Infinity);
  if (!(from < to)) throw new UsageError(`--from (${formatNumber(from)}) must be less than --to (${formatNumber(to)})`);
  if (!Number.isFinite(to - from)) throw new UsageError(`the window [${formatNumber(from)}, ${formatNumber(to)}] is too wide to draw: its width overflows a double`, 'Narrow it with --from and --to.');
  return [from, to];
}

export async function plotCommand(definitions: readonly ElementwiseDefinition[], command: Command, io: CliIO, output: Output): Promise<number> {
  const options = command.opts<PlotOptions>();
  const chosenKink = explicitKink(command);
  // Each function reads the flags it takes (a shared spelling such as --alpha reaches all of them).
  const activations: Activation[] = [
    ...options.expr.map((expression) => compile(expression, { kink: chosenKink, like: options.like, dtype: options.dtype })),
    ...definitions.map((definition) => getActivation(definition.name, givenParams(definition, command), { kink: chosenKink, like: options.like, dtype: options.dtype })),
  ];
  if (activations.length === 0) throw new UsageError('plot needs a function or an expression', "e.g. 'act plot gelu' or 'act plot --expr \"x*sigmoid(1.702*x)\" gelu'.");
  const [from, to] = interval(definitions, options);
  const svg = options.svg;
  if (svg !== undefined && svg !== '-' && svg.startsWith('-')) throw new UsageError(`--svg needs a file name ('-' for stdout); got '${svg}'`);
  // The terminal's size (or COLUMNS and LINES) is capped like --width and --height.
  const columns = Math.min(MAX_COLUMNS, io.stdout.columns ?? (Number(io.env.COLUMNS) || 80));
  const lines = Math.min(MAX_LINES, io.stdout.rows ?? (Number(io.env.LINES) || 25));
  const width = sizeOption('width', options.width, svg ? 200 : 20, svg ? 4000 : MAX_COLUMNS) ?? (svg ? 800 : Math.max(20, columns));
  const height = sizeOption('height', options.height, svg ? 150 : 8, svg ? 4000 : MAX_LINES) ?? (svg ? 500 : Math.max(8, Math.min(40, lines - 1)));
  if (options.order !== undefined && !/^[123]$/.test(options.order)) throw new UsageError(`--order must be 1, 2 or 3 (the highest derivative drawn); got '${options.order}'`);
  const kinds = options.only ? [options.only] : CURVE_KINDS.slice(0, Number(options.order ?? 1) + 1);
  // Enough samples that every pixel column (2 per character, or one SVG unit) gets several.
  const samples = (svg ? width : width * 2) * 3;
  const curves: Curve[] = activations.flatMap((activation, series) => kinds.map((kind) => sampleCurve(activation, kind, from, to, samples, series)));
  if (!curves.some((curve) => curve.polylines.some((line) => line.length > 0))) {
    throw new UsageError(`nothing to draw on [${formatNumber(from)}, ${formatNumber(to)}]: every value there is NaN or infinite`);
  }
  const [yLow, yHigh] = yRange(curves);
  const details = activations
    .map((activation) => {
      const params = Object.entries(activation.params).map(([name, value]) => `${name}=${typeof value === 'number' ? formatNumber(value) : String(value)}`);
      return params.length ? `${activation.name}(${params.join(', ')})` : activation.name;
    })
    .join(', ');
  // The kink convention is worth a word only where a plotted function has kinks.
  const hasKinks = activations.some((activation) => activation.kinks.length > 0);
  const convention = options.like ? `, like ${options.like}` : hasKinks ? `, kink ${chosenKink ?? 'right'}` : '';
  const title = `${details} on [${formatNumber(from)}, ${formatNumber(to)}]${convention}${options.dtype === 'float64' ? '' : `, ${options.dtype}`}`;

  if (svg !== undefined) {
    const text = svgChart(curves, { width, height, from, to, yLow, yHigh, title });
    if (svg === '-') output.write(text);
    else writeFileAtomically(svg, text);
    return 0;
  }
  const level = colorLevel(options.color, io.env, io.stdout.isTTY);
  output.write(brailleChart(curves, { width, height, from, to, yLow, yHigh, title, chalk: await painter(level), colored: level > 0 }));
  return 0;
}
