/** The catalogue's invariants and name lookup. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE, findDefinition, normalizeName, resolveParams, suggestName } from '../../src/core/catalogue.ts';
import { ActivationError } from '../../src/core/errors.ts';
import { evaluate, getActivation } from '../../src/core/evaluate.ts';

describe('catalogue', () => {
  it('no two functions share a name or alias after normalisation', () => {
    const seen = new Map<string, string>();
    for (const definition of CATALOGUE) {
      for (const name of [definition.name, ...definition.aliases]) {
        const key = normalizeName(name);
        const owner = seen.get(key);
        assert.ok(owner === undefined || owner === definition.name, `${name} of ${definition.name} collides with ${owner}`);
        seen.set(key, definition.name);
      }
    }
  });

  it('canonical names are snake_case and parameters have valid defaults', () => {
    for (const definition of CATALOGUE) {
      assert.match(definition.name, /^[a-z][a-z0-9_]*$/);
      for (const parameter of definition.parameters) assert.match(parameter.name, /^[a-z][a-z0-9_]*$/);
      assert.doesNotThrow(() => resolveParams(definition), definition.name);
    }
  });

  it('every kink lists both one-sided derivatives, and the code returns them under each convention', () => {
    for (const definition of CATALOGUE) {
      if (definition.kind !== 'elementwise') continue;
      const params = resolveParams(definition);
      for (const kink of definition.kinks(params)) {
        for (const convention of ['right', 'left'] as const) {
          const gradient = definition.create(params, convention).derivative(kink.at);
          assert.equal(gradient, kink[convention], `${definition.name}'(${kink.at}) under ${convention}`);
        }
      }
    }
  });

  it('lookup is case-insensitive, treats - and _ alike, and knows aliases', () => {
    for (const name of ['leaky_relu', 'leaky-relu', 'LeakyReLU', 'LEAKY_RELU', 'lrelu', 'leakyrelu']) {
      assert.equal(findDefinition(name)?.name, 'leaky_relu', name);
    }
    assert.equal(findDefinition('Logistic')?.name, 'sigmoid');
    assert.equal(findDefinition('nope'), undefined);
  });

  it('suggests the closest name for a typo', () => {
    assert.equal(suggestName('rleu'), 'relu');
    assert.equal(suggestName('sigmod'), 'sigmoid');
    assert.equal(suggestName('completely-different'), undefined);
  });

  it('getActivation throws ActivationError with a hint for unknown names and bad parameters', () => {
    assert.throws(() => getActivation('rleu'), (error: unknown) => error instanceof ActivationError && /relu/.test(error.hint ?? ''));
    assert.throws(() => getActivation('leaky_relu', { negative_slope: Infinity }), /finite/);
    assert.throws(() => getActivation('relu', { alpha: 2 }), /relu has no parameter 'alpha'/);
    assert.throws(() => getActivation('leaky_relu', { negative_slope: 'x' }), /must be a number/);
  });

  it('flag aliases are accepted as parameter names', () => {
    assert.equal(getActivation('leaky_relu', { alpha: 0.25 }).value(-4), -1);
  });

  it('evaluate fills values and gradients for a Float64Array', () => {
    const { values, gradients } = evaluate('relu', Float64Array.of(7, -7, 0), { kink: 'right' });
    assert.deepEqual([...values], [7, 0, 0]);
    assert.deepEqual([...gradients], [1, 0, 1]);
    assert.deepEqual([...evaluate('relu', Float64Array.of(0), { kink: 'left' }).gradients], [0]);
  });
});
