/**
 * The CLI: parse → core → format → write. `main` never calls process.exit and
 * never throws; it returns the exit code, and every error becomes one line on
 * stderr (plus an optional hint line).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { CommanderError, type Command } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { describeParameters, findDefinition, requireDefinition, suggestName } from '../core/catalogue.ts';
import { ActivationError } from '../core/errors.ts';
import { evaluateInto, getActivation, type GivenParams } from '../core/evaluate.ts';
import type { ActivationDefinition, KinkConvention } from '../core/types.ts';
import { describeJson, describeText, listJson, listText } from './describe.ts';
import { UsageError } from './errors.ts';
import { createRenderer, FIELDS, formatNumber, type Field, type Format, type RowRenderer } from './format.ts';
import { Output, type CliIO } from './io.ts';
import { isNumberToken, parseNumber } from './numbers.ts';
import { buildProgram, type Invocation } from './program.ts';
import { NumberScanner } from './scanner.ts';

export type { CliIO } from './io.ts';

const COMMANDS = ['list', 'describe'];
const STDIN_MARKER = '-';

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const output = new Output(io.stdout);
  let code: number;
  try {
    code = await run(argv, io, output);
  } catch (error) {
    code = report(error, io);
  }
  try {
    await output.flush();
  } catch (error) {
    code = report(error, io);
  }
  return code;
}

/** The one place where errors become messages and exit codes. */
function report(error: unknown, io: CliIO): number {
  const line = (text: string): void => {
    io.stderr.write(text + '\n');
  };
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return 0;
    const [message, ...rest] = error.message.replace(/^error: /, '').split('\n');
    line(`act: ${message}`);
    const hint = rest.join(' ').replace(/^\((.*)\)$/, '$1').trim();
    if (hint) line(hint);
    return 2;
  }
  if (error instanceof UsageError || error instanceof ActivationError) {
    line(`act: ${error.message}`);
    if (error.hint) line(error.hint);
    return 2;
  }
  line(`act: internal error: ${error instanceof Error ? error.message : String(error)}`);
  return 70;
}

async function run(argv: readonly string[], io: CliIO, output: Output): Promise<number> {
  const first = argv[0];
  let only: ActivationDefinition | undefined;
  let rest: readonly string[] = [];
  if (first !== undefined && !first.startsWith('-') && !COMMANDS.includes(first)) {
    only = findDefinition(first);
    if (!only) {
      const suggestion = suggestName(first, COMMANDS);
      throw new UsageError(
        `unknown function or command '${first}'`,
        suggestion ? `Did you mean '${suggestion}'? See 'act list'.` : "See 'act list' for every function.",
      );
    }
    rest = argv.slice(1);
  }

  let invocation: Invocation | undefined;
  const program = buildProgram(packageJson.version, (recorded) => (invocation = recorded), only);
  program.configureOutput({
    writeOut: (text) => void output.write(text),
    writeErr: (text) => void io.stderr.write(text),
    // Errors are printed by `report`, from the CommanderError that exitOverride throws.
    outputError: () => {},
  });

  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return 2;
  }

  let numberTokens: string[] = [];
  let commanderArgs: string[] = [...argv];
  if (only) {
    const command = program.commands.find((candidate) => candidate.name() === only.name)!;
    command.exitOverride().configureOutput(program.configureOutput());
    const split = splitArguments(rest, command);
    numberTokens = split.numbers;
    commanderArgs = [only.name, ...split.options];
  }

  try {
    await program.parseAsync(commanderArgs, { from: 'user' });
  } catch (error) {
    throw explainUnknownOption(error, only);
  }
  if (!invocation) return 0;
  switch (invocation.kind) {
    case 'list':
      output.write(invocation.json ? listJson() : listText());
      return 0;
    case 'describe': {
      const definition = requireDefinition(invocation.name);
      output.write(invocation.json ? JSON.stringify(describeJson(definition), null, 2) + '\n' : describeText(definition));
      return 0;
    }
    case 'evaluate':
      return evaluateCommand(invocation.definition, invocation.command, numberTokens, io, output);
  }
}

/** For an unknown option on a function, list the parameters it does take. */
function explainUnknownOption(error: unknown, definition: ActivationDefinition | undefined): unknown {
  if (!(error instanceof CommanderError) || error.code !== 'commander.unknownOption' || !definition) return error;
  const [message, suggestion] = error.message.replace(/^error: /, '').split('\n');
  const hint = suggestion ? suggestion.replace(/^\((.*)\)$/, '$1') + ' ' : '';
  return new UsageError(`${message} for ${definition.name}`, `${hint}${describeParameters(definition)}.`);
}

/**
 * Separates numbers from options, so that negative numbers (-7, -1E+10, -inf)
 * need no `--` while a misspelt option is still reported as an unknown option.
 */
function splitArguments(tokens: readonly string[], command: Command): { numbers: string[]; options: string[] } {
  const numbers: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '--') {
      numbers.push(...tokens.slice(i + 1));
      break;
    }
    if (token.length > 1 && token.startsWith('-') && !isNumberToken(token)) {
      options.push(token);
      const option = command.options.find((candidate) => candidate.long === token || candidate.short === token);
      if (option?.required && i + 1 < tokens.length) options.push(tokens[++i]);
      continue;
    }
    numbers.push(token);
  }
  return { numbers, options };
}

interface EvaluationOptions {
  format: Format;
  json?: boolean;
  fields: string;
  precision?: string;
  kink: KinkConvention;
  color: boolean;
  [parameter: string]: unknown;
}

function parseFields(text: string): Field[] {
  const fields = text.split(',').map((field) => field.trim());
  for (const field of fields) {
    if (!(FIELDS as readonly string[]).includes(field)) {
      throw new UsageError(`--fields: unknown field '${field}'`, `Fields are ${FIELDS.join(', ')}.`);
    }
  }
  if (new Set(fields).size !== fields.length) throw new UsageError(`--fields: a field is repeated in '${text}'`);
  return fields as Field[];
}

function parsePrecision(text: string | undefined): number | undefined {
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
  return isTTY ? 1 : 0;
}

function givenParams(definition: ActivationDefinition, command: Command): GivenParams {
  const given: Record<string, number | string> = {};
  for (const parameter of definition.parameters) {
    for (const name of [parameter.name, ...(parameter.flagAliases ?? [])]) {
      const option = command.options.find((candidate) => candidate.long === `--${name.replace(/_/g, '-')}`);
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

type Source = { readonly kind: 'numbers'; readonly values: Float64Array } | { readonly kind: 'stdin' };

function parseSources(tokens: readonly string[], io: CliIO): Source[] {
  const sources: Source[] = [];
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length > 0) sources.push({ kind: 'numbers', values: Float64Array.from(pending) });
    pending = [];
  };
  tokens.forEach((token, index) => {
    if (token === STDIN_MARKER) {
      flush();
      sources.push({ kind: 'stdin' });
      return;
    }
    const value = parseNumber(token);
    if (value === undefined) throw new UsageError(`'${token}' is not a number (argument ${index + 1})`);
    pending.push(value);
  });
  flush();
  if (sources.length === 0) {
    if (!io.stdin || io.stdin.isTTY) {
      throw new UsageError('no numbers given', "Give numbers as arguments or on stdin, e.g. 'act relu 7 -7' or 'seq -3 3 | act relu'.");
    }
    sources.push({ kind: 'stdin' });
  }
  if (sources.filter((source) => source.kind === 'stdin').length > 1) throw new UsageError("'-' (stdin) is given more than once");
  return sources;
}

async function* stdinBatches(io: CliIO, output: Output): AsyncGenerator<Float64Array> {
  const stdin = io.stdin;
  if (!stdin) return;
  const scanner = new NumberScanner();
  try {
    for await (const chunk of stdin) {
      scanner.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      if (scanner.count > 0) yield scanner.take().values;
      if (output.closed) return;
    }
    scanner.finish();
    if (scanner.count > 0) yield scanner.take().values;
  } finally {
    // The reader of stdout may have gone: stop reading so the process can end.
    if (output.closed) stdin.destroy();
  }
}

function headings(definition: ActivationDefinition): Record<Field, string> {
  return { x: 'x', value: `${definition.name}(x)`, gradient: `${definition.name}'(x)` };
}

async function evaluateCommand(
  definition: ActivationDefinition,
  command: Command,
  tokens: readonly string[],
  io: CliIO,
  output: Output,
): Promise<number> {
  const options = command.opts<EvaluationOptions>();
  const activation = getActivation(definition.name, givenParams(definition, command), { kink: options.kink });
  const format: Format = options.json ? 'json' : options.format;
  const fields = parseFields(options.fields);
  const precision = parsePrecision(options.precision);
  const sources = parseSources(tokens, io);
  const chalk: ChalkInstance = new Chalk({ level: format === 'table' ? colorLevel(options.color, io.env, io.stdout.isTTY) : 0 });

  const changed = Object.entries(activation.params).filter(([name, value]) => {
    const parameter = definition.parameters.find((candidate) => candidate.name === name);
    return !Object.is(parameter?.default, value);
  });
  const notes: string[] = [];
  if (changed.length > 0) {
    notes.push(`# ${definition.name} with ${changed.map(([name, value]) => `${name}=${typeof value === 'number' ? formatNumber(value) : String(value)}`).join(', ')}`);
  }
  if (options.kink !== 'right') notes.push('# gradient at kinks: the left piece (--kink left)');

  const renderer: RowRenderer = createRenderer(format, {
    write: (text) => void output.write(text),
    fields,
    precision,
    chalk,
    headings: headings(definition),
    jsonHeader:
      `"function":${JSON.stringify(definition.name)},"params":${JSON.stringify(activation.params)},` +
      `"kink":${JSON.stringify(activation.kink)},"like":null,"dtype":"float64"`,
    notes,
  });

  renderer.start();
  for (const source of sources) {
    const batches = source.kind === 'numbers' ? [source.values] : stdinBatches(io, output);
    for await (const xs of batches) {
      const values = new Float64Array(xs.length);
      const gradients = new Float64Array(xs.length);
      evaluateInto(activation, xs, values, gradients);
      renderer.rows({ x: xs, value: values, gradient: gradients }, xs.length);
      await output.flush();
      if (output.closed) return 0;
    }
  }
  renderer.end();
  return 0;
}
