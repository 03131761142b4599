/** The whole catalogue through the CLI: list, describe, the documented examples and parameter errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/core/catalogue.ts';
import { runAct, runMain } from '../helpers/cli.ts';

function results(args: string[]): Array<{ x: number | string; value: number | string; gradient: number | string }> {
  const result = runAct([...args, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout).results;
}

// Every function of SPEC §6 (element-wise part), by canonical name.
const SPEC_ELEMENTWISE = [
  'relu', 'relu6', 'leaky_relu', 'prelu', 'rrelu', 'elu', 'selu', 'celu', 'gelu', 'silu', 'swish', 'mish', 'softplus',
  'softsign', 'sigmoid', 'log_sigmoid', 'hardsigmoid', 'hardswish', 'hardtanh', 'tanh', 'tanhshrink', 'softshrink',
  'hardshrink', 'shrink', 'threshold', 'thresholded_relu', 'squareplus', 'sparse_plus', 'sparse_sigmoid', 'exponential',
  'identity', 'binary_step',
];
const SPEC_ALIASES: Record<string, string> = {
  leakyrelu: 'leaky_relu', lrelu: 'leaky_relu', soft_sign: 'softsign', logistic: 'sigmoid', logsigmoid: 'log_sigmoid',
  hard_sigmoid: 'hardsigmoid', hard_swish: 'hardswish', hard_silu: 'hardswish', hard_tanh: 'hardtanh',
  tanh_shrink: 'tanhshrink', soft_shrink: 'softshrink', hard_shrink: 'hardshrink', exp: 'exponential', linear: 'identity',
  step: 'binary_step', heaviside: 'binary_step',
};

describe('act list and describe', () => {
  it('list --json holds every element-wise function of the spec with parameters and defaults', () => {
    const list = JSON.parse(runAct(['list', '--json']).stdout) as Array<{ name: string; parameters: Array<{ name: string; default: unknown }> }>;
    const names = list.map((entry) => entry.name);
    for (const name of SPEC_ELEMENTWISE) assert.ok(names.includes(name), name);
    const leaky = list.find((entry) => entry.name === 'leaky_relu')!;
    assert.deepEqual(leaky.parameters, [{ name: 'negative_slope', default: 0.01 }]);
    const selu = list.find((entry) => entry.name === 'selu')!;
    assert.deepEqual(selu.parameters.map((p) => p.default), [1.6732632423543772, 1.0507009873554805]);
  });

  it('each alias of the spec resolves to its function', () => {
    for (const [alias, name] of Object.entries(SPEC_ALIASES)) {
      const result = runAct([alias, '1', '--json']);
      assert.equal(JSON.parse(result.stdout).function, name, alias);
    }
  });

  it('list prints a table of every function', () => {
    const out = runAct(['list']).stdout;
    for (const definition of CATALOGUE) assert.match(out, new RegExp(`^${definition.name}\\s`, 'm'));
  });

  it('describe --json has the documented schema', () => {
    const description = JSON.parse(runAct(['describe', 'leaky-relu', '--json']).stdout);
    assert.deepEqual(Object.keys(description), ['name', 'aliases', 'kind', 'family', 'summary', 'formula', 'derivative', 'parameters', 'kinks', 'properties', 'references', 'frameworks', 'accuracy']);
    assert.deepEqual(description.kinks, [{ at: 0, left: 0.01, right: 1 }]);
    assert.deepEqual(description.parameters[0], {
      name: 'negative_slope', flag: '--negative-slope', flagAliases: ['--alpha'], type: 'number', default: 0.01, description: 'slope for x < 0',
    });
  });

  it('describe prints formula, derivative, kinks and references as text, and rejects unknown names', async () => {
    const out = runAct(['describe', 'hardswish']).stdout;
    assert.match(out, /x = -3: gradient -0\.5 with --kink right \(default\), 0 with --kink left/);
    assert.match(out, /Howard/);
    const result = await runMain(['describe', 'gleu']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Did you mean 'gelu'/);
  });

  it('every function has a help page with its formula', () => {
    for (const definition of CATALOGUE) {
      const result = runAct([definition.name, '--help']);
      assert.equal(result.code, 0, definition.name);
      assert.ok(result.stdout.includes(definition.formula), definition.name);
    }
  });
});

describe('documented values', () => {
  // Reference values: mpmath at 50 digits (see scripts/generate_fixtures.py), correctly rounded.
  it('selu −1', () => assert.deepEqual(results(['selu', '-1']), [{ x: -1, value: -1.1113307378125628, gradient: 0.6467686030348141 }]));
  it('gelu far below 0 via erfc', () => assert.deepEqual(results(['gelu', '-10', '-38']).map((r) => r.value), [-7.619853024160526e-23, -1.096462777e-314]));
  it('softplus without and with the PyTorch threshold', () => {
    assert.deepEqual(results(['softplus', '30', '-700']).map((r) => r.value), [30.000000000000092, 9.85967654375977e-305]);
    assert.deepEqual(results(['softplus', '30', '--threshold', '20']).map((r) => r.value), [30]);
  });
  it('log_sigmoid', () => assert.deepEqual(results(['log_sigmoid', '-800', '40']).map((r) => r.value), [-800, -4.248354255291589e-18]));
  it('elu just below 0 (expm1)', () => assert.deepEqual(results(['elu', '-1e-8']).map((r) => r.value), [-9.999999950000001e-9]));
  it('silu −20', () => assert.deepEqual(results(['silu', '-20']), [{ x: -20, value: -4.122307236380407e-8, gradient: -3.9161918660646786e-8 }]));
  it('celu with alpha 2', () => assert.deepEqual(results(['celu', '-1', '--alpha', '2']).map((r) => r.value), [-0.7869386805747332]));
  it('hardswish at −3 under both conventions', () => {
    assert.deepEqual(results(['hardswish', '-3']).map((r) => r.gradient), [-0.5]);
    assert.deepEqual(results(['hardswish', '-3', '--kink', 'left']).map((r) => r.gradient), [0]);
  });
  it('rrelu in evaluation mode uses the mean slope 0.22916666666666666', () => {
    assert.deepEqual(results(['rrelu', '-1']), [{ x: -1, value: -0.22916666666666666, gradient: 0.22916666666666666 }]);
  });
  it('swish without --beta is silu', () => assert.deepEqual(results(['swish', '-20']), results(['silu', '-20'])));
});

describe('invalid parameters', () => {
  for (const [args, pattern] of [
    [['softplus', '1', '--beta', '0'], /--beta must be a finite number greater than 0/],
    [['hardtanh', '1', '--min-val', '2', '--max-val', '1'], /--min-val \(2\) must be less than --max-val \(1\)/],
    [['gelu', '1', '--approximate', 'fast'], /'fast' is invalid\. Allowed choices are none, tanh/],
    [['relu', '1', '--alpha', '2'], /relu takes no parameters/],
    [['softshrink', '1', '--lambd', '-1'], /--lambd must be a finite number ≥ 0/],
    [['rrelu', '1', '--lower', '0.5', '--upper', '0.1'], /--lower must not exceed --upper/],
    [['celu', '1', '--alpha', '0'], /--alpha must be a finite number greater than 0/],
  ] as const) {
    it(`${args.join(' ')} → exit 2`, () => {
      const result = runAct([...args]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, pattern);
    });
  }
});
