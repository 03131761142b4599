/**
 * The places that once went wrong (issue #11), through the built binary: gelu's former NaN window
 * (38.6, 40], masked logits in the vector functions (values as PyTorch 1.13 returns them, run
 * here), and the sign of a zero.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAct } from '../helpers/cli.ts';

interface Row {
  x: number | string;
  value: number | string;
  gradient: number | string;
}

const json = (args: string[]): { results: Row[]; jacobian?: Array<Array<number | string>> } => {
  const result = runAct([...args, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
};

describe('gelu far out on the right', () => {
  it('gelu 39 39.5 40 is x with gradient 1', () => {
    const { results } = json(['gelu', '39', '39.5', '40']);
    assert.deepEqual(results.map((row) => [row.value, row.gradient]), [[39, 1], [39.5, 1], [40, 1]]);
  });

  for (const dtype of ['float64', 'float32']) {
    it(`gelu --linspace 38:41:100001 in ${dtype} has no NaN and no gap`, () => {
      const result = runAct(['gelu', '--linspace', '38:41:100001', '--format', 'tsv', '--dtype', dtype]);
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.trim().split('\n');
      assert.equal(lines.length, 100002);
      assert.ok(!result.stdout.includes('NaN'));
    });
  }
});

describe('masked logits (−inf) as the frameworks treat them', () => {
  it('softmax 1 2 -inf: 0.2689414213699951, 0.7310585786300049, 0, and a zero third row and column', () => {
    const { results, jacobian } = json(['softmax', '1', '2', '-inf']);
    assert.deepEqual(results.map((row) => row.value), [0.2689414213699951, 0.7310585786300049, 0]);
    assert.ok(jacobian);
    for (let i = 0; i < 3; i++) {
      assert.equal(Math.abs(Number(jacobian[2][i])), 0);
      assert.equal(Math.abs(Number(jacobian[i][2])), 0);
    }
  });

  it('softmax 0 -inf is 1, 0 and softmin 0 inf is 1, 0', () => {
    assert.deepEqual(json(['softmax', '0', '-inf']).results.map((row) => row.value), [1, 0]);
    assert.deepEqual(json(['softmin', '0', 'inf']).results.map((row) => row.value), [1, 0]);
  });

  it('log_softmax gives -Infinity at a masked logit, and NaN when every logit is masked (as PyTorch)', () => {
    assert.deepEqual(json(['log_softmax', '0', '-inf']).results.map((row) => row.value), [0, '-Infinity']);
    assert.deepEqual(json(['log_softmax', '-inf', '-inf']).results.map((row) => row.value), ['NaN', 'NaN']);
    assert.deepEqual(json(['softmax', '-inf', '-inf']).results.map((row) => row.value), ['NaN', 'NaN']);
  });

  it('logsumexp ignores masked entries: logsumexp(1, 2, -inf) = logsumexp(1, 2)', () => {
    const masked = JSON.parse(runAct(['logsumexp', '1', '2', '-inf', '--json']).stdout);
    const plain = JSON.parse(runAct(['logsumexp', '1', '2', '--json']).stdout);
    assert.equal(masked.value, plain.value);
    assert.equal(masked.value, 2.313261687518223);
    assert.deepEqual(masked.results.map((row: Row) => row.gradient), [0.2689414213699951, 0.7310585786300049, 0]);
  });
});

describe('signed zeros', () => {
  it('a function that is x times a factor near 0 keeps the sign of −0', () => {
    for (const name of ['gelu', 'silu', 'mish', 'tanh', 'softsign', 'tanhshrink', 'elu', 'selu', 'celu']) {
      const result = runAct([name, '-0', '--format', 'csv', '--fields', 'value']);
      assert.equal(result.stdout, 'value\n-0\n', name);
    }
  });
});
