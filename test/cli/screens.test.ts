/**
 * Every screen a person sees (issue #14): one error line (plus at most one hint) for every usage
 * error of every subcommand, colour where it belongs, output that fits 80 columns, input as people
 * have it, output flags that mean what they say, and verify's report.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runAct, runMain, runShell } from '../helpers/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'act-screens-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('one error line per error, hints from the command being run', () => {
  const cases: Array<[string[], RegExp, RegExp | undefined]> = [
    [['plot'], /^act: plot needs a function or an expression$/, /^e\.g\. 'act plot gelu'/],
    [['verify', 'relu'], /^act: give --file F, or --x x\.npy --value y\.npy \[--gradient g\.npy\]$/, /^See 'act verify --help'\.$/],
    [['describe'], /^act: missing required argument 'function'$/, undefined],
    [['completion'], /^act: missing required argument 'shell'$/, undefined],
    [['list', '--bogus'], /^act: unknown option '--bogus' for act list$/, /^See 'act list --help'\.$/],
    [['describe', 'relu', 'extra'], /^act: too many arguments for 'describe'/, undefined],
    [['plot', 'relu', '--foo'], /^act: unknown option '--foo' for act plot$/, /^Did you mean --from\?$/],
    [['verify', 'relu', '--file', 'x', '--ulp', '3'], /^act: unknown option '--ulp' for act verify$/, /^Did you mean --ulps\?$/],
    [['compare', 'relu', '--rnage', '-1:1:1'], /^act: unknown option '--rnage' for act compare$/, /^Did you mean --range\?$/],
    [['relu', '1', '--like', 'pytorch'], /^act: unknown framework 'pytorch'$/, /^Did you mean 'torch'\?/],
    [['relu', '--linspace', '0:1:1e12'], /^act: --linspace: COUNT 1e12 is more than 100,000,000/, undefined],
    [['verify', 'relu', '--file', join(work, 'missing.csv')], /^act: cannot read '.*missing\.csv': no such file or directory$/, undefined],
    [['relu', '--file', join(work, 'missing.txt')], /^act: cannot read '.*missing\.txt': no such file or directory$/, undefined],
    [['relu', '1', '--json', '--format', 'csv'], /^act: --json and --format csv ask for different formats; give one$/, undefined],
  ];
  for (const [args, message, hint] of cases) {
    it(`act ${args.join(' ')}`, () => {
      const result = runAct(args);
      assert.equal(result.code, 2, result.stderr);
      const lines = result.stderr.trimEnd().split('\n');
      assert.ok(lines.length <= 2, result.stderr);
      assert.match(lines[0], message);
      if (hint) assert.match(lines[1] ?? '', hint);
      else assert.equal(lines.length, 1, result.stderr);
    });
  }

  it('act help, act help plot and act help relu print the help pages', () => {
    assert.match(runAct(['help']).stdout, /^Usage: act <function>/);
    assert.match(runAct(['help', 'plot']).stdout, /^Usage: act plot/);
    assert.match(runAct(['help', 'relu']).stdout, /^Usage: act relu/);
    assert.equal(runAct(['help']).code, 0);
  });
});

describe('colour', () => {
  it('FORCE_COLOR=1 colours every NaN and Infinity cell, in every column', async () => {
    const result = await runMain(['exponential', 'inf', 'nan', '1000'], { env: { FORCE_COLOR: '1' } });
    const escape = String.fromCharCode(27);
    const painted = new RegExp(`${escape}\\[33m *-?(NaN|Infinity)${escape}\\[39m`, 'g');
    // x = inf: 3 cells, nan: 3, 1000: value and gradient overflow: 2.
    assert.equal(result.stdout.match(painted)?.length, 8);
    assert.doesNotMatch(result.stdout.replace(painted, ''), /NaN|Infinity/);
  });

  it('TERM=dumb on a terminal prints no escape codes', async () => {
    const result = await runMain(['exponential', 'inf', 'nan'], { env: { TERM: 'dumb' }, stdoutIsTTY: true });
    assert.ok(!result.stdout.includes('\x1b['));
  });
});

describe('output that fits the terminal', () => {
  const widest = (text: string): number => text.split('\n').reduce((width, line) => Math.max(width, [...line].length), 0);

  it('COLUMNS=80 act compare relu -1 0 1 and act list have no line over 80 characters', () => {
    assert.ok(widest(runAct(['compare', 'relu', '-1', '0', '1'], { env: { COLUMNS: '80' } }).stdout) <= 80);
    assert.ok(widest(runAct(['list'], { env: { COLUMNS: '80' } }).stdout) <= 80);
  });

  it('compare and list take every machine format', () => {
    const csv = runAct(['compare', 'relu', '--range', '-1:1:1', '--format', 'csv']);
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /^x,torch_value,torch_gradient,/);
    assert.equal(csv.stdout.trim().split('\n').length, 4);
    assert.match(runAct(['list', '--format', 'tsv']).stdout, /^name\taliases\tkind\tfamily\tparameters\tformula\nrelu\t/);
    assert.equal(runAct(['list', '--format', 'ndjson']).stdout.trim().split('\n').length, JSON.parse(runAct(['list', '--json']).stdout).length);
  });

  it('a plot at 40 columns keeps its title and legend within 40 characters', () => {
    const result = runAct(['plot', 'exponential', 'sigmoid', '--width', '40', '--height', '12', '--no-color']);
    assert.ok(widest(result.stdout) <= 40, result.stdout);
    assert.match(result.stdout, /exponential.*sigmoid/s);
  });

  it('a plot title names the kink convention only for functions with kinks', () => {
    assert.doesNotMatch(runAct(['plot', 'gelu', '--no-color']).stdout.split('\n')[0], /kink/);
    assert.match(runAct(['plot', 'relu', '--no-color']).stdout.split('\n')[0], /kink right/);
  });

  it('a window that cannot be drawn is an error that says why', () => {
    const result = runAct(['plot', 'relu', '--from', '-1e308', '--to', '1e308']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^act: the window \[-1e\+308, 1e\+308\] is too wide to draw/);
  });
});

describe('input as people have it', () => {
  it('a UTF-8 byte-order mark on stdin is skipped', () => {
    const result = runShell("printf '\\xef\\xbb\\xbf1\\n' | $ACT relu --format csv");
    assert.equal(result.stdout, 'x,value,gradient\n1,1,1\n');
  });

  it('--file data.csv --column 2 reads the second column and skips the header; --column NAME too', () => {
    const file = join(work, 'data.csv');
    writeFileSync(file, 'name,x\n# a comment\na,-1\nb,2\n');
    assert.equal(runAct(['relu', '--file', file, '--column', '2', '--format', 'csv']).stdout, 'x,value,gradient\n-1,0,0\n2,2,1\n');
    assert.equal(runAct(['relu', '--file', file, '--column', 'x', '--format', 'csv']).stdout, 'x,value,gradient\n-1,0,0\n2,2,1\n');
  });

  it('# comment lines on stdin are skipped, and a JSON array of numbers is read', () => {
    assert.equal(runAct(['relu', '--format', 'csv'], { input: '# numbers\n1\n#2\n3\n' }).stdout, 'x,value,gradient\n1,1,1\n3,3,1\n');
    const file = join(work, 'numbers.json');
    writeFileSync(file, '[1, -2, "Infinity"]');
    assert.equal(runAct(['relu', '--file', file, '--format', 'csv']).stdout, 'x,value,gradient\n1,1,1\n-2,0,0\nInfinity,Infinity,1\n');
  });

  it('bytes are shown as UTF-8 in messages', () => {
    const result = runAct(['relu'], { input: 'é\n' });
    assert.equal(result.stderr, "act: 'é' is not a number (line 1, column 1)\n");
  });

  it('a literal that overflows or underflows gets one warning on stderr, and --quiet silences it', () => {
    const warned = runAct(['relu', '1e400', '--format', 'csv']);
    assert.equal(warned.code, 0);
    assert.equal(warned.stderr, "act: warning: '1e400' overflows to Infinity (argument 1); further ones are not reported\n");
    assert.equal(runAct(['relu', '1e-400', '--format', 'csv', '--quiet']).stderr, '');
  });
});

describe('output flags that mean what they say', () => {
  it('--precision 17 prints 17 significant digits, and x as given', () => {
    assert.match(runAct(['sigmoid', '0.1', '--precision', '17']).stdout, /0\.1 +0\.52497918747894001 /);
    assert.match(runAct(['relu', '123456789012', '--precision', '3']).stdout, /^ *123456789012 +1\.23e\+11 +1\.00$/m);
  });
});

describe('verify reads like a report', () => {
  it('singular and plural agree, and a clean pass has no "worst" line', () => {
    const file = join(work, 'one.csv');
    writeFileSync(file, 'x,value\n1,1\n');
    assert.equal(runAct(['verify', 'relu', '--file', file]).stdout, 'PASS relu (float64): 1 row, 1 number checked, 0 mismatches beyond 2 ulps of float64\n  value:    1 number, 0 mismatches, worst 0 ulps\n');
  });

  it('NaN and a sign flip are named as such, not as ulp counts', () => {
    const file = join(work, 'bad.csv');
    writeFileSync(file, 'x,value\n1,-1\n2,nan\n');
    const result = runAct(['verify', 'relu', '--file', file]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^worst: NaN where 2 is expected in the value at x = 2 \(line 3\)$/m);
    assert.match(result.stdout, /^ +2 +1 +value +1 +-1 +sign flip/m);
  });

  it('a gradient-only file is accepted, and a JSON "function" that disagrees is an error', () => {
    const gradients = join(work, 'gradients.csv');
    writeFileSync(gradients, runAct(['relu', '1', '-2', '--fields', 'x,gradient', '--format', 'csv']).stdout);
    assert.equal(runAct(['verify', 'relu', '--file', gradients]).code, 0);
    const gelu = join(work, 'gelu.json');
    writeFileSync(gelu, runAct(['gelu', '1', '--json']).stdout);
    const result = runAct(['verify', 'tanh', '--file', gelu]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^act: .*gelu\.json holds results of gelu, not tanh\n/);
  });
});

describe('completion', () => {
  it('accepts every spelling the CLI accepts (leaky-relu)', () => {
    const script = runAct(['completion', 'bash']).stdout;
    assert.match(script, /leaky_relu\|leaky-relu\|leakyrelu\|lrelu\)/);
  });
});

describe('wrapText', () => {
  it('keeps runs of spaces, indents continuation lines, and cuts words longer than a line without losing letters', async () => {
    const { wrapText } = await import('../../src/cli/format.ts');
    assert.deepEqual(wrapText('#   torch: PyTorch 2.6 (approximate=none)', 30, 4), ['#   torch: PyTorch 2.6', '    (approximate=none)']);
    assert.deepEqual(wrapText('hello world this is a test', 11, 2), ['hello world', '  this is a', '  test']);
    assert.equal(wrapText('averyveryverylongword short', 8, 2).map((line) => line.trim()).join(''), 'averyveryverylongwordshort');
  });
});
