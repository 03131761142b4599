/**
 * The vector functions' second derivatives (issue 17) against mpmath
 * (scripts/generate_vector_higher_fixtures.py): the Hessian diagonals ∂²y_i/∂x_i² of softmax,
 * softmin, log_softmax and the gated units, logsumexp's full Hessian diag(s) − s·sᵀ, and swiglu's
 * ∂y_i/∂alpha and ∂y_i/∂offset. Within 2 ulp; where softmax's 1 − 2y_i cancels (y_i near 1/2),
 * within 2 ulp of the largest term y_i(1 − y_i)·max(y_i, 1 − y_i) (SPEC §7's mixed bound).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { evaluateVector, getVectorFunction } from '../../src/core/evaluate.ts';
import { decode, ulpDistance, ulpOf } from '../helpers/ulp.ts';

interface Case {
  function: string;
  params: Record<string, number>;
  x: Array<number | string>;
  second: Array<number | string>;
  hessian?: Array<Array<number | string>>;
  parameters?: Record<string, Array<number | string>>;
}

const decodeAll = (values: Array<number | string>): number[] => values.map((v) => (v === '-0' ? -0 : decode(v)));
const { cases } = JSON.parse(readFileSync(new URL('../fixtures/vector-higher.json', import.meta.url), 'utf8')) as { cases: Case[] };

function within(ours: number, exact: number, largest: number): boolean {
  return ulpDistance(ours, exact) <= 2 || Math.abs(ours - exact) <= 2 * ulpOf(largest);
}

describe('vector functions: second derivatives against mpmath', () => {
  for (const name of ['softmax', 'softmin', 'log_softmax', 'logsumexp', 'glu', 'swiglu']) {
    const mine = cases.filter((c) => c.function === name);
    it(`${name}: ${mine.length} vectors, the Hessian's diagonal${name === 'logsumexp' ? ' and its full rows' : ''}${name === 'swiglu' ? ' and ∂y/∂alpha, ∂y/∂offset' : ''} within 2 ulp`, () => {
      assert.ok(mine.length > 0);
      const failures: string[] = [];
      for (const c of mine) {
        const x = Float64Array.from(decodeAll(c.x));
        const { definition, params } = getVectorFunction(name, c.params);
        const evaluation = definition.evaluate(x, params);
        const second = evaluation.secondDiagonal();
        const y = evaluateVector(name === 'softmin' || name === 'log_softmax' || name === 'logsumexp' ? 'softmax' : name, name === 'softmin' ? x.map((v) => -v) : x).values;
        decodeAll(c.second).forEach((exact, i) => {
          // softmax's y(1 − y)(1 − 2y) cancels near y = 1/2: its largest term is y(1 − y)·max(y, 1 − y).
          const largest = name === 'softmax' || name === 'softmin' ? y[i] * (1 - y[i]) * Math.max(y[i], 1 - y[i]) : Math.abs(exact);
          if (!within(second[i], exact, largest)) failures.push(`second[${i}] of [${c.x.slice(0, 4).join(', ')}…]: act ${second[i]}, exact ${exact}`);
        });
        c.hessian?.forEach((row, i) => {
          const ours = evaluation.hessianRow!(i);
          decodeAll(row).forEach((exact, j) => {
            if (!within(ours[j], exact, Math.abs(exact))) failures.push(`hessian[${i}][${j}]: act ${ours[j]}, exact ${exact}`);
          });
        });
        for (const [parameter, values] of Object.entries(c.parameters ?? {})) {
          const ours = evaluation.parameterGradients!()[parameter];
          decodeAll(values).forEach((exact, i) => {
            if (!within(ours[i], exact, Math.abs(exact))) failures.push(`d_${parameter}[${i}]: act ${ours[i]}, exact ${exact}`);
          });
        }
      }
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
    });
  }

  it('sparsemax and hardmax are piecewise linear: no curvature; NaN in, NaN out', () => {
    for (const name of ['sparsemax', 'hardmax']) {
      const { definition, params } = getVectorFunction(name);
      assert.deepEqual([...definition.evaluate(Float64Array.of(0.3, -1, 2), params).secondDiagonal()], [0, 0, 0]);
      assert.ok(definition.evaluate(Float64Array.of(NaN, 1), params).secondDiagonal().every(Number.isNaN));
    }
  });

  it('every vector function gives a second diagonal of its diagonal length', () => {
    for (const name of ['softmax', 'softmin', 'log_softmax', 'logsumexp', 'sparsemax', 'hardmax', 'glu', 'swiglu', 'geglu', 'reglu', 'bilinear']) {
      const { definition, params } = getVectorFunction(name);
      const evaluation = definition.evaluate(Float64Array.of(0.5, -1, 2, 3), params);
      assert.equal(evaluation.secondDiagonal().length, evaluation.diagonal.length, name);
    }
  });
});
