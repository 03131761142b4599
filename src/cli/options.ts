/** Options shared by the evaluating commands: fields, precision, colour, parameters. */
import type { Command } from 'commander';
import type { ActivationDefinition, KinkConvention } from '../core/types.ts';
import type { GivenParams } from '../core/evaluate.ts';
import { UsageError } from './errors.ts';
import type { CliIO } from './io.ts';
import { parseNumber, rangeCheck, type RangeCheck } from './numbers.ts';

export function parseFields<F extends string>(text: string, allowed: readonly F[]): F[] {
  const fields = text.split(',').map((field) => field.trim());
  for (const field of fields) {
    if (!(allowed as readonly string[]).includes(field)) {
      throw new UsageError(`--fields: unknown field '${field}'`, `Fields are ${allowed.join(', ')}.`);
    }
  }
  if (new Set(fields).size !== fields.length) throw new UsageError(`--fields: a field is repeated in '${text}'`);
  return fields as F[];
}

export function parsePrecision(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const digits = Number(text);
  if (!/^\d+$/.test(text) || digits < 1 || digits > 17) {
    throw new UsageError(`--precision must be a whole number of significant digits from 1 to 17; got '${text}'`);
  }
  return digits;
}

/** Colour is decided once: --no-color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal. */
export function colorLevel(flag: boolean, env: CliIO['env'], isTTY: boolean | undefined): 0 | 1 | 2 | 3 {
  if (!flag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  // A terminal that declares it cannot show colour (TERM=dumb) gets none.
  if (env.TERM === 'dumb') return 0;
  return isTTY ? 1 : 0;
}

/** The parameters given as options (by their name or a flag alias), parsed with the number grammar. */
export function givenParams(definition: ActivationDefinition, command: Command): GivenParams {
  const given: Record<string, number | string> = {};
  for (const parameter of definition.parameters) {
    for (const name of [parameter.name, ...(parameter.flagAliases ?? [])]) {
      const flag = name.replace(/_/g, '-');
      // verify names a parameter --param-<name> where its flag is one of verify's own (--value).
      const option =
        command.options.find((candidate) => candidate.long === `--param-${flag}`) ?? command.options.find((candidate) => candidate.long === `--${flag}`);
      const raw: unknown = option ? command.getOptionValue(option.attributeName()) : undefined;
      if (typeof raw !== 'string') continue;
      if (parameter.name in given) {
        throw new UsageError(`--${parameter.name.replace(/_/g, '-')} is given twice (once through an alias)`);
      }
      if (parameter.type === 'choice') {
        given[parameter.name] = raw;
      } else {
        const value = parseNumber(raw);
        if (value === undefined) throw new UsageError(`${option!.long}: '${raw}' is not a number`);
        given[parameter.name] = value;
      }
    }
  }
  return given;
}

/**
 * --kink as typed on the command line, or undefined when it was not: then the framework of
 * --like decides the gradients at kinks (and without --like, the default convention applies).
 */
export function explicitKink(command: Command): KinkConvention | undefined {
  return command.getOptionValueSource('kink') === 'cli' ? (command.opts().kink as KinkConvention) : undefined;
}

/** A comma- or space-separated list of numbers given to an option (--upstream 1,0,0). */
export function parseNumberList(option: string, text: string): Float64Array {
  const tokens = text.split(/[\s,]+/).filter((token) => token !== '');
  return Float64Array.from(tokens, (token) => {
    const value = parseNumber(token);
    if (value === undefined) throw new UsageError(`${option}: '${token}' is not a number`);
    return value;
  });
}

/** --format, or --json; both at once must agree (`--json --format csv` is a usage error). */
export function chosenFormat<F extends string>(command: Command, fallback: F): F | 'json' {
  const { json, format } = command.opts<{ json?: boolean; format?: F }>();
  const explicit = command.getOptionValueSource('format') === 'cli';
  if (json && explicit && format !== 'json') throw new UsageError(`--json and --format ${String(format)} ask for different formats; give one`);
  return json ? 'json' : (format ?? fallback);
}

/** The check of input literals for overflow and underflow: its one warning on stderr, unless --quiet. */
export function warningsTo(command: Command, io: CliIO): RangeCheck | undefined {
  if (command.opts<{ quiet?: boolean }>().quiet) return undefined;
  return rangeCheck((message) => void io.stderr.write(`act: ${message}\n`));
}

/**
 * The width to fit: the terminal's, else COLUMNS; unlimited when neither is known (output to a
 * file or a pipe keeps its one-line rows for the tools that read it).
 */
export function terminalWidth(io: CliIO): number {
  const columns = io.stdout.columns ?? Number(io.env.COLUMNS);
  return Number.isFinite(columns) && columns >= 20 ? columns : Infinity;
}
