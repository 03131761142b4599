// Builds the CLI as one CommonJS bundle (fast start-up) with a V8 code cache for it, and the
// library as ESM with .d.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

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
// slow path's arbitrary precision, behind a getter) and stdlib's erf and erfc with the dozen small
// modules they require (gelu and its kin, behind a function that loads them on its first call).
const LAZY_MODULES = {
  'decimal.js': "let loaded; module.exports = { get Decimal() { return (loaded ??= require('decimal.js')).Decimal; } };",
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

rmSync('dist', { recursive: true, force: true });
await build({
  plugins: [stubCommanderChildProcess, stubSupportsColorModules, lazyModules],
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/act.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // The module wrapper is part of the file: bin/act.js compiles it as it is, where wrapping it at
  // start-up would copy the whole source once more (a flattened string: a young-generation
  // collection of its own).
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
});
// bin/act.js reads the bundle as Latin-1, which V8 keeps as a one-byte string (a single non-ASCII
// character, even inside a regular expression that esbuild leaves as written, makes it two-byte:
// twice the memory to read and scan at every start-up).
const nonAscii = /[^\t\n\r\x20-\x7e]/.exec(readFileSync('dist/act.cjs', 'latin1'));
if (nonAscii) throw new Error(`dist/act.cjs must be ASCII: found ${JSON.stringify(nonAscii[0])} at ${nonAscii.index} (write it as a \\u escape)`);
// The code cache is V8's compiled form of the bundle after a warm-up run; bin/act.js hands it
// to V8, which checks it against the source and its own version and ignores it if stale.
execFileSync(process.execPath, ['scripts/code-cache.cjs', 'dist/act.cjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });
