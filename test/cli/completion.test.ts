/** Shell completion scripts: syntax, and bash completing names and flags without starting Node. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runAct } from '../helpers/cli.ts';

const directory = mkdtempSync(join(tmpdir(), 'act-completion-'));
const script = (shell: string): string => {
  const result = runAct(['completion', shell]);
  assert.equal(result.code, 0, result.stderr);
  const file = join(directory, `act.${shell}`);
  writeFileSync(file, result.stdout);
  return file;
};
const available = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/** What bash's _act offers for the words typed so far (the last one being completed). */
function complete(words: string[]): string[] {
  const file = script('bash');
  const quoted = words.map((word) => `'${word}'`).join(' ');
  // An empty PATH: completing must need nothing but bash's builtins (no act, no node).
  const result = spawnSync('/bin/bash', ['--norc', '--noprofile', '-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _act; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8', env: { PATH: '' } });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().split('\n').filter(Boolean);
}

describe('act completion', () => {
  it('bash -n accepts the bash script (and zsh -n, fish -n theirs, where those shells are installed)', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const file = script(shell);
      if (shell !== 'bash' && !available(shell)) continue;
      const check = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      assert.equal(check.status, 0, `${shell} -n: ${check.stderr}`);
    }
  });

  it('bash completes act le<TAB> to leaky_relu, with no Node on the PATH', () => {
    assert.deepEqual(complete(['act', 'le']), ['leaky_relu']);
  });

  it("bash completes act leaky_relu --<TAB> to its flags, parameters included", () => {
    const flags = complete(['act', 'leaky_relu', '--']);
    for (const flag of ['--negative-slope', '--alpha', '--kink', '--like', '--dtype', '--format']) assert.ok(flags.includes(flag), flag);
  });

  it('bash completes option values and the commands', () => {
    assert.deepEqual(complete(['act', 'relu', '--like', 'to']), ['torch']);
    assert.deepEqual(complete(['act', 'gelu', '--approximate', '']), ['none', 'tanh']);
    assert.ok(complete(['act', 'ver']).includes('verify'));
    assert.ok(complete(['act', 'verify', 'gelu', '--']).includes('--approximate'));
  });

  it('an unknown shell is a usage error', () => {
    const result = runAct(['completion', 'powershell']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Shells: bash, zsh, fish/);
  });
});
