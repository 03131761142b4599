// Builds the CLI as one CommonJS bundle (fast start-up) with a V8 code cache for it, and the
// library as ESM with .d.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

// A fresh clone installed with `npm install -g .` runs this `prepare` step before anything is in
// node_modules: the build tools (devDependencies, pinned by package-lock.json) are installed first.
if (!existsSync('node_modules/esbuild') || !existsSync('node_modules/typescript')) {
  process.stderr.write('act: installing the build tools (devDependencies) to build act\n');
  // Not as part of the outer (global) install: without its npm_config_* settings.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')));
  execFileSync('npm', ['ci', '--ignore-scripts', '--include=dev', '--no-audit', '--no-fund'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync(process.execPath, ['node_modules/esbuild/install.js'], { stdio: 'inherit' });
}
const { build } = await import('esbuild');

// commander loads child_process (and with it net and dgram: 7.5 ms of start-up) for executable
// subcommands, which act does not use: in the bundle, commander's child_process is an empty module.
const stubCommanderChildProcess = {
  name: 'stub-commander-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'act-stub' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'act-stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

// chalk's supports-color loads node:tty (and with it net and the streams: ~6 ms) and node:os at
// import time to guess a default colour level. act always passes its own level (--color,
// NO_COLOR, FORCE_COLOR, whether stdout is a terminal: options.ts colorLevel), so the guess is
// unused: in the bundle, supports-color sees isatty() false and an empty os.release().
const stubSupportsColorModules = {
  name: 'stub-supports-color-modules',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(tty|os)$/ }, (args) =>
      /[\\/]supports-color[\\/]/.test(args.importer) || /[\\/]chalk[\\/]/.test(args.importer) ? { path: args.path.replace('node:', ''), namespace: 'act-stub-color' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'act-stub-color' }, (args) => ({
      contents: args.path === 'tty' ? 'export default { isatty: () => false };' : "export default { release: () => '' };",
      loader: 'js',
    }));
  },
};

// Modules that only some runs need are made when first used, not at every start-up: decimal.js (the
// slow path's arbitrary precision, behind a getter; a file of its own, dist/decimal.cjs, so that
// start-up does not even read it) and stdlib's erf and erfc with the dozen small modules they
// require (gelu and its kin, behind a function that loads them on its first call).
const LAZY_MODULES = {
  'decimal.js': "let loaded; module.exports = { get Decimal() { return (loaded ??= require(__dirname + '/decimal.cjs')).Decimal; } };",
  '@stdlib/math-base-special-erf': "let loaded; module.exports = (x) => (loaded ??= require('@stdlib/math-base-special-erf'))(x);",
  '@stdlib/math-base-special-erfc': "let loaded; module.exports = (x) => (loaded ??= require('@stdlib/math-base-special-erfc'))(x);",
};
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    const names = new RegExp(`^(${Object.keys(LAZY_MODULES).map((name) => name.replace(/[.]/g, '\\.')).join('|')})$`);
    build.onResolve({ filter: names }, (args) => (args.namespace === 'act-lazy' ? undefined : { path: args.path, namespace: 'act-lazy' }));
    build.onLoad({ filter: /.*/, namespace: 'act-lazy' }, (args) => ({ contents: LAZY_MODULES[args.path], loader: 'js', resolveDir: process.cwd() }));
  },
};

/**
 * A copy of catalogue.ts that registers only the definitions imported from one module of
 * src/core/functions: a bundle built with it leaves the other families' code out.
 */
function restrictedCatalogue(source, module) {
  const imports = [...source.matchAll(/^import \{([^}]*)\} from '\.\/functions\/([\w-]+)\.ts';\n/gm)];
  const own = imports.find((match) => match[2] === module);
  const list = /export const CATALOGUE: readonly ActivationDefinition\[\] = \[([^\]]*)\];/.exec(source);
  if (!own || !list) throw new Error(`build: catalogue.ts no longer has the shape restrictedCatalogue expects (module ${module})`);
  const names = own[1].split(',').map((name) => name.trim());
  let text = source;
  for (const match of imports) if (match !== own) text = text.replace(match[0], '');
  const kept = list[1].replace(/\/\/.*$/gm, '').split(',').map((name) => name.trim()).filter((name) => names.includes(name));
  return text.replace(list[0], `export const CATALOGUE: readonly ActivationDefinition[] = [${kept.join(', ')}];`);
}

/** The family modules that catalogue.ts registers definitions from. */
function familyModules(source) {
  return [...source.matchAll(/^import \{[^}]*\} from '\.\/functions\/([\w-]+)\.ts';$/gm)].map((match) => match[1]);
}

const onlyFamily = (module) => ({
  name: 'only-family',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]core[\\/]catalogue\.ts$/ }, (args) => ({ contents: restrictedCatalogue(readFileSync(args.path, 'utf8'), module), loader: 'ts' }));
  },
});

/**
 * Modules left out of a bundle that never runs them (paths under src/): each function they export
 * throws (an internal error, exit 70, which the routing tests would catch).
 */
const withoutModules = (files) => ({
  name: 'without-modules',
  setup(build) {
    const pattern = new RegExp(`[\\\\/]src[\\\\/](${files.map((file) => file.replace(/[./]/g, (character) => (character === '.' ? '\\.' : '[\\\\/]'))).join('|')})$`);
    build.onLoad({ filter: pattern }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const functions = [...source.matchAll(/^export (?:async )?function\*? (\w+)/gm)].map((match) => match[1]);
      const reexported = [...source.matchAll(/^export \{([^}]*)\} from/gm)].flatMap((match) =>
        match[1].split(',').map((name) => name.trim()).filter((name) => name && !name.startsWith('type ')).map((name) => name.split(/\s+as\s+/).pop()),
      );
      const file = args.path.replace(/.*[\\/]src[\\/]/, '');
      return { contents: [...functions, ...reexported].map((name) => `export function ${name}() { throw new Error('${file} is not in this bundle of act'); }`).join('\n'), loader: 'js' };
    });
  },
});

/** Commands that a bundle for `act <function> …` or `act list` never runs. */
const OTHER_COMMANDS = ['cli/verify-command.ts', 'cli/plot-command.ts', 'cli/compare-command.ts', 'cli/completion.ts', 'expr/index.ts'];

const COMMONJS = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, legalComments: 'none', logLevel: 'warning' };

async function bundle(outfile, plugins = []) {
  await build({
    ...COMMONJS,
    plugins: [stubCommanderChildProcess, stubSupportsColorModules, lazyModules, ...plugins],
    entryPoints: ['src/cli/entry.ts'],
    outfile,
    // The module wrapper is part of the file: bin/act.js compiles it as it is, where wrapping it at
    // start-up would copy the whole source once more (a flattened string: a young-generation
    // collection of its own).
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
  });
  // bin/act.js reads the bundle as Latin-1, which V8 keeps as a one-byte string (a single non-ASCII
  // character, even inside a regular expression that esbuild leaves as written, makes it two-byte:
  // twice the memory to read and scan at every start-up).
  const nonAscii = /[^\t\n\r\x20-\x7e]/.exec(readFileSync(outfile, 'latin1'));
  if (nonAscii) throw new Error(`${outfile} must be ASCII: found ${JSON.stringify(nonAscii[0])} at ${nonAscii.index} (write it as a \\u escape)`);
}

/**
 * Records the bundle's code cache (V8's compiled form of it after a warm-up run: bin/act.js hands
 * it to V8, which checks it against the source and its own version and ignores it if stale) and
 * returns the functions the bundle knows.
 */
function codeCache(file, warmUp) {
  return JSON.parse(execFileSync(process.execPath, ['scripts/code-cache.cjs', file, warmUp], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' }));
}

rmSync('dist', { recursive: true, force: true });
// dist/act.cjs runs everything. Start-up time grows with the code a run loads (reading it, V8's
// cache of it, its modules' top level), so `act <function> …` loads a bundle that registers only
// that function's family (dist/act-<family>.cjs), and `act list` one without the other commands;
// bin/act.js picks it with dist/routes.json, and anything else goes to dist/act.cjs.
await build({ ...COMMONJS, stdin: { contents: "module.exports = require('decimal.js');", resolveDir: process.cwd() }, outfile: 'dist/decimal.cjs' });
await bundle('dist/act.cjs');
codeCache('dist/act.cjs', 'all');
const routes = {};
await bundle('dist/act-list.cjs', [withoutModules([...OTHER_COMMANDS, 'cli/evaluate-command.ts', 'cli/vector-command.ts'])]);
codeCache('dist/act-list.cjs', 'list');
routes.list = 'act-list.cjs';
for (const module of familyModules(readFileSync('src/core/catalogue.ts', 'utf8'))) {
  const file = `act-${module}.cjs`;
  // A family without vector functions never runs the vector command (and the vector family no
  // element-wise one): run.ts picks the command from the function's kind (routes.test.ts runs every
  // function through its bundle).
  const command = module === 'vector' ? 'cli/evaluate-command.ts' : 'cli/vector-command.ts';
  await bundle(`dist/${file}`, [onlyFamily(module), withoutModules([...OTHER_COMMANDS, command])]);
  for (const entry of codeCache(`dist/${file}`, 'functions')) {
    for (const key of entry.keys) {
      if (routes[key] && routes[key] !== file) throw new Error(`build: '${key}' (${entry.name}) would go to both ${routes[key]} and ${file}`);
      routes[key] = file;
    }
  }
}
writeFileSync('dist/routes.json', JSON.stringify(routes));
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });
