/** --like <framework> and act compare: the facts of ../shared/ACTIVATIONS.md §a, §e, §f as the CLI reports them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/core/catalogue.ts';
import { allFrameworkFacts, FRAMEWORKS } from '../../src/core/frameworks.ts';
import { runAct } from '../helpers/cli.ts';

function rows(args: string[]): Array<{ x: number; value: number; gradient: number }> {
  const result = runAct([...args, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout).results;
}
const gradients = (args: string[]): number[] => rows(args).map((row) => row.gradient);
const values = (args: string[]): number[] => rows(args).map((row) => row.value);

describe('--like', () => {
  it('hardswish at ±3: PyTorch −0.5 and 1.5, JAX 0 and 1', () => {
    assert.deepEqual(gradients(['hardswish', '-3', '3', '--like', 'torch']), [-0.5, 1.5]);
    assert.deepEqual(gradients(['hardswish', '-3', '3', '--like', 'jax']), [0, 1]);
  });

  it('leaky_relu: the default slope and the gradient at 0 of each framework', () => {
    assert.deepEqual(values(['leaky_relu', '-1', '--like', 'tensorflow']), [-0.2]);
    assert.deepEqual(values(['leaky_relu', '-1', '--like', 'torch']), [-0.01]);
    assert.deepEqual(gradients(['leaky_relu', '0', '--like', 'jax']), [1]);
    assert.deepEqual(gradients(['leaky_relu', '0', '--like', 'torch']), [0.01]);
  });

  it('hardsigmoid: ONNX clip(0.2x + 0.5) and PyTorch relu6(x + 3)/6', () => {
    assert.deepEqual(values(['hardsigmoid', '1', '--like', 'onnx']), [0.7]);
    assert.deepEqual(values(['hardsigmoid', '1', '--like', 'torch']), [0.6666666666666666]);
  });

  it('gelu: JAX defaults to the tanh approximation', () => {
    // mpmath: ½(1 + tanh(√(2/π)(1 + 0.044715))) and Φ(1), correctly rounded
    assert.deepEqual(values(['gelu', '1', '--like', 'jax']), [0.8411919906082767]);
    assert.deepEqual(values(['gelu', '1', '--like', 'torch']), [0.8413447460685429]);
  });

  it('selu at 0: TensorFlow λ, PyTorch λα as its float64 product', () => {
    assert.deepEqual(gradients(['selu', '0', '--like', 'tensorflow']), [1.0507009873554805]);
    assert.deepEqual(gradients(['selu', '0', '--like', 'torch']), [1.7580993408473766]);
  });

  it('relu6 at 6: tfjs-core 1, PyTorch 0', () => {
    assert.deepEqual(gradients(['relu6', '6', '--like', 'tfjs']), [1]);
    assert.deepEqual(gradients(['relu6', '6', '--like', 'torch']), [0]);
  });

  it('explicit parameters and --kink still win', () => {
    assert.deepEqual(values(['leaky_relu', '-1', '--like', 'tensorflow', '--negative-slope', '0.5']), [-0.5]);
    assert.deepEqual(gradients(['hardswish', '-3', '--like', 'torch', '--kink', 'left']), [0]);
  });

  it('JSON reports like, and kink null when the framework decides', () => {
    const result = JSON.parse(runAct(['relu', '0', '--like', 'torch', '--json']).stdout);
    assert.equal(result.like, 'torch@2.6');
    assert.equal(result.kink, null);
  });

  it('a function the framework lacks is an error that names what it has', () => {
    const result = runAct(['sparsemax', '1', '2', '--like', 'torch']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^act: PyTorch has no sparsemax$/m);
    assert.match(result.stderr, /Closest in PyTorch: softmax/);
  });

  it('celu at 0 through Keras on TensorFlow is 2 (ties pass through both terms)', () => {
    assert.deepEqual(gradients(['celu', '0', '--like', 'keras']), [2]);
    assert.deepEqual(gradients(['celu', '0', '--like', 'torch']), [1]);
  });
});

describe('act compare', () => {
  it('shows every framework that has hardswish side by side, marking disagreements', () => {
    const result = runAct(['compare', 'hardswish', '-3', '0', '3']);
    assert.equal(result.code, 0, result.stderr);
    const header = result.stdout.split('\n').find((line) => /^\s+x\s/.test(line))!;
    assert.deepEqual(header.trim().split(/\s+/), ['x', 'torch', "torch'", 'keras', "keras'", 'jax', "jax'", 'onnx', "onnx'", 'transformers', "transformers'"]);
    assert.match(result.stdout, /1\.5\*/);
  });

  it('--json and --frameworks', () => {
    const result = JSON.parse(runAct(['compare', 'leaky_relu', '0', '-1', '--frameworks', 'torch,jax', '--json']).stdout);
    assert.deepEqual(result.frameworks, ['torch', 'jax']);
    assert.deepEqual(result.results[0], { x: 0, torch: { value: 0, gradient: 0.01 }, jax: { value: 0, gradient: 1 } });
  });

  it('an unknown framework or a vector function is a usage error', () => {
    assert.equal(runAct(['compare', 'relu', '1', '--frameworks', 'caffe']).code, 2);
    assert.equal(runAct(['compare', 'softmax', '1']).code, 2);
  });
});

describe('--like framework@version', () => {
  it('hardswish′(3) is 1.5 in PyTorch 2.6 (the newest described) and 1 in PyTorch 1.13, run here', () => {
    assert.deepEqual(gradients(['hardswish', '3', '--like', 'torch']), [1.5]);
    assert.deepEqual(gradients(['hardswish', '3', '--like', 'torch@1.13']), [1]);
    assert.deepEqual(gradients(['hardswish', '-3', '--like', 'torch@1.13']), [-0.5]);
  });

  it('the JSON like field and the table note name the version', () => {
    assert.equal(JSON.parse(runAct(['hardswish', '3', '--like', 'torch@1.13', '--json']).stdout).like, 'torch@1.13');
    assert.match(runAct(['hardswish', '3', '--like', 'torch@1.13', '--no-color']).stdout, /# like PyTorch 1\.13/);
    assert.match(runAct(['describe', 'hardswish']).stdout, /torch +1\.13 F\.hardswish.*f′\(3\) = 1\b/);
  });

  it('a version the facts do not cover is a usage error that lists the known ones', () => {
    const result = runAct(['relu', '1', '--like', 'torch@2.0']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^act: no facts for PyTorch 2\.0\nKnown versions of torch: 2\.6, 1\.13/);
  });

  it('softplus like PyTorch takes the linear branch only above the threshold: σ(20) at 20 (run on PyTorch 1.13)', () => {
    assert.deepEqual(gradients(['softplus', '20', '--like', 'torch']), [0.9999999979388464]);
    assert.deepEqual(values(['softplus', '20', '--like', 'torch']), [20.000000002061153]);
    assert.deepEqual(gradients(['softplus', '20.000000000000004', '--like', 'torch']), [1]);
  });

  it('tanhshrink exists in PyTorch', () => {
    assert.equal(runAct(['tanhshrink', '1', '--like', 'torch']).code, 0);
  });
});

describe('framework facts', () => {
  it('every entry names a function of the catalogue and only known frameworks', () => {
    const names = new Set(CATALOGUE.map((definition) => definition.name));
    for (const [name, facts] of Object.entries(allFrameworkFacts())) {
      assert.ok(names.has(name), name);
      for (const key of Object.keys(facts)) assert.ok(key === 'closest' || (FRAMEWORKS as readonly string[]).includes(key), `${name}: ${key}`);
    }
  });

  it('describe has a frameworks section, and says how Keras gradients are obtained', () => {
    const out = runAct(['describe', 'selu']).stdout;
    assert.match(out, /Frameworks \(--like/);
    assert.match(out, /tensorflow +2\.15 tf\.nn\.selu \[src\]; f′\(0\) = 1\.0507009873554805/);
    assert.match(out, /Keras 3 has no autodiff of its own/);
    const json = JSON.parse(runAct(['describe', 'relu6', '--json']).stdout);
    assert.deepEqual(json.frameworks.tfjs.kinkGradients, [{ at: 0, gradient: 0 }, { at: 6, gradient: 1 }]);
    assert.equal(json.frameworks.tfjs.evidence, 'run');
  });
});
