/** `act list`, `act describe` and the per-function help: all generated from the catalogue. */
import { CATALOGUE, flagOf } from '../core/catalogue.ts';
import type { ActivationDefinition, ElementwiseDefinition, Kink, ParameterSpec, Params, VectorDefinition } from '../core/types.ts';
import { resolveParams } from '../core/catalogue.ts';
import { defaultText, formatNumber, parameterSummary, wrapText } from './format.ts';
import { getActivation } from '../core/evaluate.ts';
import { accuracyOf, higherAccuracyOf, higherNearRootWindows, isCorrectlyRounded, nearRootWindow, type FormatClaim } from '../core/accuracy.ts';
import { functionFacts, FRAMEWORK_LABELS, FRAMEWORK_VERSIONS, FRAMEWORKS, frameworkFacts, type Framework } from '../core/frameworks.ts';

function defaultKinks(definition: ActivationDefinition): readonly Kink[] {
  return definition.kind === 'elementwise' ? definition.kinks(resolveParams(definition)) : [];
}

function kinkJson(kink: Kink): Record<string, number | boolean> {
  return { at: kink.at, left: kink.left, right: kink.right, ...(kink.jump ? { jump: true } : {}) };
}

function parameterJson(parameter: ParameterSpec): Record<string, unknown> {
  return {
    name: parameter.name,
    flag: flagOf(parameter.name),
    flagAliases: (parameter.flagAliases ?? []).map(flagOf),
    type: parameter.type,
    default: parameter.default,
    ...(parameter.type === 'choice' ? { choices: parameter.choices } : {}),
    description: parameter.description,
  };
}

/** The gradient each framework returns at each kink, at the framework's default parameters. */
function frameworkKinks(definition: ActivationDefinition, framework: Framework, version: string): Array<{ at: number; gradient: number }> {
  if (definition.kind !== 'elementwise') return [];
  const activation = getActivation(definition.name, {}, { like: { framework, version } });
  const points = new Set<number>(activation.kinks.map((kink) => kink.at));
  for (const fact of frameworkFacts(definition.name, framework, version)?.kinks ?? []) if (fact.at) points.add(fact.at(activation.params));
  return [...points].map((at) => ({ at, gradient: activation.gradient(at) }));
}

function frameworksJson(definition: ActivationDefinition): Record<string, unknown> {
  const entries = FRAMEWORKS.map((framework) => {
    const facts = frameworkFacts(definition.name, framework);
    if (!facts) return [framework, { available: false, closest: functionFacts(definition.name)?.closest?.[framework] ?? null }];
    const versionJson = (version: string): Record<string, unknown> => {
      const atVersion = frameworkFacts(definition.name, framework, version)!;
      return {
        version,
        kinkGradients: frameworkKinks(definition, framework, version),
        gradientsAtKinks: atVersion.kinks ? 'framework' : 'act convention (--kink)',
        note: atVersion.note ?? null,
        evidence: atVersion.evidence,
      };
    };
    const [newest, ...older] = FRAMEWORK_VERSIONS[framework];
    return [
      framework,
      {
        available: true,
        names: facts.names,
        defaults: facts.defaults ?? {},
        ...versionJson(newest),
        older: older.filter((version) => facts.older?.[version]).map(versionJson),
      },
    ];
  });
  return Object.fromEntries(entries);
}

const KERAS_NOTE = "Keras 3 has no autodiff of its own: --like keras uses Keras 3's definitions and defaults with the TensorFlow backend's gradients.";

function frameworkLines(definition: ActivationDefinition): string[] {
  const lines = ['', 'Frameworks (--like; [src] read in the source, [run] executed, [derived] worked out from source rules, [doc] documented):'];
  for (const framework of FRAMEWORKS) {
    const facts = frameworkFacts(definition.name, framework);
    const label = `  ${framework.padEnd(10)} `;
    if (!facts) {
      const closest = functionFacts(definition.name)?.closest?.[framework];
      lines.push(`${label}not in ${FRAMEWORK_LABELS[framework]}${closest ? ` (closest: ${closest})` : ''}`);
      continue;
    }
    const defaults = Object.entries(facts.defaults ?? {}).map(([name, value]) => `${name}=${typeof value === 'number' ? formatNumber(value) : String(value)}`);
    for (const version of FRAMEWORK_VERSIONS[framework]) {
      const atVersion = frameworkFacts(definition.name, framework, version)!;
      if (version !== FRAMEWORK_VERSIONS[framework][0] && !facts.older?.[version]) continue;
      const kinks = frameworkKinks(definition, framework, version).map((kink) => `f′(${formatNumber(kink.at)}) = ${formatNumber(kink.gradient)}`);
      lines.push(
        `${label}${version} ${atVersion.names.join(', ')} [${atVersion.evidence}]` +
          (defaults.length ? `; defaults ${defaults.join(', ')}` : '') +
          (kinks.length ? `; ${kinks.join(', ')}${atVersion.kinks ? '' : ' (no framework gradient: --kink convention)'}` : '') +
          (atVersion.note ? ` — ${atVersion.note}` : ''),
      );
    }
  }
  if (frameworkFacts(definition.name, 'keras')) lines.push(`  ${KERAS_NOTE}`);
  return lines;
}

/** The machine-readable description of one definition (the schema is documented in the README). */
export function describeJson(definition: ActivationDefinition): Record<string, unknown> {
  return {
    name: definition.name,
    aliases: definition.aliases,
    kind: definition.kind,
    family: definition.family,
    summary: definition.summary,
    formula: definition.formula,
    derivative: definition.derivativeFormula,
    parameters: definition.parameters.map(parameterJson),
    kinks: defaultKinks(definition).map(kinkJson),
    properties: definition.kind === 'elementwise' ? definition.properties : { output: definition.output },
    references: definition.references,
    frameworks: frameworksJson(definition),
    ...(definition.kind === 'vector' ? { infinities: definition.infinities } : {}),
    accuracy: accuracyJson(definition),
  };
}

/** The measured accuracy at the default parameters, with the near-root window computed for them. */
function accuracyJson(definition: ActivationDefinition): Record<string, unknown> | null {
  const claim = accuracyOf(definition);
  if (!claim || definition.kind !== 'elementwise') return null;
  const window = nearRootWindowAt(definition, resolveParams(definition));
  const format = (figures: FormatClaim) => ({ value: figures.value, gradient: figures.gradient, measuredPoints: figures.points });
  return {
    correctlyRounded: isCorrectlyRounded(claim),
    unit: 'ulp',
    ...format(claim),
    dtypes: { float32: format(claim.float32), float16: format(claim.float16), bfloat16: format(claim.bfloat16) },
    nearRoot: window && claim.nearRootPoints !== undefined ? { window, measuredPoints: claim.nearRootPoints, note: definition.nearRoot!.note } : null,
    higher: higherAccuracyJson(definition),
  };
}

function higherAccuracyJson(definition: ElementwiseDefinition): Record<string, unknown> | null {
  const claim = higherAccuracyOf(definition);
  if (!claim) return null;
  const params = resolveParams(definition);
  return {
    unit: 'ulp',
    second: claim.second,
    third: claim.third,
    parameters: claim.parameters,
    measuredPoints: claim.points,
    nearRoot: claim.nearRoot
      ? {
          unit: 'ulp of the largest term',
          second: claim.nearRoot.second,
          third: claim.nearRoot.third,
          measuredPoints: claim.nearRoot.points,
          windows: { second: higherNearRootWindows(definition, params, 2), third: higherNearRootWindows(definition, params, 3) },
        }
      : null,
  };
}

function nearRootWindowAt(definition: ElementwiseDefinition, params: Params): readonly [number, number] | undefined {
  return nearRootWindow(definition, params, definition.create(params, 'right').derivative);
}

export function listJson(): string {
  return JSON.stringify(
    CATALOGUE.map((definition) => ({
      name: definition.name,
      aliases: definition.aliases,
      kind: definition.kind,
      family: definition.family,
      summary: definition.summary,
      parameters: definition.parameters.map((parameter) => ({ name: parameter.name, default: parameter.default })),
      formula: definition.formula,
      accuracy: accuracyJson(definition),
    })),
    null,
    2,
  ) + '\n';
}

/**
 * `act list` for a terminal `width` characters wide: one table row per function where it fits,
 * else the long form — the name with its aliases and parameters, then the formula indented — with
 * every line wrapped to the width.
 */
export function listText(width = Infinity): string {
  const rows = CATALOGUE.map((definition) => [definition.name, definition.aliases.join(', '), parameterSummary(definition), definition.formula]);
  const headings = ['function', 'aliases', 'parameters', 'formula'];
  const widths = headings.map((heading, column) => rows.reduce((most, row) => Math.max(most, row[column].length), heading.length));
  const tableWidth = widths.reduce((total, value) => total + value + 2, -2);
  if (tableWidth <= width) {
    const line = (cells: string[]): string => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd() + '\n';
    return line(headings) + rows.map(line).join('');
  }
  let text = '';
  for (const [name, aliases, parameters, formula] of rows) {
    const head = [name, aliases ? `(also ${aliases})` : '', parameters].filter(Boolean).join('  ');
    for (const line of wrapText(head, width, 4)) text += line + '\n';
    for (const line of wrapText(`f(x) = ${formula}`, width - 4, 4)) text += '    ' + line.trimStart().padStart(0) + '\n';
  }
  return text;
}

/** `act list --format csv|tsv|ndjson`: one record per function. */
export function listRecords(format: 'csv' | 'tsv' | 'ndjson'): string {
  if (format === 'ndjson') return (JSON.parse(listJson()) as Array<Record<string, unknown>>).map((record) => JSON.stringify(record)).join('\n') + '\n';
  const separator = format === 'csv' ? ',' : '\t';
  // CSV quotes every field that holds a comma, a quote or a newline; TSV has no tabs to escape.
  const field = (text: string): string => (format === 'csv' && /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text.replace(/\t/g, ' '));
  const lines = ['name,aliases,kind,family,parameters,formula'.split(',').join(separator)];
  for (const record of CATALOGUE) {
    lines.push(
      [record.name, record.aliases.join(' '), record.kind, record.family, parameterSummary(record), record.formula].map(field).join(separator),
    );
  }
  return lines.join('\n') + '\n';
}

function kinkLines(definition: ElementwiseDefinition, params: Params): string[] {
  const kinks = definition.kinks(params);
  if (kinks.length === 0) return ['  none: differentiable everywhere'];
  return kinks.map(
    (kink) =>
      `  x = ${formatNumber(kink.at)}: gradient ${formatNumber(kink.right)} with --kink right (default), ` +
      `${formatNumber(kink.left)} with --kink left${kink.jump ? ' (the value jumps here)' : ''}`,
  );
}

function elementwiseLines(definition: ElementwiseDefinition, params: Params): string[] {
  return [
    '',
    'Kinks (default parameters):',
    ...kinkLines(definition, params),
    '',
    'Properties:',
    `  range ${definition.properties.range}; ${definition.properties.monotonicity}; ` +
      `${definition.properties.parity === 'none' ? 'neither odd nor even' : definition.properties.parity}`,
    ...accuracyLines(definition, params),
    ...higherAccuracyLines(definition, params),
  ];
}

/** The measured accuracy of f″, f‴ and ∂f/∂θ, with the windows around the roots where the mixed bound applies. */
function higherAccuracyLines(definition: ElementwiseDefinition, params: Params): string[] {
  const claim = higherAccuracyOf(definition);
  if (!claim) return [];
  const ulps = (n: number): string => (n === 0 ? '0 ulp' : `≤ ${formatNumber(n)} ulp`);
  const parameters = Object.entries(claim.parameters).map(([name, worst]) => `∂f/∂${name} ${ulps(worst)}`);
  const lines = [
    '',
    `Higher derivatives (--order 2|3, --param-grad; measured on ${claim.points.toLocaleString('en')} mpmath reference points over the whole double line):`,
    `  f″ ${ulps(claim.second)}, f‴ ${ulps(claim.third)}${parameters.length ? `; ${parameters.join(', ')}` : ''}`,
  ];
  if (claim.nearRoot) {
    const windows = ([2, 3] as const).flatMap((order) =>
      higherNearRootWindows(definition, params, order).map((window) => `${order === 2 ? 'f″' : 'f‴'} in [${window.map((v) => formatNumber(v)).join(', ')}]`),
    );
    lines.push(
      `  near the roots (${windows.join('; ')}), where |f⁽ⁿ⁾| < 2^-20 × the largest term of its formula: within ${formatNumber(Math.max(claim.nearRoot.second, claim.nearRoot.third))} ulp of that term (${claim.nearRoot.points} points)`,
    );
  }
  return lines;
}

function accuracyLines(definition: ElementwiseDefinition, params: Params): string[] {
  const claim = accuracyOf(definition);
  if (!claim) return [];
  const window = nearRootWindowAt(definition, params);
  const count = (n: number): string => n.toLocaleString('en');
  const lower = `${count(claim.float32.points)} float32, ${count(claim.float16.points)} float16 and ${count(claim.bfloat16.points)} bfloat16`;
  const nearRoot = window && claim.nearRootPoints !== undefined
    ? [`  ${definition.nearRoot!.note}; ${count(claim.nearRootPoints)} of the points lie in [${window.map((v) => formatNumber(v)).join(', ')}], where |f′| < 2^-20 × its largest term`]
    : [];
  if (isCorrectlyRounded(claim)) {
    return [
      '',
      'Accuracy: correctly rounded. Value and gradient are the exact result rounded once to the dtype:',
      `  0 ulp on all ${count(claim.points)} float64 mpmath reference points over the whole double line, and on ${lower} points (--dtype)`,
      ...nearRoot,
    ];
  }
  const ulps = (n: number): string => (n === 0 ? '0 ulp' : `≤ ${formatNumber(n)} ulp`);
  return [
    '',
    `Accuracy (measured on ${count(claim.points)} mpmath reference points over the whole double line):`,
    `  value ${ulps(claim.value)}, gradient ${ulps(claim.gradient)}; with --dtype: ${lower} points`,
    ...nearRoot,
  ];
}

function vectorLines(definition: VectorDefinition): string[] {
  return [
    '',
    'Input and output:',
    "  The numbers on the command line form one vector; on stdin each line is one vector.",
    definition.output === 'scalar'
      ? '  One output; the gradient column is ∂y/∂x_i.'
      : "  The gradient column is the Jacobian's diagonal ∂y_i/∂x_i; --jacobian prints the whole matrix,\n  --upstream g1,g2,… adds the vector–Jacobian product gᵀJ that backpropagation computes.",
    '',
    'Infinite entries:',
    `  ${definition.infinities}`,
  ];
}

/** The human description, used by `act describe` and at the end of `act <function> --help`. */
export function describeText(definition: ActivationDefinition): string {
  const params = resolveParams(definition);
  const lines = [
    `${definition.name}: ${definition.summary}`,
    ...(definition.aliases.length > 0 ? [`  aliases: ${definition.aliases.join(', ')}`] : []),
    '',
    'Formula:',
    ...(definition.kind === 'elementwise'
      ? [`  f(x)  = ${definition.formula}`, `  f′(x) = ${definition.derivativeFormula}`]
      : [`  ${definition.formula}`, `  Jacobian: ${definition.derivativeFormula}`]),
    '',
    'Parameters:',
    ...(definition.parameters.length === 0
      ? ['  none']
      : definition.parameters.map((parameter) => {
          const aliases = (parameter.flagAliases ?? []).map(flagOf);
          const choices = parameter.type === 'choice' ? ` (one of ${parameter.choices.join(', ')})` : '';
          return `  ${flagOf(parameter.name)}${aliases.length ? ` (alias ${aliases.join(', ')})` : ''}: ${parameter.description}${choices}; default ${defaultText(parameter)}`;
        })),
    ...(definition.kind === 'elementwise' ? elementwiseLines(definition, params) : vectorLines(definition)),
    ...frameworkLines(definition),
    '',
    'References:',
    ...definition.references.map((reference) => `  ${reference.citation}${reference.url ? ` ${reference.url}` : ''}`),
  ];
  return lines.join('\n') + '\n';
}


function kinkSummary(definition: ActivationDefinition): string {
  const kinks = defaultKinks(definition);
  if (kinks.length === 0) return '';
  return kinks
    .map((kink) => `${formatNumber(kink.at)}: ${formatNumber(kink.right)} / ${formatNumber(kink.left)}${kink.jump ? ' (jump)' : ''}`)
    .join('; ');
}

function accuracySummary(definition: ActivationDefinition): string {
  if (definition.kind === 'vector') return '';
  const claim = accuracyOf(definition);
  if (!claim) return '';
  if (isCorrectlyRounded(claim)) return 'correctly rounded';
  return `${claim.value} / ${claim.gradient}`;
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|');

/** The README's catalogue table, generated so that it cannot drift from the definitions. */
export function catalogueMarkdown(): string {
  const rows = CATALOGUE.map((definition) =>
    [
      definition.name,
      definition.aliases.join(', '),
      definition.formula,
      definition.parameters.map((parameter) => `${parameter.name} (${defaultText(parameter)})`).join(', '),
      kinkSummary(definition),
      accuracySummary(definition),
    ].map(escapeCell),
  );
  return [
    '| function | aliases | f(x) | parameters (default) | kinks at default: gradient right / left | accuracy, every dtype (worst ulp: value / gradient) |',
    '|---|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n') + '\n';
}
