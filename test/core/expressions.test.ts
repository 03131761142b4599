/**
 * Expressions (issue 18): the parser's safety and errors, the one-sided derivatives of compositions
 * at kinks and ties, catalogue equivalents, and the accuracy of compositions against mpmath
 * (scripts/generate_expression_fixtures.py: the same expression read by Python's parser, walked with
 * mpmath and differentiated with mp.diff). The figures the README states are the measured ones.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nearRootWindow } from '../../src/core/accuracy.ts';
import { ActivationError } from '../../src/core/errors.ts';
import { getActivation } from '../../src/core/evaluate.ts';
import { compile, ExpressionError, MAX_DEPTH } from '../../src/expr/index.ts';
import { ROOT } from '../helpers/cli.ts';
import { ulpDistance } from '../helpers/ulp.ts';
import { expressionTable, measureExpressions } from '../helpers/measure-expressions.ts';

describe('expressions: accuracy against mpmath', () => {
  it('the README table of compositions is the measured one, and catalogue equivalents are within 2 ulp', () => {
    const measured = measureExpressions();
    assert.ok(measured.length >= 10);
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
    const start = readme.indexOf('-->\n', readme.indexOf('<!-- expressions:start')) + 4;
    assert.equal(readme.slice(start, readme.indexOf('<!-- expressions:end -->')), expressionTable(measured), 'run scripts/measure-expressions.ts and put its table in the README');
    // Away from roots the equivalents of silu, mish and relu² agree with the exact f and f′ within 2 ulp everywhere.
    for (const expression of ['x*sigmoid(x)', 'x*tanh(softplus(x))', 'relu(x)^2', 'tanh(x) + 0.1*x']) {
      const m = measured.find((candidate) => candidate.expression === expression)!;
      assert.ok(m.worst[0] <= 2 && m.worst[1] <= 2, `${expression}: ${m.worst.join(', ')}`);
      assert.equal(m.overflows, 0);
    }
  });
});

describe('expressions: catalogue equivalents and kinks', () => {
  it('x*sigmoid(x) is silu and x*tanh(softplus(x)) is mish within 2 ulp, f′ away from its root', () => {
    for (const [expression, name] of [['x*sigmoid(x)', 'silu'], ['x*tanh(softplus(x))', 'mish']] as const) {
      const compiled = compile(expression);
      const activation = getActivation(name);
      const window = nearRootWindow(activation.definition, activation.params, activation.gradient);
      for (let i = 0; i <= 2000; i++) {
        const x = -10 + i / 100;
        assert.ok(ulpDistance(compiled.value(x), activation.value(x)) <= 2, `${expression} at ${x}`);
        if (window && x >= window[0] && x <= window[1]) continue;
        assert.ok(ulpDistance(compiled.gradient(x), activation.gradient(x)) <= 2, `${expression}′ at ${x}: ${compiled.gradient(x)} vs ${activation.gradient(x)}`);
      }
    }
  });

  it('max(x, 0) is relu under both conventions, to the third derivative; min, abs and relu(−x) take the side x moves to', () => {
    for (const kink of ['right', 'left'] as const) {
      const expression = compile('max(x, 0)', { kink });
      const relu = getActivation('relu', {}, { kink });
      for (const x of [-2, -1e-300, -0, 0, 1e-300, 3]) {
        for (const order of [0, 1, 2, 3] as const) assert.equal(expression.derivative(x, order), relu.derivative(x, order), `${kink} ${x} ${order}`);
      }
    }
    assert.equal(compile('max(x, 0)', { kink: 'left' }).gradient(0), 0);
    assert.equal(compile('max(x, 0)', { kink: 'right' }).gradient(0), 1);
    assert.equal(compile('abs(x)', { kink: 'right' }).gradient(0), 1);
    assert.equal(compile('abs(x)', { kink: 'left' }).gradient(0), -1);
    // relu(−x): as x moves right, −x moves left (relu′ = 0 there); from the left, relu′ = 1 times −1.
    assert.equal(compile('relu(-x)', { kink: 'right' }).gradient(0), 0);
    assert.equal(compile('relu(-x)', { kink: 'left' }).gradient(0), -1);
    // relu(x^2) at 0: x² moves up from either side, so the right piece: 2x·1 = 0, (x²)″ = 2.
    assert.equal(compile('relu(x^2)', { kink: 'left' }).second(0), 2);
    // min(x, 2x) at 0: to the right x < 2x (slope 1), to the left 2x < x (slope 2).
    assert.equal(compile('min(x, 2*x)', { kink: 'right' }).gradient(0), 1);
    assert.equal(compile('min(x, 2*x)', { kink: 'left' }).gradient(0), 2);
  });

  it("--like reaches the catalogue functions in an expression (PyTorch 2.6's hardswish′(3) = 1.5)", () => {
    assert.equal(compile('hardswish(x)', { like: 'torch' }).gradient(3), 1.5);
    assert.equal(compile('hardswish(x)').gradient(3), 1);
    assert.equal(compile('2*hardswish(x)', { like: 'torch' }).gradient(3), 3);
  });

  it('parameters go to the catalogue functions, and are checked', () => {
    assert.equal(compile('leaky_relu(x; negative_slope=0.2)').gradient(-1), 0.2);
    assert.equal(compile('gelu(x; approximate=tanh)').value(1), getActivation('gelu', { approximate: 'tanh' }).value(1));
    assert.throws(() => compile('leaky_relu(x; slope=0.2)'), (error: ExpressionError) => error.column === 15 && /no parameter 'slope'/.test(error.message));
    assert.throws(() => compile('softplus(x; beta=0)'), ExpressionError);
  });

  it('--dtype rounds x and each result', () => {
    const expression = compile('x*sigmoid(x)', { dtype: 'float32' });
    assert.equal(expression.value(0.1), Math.fround(compile('x*sigmoid(x)').value(Math.fround(0.1))));
  });
});

describe('expressions: the parser is safe and says where', () => {
  it('constructor, __proto__, process, require and friends are unknown names, not code', () => {
    for (const expression of ['constructor', 'constructor(x)', '__proto__', '__proto__(x)', 'process', 'process(x)', 'require', "require('fs')", 'toString(x)', 'valueOf', 'globalThis', 'x.constructor', 'Function(x)', 'eval(x)']) {
      assert.throws(() => compile(expression), (error: unknown) => error instanceof ExpressionError && /unknown|unexpected/.test(error.message), expression);
    }
  });

  it('a mistake names its column, and the hint shows the expression and a caret under it', () => {
    assert.throws(
      () => compile('x*('),
      (error: ExpressionError) => error.message === 'the expression ends too soon (expression, column 4)' && error.hint === '  x*(\n     ^',
    );
    assert.throws(() => compile('x*sigmoid(1.702*x'), (error: ExpressionError) => /expected '\)' before the end \(expression, column 18\)/.test(error.message));
    assert.throws(() => compile('2x'), (error: ExpressionError) => /runs into a name/.test(error.message));
    assert.throws(() => compile('x $ 2'), (error: ExpressionError) => error.column === 3);
    assert.throws(() => compile('tanh'), (error: ExpressionError) => /tanh is a function, call it as tanh\(x\)/.test(error.message));
    assert.throws(() => compile('softmax(x)'), (error: ExpressionError) => /vector function/.test(error.message));
    assert.throws(() => compile('sin(x, x)'), (error: ExpressionError) => /takes one argument/.test(error.message));
  });

  it('deep nesting and huge expressions are refused with an error, never a crash', () => {
    for (const expression of ['('.repeat(10000) + 'x' + ')'.repeat(10000), '-'.repeat(10000) + 'x', 'x' + '^x'.repeat(5000), 'sin('.repeat(5000) + 'x' + ')'.repeat(5000)]) {
      assert.throws(() => compile(expression), (error: unknown) => error instanceof ActivationError && !(error instanceof RangeError), expression.slice(0, 20));
    }
    assert.throws(() => compile('('.repeat(MAX_DEPTH + 1) + 'x' + ')'.repeat(MAX_DEPTH + 1)), /nested more than 200 deep/);
    // A long but flat expression is fine.
    assert.equal(compile(Array.from({ length: 3000 }, () => 'x').join('+')).gradient(1), 3000);
    assert.throws(() => compile('x+'.repeat(60000) + 'x'), /at most 100,000/);
  });
});
