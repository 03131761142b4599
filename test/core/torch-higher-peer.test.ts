/**
 * PyTorch as a peer for the higher derivatives (issue 17): f″ and f‴ by nested autograd
 * (torch.autograd.grad with create_graph=True, scripts/torch_peer.py) in float64, and ∂f/∂θ by
 * autograd with θ a tensor (nn.PReLU's weight; ELU's and CELU's α and leaky_relu's slope through
 * their functional forms), against act --like torch@<installed version>. At the kinks and
 * the ends of the higher derivatives' pieces they must be PyTorch's exactly; elsewhere within 4 ulp
 * or at least as close to the exact result (mpmath) as PyTorch is.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CATALOGUE, exampleParams } from '../../src/core/catalogue.ts';
import { getActivation, type Activation } from '../../src/core/evaluate.ts';
import { FRAMEWORK_VERSIONS, frameworkFacts } from '../../src/core/frameworks.ts';
import type { ElementwiseDefinition } from '../../src/core/types.ts';
import { torchPython } from '../helpers/python.ts';
import { nextDouble } from '../helpers/sweep.ts';
import { decode, ulpDistance } from '../helpers/ulp.ts';

const PEER = fileURLToPath(new URL('../../scripts/torch_peer.py', import.meta.url));
const python = torchPython();
const skip = python ? false : 'PyTorch is not installed here (apt-get install -y python3-torch python3-mpmath)';

/** What PyTorch 1.13 cannot differentiate twice: "derivative for aten::hardsigmoid_backward is not implemented". */
const NO_DOUBLE_BACKWARD = ['hardsigmoid'];

interface Case {
  readonly definition: ElementwiseDefinition;
  readonly activation: Activation;
  readonly points: number[];
  readonly kinks: Set<number>;
}

function casesFor(version: string): Case[] {
  const cases: Case[] = [];
  for (const definition of CATALOGUE) {
    const facts = definition.kind === 'elementwise' ? frameworkFacts(definition.name, 'torch', version) : undefined;
    if (definition.kind !== 'elementwise' || !facts) continue;
    const shown = exampleParams(definition);
    for (const given of [{}, ...(shown ? [shown] : [])]) {
      const activation = getActivation(definition.name, given, { like: `torch@${version}` });
      const kinks = new Set<number>([...activation.kinks.map((kink) => kink.at), ...(facts.kinks ?? []).flatMap((fact) => (fact.at ? [fact.at(activation.params)] : []))]);
      for (const at of definition.higherJumps?.(activation.params) ?? []) kinks.add(at);
      for (const fact of facts.higherKinks ?? []) kinks.add(fact.at(activation.params));
      const points = new Set<number>(kinks);
      for (const at of [...kinks, ...(definition.branchPoints?.(activation.params) ?? [])]) {
        if (Number.isFinite(at)) for (const steps of [-1, 1]) points.add(nextDouble(at, steps));
      }
      for (let i = -24; i <= 24; i++) points.add(i / 4);
      for (const extreme of [5e-324, 1e-300, 1e-8, 0.3, 2.5, 7.7, 20.5, 37, 40, 700, 1e10, 1e300]) {
        points.add(extreme);
        points.add(-extreme);
      }
      cases.push({ definition, activation, points: [...points].filter(Number.isFinite), kinks });
    }
  }
  return cases;
}

/** At a kink PyTorch's answer exactly; elsewhere within 4 ulp or at least as close to exact. */
function disagreement(x: number, ours: number, theirs: number, exact: number, atKink: boolean): boolean {
  if (atKink) return !(ours === theirs || (Number.isNaN(ours) && Number.isNaN(theirs)));
  return !(ulpDistance(ours, theirs) <= 4 || ulpDistance(ours, exact) <= ulpDistance(theirs, exact));
}

describe('PyTorch peer: f″, f‴ (nested autograd) and ∂f/∂θ', { skip }, () => {
  const probe = python ? spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).stdout.trim() : '';
  const version = FRAMEWORK_VERSIONS.torch.find((known) => probe === known || probe.startsWith(`${known}.`));
  if (!python || !version) {
    it('the installed PyTorch is a version act has facts for', () => assert.ok(version, probe));
    return;
  }
  const cases = casesFor(version);
  const request = { higher: cases.map(({ definition, activation, points }) => ({ function: definition.name, params: activation.params, points })) };
  const run = spawnSync(python, [PEER], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 28 });
  it('scripts/torch_peer.py runs', () => assert.equal(run.status, 0, run.stderr));
  type Answer = Record<'second' | 'third', Array<number | string | null>> & Record<'exactSecond' | 'exactThird', Array<number | string>> & {
    parameters: Record<string, { torch: Array<number | string>; exact: Array<number | string> }>;
  };
  const answers: Answer[] = run.status === 0 ? JSON.parse(run.stdout).higher : [];

  it(`PyTorch cannot differentiate only ${NO_DOUBLE_BACKWARD.join(', ')} twice`, () => {
    const without = new Set(cases.filter((_, index) => answers[index]?.second.some((value) => value === null)).map(({ definition }) => definition.name));
    assert.deepEqual([...without].sort(), NO_DOUBLE_BACKWARD);
  });

  cases.forEach(({ definition, activation, points, kinks }, index) => {
    it(`${definition.name} ${JSON.stringify(activation.params)}: f″ and f‴ at ${points.length} points, ends of pieces identical`, () => {
      const answer = answers[index];
      assert.ok(answer, 'no answer from PyTorch');
      const failures: string[] = [];
      points.forEach((x, i) => {
        for (const [what, ours, theirs, exact] of [
          ['second', activation.second(x), answer.second[i], answer.exactSecond[i]],
          ['third', activation.third(x), answer.third[i], answer.exactThird[i]],
        ] as const) {
          if (theirs === null) continue;
          if (disagreement(x, ours, decode(theirs), decode(exact), kinks.has(x))) failures.push(`${what} at x = ${x}: act ${ours}, PyTorch ${decode(theirs)}, exact ${decode(exact)}`);
        }
      });
      for (const [parameter, { torch, exact }] of Object.entries(answer.parameters)) {
        points.forEach((x, i) => {
          const ours = activation.parameterGradients[parameter](x);
          if (disagreement(x, ours, decode(torch[i]), decode(exact[i]), kinks.has(x))) failures.push(`d_${parameter} at x = ${x}: act ${ours}, PyTorch ${decode(torch[i])}, exact ${decode(exact[i])}`);
        });
      }
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} disagreements`);
    });
  });

  it('parameter gradients were compared for PReLU, ELU, CELU and leaky_relu', () => {
    const compared = new Set(cases.filter((_, index) => Object.keys(answers[index]?.parameters ?? {}).length > 0).map(({ definition }) => definition.name));
    for (const name of ['prelu', 'elu', 'celu', 'leaky_relu']) assert.ok(compared.has(name), name);
  });
});
