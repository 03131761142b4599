/**
 * A run of act after `main` has set up the output: the command line parsed by commander (built
 * for the command asked for), then the command. Errors are thrown for `main` to report.
 */
import { CommanderError, type Command } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { CATALOGUE, describeParameters, findDefinition, requireDefinition, suggestName } from '../core/catalogue.ts';
import type { ActivationDefinition, ElementwiseDefinition } from '../core/types.ts';
import { compile } from '../expr/index.ts';
import { compareCommand } from './compare-command.ts';
import { completionScript } from './completion.ts';
import { describeJson, describeText, listJson, listRecords, listText } from './describe.ts';
import { explicitKink, terminalWidth } from './options.ts';
import { UsageError } from './errors.ts';
import { evaluateCommand } from './evaluate-command.ts';
import type { CliIO, Output } from './io.ts';
import { isNumberToken } from './numbers.ts';
import { plotCommand } from './plot-command.ts';
import { buildProgram, type Invocation } from './program.ts';
import { vectorCommand } from './vector-command.ts';
import { verifyCommand } from './verify-command.ts';

export const COMMANDS = ['list', 'describe', 'compare', 'plot', 'verify', 'expr', 'completion', 'help'];

export async function run(argv: readonly string[], io: CliIO, output: Output): Promise<number> {
  const first = argv[0];
  // act help [command|function]: the same page as `act <command> --help`.
  if (first === 'help') {
    if (argv.length > 2) throw new UsageError(`'act help' takes one command or function; got ${argv.length - 1}`);
    return run(argv[1] === undefined ? ['--help'] : [argv[1], '--help'], io, output);
  }
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

  // compare|verify <function> …: the function's parameters become options of the command.
  let compared: ElementwiseDefinition | undefined;
  let verified: ElementwiseDefinition | undefined;
  // compare|verify --expr "<expression>" …: the expression in place of a function.
  const expressionAt = first === 'compare' || first === 'verify' ? argv.indexOf('--expr') : -1;
  const givenExpression = expressionAt > 0 ? argv[expressionAt + 1] : undefined;
  if (expressionAt > 0) {
    if (givenExpression === undefined) throw new UsageError("--expr needs an expression in x, e.g. --expr 'x*sigmoid(x)'");
    const definition = compile(givenExpression).definition;
    if (first === 'compare') compared = definition;
    else verified = definition;
  } else if ((first === 'compare' || first === 'verify') && argv[1] !== undefined && !argv[1].startsWith('-')) {
    const definition = requireDefinition(argv[1]);
    if (definition.kind !== 'elementwise') throw new UsageError(`${first} takes an element-wise function; ${definition.name} is a vector function`);
    if (first === 'compare') compared = definition;
    else verified = definition;
  }

  // plot <function…>: the functions' parameters become options of plot. The functions are the
  // words that are neither options, nor their values, nor numbers (--expr's expressions are values).
  const plotted: ElementwiseDefinition[] = [];
  if (first === 'plot') {
    for (let i = 1; i < argv.length; i++) {
      const token = argv[i];
      if (token.startsWith('-') && !isNumberToken(token)) {
        if (PLOT_VALUE_OPTIONS.has(token) || (findFlagOwner(token) && i + 1 < argv.length)) i++;
        continue;
      }
      if (isNumberToken(token)) continue;
      const definition = requireDefinition(token);
      if (definition.kind !== 'elementwise') throw new UsageError(`plot draws element-wise functions; ${definition.name} is a vector function`);
      plotted.push(definition);
    }
  }

  // expr "<expression>" …: compiled first, so that a mistake in it is reported with its column.
  let expression: { text: string; definition: ElementwiseDefinition } | undefined;
  if (first === 'expr' && argv[1] !== undefined && argv[1] !== '--help' && argv[1] !== '-h') {
    expression = { text: argv[1], definition: compile(argv[1]).definition };
  }

  let invocation: Invocation | undefined;
  const program = buildProgram(packageJson.version, (recorded) => (invocation = recorded), {
    command: first,
    // Only act's own help lists every function: building their commands costs start-up time.
    everyFunction: first === undefined || first === '--help' || first === '-h',
    only,
    compared,
    comparedExpression: first === 'compare' ? givenExpression : undefined,
    plotted,
    verified,
    verifiedExpression: first === 'verify' ? givenExpression : undefined,
    expression,
  });
  // Every command writes help through act's output, and its errors only through `report` (from the
  // CommanderError that exitOverride throws): one line, never commander's own `error:` line too.
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({
      writeOut: (text) => void output.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: () => {},
    });
    for (const child of command.commands) configure(child);
  };
  configure(program);

  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return 2;
  }

  let numberTokens: string[] = [];
  let commanderArgs: string[] = [...argv];
  const leaf = only ?? compared;
  if (compared && givenExpression !== undefined) {
    const rest = argv.slice(1).filter((_, index) => index !== expressionAt - 1 && index !== expressionAt);
    const split = splitArguments(rest, program.commands.find((candidate) => candidate.name() === 'compare')!);
    numberTokens = split.numbers;
    commanderArgs = ['compare', ...split.options, '--expr', givenExpression];
  } else if (leaf) {
    const command = program.commands.find((candidate) => candidate.name() === (only ? only.name : 'compare'))!;
    const split = splitArguments(only ? rest : argv.slice(2), command);
    numberTokens = split.numbers;
    commanderArgs = only ? [only.name, ...split.options] : ['compare', leaf.name, ...split.options];
  } else if (expression) {
    const split = splitArguments(argv.slice(2), program.commands.find((candidate) => candidate.name() === 'expr')!);
    numberTokens = split.numbers;
    commanderArgs = ['expr', expression.text, ...split.options];
  }

  try {
    await program.parseAsync(commanderArgs, { from: 'user' });
  } catch (error) {
    // Help or the version was shown.
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    throw asUsageError(explainUnknownOption(error, only, only ? undefined : first));
  }
  if (!invocation) return 0;
  switch (invocation.kind) {
    case 'list': {
      output.write(
        invocation.format === 'json' ? listJson() : invocation.format === 'table' ? listText(terminalWidth(io)) : listRecords(invocation.format),
      );
      return 0;
    }
    case 'describe': {
      const definition = requireDefinition(invocation.name);
      output.write(invocation.json ? JSON.stringify(describeJson(definition), null, 2) + '\n' : describeText(definition));
      return 0;
    }
    case 'verify':
      return verifyCommand(invocation.definition, invocation.command, io, output, invocation.expression);
    case 'completion':
      output.write(completionScript(invocation.shell));
      return 0;
    case 'plot':
      return plotCommand(invocation.definitions, invocation.command, io, output);
    case 'compare':
      return compareCommand(invocation.definition, invocation.command, numberTokens, io, output, invocation.expression);
    case 'expr': {
      const { expression: text, command } = invocation;
      const options = command.opts<{ like?: string }>();
      return evaluateCommand(invocation.definition, command, numberTokens, io, output, (dtype) => compile(text, { kink: explicitKink(command), like: options.like, dtype }));
    }
    case 'evaluate':
      return invocation.definition.kind === 'vector'
        ? vectorCommand(invocation.definition, invocation.command, numberTokens, io, output)
        : evaluateCommand(invocation.definition, invocation.command, numberTokens, io, output);
  }
}

/** plot's options that take a value (so that the value is not read as a function's name). */
const PLOT_VALUE_OPTIONS = new Set(['--from', '--to', '--range', '--linspace', '--only', '--order', '--width', '--height', '--svg', '--dtype', '--kink', '--like', '--expr']);

/** Whether a flag is some function's parameter (--alpha, --negative-slope): it takes a value. */
function findFlagOwner(flag: string): boolean {
  return CATALOGUE.some((definition) => definition.parameters.some((parameter) => [parameter.name, ...(parameter.flagAliases ?? [])].some((name) => `--${name.replace(/_/g, '-')}` === flag)));
}

/**
 * An unknown option, explained from the command being run: for a function, the parameters it
 * takes; for a command (compare, verify, plot…), commander's suggestion or its help page.
 */
function explainUnknownOption(error: unknown, definition: ActivationDefinition | undefined, command: string | undefined): unknown {
  if (!(error instanceof CommanderError) || error.code !== 'commander.unknownOption') return error;
  const [message, suggestion] = error.message.replace(/^error: /, '').split('\n');
  const hint = suggestion ? suggestion.replace(/^\((.*)\)$/, '$1') : '';
  if (definition) return new UsageError(`${message} for ${definition.name}`, `${hint ? hint + ' ' : ''}${describeParameters(definition)}.`);
  const name = command && COMMANDS.includes(command) ? `act ${command}` : 'act';
  return new UsageError(`${message} for ${name}`, hint || `See '${name} --help'.`);
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
      for (let j = i + 1; j < tokens.length; j++) numbers.push(tokens[j]);
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


/** commander's other errors as act's: its message on one line, its hint (in parentheses) on the next. */
function asUsageError(error: unknown): unknown {
  if (!(error instanceof CommanderError)) return error;
  const [message, ...hints] = error.message.replace(/^error: /, '').split('\n');
  const hint = hints.join(' ').replace(/^\((.*)\)$/, '$1').trim();
  return new UsageError(message, hint || undefined);
}
