/**
 * Issue 16: every name of Hugging Face Transformers' ACT2CLS resolves; the GELU variants differ
 * as their constants make them differ; quick_gelu, the GLU variants, xielu's description and the
 * new functions. Reference digits are mpmath's (50 significant digits of each formula as
 * scripts/generate_fixtures.py writes it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nearestDouble, contextWithDigits } from '../../src/core/arbitrary.ts';
import { runAct } from '../helpers/cli.ts';

/** ACT2CLS in transformers/activations.py (main branch, 24 names). */
const ACT2CLS = [
  'gelu', 'gelu_10', 'gelu_fast', 'gelu_new', 'gelu_python', 'gelu_pytorch_tanh', 'gelu_python_tanh', 'gelu_accurate',
  'hardswish', 'laplace', 'leaky_relu', 'linear', 'mish', 'quick_gelu', 'relu', 'relu2', 'relu6', 'sigmoid', 'silu',
  'sqrtsoftplus', 'swish', 'tanh', 'prelu', 'xielu',
];

const digits = (text: string): number => nearestDouble(new (contextWithDigits(60))(text));
const json = (args: readonly string[]): { results: Array<{ x: number; value: number; gradient: number }>; jacobian?: number[][] } => {
  const result = runAct([...args, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
};

describe('Hugging Face Transformers names', () => {
  it('every key of ACT2CLS is accepted by `act <name> 1`, and with --like transformers', () => {
    assert.equal(ACT2CLS.length, 24);
    for (const name of ACT2CLS) {
      const plain = runAct([name, '1', '--format', 'csv']);
      assert.equal(plain.code, 0, `${name}: ${plain.stderr}`);
      const like = runAct([name, '1', '--like', 'transformers', '--format', 'csv']);
      assert.equal(like.code, 0, `${name} --like transformers: ${like.stderr}`);
    }
  });

  it('gelu_new and gelu_fast differ as √(2/π) and 0.7978845608 make them differ, each the 50-digit reference rounded once', () => {
    const [gNew] = json(['gelu_new', '1']).results;
    const [gFast] = json(['gelu_fast', '1']).results;
    assert.equal(gNew.value, digits('0.84119199060827670431385755092200911510997926137112'));
    assert.equal(gNew.gradient, digits('1.082964083845782553845240896212160915723020916738'));
    assert.equal(gFast.value, digits('0.84119199060747692676373204776031625408721918983029'));
    assert.equal(gFast.gradient, digits('1.0829640838451022623762329222281718257173297165611'));
    assert.notEqual(gNew.value, gFast.value);
    // The aliases are the same formula.
    for (const alias of ['gelu_python_tanh', 'gelu_accurate', 'gelu_pytorch_tanh']) assert.deepEqual(json([alias, '1']).results, [gNew]);
  });

  it('quick_gelu 1 is σ(1.702) rounded once, and compare shows it in Transformers only', () => {
    const [row] = json(['quick_gelu', '1']).results;
    assert.equal(row.value, digits('0.84579576593282129014674235844673141817330408107122'));
    assert.equal(row.gradient, digits('1.0677796065563340519912637066784476787392129407378'));
    const compare = JSON.parse(runAct(['compare', 'quick_gelu', '1', '--json']).stdout);
    assert.deepEqual(compare.frameworks, ['transformers']);
  });

  it('a function in no framework is shown as act defines it', () => {
    const result = runAct(['compare', 'snake', '1', '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split('\n')[0], 'x,act_value,act_gradient');
    const table = runAct(['compare', 'sine', '0.1']);
    assert.match(table.stdout, /act: sine is not in any framework; act's own definition/);
  });

  it('act describe xielu shows the formula, the parameters with their defaults and the source, tagged', () => {
    const text = runAct(['describe', 'xielu']).stdout;
    assert.match(text, /f\(x\) {2}= alpha_p·x² \+ beta·x for x > 0; \(expm1\(min\(x, eps\)\) − x\)·alpha_n \+ beta·x for x ≤ 0/);
    for (const [flag, value] of [['alpha-p', '0.80078125'], ['alpha-n', '0.80078125'], ['beta', '0.5'], ['eps', '-9.98377799987793e-7']]) {
      assert.match(text, new RegExp(`--${flag}: .*; default ${value.replace(/[.-]/g, '\\$&')}\\n`));
    }
    assert.match(text, /transformers main ACT2FN\["xielu"\] \(XIELUActivation\) \[run\]/);
    assert.match(text, /XIELUActivation\(alpha_p_init=0\.8, alpha_n_init=0\.8, beta=0\.5, eps=-1e-6, dtype=torch\.bfloat16\)/);
  });

  it('--like transformers takes PyTorch’s gradients at kinks, xielu’s split one at eps as autograd sums it', () => {
    const relu = json(['relu', '0', '--like', 'transformers']).results[0];
    assert.equal(relu.gradient, 0);
    const rows = json(['xielu', '-9.98377799987793e-7', '0', '--like', 'transformers']).results;
    // PyTorch 1.13 float64 autograd, run: 0.09960897525908824 at eps, −0.30078125 at 0 (ACTIVATIONS-style fact, tagged [run]).
    assert.deepEqual(rows.map((row) => row.gradient), [0.09960897525908824, -0.30078125]);
  });
});

describe('GLU variants', () => {
  it('geglu 1 2 has a 1 × 2 Jacobian that matches a central difference', () => {
    const result = json(['geglu', '1', '2', '--jacobian']);
    assert.equal(result.jacobian!.length, 1);
    assert.equal(result.jacobian![0].length, 2);
    const h = 1e-6;
    const at = (a: number, b: number): number => json(['geglu', String(a), String(b)]).results[0].value;
    const numeric = [(at(1 + h, 2) - at(1 - h, 2)) / (2 * h), (at(1, 2 + h) - at(1, 2 - h)) / (2 * h)];
    result.jacobian![0].forEach((entry, j) => assert.ok(Math.abs(entry - numeric[j]) < 1e-8, `∂y/∂x_${j}: ${entry} vs ${numeric[j]}`));
  });

  it('reglu 1 -2 gives 0, with relu′ taken from the right piece at 0; bilinear is a·b', () => {
    const [row] = json(['reglu', '1', '-2']).results;
    assert.deepEqual([row.value, row.gradient], [0, 0]);
    const atKink = json(['reglu', '3', '0', '--jacobian']).jacobian!;
    assert.deepEqual(atKink, [[0, 3]]);
    assert.deepEqual(json(['bilinear', '2', '3', '5', '7', '--jacobian']).jacobian, [[5, 0, 2, 0], [0, 7, 0, 3]]);
  });

  it('the clamped, interleaved SwiGLU of GPT-OSS through parameters matches PyTorch running its swiglu (run, float64)', () => {
    // gpt_oss swiglu(x, alpha=1.702, limit=7.0) on [1, 2, 3, 4] and [8, −9], torch 1.13 float64 with autograd:
    const torchValues = [2.537387297798464, 14.90964345146107];
    const torchJacobian = [[3.2033388196690025, 0.8457957659328212, 0, 0], [0, 0, 5.122741619528262, 2.981928690292214]];
    const flags = ['--layout', 'interleaved', '--alpha', '1.702', '--limit', '7', '--offset', '1'];
    const result = json(['swiglu', '1', '2', '3', '4', ...flags, '--jacobian']);
    const close = (a: number, b: number): boolean => a === b || Math.abs(a - b) <= 4 * Number.EPSILON * Math.abs(b);
    result.results.slice(0, 2).forEach((row, i) => assert.ok(close(row.value, torchValues[i]), `y_${i}: ${row.value} vs ${torchValues[i]}`));
    result.jacobian!.forEach((row, i) => row.forEach((entry, j) => assert.ok(close(entry, torchJacobian[i][j]), `J[${i}][${j}]: ${entry} vs ${torchJacobian[i][j]}`)));
    const clamped = json(['swiglu', '8', '-9', ...flags, '--jacobian']);
    assert.ok(close(clamped.results[0].value, -41.99971876981991));
    assert.deepEqual(clamped.jacobian!.map((row) => row.map(Math.abs)), [[0, 0]]);
  });
});

