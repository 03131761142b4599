/**
 * Hugging Face Transformers as a peer: each ACT2CLS formula written exactly as activations.py
 * writes it (scripts/torch_peer.py, transformers_call), run in PyTorch float64 with autograd,
 * against act <name> --like transformers. At kinks the gradients must be identical; elsewhere act
 * must agree within 4 ulp or be at least as close to the exact result (mpmath) as the formula is.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getActivation } from '../../src/core/evaluate.ts';
import { torchPython } from '../helpers/python.ts';
import { nextDouble } from '../helpers/sweep.ts';
import { peerDisagreements, type PeerAnswer } from '../helpers/peer.ts';

const PEER = fileURLToPath(new URL('../../scripts/torch_peer.py', import.meta.url));

/** ACT2CLS keys with a formula of Transformers' own (the others are PyTorch built-ins, in torch-peer.test.ts), and act's name for each. */
const FORMULAS: ReadonlyArray<readonly [string, string]> = [
  ['gelu', 'gelu'],
  ['gelu_python', 'gelu_python'],
  ['gelu_new', 'gelu_new'],
  ['gelu_python_tanh', 'gelu_python_tanh'],
  ['gelu_accurate', 'gelu_accurate'],
  ['gelu_pytorch_tanh', 'gelu_pytorch_tanh'],
  ['gelu_fast', 'gelu_fast'],
  ['gelu_10', 'gelu_10'],
  ['quick_gelu', 'quick_gelu'],
  ['laplace', 'laplace'],
  ['relu2', 'relu2'],
  ['sqrtsoftplus', 'sqrtsoftplus'],
  ['xielu', 'xielu'],
];

const python = torchPython();
const skip = python ? false : 'PyTorch is not installed here (apt-get install -y python3-torch python3-mpmath)';

describe('Transformers formulas in PyTorch float64 (autograd) against act --like transformers', { skip }, () => {
  const cases = FORMULAS.map(([key, name]) => {
    const activation = getActivation(name, {}, { like: 'transformers' });
    const kinks = new Set(activation.kinks.map((kink) => kink.at));
    const points = new Set<number>(kinks);
    for (const at of [...kinks, ...(activation.definition.branchPoints?.(activation.params) ?? []), 10]) {
      if (Number.isFinite(at)) for (const steps of [-1, 1]) points.add(nextDouble(at, steps));
    }
    for (let i = -64; i <= 64; i++) points.add(i / 8);
    for (const extreme of [5e-324, 1e-300, 1e-8, 0.3, 2.5, 7.7, 20.5, 37, 40, 700, 745, 1e10, 1e150]) {
      points.add(extreme);
      points.add(-extreme);
    }
    return { key, name, activation, kinks, points: [...points].filter(Number.isFinite) };
  });
  const request = cases.map(({ key, activation, points }) => ({ function: activation.definition.name, transformers: key, params: activation.params, points }));
  const run = spawnSync(python ?? 'python3', [PEER], { input: JSON.stringify({ cases: request }), encoding: 'utf8', maxBuffer: 1 << 28 });
  const answer = run.status === 0 ? (JSON.parse(run.stdout) as { cases: PeerAnswer[] }) : undefined;

  it('scripts/torch_peer.py runs the Transformers formulas', () => assert.equal(run.status, 0, run.stderr));
  cases.forEach(({ key, activation, kinks, points }, index) => {
    it(`ACT2FN["${key}"]: ${points.length} points, kinks identical, elsewhere within 4 ulp or closer to exact`, () => {
      assert.ok(answer, 'no answer from PyTorch');
      const failures = peerDisagreements(activation, points, kinks, answer.cases[index], 'PyTorch');
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} disagreements`);
    });
  });
});
