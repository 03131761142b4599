/** SPEC §5: every user error is one line on stderr (and maybe a hint), exit code 2, no stack trace. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAct, runMain, runShell } from '../helpers/cli.ts';

function assertUsageError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 2, `exit code; stderr: ${result.stderr}`);
  const lines = result.stderr.trimEnd().split('\n');
  assert.ok(lines.length <= 2, `at most an error and a hint line: ${result.stderr}`);
  assert.match(lines[0], /^act: /);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

describe('usage errors', () => {
  it('an unknown function names it and suggests the closest', () => {
    const result = runAct(['rleu', '1']);
    assertUsageError(result, /'rleu'/);
    assert.match(result.stderr, /Did you mean 'relu'\?/);
  });

  it('a bad number names the token and its position', () => {
    assertUsageError(runAct(['relu', '1', 'abc']), /^act: 'abc' is not a number \(argument 2\)$/m);
  });

  for (const token of ['1,5', '0x10', '1_000', '7abc', '', '0b1', ' 1', 'in f', '1e', '--7']) {
    it(`rejects ${JSON.stringify(token)}`, () => {
      assertUsageError(runAct(['relu', token]), /act: /);
    });
  }

  it('a bad number on stdin names line and column', async () => {
    const result = await runMain(['relu'], { stdin: '1 2\n3 4\n5 abc 6\n' });
    assertUsageError(result, /^act: 'abc' is not a number \(line 3, column 3\)$/m);
  });

  it('a misspelt option is an unknown option with a suggestion, not a bad number', () => {
    const result = runAct(['leaky_relu', '1', '--negtive-slope', '2']);
    assertUsageError(result, /unknown option '--negtive-slope'/);
    assert.match(result.stderr, /--negative-slope/);
  });

  it('an option of another function lists the parameters this one takes', () => {
    assertUsageError(runAct(['relu', '1', '--alpha', '2']), /relu takes no parameters/);
  });

  it('a bad parameter value says why', () => {
    assertUsageError(runAct(['leaky_relu', '1', '--negative-slope', 'abc']), /'abc' is not a number/);
    assertUsageError(runAct(['leaky_relu', '1', '--negative-slope', 'inf']), /must be a finite number/);
    assertUsageError(runAct(['leaky_relu', '1', '--negative-slope', '1', '--alpha', '2']), /given twice/);
  });

  it('bad option values', () => {
    assertUsageError(runAct(['relu', '1', '--format', 'xml']), /xml/);
    assertUsageError(runAct(['relu', '1', '--kink', 'middle']), /middle/);
    assertUsageError(runAct(['relu', '1', '--fields', 'x,y']), /unknown field 'y'/);
    assertUsageError(runAct(['relu', '1', '--precision', '0']), /--precision/);
  });

  it('no numbers and a terminal on stdin is an error, not a hang', async () => {
    assertUsageError(await runMain(['relu'], { stdinIsTTY: true }), /no numbers given/);
  });

  it('no arguments prints the help on stderr with exit 2', async () => {
    const result = await runMain([]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Usage: act/);
  });
});

describe('help and version', () => {
  it('--version prints the version of package.json', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    for (const flag of ['--version', '-V']) {
      const result = runAct([flag]);
      assert.equal(result.code, 0);
      assert.equal(result.stdout, `${version}\n`);
      assert.equal(result.stderr, '');
    }
    // Through main() as well as the binary's own fast path (bin/act.js).
    const inProcess = await runMain(['--version']);
    assert.equal(inProcess.code, 0);
    assert.equal(inProcess.stdout, `${version}\n`);
  });

  it('--version that cannot be written exits 74 with one line (/dev/full)', () => {
    const result = runShell('$ACT --version > /dev/full');
    assert.equal(result.code, 74);
    assert.equal(result.stderr, 'act: cannot write output: no space left on device\n');
  });

  it('--help lists the functions by family, with examples', () => {
    const result = runAct(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Rectifiers:\n\s+relu/);
    assert.match(result.stdout, /Sigmoidal:\n(.*\n)*\s+sigmoid/);
    assert.match(result.stdout, /Examples:\n\s+\$ act relu 7 -7/);
  });

  it('a function\'s help shows formula, derivative, parameters, kinks and reference', () => {
    const result = runAct(['leaky_relu', '--help']);
    assert.equal(result.code, 0);
    for (const pattern of [/f\(x\) {2}= x for x > 0/, /f′\(x\) = 1 for x > 0/, /--negative-slope \(alias --alpha\)/, /x = 0: gradient 1 with --kink right/, /Maas/]) {
      assert.match(result.stdout, pattern);
    }
  });
});
