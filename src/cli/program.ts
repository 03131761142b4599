/**
 * The commander program, generated from the catalogue: one leaf command per
 * function (one option per parameter), plus `list` and `describe`.
 * Building it does no work beyond creating the commands; actions only record
 * what was asked, and `main` runs it.
 */
import { Command, Option } from 'commander';
import { CATALOGUE, exampleParams, flagOf, resolveParams } from '../core/catalogue.ts';
import { chosenFormat } from './options.ts';
import { FRAMEWORKS, FRAMEWORK_VERSIONS } from '../core/frameworks.ts';

const VERIFY_VALUE_FLAG = '--value';
const VERIFY_GRADIENT_FLAG = '--gradient';
const LIKE_CHOICES = `one of ${FRAMEWORKS.map((framework) => `${framework}${FRAMEWORK_VERSIONS[framework].length > 1 ? `[@${FRAMEWORK_VERSIONS[framework].join('|')}]` : ''}`).join(', ')}`;
import { DTYPES } from '../core/precision.ts';
import type { ActivationDefinition, ElementwiseDefinition, Family } from '../core/types.ts';
import { FIELDS, FORMATS, formatNumber, INPUT_FORMATS, parameterSummary, VECTOR_FIELDS, type Format } from './format.ts';
import { UsageError } from './errors.ts';
import { compile } from '../expr/index.ts';
import { describeText } from './describe.ts';
import { BINARY_FORMATS } from './tensor-output.ts';

export type Invocation =
  | { readonly kind: 'list'; readonly format: Format }
  | { readonly kind: 'describe'; readonly name: string; readonly json: boolean }
  | { readonly kind: 'evaluate'; readonly definition: ActivationDefinition; readonly command: Command }
  | { readonly kind: 'compare'; readonly definition: ElementwiseDefinition; readonly command: Command; readonly expression?: string }
  | { readonly kind: 'plot'; readonly definitions: readonly ElementwiseDefinition[]; readonly command: Command }
  | { readonly kind: 'verify'; readonly definition: ElementwiseDefinition; readonly command: Command; readonly expression?: string }
  | { readonly kind: 'completion'; readonly shell: string }
  | { readonly kind: 'expr'; readonly expression: string; readonly definition: ElementwiseDefinition; readonly command: Command };

const FAMILY_HEADINGS: Record<Family, string> = {
  rectifiers: 'Rectifiers:',
  'exponential linear': 'Exponential linear units:',
  'smooth gates': 'Smooth gates (x times a sigmoid-like gate):',
  sigmoidal: 'Sigmoidal:',
  hard: 'Hard (piecewise-linear) approximations:',
  shrinkage: 'Shrinkage and thresholds:',
  other: 'Other:',
  vector: 'Vector functions (one vector in, with a Jacobian):',
};

export const EXAMPLES: readonly string[] = [
  'act relu 7 -7',
  'act leaky_relu -3 --negative-slope 0.1',
  'act sigmoid -inf 0 inf nan --json',
  'seq -3 3 | act tanh --format tsv',
];

function functionExamples(definition: ActivationDefinition): string[] {
  const name = definition.name;
  if (definition.kind === 'vector') {
    const numbers = definition.outputLength(3) === 3 ? '1 2 3' : '1 2 3 4';
    const upstream = definition.output === 'scalar' ? '1' : definition.outputLength(3) === 3 ? '1,0,0' : '1,0';
    return [`act ${name} ${numbers}`, `act ${name} ${numbers} --jacobian`, `act ${name} ${numbers} --upstream ${upstream} --json`, `printf '1 2\\n3 4\\n' | act ${name}`];
  }
  const examples = [`act ${name} -1 0 1`, `act ${name} 0.5 --json`];
  const shown = Object.entries(exampleParams(definition) ?? {})[0];
  if (shown) {
    const [parameter, value] = shown;
    examples.push(typeof value === 'number' ? `act ${name} -2 2 ${flagOf(parameter)} ${formatNumber(value)}` : `act ${name} 1 ${flagOf(parameter)} ${String(value)}`);
  }
  const kink = definition.kinks(resolveParams(definition))[0];
  if (kink) examples.push(`act ${name} ${formatNumber(kink.at)} --kink left`);
  return examples.slice(0, 4);
}

function addParameterOptions(command: Command, definition: ActivationDefinition, flagFor = (flag: string): string => flag): void {
  for (const parameter of definition.parameters) {
    const defaultShown = parameter.default === null ? 'absent' : String(parameter.default);
    const option = new Option(`${flagFor(flagOf(parameter.name))} <value>`, `${parameter.description} (default: ${defaultShown})`);
    if (parameter.type === 'choice') option.choices(parameter.choices);
    command.addOption(option);
    for (const alias of parameter.flagAliases ?? []) {
      command.addOption(new Option(`${flagFor(flagOf(alias))} <value>`, `alias of ${flagFor(flagOf(parameter.name))}`));
    }
  }
}

function addEvaluationOptions(command: Command, definition: ActivationDefinition): void {
  command
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS, ...BINARY_FORMATS]).default('table'))
    .option('--json', 'the same as --format json')
    .option('--output <file>', 'write to FILE instead of stdout (atomically: the whole output or nothing)');
  if (definition.kind === 'vector') {
    command
      .option('--axis <k>', 'with a tensor --file: the axis the vectors run along (default: the last, -1)')
      .option('--fields <list>', `columns to print, in order (comma-separated: ${VECTOR_FIELDS.join(',')})`)
      .option('--precision <digits>', 'print N significant digits instead of the shortest exact form')
      .option('--jacobian', 'print the full Jacobian ∂y_i/∂x_j after the rows')
      .option('--order <n>', "1 (default) or 2: adds the Hessian's diagonal ∂²y_i/∂x_i² (column second)")
      .option('--upstream <list>', 'upstream gradient g (comma-separated, one per output): adds the vector–Jacobian product gᵀJ');
    // One output: its Hessian is one matrix.
    if (definition.output === 'scalar') command.option('--hessian', 'print the full Hessian ∂²y/∂x_i∂x_j = diag(s) − s·sᵀ (s = softmax(x)) after the rows');
    if (definition.parameters.some((parameter) => parameter.type === 'number')) {
      command.option('--param-grad', 'add ∂y_i/∂θ for every numeric parameter θ (columns d_<parameter>, one per output)');
    }
  } else {
    command
      .option('--fields <list>', `columns to print, in order (comma-separated: ${FIELDS.join(',')}, second, third, d_<parameter>; default ${FIELDS.join(',')} and what --order and --param-grad add)`)
      .option('--order <n>', "the highest derivative: 1 (default), 2 adds f'' (column second), 3 adds f''' (third)")
      .option('--param-grad', 'add ∂f/∂θ for every numeric parameter θ (columns d_<parameter>, e.g. d_weight)')
      .option('--precision <digits>', 'print N significant digits instead of the shortest exact form')
      .addOption(
        new Option('--kink <side>', 'gradient at a kink: the right piece or the left piece').choices(['right', 'left']).default('right'),
      );
  }
  addInputOptions(command, definition.kind === 'vector');
  command
    .addOption(
      new Option('--dtype <dtype>', 'round x to this precision; results are the exact values rounded once to it (a tensor --file: its own dtype unless this is given)').choices(DTYPES).default('float64'),
    )
    .addOption(
      new Option('--like <framework[@version]>', `behave as this framework: its defaults, variant and kink gradients (an explicit --kink still wins); ${LIKE_CHOICES}`),
    )
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR is honoured too)');
  addParameterOptions(command, definition);
}

/** Where numbers come from besides the arguments: ranges, a file, and warnings about them. */
function addInputOptions(command: Command, vectors = false): void {
  command
    .option('--range <start:stop:step>', 'evaluate at START, START + STEP, … up to STOP (exact decimal steps, like seq)')
    .option('--linspace <start:stop:count>', 'evaluate at COUNT evenly spaced points from START to STOP')
    .option(
      '--file <path>',
      vectors
        ? "read the vectors from a file: one per line ('#' comment lines skipped), or a .npy or safetensors tensor (vectors along its last axis)"
        : "read the numbers from a file: text, CSV or TSV (a header line is skipped), '#' comments, a JSON array, or a .npy or safetensors tensor",
    )
    .option('--tensor <name>', 'with a tensor --file: the tensor (safetensors) or field (structured .npy) to read; not needed when it holds one');
  if (!vectors) command.option('--column <n|name>', 'with --file: the column to read, by number (from 1) or by its header name');
  command.option('--quiet', 'no warning when a literal overflows to ±Infinity or underflows to 0');
}

function functionCommand(definition: ActivationDefinition, record: (invocation: Invocation) => void): Command {
  const aliases = definition.aliases.length > 0 ? ` (alias: ${definition.aliases.join(', ')})` : '';
  const parameters = definition.parameters.length > 0 ? ` [${parameterSummary(definition)}]` : '';
  const command = new Command(definition.name)
    .summary(`${definition.summary}${parameters}${aliases}`)
    .description(
      definition.kind === 'vector'
        ? `${definition.summary}.\nThe numbers form one vector; on stdin (when none are given, or '-'), each line is one vector.`
        : `${definition.summary}: value and gradient at each number.\nNumbers come from the arguments, or from stdin (whitespace- or comma-separated) when none are given or '-' is.`,
    )
    .argument('[numbers...]', "numbers to evaluate (negative numbers need no '--'; inf, -inf and nan are accepted)")
    .helpGroup(FAMILY_HEADINGS[definition.family]);
  addEvaluationOptions(command, definition);
  // A function, so that the description is only built when help is shown.
  command.addHelpText(
    'after',
    () => '\n' + describeText(definition) + '\nExamples:\n' + functionExamples(definition).map((example) => `  $ ${example}`).join('\n'),
  );
  command.action(() => record({ kind: 'evaluate', definition, command }));
  return command;
}

/** What `act expr --help` says: the grammar in brief (the README has it whole). */
const EXPRESSION_HELP = 'an activation written as an expression in x, with its exact derivatives (forward-mode AD in double-double)';

/** The grammar in brief, after the options (preformatted: commander wraps only the description). */
const EXPRESSION_GRAMMAR = [
  '',
  'Grammar:',
  '  numbers (1.702, 1e-3, inf, nan), x, pi, e; + - * / ^ (right-associative), unary minus, parentheses;',
  '  exp expm1 log ln log1p sqrt sin cos tan tanh sinh cosh atan erf erfc abs min max pow;',
  '  every element-wise function by any of its names, parameters after a semicolon:',
  '    leaky_relu(x; negative_slope=0.2), gelu(x; approximate=tanh)',
  '  A decimal literal is the double nearest to it. At a kink of a function, and at a tie of min,',
  '  max or abs, the derivatives are one-sided, from the side --kink names (as x moves that way).',
].join('\n');


/** What `run` asks `buildProgram` for: which commands to build, and what they work on. */
export interface ProgramRequest {
  /** The command named first: of the other commands, only it is built (start-up time). */
  readonly command?: string;
  /** Build every function and command, for the help that lists them (`act --help`). */
  readonly everyFunction: boolean;
  /** The function named first: its leaf command is the only function built. */
  readonly only?: ActivationDefinition;
  readonly compared?: ElementwiseDefinition;
  readonly comparedExpression?: string;
  readonly plotted?: readonly ElementwiseDefinition[];
  readonly verified?: ElementwiseDefinition;
  readonly verifiedExpression?: string;
  readonly expression?: { readonly text: string; readonly definition: ElementwiseDefinition };
}

/** Builds the program: the commands `request` asks for, whose actions record the invocation. */
export function buildProgram(version: string, record: (invocation: Invocation) => void, request: ProgramRequest): Command {
  const { command, everyFunction, only, compared, comparedExpression, plotted = [], verified, verifiedExpression, expression } = request;
  const wanted = (name: string): boolean => everyFunction || command === name;
  const program = new Command('act')
    .description('act: values and gradients of activation functions, accurate to the last bit.')
    .usage('<function> [numbers...] [options]\n       act <command> [options]')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .helpCommand(false)
    .exitOverride();

  if (wanted('list')) {
    program
      .command('list')
      .helpGroup('Commands:')
      .description('every function: name, aliases, parameters with defaults, formula')
      .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
      .option('--json', 'the same as --format json')
      .addHelpText('after', '\nExamples:\n  $ act list\n  $ act list --json\n  $ act list --format csv')
      .action(function (this: Command) {
        record({ kind: 'list', format: chosenFormat(this, 'table') });
      });
  }

  if (wanted('describe')) {
    program
      .command('describe')
      .helpGroup('Commands:')
      .description('formula, derivative, parameters, kinks and their gradients, range, references')
      .argument('<function>', 'a function name or alias')
      .option('--json', 'print JSON')
      .addHelpText('after', '\nExamples:\n  $ act describe gelu\n  $ act describe leaky-relu --json')
      .action((name: string, options: { json?: boolean }) => record({ kind: 'describe', name, json: options.json === true }));
  }

  if (wanted('expr')) {
    // act expr "<expression>" [numbers…]: an expression evaluated like a function (src/expr).
    const expr = new Command('expr')
      .helpGroup('Commands:')
      .description(EXPRESSION_HELP)
      .argument('<expression>', 'an expression in x, e.g. "x*sigmoid(1.702*x)" (quote it for the shell)')
      .argument('[numbers...]', "numbers to evaluate (negative numbers need no '--'); stdin when none are given");
    // Before an expression is given (help, completion), the options of any expression: of x.
    addEvaluationOptions(expr, expression?.definition ?? compile('x').definition);
    expr
      .addHelpText('after', EXPRESSION_GRAMMAR + '\n\nExamples:\n  $ act expr "x*sigmoid(1.702*x)" -1 0 1 --order 2\n  $ act expr "leaky_relu(x; negative_slope=0.2)^2" --range -2:2:0.5 --format csv\n  $ act expr "max(x, 0)" 0 --kink left')
      .action(() => {
        if (expression) record({ kind: 'expr', expression: expression.text, definition: expression.definition, command: expr });
      });
    program.addCommand(expr);
  }

  if (wanted('compare')) {
    const compare = program
      .command('compare')
      .helpGroup('Commands:')
      .description("value and gradient as each framework computes them, side by side; * marks disagreements")
      .argument('[function]', 'an element-wise function (or --expr)')
      .argument('[numbers...]', "numbers to evaluate (negative numbers need no '--'); stdin when none are given")
      .option('--expr <expression>', 'compare this expression in x instead of a function, with each framework’s versions of the functions it calls')
      .option('--frameworks <list>', `which frameworks, comma-separated (default: every one that has the function; ${FRAMEWORKS.join(', ')})`)
      .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
      .option('--json', 'the same as --format json')
      .option('--precision <digits>', 'print N significant digits')
      .addOption(new Option('--dtype <dtype>', 'round x to this precision; results are the exact values rounded once to it').choices(DTYPES).default('float64'))
      .addOption(new Option('--kink <side>', 'override every framework’s kink gradients with one convention').choices(['right', 'left']))
      .option('--no-color', 'no colour')
      .addHelpText('after', '\nExamples:\n  $ act compare hardswish -3 0 3\n  $ act compare leaky_relu -1 0 --frameworks torch,jax\n  $ act compare gelu 1 --json')
      .action(() => {
        if (!compared) throw new UsageError("missing required argument 'function'", 'act compare <function> [numbers…], or act compare --expr "<expression>" [numbers…].');
        record({ kind: 'compare', definition: compared, command: compare, expression: comparedExpression });
      });
    addInputOptions(compare);
    if (compared) addParameterOptions(compare, compared);
  }

  if (wanted('plot')) {
    const plot = program
      .command('plot')
      .helpGroup('Commands:')
      .description('chart of f and f′ in the terminal (braille), or an SVG file with --svg')
      .argument('[functions...]', 'one or more element-wise functions, drawn on one chart')
      .option('--expr <expression>', 'also draw this expression in x (repeatable): act plot --expr "x*sigmoid(1.702*x)" gelu', (value: string, previous: string[]) => [...previous, value], [] as string[])
      .option('--from <x>', "left end of the x interval (default: the functions' own window)")
      .option('--to <x>', 'right end of the x interval')
      .option('--range <start:stop:step>', 'take the x interval from a range')
      .option('--linspace <start:stop:count>', 'take the x interval from a linspace')
      .addOption(new Option('--only <curve>', 'draw only one curve: the value, the gradient, or f″ (second) or f‴ (third)').choices(['value', 'gradient', 'second', 'third']))
      .option('--order <n>', "the highest derivative drawn: 1 (f and f′, the default), 2 (and f″) or 3 (and f‴)")
      .option('--width <n>', 'width in characters (SVG: pixels, default 800); default: the terminal width, else 80')
      .option('--height <n>', 'height in lines (SVG: pixels, default 500); default: the terminal height, else 24')
      .option('--svg <file>', "write an SVG chart to FILE ('-' for stdout) instead of drawing in the terminal")
      .addOption(new Option('--dtype <dtype>', 'draw what a kernel in this precision gives: x, value and gradient rounded to it (a staircase)').choices(DTYPES).default('float64'))
      .addOption(new Option('--kink <side>', 'gradient at a kink: the right piece or the left piece').choices(['right', 'left']))
      .addOption(new Option('--like <framework[@version]>', `behave as this framework; ${LIKE_CHOICES}`))
      .option('--no-color', 'no colour (curves are then told apart by dot pattern)')
      .addHelpText('after', '\nExamples:\n  $ act plot gelu\n  $ act plot relu gelu silu --from -3 --to 3\n  $ act plot hardswish --like torch --only gradient\n  $ act plot tanh --order 3 --svg plot.svg')
      .action(() => record({ kind: 'plot', definitions: plotted, command: plot }));
    // One option per flag spelling, whichever plotted functions share it (elu and celu --alpha;
    // leaky_relu's alias --alpha): it applies to every plotted function that takes it.
    const plotFlags = new Map<string, string[]>();
    for (const definition of plotted) {
      for (const parameter of definition.parameters) {
        for (const name of [parameter.name, ...(parameter.flagAliases ?? [])]) {
          const users = plotFlags.get(name) ?? [];
          if (!users.includes(definition.name)) users.push(definition.name);
          plotFlags.set(name, users);
        }
      }
    }
    for (const [name, users] of plotFlags) plot.addOption(new Option(`${flagOf(name)} <value>`, `parameter of ${users.join(', ')}`));
  }

  if (wanted('verify')) {
    const verify = program
      .command('verify')
      .helpGroup('Commands:')
      .description("check another implementation's outputs against act's: exit 0 when all match, 1 on a mismatch, 2 on bad input")
      .argument('[function]', 'an element-wise function (or --expr)')
      .option('--expr <expression>', 'check against this expression in x instead of a function: act verify --expr "x*tanh(softplus(x))" --file k.csv')
      .option('--file <file>', "rows of x,value[,gradient] as CSV/TSV (header optional; with a header also second, third, d_<parameter>), act's JSON, or NDJSON; '-' reads stdin; or a structured .npy or safetensors file with x and any of value, gradient, second, third, d_<parameter>")
      .option('--x <file>', 'a tensor file (.npy or safetensors) of the inputs, with --value and/or --gradient')
      .option(`${VERIFY_VALUE_FLAG} <file>`, 'a tensor file of the values computed at --x, element by element')
      .option(`${VERIFY_GRADIENT_FLAG} <file>`, 'a tensor file of the gradients computed at --x')
      .addOption(new Option('--input-format <format>', 'the format of the file (default: from its extension, else detected)').choices(INPUT_FORMATS))
      .option('--ulps <n>', "allowed distance in ulps of the dtype (default: 2, unless only --rtol/--atol are given)")
      .option('--rtol <r>', 'allowed relative error: |got − expected| ≤ atol + rtol·|expected|')
      .option('--atol <a>', 'allowed absolute error')
      .option('--worst <n>', 'how many of the worst mismatches to list', '10')
      .addOption(new Option('--dtype <dtype>', 'compare against the correctly rounded answer in this precision').choices(DTYPES).default('float64'))
      .addOption(new Option('--kink <side>', 'gradient at a kink').choices(['right', 'left']))
      .addOption(new Option('--like <framework[@version]>', `expect this framework's defaults and kink gradients; ${LIKE_CHOICES}`))
      .option('--json', 'print the report as JSON')
      .option('--no-color', 'no colour')
      .addHelpText(
        'after',
        "\nExamples:\n  $ act relu --range -2:2:0.5 --format csv > relu.csv && act verify relu --file relu.csv --ulps 0\n  $ act gelu --linspace -3:3:7 --dtype float32 --json | act verify gelu --file - --input-format json --dtype float32\n  $ printf 'x,value\\n1,0.8413447460685429\\n' | act verify gelu --file - --atol 1e-12\n  $ act gelu --linspace -3:3:7 --dtype bfloat16 --format npy --output y.npy && act verify gelu --file y.npy --dtype bfloat16 --ulps 0\n  $ printf 'x,second,d_beta\\n1,0.10012433738941381,0.10499358540350652\\n' | act verify swish --beta 2 --file -",
      )
      .action(() => {
        if (!verified) throw new UsageError("missing required argument 'function'", 'act verify <function> --file F, or act verify --expr "<expression>" --file F.');
        record({ kind: 'verify', definition: verified, command: verify, expression: verifiedExpression });
      });
    // A parameter whose flag is one of verify's own (threshold's --value) is --param-<name> here.
    if (verified) addParameterOptions(verify, verified, (flag) => (verify.options.some((option) => option.long === flag) ? `--param-${flag.slice(2)}` : flag));
  }

  if (wanted('completion')) {
    program
      .command('completion')
      .helpGroup('Commands:')
      .description('print a shell completion script (static, generated from the catalogue)')
      .argument('<shell>', 'bash, zsh or fish')
      .addHelpText('after', "\nExamples:\n  $ act completion bash > /dev/null\n  $ act completion fish > /dev/null\n\nInstall: see the README ('Shell completion').")
      .action((shell: string) => record({ kind: 'completion', shell }));
  }


  // Every function's command only for the help that lists them (start-up of --version, list, …).
  for (const definition of only ? [only] : everyFunction ? CATALOGUE : []) program.addCommand(functionCommand(definition, record));

  program.addHelpText(
    'after',
    '\nFunction names are case-insensitive; - and _ are interchangeable (leaky-relu, LeakyReLU).\n' +
      "Run 'act <function> --help' (or 'act help <function>') for its formula, parameters and kinks.\n\n" +
      'Common options of every function:\n' +
      '  --format table|json|ndjson|csv|tsv, --json    output format (--fields x,value,gradient to choose columns)\n' +
      '  --format npy|safetensors [--output FILE]      tensors in the working dtype and the input\'s shape\n' +
      '  --precision N                                N significant digits for value and gradient\n' +
      '  --range START:STOP:STEP, --linspace A:B:N     generated inputs\n' +
      '  --file PATH [--column N|NAME]                 inputs from a text, CSV/TSV or JSON file\n' +
      '  --file x.npy|x.safetensors [--tensor NAME]    inputs from a tensor file (its dtype unless --dtype)\n' +
      '  --dtype float32|float16|bfloat16              what a kernel in that precision should output\n' +
      `  --like FRAMEWORK[@VERSION]                    behave as that framework: ${FRAMEWORKS.join(', ')}\n` +
      '  --kink right|left, --quiet, --no-color\n\nExamples:\n' +
      EXAMPLES.map((example) => `  $ ${example}`).join('\n') +
      '\n\nExit codes: 0 success, 1 verify found a mismatch, 2 usage error, 74 output could not be written,\n130/143 interrupted.',
  );
  return program;
}
