/**
 * PyTorch as a real peer (Debian's python3-torch, installed by .ci/run where apt-get works):
 * torch.nn.functional forward and autograd backward in float64 (scripts/torch_peer.py), against
 * act --like torch@<installed version>, for every element-wise function PyTorch has. At kinks the
 * gradients must be identical; elsewhere act must agree within 4 ulp or be at least as close to the
 * exact result (mpmath, from the mathematical definition) as PyTorch is.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CATALOGUE, exampleParams } from '../../src/core/catalogue.ts';
import { evaluateVector, getActivation, getVectorFunction, type Activation } from '../../src/core/evaluate.ts';
import { FRAMEWORK_VERSIONS, frameworkFacts } from '../../src/core/frameworks.ts';
import type { ElementwiseDefinition } from '../../src/core/types.ts';
import { nextDouble } from '../helpers/sweep.ts';
import { decode, ulpDistance } from '../helpers/ulp.ts';
import { peerDisagreements } from '../helpers/peer.ts';

const PEER = fileURLToPath(new URL('../../scripts/torch_peer.py', import.meta.url));

/** Vectors for PyTorch's own vector functions: ordinary, wide-ranging, and with masked (−∞) entries. */
const VECTOR_CASES: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['softmax', [1, 2, 3]],
  ['softmax', [1, 2, -Infinity]],
  ['softmax', [-700, 0, 700, 3.5]],
  ['softmin', [0.5, -1.25, 3]],
  ['log_softmax', [1, 2, 3, -40]],
  ['log_softmax', [0, -Infinity, 2]],
  ['logsumexp', [1, 2, -Infinity]],
  ['logsumexp', [1e-8, -1e-8, 30]],
  ['glu', [1, -2, 0.5, 3]],
  ['glu', [2.5, -0.75, -40, 40]],
];

/** The first python3 that can import torch and mpmath (Debian's packages live under /usr/bin/python3). */
function findPython(): { python: string; version: string } | undefined {
  const candidates = [process.env.ACT_TORCH_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => Boolean(c));
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch, mpmath; print(torch.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return undefined;
}

const found = findPython();
const skip = found ? false : 'PyTorch is not installed here (apt-get install -y python3-torch python3-mpmath)';

interface PeerCase {
  readonly definition: ElementwiseDefinition;
  readonly activation: Activation;
  readonly points: number[];
  /** Kinks, where PyTorch's gradient must be act's exactly. */
  readonly kinks: Set<number>;
}

function pointsFor(definition: ElementwiseDefinition, activation: Activation): { points: number[]; kinks: Set<number> } {
  const kinks = new Set<number>(activation.kinks.map((kink) => kink.at));
  for (const fact of frameworkFacts(definition.name, 'torch')?.kinks ?? []) if (fact.at) kinks.add(fact.at(activation.params));
  const points = new Set<number>(kinks);
  for (const at of [...kinks, ...(definition.branchPoints?.(activation.params) ?? [])]) {
    if (Number.isFinite(at)) for (const steps of [-1, 1]) points.add(nextDouble(at, steps));
  }
  for (let i = -40; i <= 40; i++) points.add(i / 4);
  for (const extreme of [5e-324, 1e-300, 1e-8, 0.3, 2.5, 7.7, 20.5, 37, 40, 700, 745, 1e10, 1e300, 1.7976931348623157e308]) {
    points.add(extreme);
    points.add(-extreme);
  }
  return { points: [...points].filter(Number.isFinite), kinks };
}

/** PyTorch's calls that take parameters (F.selu and F.hardsigmoid have fixed constants). */
const TAKES_PARAMETERS = new Set(['leaky_relu', 'prelu', 'rrelu', 'elu', 'celu', 'gelu', 'softplus', 'hardtanh', 'softshrink', 'hardshrink', 'threshold']);

function peerCases(version: string): PeerCase[] {
  const cases: PeerCase[] = [];
  for (const definition of CATALOGUE) {
    if (definition.kind !== 'elementwise' || !frameworkFacts(definition.name, 'torch')) continue;
    for (const given of [{}, TAKES_PARAMETERS.has(definition.name) ? exampleParams(definition) : undefined]) {
      if (!given) continue;
      const activation = getActivation(definition.name, given, { like: `torch@${version}` });
      cases.push({ definition, activation, ...pointsFor(definition, activation) });
    }
  }
  return cases;
}

describe('PyTorch peer (float64 forward and autograd)', { skip }, () => {
  const installed = found?.version ?? '';
  const version = FRAMEWORK_VERSIONS.torch.find((known) => installed === known || installed.startsWith(`${known}.`));
  it(`the installed PyTorch ${installed} is a version act has facts for`, () => {
    assert.ok(version, `act has facts for torch ${FRAMEWORK_VERSIONS.torch.join(', ')}, not ${installed}`);
  });
  if (!version || !found) return;
  const cases = peerCases(version);
  const request = cases.map(({ definition, activation, points }) => ({ function: definition.name, params: activation.params, points }));
  const vectors = VECTOR_CASES.map(([name, vector]) => ({ function: name, vector: vector.map((v) => (Number.isFinite(v) ? v : String(v))) }));
  const run = spawnSync(found.python, [PEER], { input: JSON.stringify({ cases: request, vectors }), encoding: 'utf8', maxBuffer: 1 << 28 });
  const answer =
    run.status === 0
      ? (JSON.parse(run.stdout) as {
          cases: Array<Record<'values' | 'gradients' | 'exactValues' | 'exactGradients', Array<number | string>>>;
          vectors: Array<Record<'values' | 'diagonal' | 'exactValues' | 'exactDiagonal' | 'second' | 'exactSecond', Array<number | string>>>;
        })
      : undefined;

  VECTOR_CASES.forEach(([name, vector], index) => {
    it(`${name} [${vector.join(', ')}]: values, the Jacobian's and the Hessian's diagonals within 4 ulp of PyTorch or closer to exact`, () => {
      assert.ok(answer, 'no answer from PyTorch');
      const result = answer.vectors[index];
      const ours = evaluateVector(name, Float64Array.from(vector));
      const failures: string[] = [];
      const { definition, params } = getVectorFunction(name);
      for (const [what, mine, theirs, exact] of [
        ['value', ours.values, result.values, result.exactValues],
        ['diagonal', ours.diagonal, result.diagonal, result.exactDiagonal],
        // ∂²y_i/∂x_i² against torch.autograd.functional.hessian (issue 17)
        ['second', definition.evaluate(Float64Array.from(vector), params).secondDiagonal(), result.second, result.exactSecond],
      ] as const) {
        mine.forEach((value, i) => {
          const peer = decode(theirs[i]);
          const truth = decode(exact[i]);
          if (ulpDistance(value, peer) <= 4 || ulpDistance(value, truth) <= ulpDistance(peer, truth)) return;
          failures.push(`${what}[${i}]: act ${value}, PyTorch ${peer}, exact ${truth}`);
        });
      }
      assert.deepEqual(failures, []);
    });
  });

  it('scripts/torch_peer.py runs', () => assert.equal(run.status, 0, run.stderr));
  cases.forEach((peerCase, index) => {
    const { definition, activation, points, kinks } = peerCase;
    it(`${definition.name} ${JSON.stringify(activation.params)} like ${activation.like}: ${points.length} points, kinks identical, elsewhere within 4 ulp or closer to exact`, () => {
      assert.ok(answer, 'no answer from PyTorch');
      const failures = peerDisagreements(activation, points, kinks, answer.cases[index], 'PyTorch');
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} disagreements`);
    });
  });
});
