// Builds the CLI as one CommonJS bundle (fast start-up) with a V8 code cache for it, and the
// library as ESM with .d.ts.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/act.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
// The code cache is V8's compiled form of the bundle after a warm-up run; bin/act.js hands it
// to V8, which checks it against the source and its own version and ignores it if stale.
execFileSync(process.execPath, ['scripts/code-cache.cjs', 'dist/act.cjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });
