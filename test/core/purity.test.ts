/** The core is pure math, and importing the library does nothing. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/cli.ts';

function files(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
  );
}

describe('purity', () => {
  it('src/core imports nothing from the CLI, node:, commander or chalk (only math libraries), and touches no process or console', () => {
    for (const file of files(join(ROOT, 'src/core'))) {
      const source = readFileSync(file, 'utf8');
      for (const [, specifier] of source.matchAll(/from\s+'([^']+)'/g)) {
        assert.ok(!/^(node:|commander|chalk)|\/cli\//.test(specifier), `${file} imports ${specifier}`);
        assert.ok(specifier.startsWith('.') || specifier.startsWith('@stdlib/') || specifier === 'decimal.js', `${file} imports ${specifier}`);
      }
      assert.doesNotMatch(source, /\b(process|console|require)\s*[.(]/, file);
    }
  });

  it('src/expr imports only src/core (and itself), and touches no process or console; no eval or Function', () => {
    for (const file of files(join(ROOT, 'src/expr'))) {
      const source = readFileSync(file, 'utf8');
      for (const [, specifier] of source.matchAll(/from\s+'([^']+)'/g)) {
        assert.ok(/^\.\/|^\.\.\/core\//.test(specifier), `${file} imports ${specifier}`);
      }
      assert.doesNotMatch(source, /\b(process|console|require)\s*[.(]/, file);
      assert.doesNotMatch(source, /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(/, file);
    }
  });

  it('importing the built library has no side effects (no output, no listeners, no globals)', () => {
    const script = `
      const before = Object.keys(globalThis).length;
      const listeners = process.listenerCount('exit') + process.listenerCount('SIGINT');
      const library = await import(${JSON.stringify(join(ROOT, 'dist/lib/index.js'))});
      const after = Object.keys(globalThis).length;
      console.log(JSON.stringify({ globals: after - before, listeners: process.listenerCount('exit') + process.listenerCount('SIGINT') - listeners, relu: library.getActivation('relu').value(-1) }));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(result.stderr, '');
    assert.deepEqual(JSON.parse(result.stdout), { globals: 0, listeners: 0, relu: 0 });
  });
});
