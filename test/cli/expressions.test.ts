/** `act expr`, `plot --expr`, `verify --expr`, `compare --expr` through the built binary (issue 18's Done-when). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nearRootWindow } from '../../src/core/accuracy.ts';
import { getActivation } from '../../src/core/evaluate.ts';
import { runAct } from '../helpers/cli.ts';
import { ulpDistance } from '../helpers/ulp.ts';

function rows(args: string[]): number[][] {
  const result = runAct(args);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim().split('\n').slice(1).map((line) => line.split('\t').map(Number));
}

describe('act expr', () => {
  it('x*sigmoid(x) and x*tanh(softplus(x)) give silu and mish on --linspace -10:10:2001, within 2 ulp (f′ away from its root)', () => {
    for (const [expression, name] of [['x*sigmoid(x)', 'silu'], ['x*tanh(softplus(x))', 'mish']] as const) {
      const ours = rows(['expr', expression, '--linspace', '-10:10:2001', '--format', 'tsv']);
      const theirs = rows([name, '--linspace', '-10:10:2001', '--format', 'tsv']);
      assert.equal(ours.length, 2001);
      const activation = getActivation(name);
      const window = nearRootWindow(activation.definition, activation.params, activation.gradient)!;
      ours.forEach(([x, value, gradient], i) => {
        assert.equal(x, theirs[i][0]);
        assert.ok(ulpDistance(value, theirs[i][1]) <= 2, `${expression} at ${x}`);
        if (x < window[0] || x > window[1]) assert.ok(ulpDistance(gradient, theirs[i][2]) <= 2, `${expression}′ at ${x}`);
      });
    }
  });

  it('max(x,0) at 0: gradient 0 with --kink left, 1 with --kink right', () => {
    assert.equal(JSON.parse(runAct(['expr', 'max(x,0)', '0', '--kink', 'left', '--json']).stdout).results[0].gradient, 0);
    assert.equal(JSON.parse(runAct(['expr', 'max(x,0)', '0', '--kink', 'right', '--json']).stdout).results[0].gradient, 1);
  });

  it('x*sigmoid(1.702*x) 1 --order 3 matches the mpmath derivatives of the same expression', () => {
    const [row] = JSON.parse(runAct(['expr', 'x*sigmoid(1.702*x)', '1', '--order', '3', '--json']).stdout).results;
    // mpmath, 50 digits, diff of x/(1 + exp(−1.702x)) with 1.702 the double, rounded to doubles: 0.845795765932821290…, 1.06777960655633405…, 0.182672991501655517…, −0.644055333767775528…
    for (const [got, exact] of [[row.value, 0.8457957659328212], [row.gradient, 1.067779606556334], [row.second, 0.18267299150165553], [row.third, -0.6440553337677756]]) {
      assert.ok(ulpDistance(got, exact) <= 1, `${got} vs ${exact}`);
    }
  });

  it('a mistake exits 2 with the column and a caret; 10,000-deep nesting exits 2, not 70', () => {
    const mistake = runAct(['expr', 'x*(', '1']);
    assert.equal(mistake.code, 2);
    assert.equal(mistake.stderr, "act: the expression ends too soon (expression, column 4)\n  x*(\n     ^\n");
    const deep = runAct(['expr', '('.repeat(10000) + 'x' + ')'.repeat(10000), '1']);
    assert.equal(deep.code, 2);
    assert.match(deep.stderr, /nested more than 200 deep/);
    assert.equal(runAct(['expr', 'process.exit(3)', '1']).code, 2);
    assert.equal(runAct(['expr']).code, 2);
  });

  it('every input source and format: stdin, --range, csv, ndjson, npy; --dtype; --order', () => {
    const stdin = runAct(['expr', 'x^2', '--format', 'csv'], { input: '1\n-3\n' });
    assert.equal(stdin.stdout, 'x,value,gradient\n1,1,2\n-3,9,-6\n');
    assert.equal(runAct(['expr', 'x^3', '--range', '0:1:0.5', '--order', '3', '--format', 'ndjson']).stdout, '{"x":0,"value":0,"gradient":0,"second":0,"third":6}\n{"x":0.5,"value":0.125,"gradient":0.75,"second":3,"third":6}\n{"x":1,"value":1,"gradient":3,"second":6,"third":6}\n');
    const float16 = JSON.parse(runAct(['expr', 'x/3', '1', '--dtype', 'float16', '--json']).stdout).results[0];
    assert.equal(float16.value, 0.333251953125);
    const table = runAct(['expr', 'x*sigmoid(1.702*x)', '1']).stdout;
    assert.match(table, /^# f\(x\) = x\*sigmoid\(1\.702\*x\)\n/);
  });

  it('plot --expr draws the expression and the function, each with its derivative', () => {
    const svg = runAct(['plot', '--expr', 'x*sigmoid(1.702*x)', 'gelu', '--svg', '-']);
    assert.equal(svg.code, 0, svg.stderr);
    assert.deepEqual([...svg.stdout.matchAll(/class="curve" data-label="([^"]+)"/g)].map((match) => match[1]), ['x*sigmoid(1.702*x)', '(x*sigmoid(1.702*x))′', 'gelu', 'gelu′']);
  });

  it('verify --expr and compare --expr', () => {
    const mish = runAct(['mish', '--linspace', '-3:3:13', '--format', 'csv']).stdout;
    const verified = runAct(['verify', '--expr', 'x*tanh(softplus(x))', '--file', '-'], { input: mish });
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^PASS x\*tanh\(softplus\(x\)\)/);
    const compared = JSON.parse(runAct(['compare', '--expr', 'hardswish(x)', '3', '--frameworks', 'torch,jax', '--json']).stdout);
    // PyTorch 2.6 gives hardswish′(3) = 1.5, JAX 1 (their facts).
    assert.deepEqual([compared.results[0].torch.gradient, compared.results[0].jax.gradient], [1.5, 1]);
  });

  it('compare --expr: act alone where no framework has a function in it; a framework without one is refused at its column', () => {
    const alone = runAct(['compare', '--expr', 'snake(x)*2', '1']);
    assert.equal(alone.code, 0, alone.stderr);
    assert.match(alone.stdout, /act: a function in it is not in any framework/);
    const refused = runAct(['compare', '--expr', 'snake(x)', '1', '--frameworks', 'torch']);
    assert.equal(refused.code, 2);
    assert.equal(refused.stderr, 'act: PyTorch has no snake (expression, column 1)\n  snake(x)\n  ^\n');
  });
});
