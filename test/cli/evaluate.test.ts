/** `act <function> <numbers>`: the values, formats and conventions of SPEC §3–4, through the built binary. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { runAct, runMain } from '../helpers/cli.ts';

interface Result {
  x: number | string;
  value: number | string;
  gradient: number | string;
}

function json(args: string[]): { results: Result[]; [key: string]: unknown } {
  const result = runAct([...args, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

describe('evaluate', () => {
  it('relu 7 -7 prints the table of the README', () => {
    const result = runAct(['relu', '7', '-7']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, "  x   relu(x)  relu'(x)\n  7         7         1\n -7         0         0\n");
    assert.equal(result.stderr, '');
  });

  it('relu 7 -7 --json is exactly the documented object', () => {
    const result = runAct(['relu', '7', '-7', '--json']);
    assert.deepEqual(JSON.parse(result.stdout), {
      function: 'relu', params: {}, kink: 'right', like: null, dtype: 'float64',
      results: [{ x: 7, value: 7, gradient: 1 }, { x: -7, value: 0, gradient: 0 }],
    });
  });

  it('relu: gradient at 0 is 1 under the right convention and 0 under the left', () => {
    assert.equal(json(['relu', '0']).results[0].gradient, 1);
    assert.equal(json(['relu', '0', '--kink', 'left']).results[0].gradient, 0);
  });

  it('leaky_relu: -3 with slope 0.1 by its name and by its alias flag', () => {
    for (const args of [['leaky_relu', '-3', '--negative-slope', '0.1'], ['leaky-relu', '-3', '--alpha', '0.1']]) {
      assert.deepEqual(json(args).results, [{ x: -3, value: -0.30000000000000004, gradient: 0.1 }]);
    }
  });

  it('sigmoid: the limits at ±inf and NaN in JSON', () => {
    assert.deepEqual(json(['sigmoid', '-inf', '0', 'inf', 'nan']).results, [
      { x: '-Infinity', value: 0, gradient: 0 },
      { x: 0, value: 0.5, gradient: 0.25 },
      { x: 'Infinity', value: 1, gradient: 0 },
      { x: 'NaN', value: 'NaN', gradient: 'NaN' },
    ]);
  });

  it('sigmoid: subnormal value at -745 and a non-zero gradient at 40', () => {
    assert.deepEqual(json(['sigmoid', '-745', '40']).results, [
      { x: -745, value: 5e-324, gradient: 5e-324 },
      { x: 40, value: 1, gradient: 4.248354255291589e-18 },
    ]);
  });

  it('tanh: gradient without cancellation at 20, exact at 0.5', () => {
    const results = json(['tanh', '20', '0.5']).results;
    assert.deepEqual(results.map((row) => row.gradient), [1.6993417021166355e-17, 0.7864477329659274]);
  });

  it('accepts every spelling of the number grammar, negative ones without --', () => {
    const results = json(['relu', '7', '-7', '.5', '-.5', '1e-3', '-1E+10', '+2', '1.', 'INF', '+inf', 'Infinity', '-infinity', 'NaN']).results;
    assert.deepEqual(results.map((row) => row.x), [7, -7, 0.5, -0.5, 0.001, -1e10, 2, 1, 'Infinity', 'Infinity', 'Infinity', '-Infinity', 'NaN']);
  });

  it('accepts -- before the numbers', () => {
    const result = runAct(['relu', '--format', 'csv', '--', '-1', '2']);
    assert.equal(result.stdout, 'x,value,gradient\n-1,0,0\n2,2,1\n');
  });

  it('names are case-insensitive with - and _ interchangeable, and aliases resolve', () => {
    for (const name of ['LeakyReLU', 'leaky-relu', 'LEAKY_RELU', 'lrelu', 'leakyrelu']) {
      const result = json([name, '-1']);
      assert.equal(result.function, 'leaky_relu');
    }
    assert.equal(json(['logistic', '0']).function, 'sigmoid');
  });

  it('csv and tsv print a header and one row per number', () => {
    assert.equal(runAct(['relu', '1', '-2', '--format', 'csv']).stdout, 'x,value,gradient\n1,1,1\n-2,0,0\n');
    assert.equal(runAct(['relu', '1', '-2', '--format', 'tsv']).stdout, 'x\tvalue\tgradient\n1\t1\t1\n-2\t0\t0\n');
  });

  it('ndjson prints one object per line', () => {
    assert.equal(runAct(['relu', '1', 'nan', '--format', 'ndjson']).stdout, '{"x":1,"value":1,"gradient":1}\n{"x":"NaN","value":"NaN","gradient":"NaN"}\n');
  });

  it('--fields selects and orders columns in every format', () => {
    assert.equal(runAct(['relu', '3', '--format', 'csv', '--fields', 'gradient,x']).stdout, 'gradient,x\n1,3\n');
    assert.deepEqual(json(['relu', '3', '--fields', 'value']).results, [{ value: 3 }]);
  });

  it('--precision prints N significant digits', () => {
    assert.equal(runAct(['sigmoid', '1', '--format', 'csv', '--precision', '3']).stdout, 'x,value,gradient\n1,0.731,0.197\n');
  });

  it('prints negative zero with its sign', () => {
    assert.equal(runAct(['tanh', '-0', '--format', 'csv', '--fields', 'value']).stdout, 'value\n-0\n');
  });

  it('the table notes non-default parameters and the left convention', () => {
    const out = runAct(['leaky_relu', '-1', '--negative-slope', '0.5', '--kink', 'left']).stdout;
    assert.match(out, /^# leaky_relu with negative_slope=0\.5\n# gradient at kinks: the left piece/);
  });
});

describe('colour', () => {
  it('no ANSI codes when piped', () => {
    const out = runAct(['relu', '1', 'nan']).stdout;
    assert.equal(out, stripVTControlCharacters(out));
  });

  it('FORCE_COLOR colours the table but never JSON; NO_COLOR and --no-color win', () => {
    const coloured = runAct(['relu', '1', 'nan'], { env: { FORCE_COLOR: '1' } }).stdout;
    assert.notEqual(coloured, stripVTControlCharacters(coloured));
    const jsonOut = runAct(['relu', '1', '--json'], { env: { FORCE_COLOR: '1' } }).stdout;
    assert.equal(jsonOut, stripVTControlCharacters(jsonOut));
    for (const [args, env] of [[['relu', '1'], { FORCE_COLOR: '1', NO_COLOR: '1' }], [['relu', '1', '--no-color'], { FORCE_COLOR: '1' }]] as const) {
      const out = runAct([...args], { env: { ...env } }).stdout;
      assert.equal(out, stripVTControlCharacters(out));
    }
  });

  it('a terminal gets colour unless NO_COLOR is set', async () => {
    const tty = await runMain(['relu', '1'], { stdoutIsTTY: true });
    assert.notEqual(tty.stdout, stripVTControlCharacters(tty.stdout));
    const noColor = await runMain(['relu', '1'], { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    assert.equal(noColor.stdout, stripVTControlCharacters(noColor.stdout));
  });
});
