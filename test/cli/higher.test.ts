/**
 * `--order 2|3` and `--param-grad` through the built binary (issue 17): the Done-when examples,
 * every format and --fields, the references on gelu's linspace, tensors and bad input.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readTensor, readTensors } from '../../src/tensor/index.ts';
import { loadHigherReference } from '../helpers/measure-higher.ts';
import { runAct } from '../helpers/cli.ts';
import { ulpDistance } from '../helpers/ulp.ts';

const directory = mkdtempSync(join(tmpdir(), 'act-higher-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function results(args: string[]): Array<Record<string, number | string>> {
  const result = runAct([...args, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout).results;
}

describe('--order and --param-grad', () => {
  it("the issue's example: tanh 0.5 --order 3 gives second and third to every digit mpmath gives", () => {
    const [row] = results(['tanh', '0.5', '--order', '3']);
    assert.deepEqual(Object.keys(row), ['x', 'value', 'gradient', 'second', 'third']);
    // mpmath at 50 digits: tanh″(0.5) = −0.72686198138358729…, tanh‴(0.5) = −0.56520928825977030…
    assert.ok(ulpDistance(row.second as number, -0.7268619813835873) <= 2);
    assert.ok(ulpDistance(row.third as number, -0.5652092882597703) <= 2);
    assert.match(String(row.second), /^-0\.72686198138358/);
    assert.match(String(row.third), /^-0\.56520928825977/);
  });

  it("the issue's examples: prelu's d_weight at −2 is −2; swish's d_beta at 1 with beta 2 is x²·σ′(βx)", () => {
    assert.equal(results(['prelu', '-2', '--weight', '0.25', '--param-grad'])[0].d_weight, -2);
    // σ′(2) = e^-2/(1 + e^-2)² = 0.104993585403507… (mpmath), times x² = 1
    const swish = runAct(['swish', '1', '--beta', '2', '--param-grad', '--format', 'csv']);
    assert.equal(swish.stdout, 'x,value,gradient,d_beta\n1,0.8807970779778824,1.0907842487848955,0.10499358540350652\n');
  });

  it('gelu --linspace -5:5:1001 --order 2 agrees with the mpmath reference on every point', () => {
    const out = runAct(['gelu', '--linspace', '-5:5:1001', '--order', '2', '--format', 'csv', '--fields', 'x,second']);
    assert.equal(out.code, 0, out.stderr);
    const rows = out.stdout.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
    assert.equal(rows.length, 1001);
    const reference = new Map(loadHigherReference('gelu').find((c) => c.params.approximate === 'none')!.rows.map((row) => [row[0], row[1]]));
    for (const [x, second] of rows) {
      assert.ok(reference.has(x), `no reference at ${x}`);
      assert.ok(ulpDistance(second, reference.get(x)!) <= 2, `gelu″(${x}) = ${second}, exact ${reference.get(x)}`);
    }
  });

  it('every text format carries the columns, in the order --fields gives', () => {
    assert.equal(runAct(['elu', '-1', '--order', '3', '--param-grad', '--format', 'tsv']).stdout, 'x\tvalue\tgradient\tsecond\tthird\td_alpha\n-1\t-0.6321205588285577\t0.36787944117144233\t0.36787944117144233\t0.36787944117144233\t-0.6321205588285577\n');
    assert.equal(runAct(['elu', '-1', '--fields', 'd_alpha,third,x', '--format', 'ndjson']).stdout, '{"d_alpha":-0.6321205588285577,"third":0.36787944117144233,"x":-1}\n');
    const table = runAct(['elu', '-1', '--order', '2', '--param-grad']).stdout;
    assert.match(table, /elu''\(x\)/);
    assert.match(table, /∂elu\/∂alpha/);
  });

  it('the tensor formats carry the columns too', () => {
    const file = join(directory, 'out.safetensors');
    const out = runAct(['tanh', '0.5', '-1', '--order', '3', '--format', 'safetensors', '--output', file]);
    assert.equal(out.code, 0, out.stderr);
    const tensors = readTensors(new Uint8Array(readFileSync(file)));
    assert.deepEqual(tensors.map((t) => t.name), ['x', 'value', 'gradient', 'second', 'third']);
    assert.equal(tensors[3].values[0], -0.7268619813835873);
    const npy = join(directory, 'out.npy');
    assert.equal(runAct(['prelu', '-2', '3', '--param-grad', '--format', 'npy', '--output', npy]).code, 0);
    const structured = readTensor(new Uint8Array(readFileSync(npy)), { name: 'd_weight' });
    assert.deepEqual([...structured.values], [-2, 0]);
  });

  it('at a kink the higher derivatives follow --kink, and the table says so', () => {
    assert.equal(results(['elu', '0', '--order', '2', '--alpha', '2'])[0].second, 0);
    assert.equal(results(['elu', '0', '--order', '2', '--alpha', '2', '--kink', 'left'])[0].second, 2);
    assert.equal(results(['prelu', '0', '--param-grad', '--kink', 'left'])[0].d_weight, 0);
    assert.match(runAct(['elu', '0', '--order', '2', '--alpha', '2']).stdout, /Dirac/);
  });

  it("--like torch gives PyTorch's nested autograd at the ends of the pieces (run with torch 1.13)", () => {
    // elu″(0) with alpha 2: PyTorch's first derivative takes the left piece (2), its second the right (0).
    const [row] = results(['elu', '0', '--alpha', '2', '--order', '2', '--like', 'torch']);
    assert.equal(row.gradient, 2);
    assert.equal(row.second, 0);
    assert.equal(results(['softsign', '0', '--order', '3', '--like', 'torch'])[0].second, 0);
    assert.equal(results(['softsign', '0', '--order', '3'])[0].second, -2);
    // An explicit --kink still wins.
    assert.equal(results(['elu', '0', '--alpha', '2', '--order', '2', '--like', 'torch', '--kink', 'left'])[0].second, 2);
  });

  it('bad --order, --param-grad without parameters and unknown columns: one line, exit 2', () => {
    for (const [args, message] of [
      [['tanh', '1', '--order', '4'], /--order must be 1, 2 or 3/],
      [['tanh', '1', '--order', '1.5'], /--order must be 1, 2 or 3/],
      [['relu', '1', '--param-grad'], /relu has no numeric parameters/],
      [['prelu', '1', '--fields', 'x,d_alpha'], /unknown field 'd_alpha'/],
    ] as const) {
      const out = runAct([...args]);
      assert.equal(out.code, 2, args.join(' '));
      assert.match(out.stderr.split('\n')[0], message);
      assert.equal(out.stdout, '');
    }
  });

  it('--dtype rounds the further columns, and the note says how', () => {
    const out = runAct(['sigmoid', '1', '--order', '2', '--dtype', 'float16']);
    assert.match(out.stdout, /second: the float64 results rounded to float16/);
    assert.equal(results(['sigmoid', '1', '--order', '2', '--dtype', 'float16'])[0].second, -0.09088134765625);
  });

  it("plot --order 3 draws f, f′, f″ and f‴ (the issue's example), and f″ breaks where it jumps", () => {
    const svg = runAct(['plot', 'tanh', '--order', '3', '--svg', '-']);
    assert.equal(svg.code, 0, svg.stderr);
    const labels = [...svg.stdout.matchAll(/class="curve" data-label="([^"]+)"/g)].map((match) => match[1]);
    assert.deepEqual(labels, ['tanh', 'tanh′', 'tanh″', 'tanh‴']);
    // softsign″ = ∓2/(1 + |x|)³ jumps from 2 to −2 at 0: two pieces, not a vertical line.
    const softsign = runAct(['plot', 'softsign', '--only', 'second', '--svg', '-']).stdout;
    const path = /data-label="softsign″"[^>]* d="([^"]+)"/.exec(softsign)![1];
    assert.equal(path.split('M').length - 1, 2);
    const terminal = runAct(['plot', 'elu', '--order', '2', '--no-color', '--width', '60', '--height', '12']);
    assert.match(terminal.stdout, /elu″/);
    assert.equal(runAct(['plot', 'tanh', '--order', '5']).code, 2);
  });

  it('verify checks second, third and d_<parameter> with the same ulp rules, in text, JSON and tensors', () => {
    // mpmath: swish″(1) with beta 2 is 0.10012433738941381930…, ∂/∂beta is 0.10499358540350651…
    const pass = runAct(['verify', 'swish', '--beta', '2', '--file', '-'], { input: 'x,second,d_beta\n1,0.10012433738941381,0.10499358540350652\n' });
    assert.equal(pass.code, 0, pass.stdout + pass.stderr);
    assert.match(pass.stdout, /second: +1 number, 0 mismatches/);
    const fail = runAct(['verify', 'prelu', '--file', '-', '--input-format', 'ndjson', '--json'], { input: '{"x":-2,"d_weight":-1.9}\n' });
    assert.equal(fail.code, 1);
    const report = JSON.parse(fail.stdout);
    assert.equal(report.worst.what, 'd_weight');
    assert.equal(report.worst.expected, -2);
    const file = join(directory, 'checked.safetensors');
    assert.equal(runAct(['tanh', '0.25', '-3', '--order', '3', '--format', 'safetensors', '--output', file]).code, 0);
    const tensors = runAct(['verify', 'tanh', '--file', file, '--json', '--ulps', '0']);
    assert.equal(tensors.code, 0, tensors.stdout);
    assert.deepEqual(Object.keys(JSON.parse(tensors.stdout).fields), ['value', 'gradient', 'second', 'third']);
    const unknown = runAct(['verify', 'tanh', '--file', '-'], { input: 'x,d_alpha\n1,2\n' });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /needs the column x and at least one of value, gradient, second, third/);
  });

  it("vector functions: --order 2 adds each output's ∂²y_i/∂x_i², --hessian logsumexp's full Hessian, --param-grad swiglu's d_alpha", () => {
    const softmax = JSON.parse(runAct(['softmax', '1', '2', '3', '--order', '2', '--json']).stdout);
    // mpmath: y(1 − y)(1 − 2y) at softmax(1, 2, 3)
    assert.deepEqual(softmax.results.map((row: { second: number }) => row.second), [0.06717354721510453, 0.09436696461080075, -0.0735968102545256]);
    const logsumexp = JSON.parse(runAct(['logsumexp', '1', '2', '3', '--hessian', '--json']).stdout);
    // mpmath: diag(s) − s·sᵀ at s = softmax(1, 2, 3)
    assert.deepEqual(logsumexp.hessian, [
      [0.08192506906499322, -0.022033044520174298, -0.059892024544818935],
      [-0.022033044520174298, 0.1848364465099787, -0.16280340198980442],
      [-0.059892024544818935, -0.16280340198980442, 0.22269542653462335],
    ]);
    // diag(s) − s·sᵀ is symmetric and its rows sum to 0 (Σ_j s_j = 1)
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) assert.equal(logsumexp.hessian[i][j], logsumexp.hessian[j][i]);
      assert.ok(Math.abs(logsumexp.hessian[i].reduce((a: number, b: number) => a + b, 0)) < 1e-16);
    }
    const swiglu = runAct(['swiglu', '1', '2', '0.5', '-1', '--param-grad', '--format', 'csv']);
    assert.equal(swiglu.stdout.split('\n')[0], 'x,value,gradient,d_alpha,d_limit,d_offset');
    const file = join(directory, 'lse.safetensors');
    assert.equal(runAct(['logsumexp', '1', '2', '3', '--order', '2', '--hessian', '--format', 'safetensors', '--output', file]).code, 0);
    const tensors = readTensors(new Uint8Array(readFileSync(file)));
    assert.deepEqual(tensors.map((t) => [t.name, t.shape]), [['x', [3]], ['value', []], ['gradient', [3]], ['second', [3]], ['hessian', [3, 3]]]);
    for (const [args, message] of [
      [['softmax', '1', '2', '--order', '3'], /--order must be 1 or 2 for a vector function/],
      [['softmax', '1', '2', '--hessian'], /unknown option '--hessian'/],
      [['glu', '1', '2', '--param-grad'], /unknown option '--param-grad'/],
    ] as const) {
      const out = runAct([...args]);
      assert.equal(out.code, 2, args.join(' '));
      assert.match(out.stderr, message);
    }
  });
});
