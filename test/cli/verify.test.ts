/** act verify: a deliberately sloppy float32 GELU kernel against act's answers, and bad input. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runAct, runShell } from '../helpers/cli.ts';

const directory = mkdtempSync(join(tmpdir(), 'act-verify-'));

/** 0.5·x·(1 + tanh(0.79788456·(x + 0.044715·x³))), every operation rounded to float32, as a kernel would. */
function sloppyGelu(x: number): number {
  const f = Math.fround;
  const x3 = f(f(x * x) * x);
  const inner = f(f(0.79788456) * f(x + f(f(0.044715) * x3)));
  return f(f(f(0.5) * x) * f(1 + f(Math.tanh(inner))));
}

function sloppyFile(): string {
  let state = 12345;
  const rows = ['x,value'];
  for (let i = 0; i < 10_000; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const x = Math.fround((state / 2147483648) * 16 - 8);
    rows.push(`${x},${sloppyGelu(x)}`);
  }
  const file = join(directory, 'sloppy.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

describe('act verify', () => {
  const sloppy = sloppyFile();

  it('a sloppy float32 gelu fails against the exact float64 gelu, and the report names the worst x', () => {
    const result = runAct(['verify', 'gelu', '--file', sloppy]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^FAIL gelu \(float64\): 10000 rows/);
    assert.match(result.stdout, /worst: .* at x = -?[0-9.e-]+ \(line \d+\)/);
  });

  it('it passes as the tanh approximation in float32 with --atol 1e-6 (its absolute error stays below 5e-7)', () => {
    const result = runAct(['verify', 'gelu', '--file', sloppy, '--approximate', 'tanh', '--dtype', 'float32', '--atol', '1e-6', '--json']);
    assert.equal(result.code, 0, result.stdout);
    const report = JSON.parse(result.stdout);
    assert.equal(report.passed, true);
    assert.ok(report.worst.absolute < 5e-7, `worst absolute error ${report.worst.absolute}`);
  });

  it('but fails --ulps 4 in float32: on the negative tail 1 + tanh(u) cancels, and the worst x is below −4', () => {
    const result = runAct(['verify', 'gelu', '--file', sloppy, '--approximate', 'tanh', '--dtype', 'float32', '--ulps', '4', '--json']);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout);
    assert.ok(report.worst.x < -4, `worst at ${report.worst.x}`);
    assert.ok(report.worst.ulps > 1000);
    assert.ok(report.worstMismatches.every((mismatch: { x: number }) => mismatch.x < 0));
    const text = runAct(['verify', 'gelu', '--file', sloppy, '--approximate', 'tanh', '--dtype', 'float32', '--ulps', '4']);
    assert.match(text.stdout, /the 10 worst mismatches:/);
  });

  it("a file made by act itself passes with --ulps 0, in every input format", () => {
    for (const [format, extension] of [['csv', 'csv'], ['tsv', 'tsv'], ['json', 'json'], ['ndjson', 'ndjson']] as const) {
      const file = join(directory, `act.${extension}`);
      const made = runShell(`$ACT selu --range -5:5:0.01 --format ${format} > ${file}`);
      assert.equal(made.code, 0, made.stderr);
      const result = runAct(['verify', 'selu', '--file', file, '--ulps', '0']);
      assert.equal(result.code, 0, `${format}: ${result.stdout}`);
      assert.match(result.stdout, /^PASS selu \(float64\): 1001 rows, 2002 numbers checked, 0 mismatches/);
    }
  });

  it('reads stdin with --file -, honours --like and --dtype', () => {
    const result = runShell('$ACT hardswish -3 3 --like torch --format csv | $ACT verify hardswish --file - --like torch --ulps 0');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const mismatch = runShell('$ACT hardswish -3 3 --like torch --format csv | $ACT verify hardswish --file - --like jax --ulps 0');
    assert.equal(mismatch.code, 1);
  });

  it('NaN matches NaN and infinities must match exactly', () => {
    const file = join(directory, 'special.csv');
    writeFileSync(file, 'x,value,gradient\nnan,nan,nan\ninf,inf,1\n-inf,0,0\n');
    assert.equal(runAct(['verify', 'relu', '--file', file, '--ulps', '0']).code, 0);
    writeFileSync(file, 'x,value\ninf,1e308\n');
    assert.equal(runAct(['verify', 'relu', '--file', file, '--atol', '1e308']).code, 1);
  });

  it('a malformed row is exit 2 with its line number', () => {
    const file = join(directory, 'bad.csv');
    writeFileSync(file, ['x,value,gradient', '1,1,1', '2,2,1', '-1,0,0', '0,0,1', '4,4,1', '5,5,1', '3,abc,1', '6,6,1'].join('\n') + '\n');
    const result = runAct(['verify', 'relu', '--file', file]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^act: line 8 of .*bad\.csv: 'abc' is not a number/);
  });

  it('a missing file and a missing --file are usage errors', () => {
    assert.equal(runAct(['verify', 'relu', '--file', join(directory, 'nope.csv')]).code, 2);
    assert.equal(runAct(['verify', 'relu']).code, 2);
  });
});
