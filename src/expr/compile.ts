/**
 * An expression compiled once into a tree of closures that carry Taylor jets (jet.ts) in
 * double-double, with no eval: names are looked up in the elementary table (functions.ts) and the
 * catalogue. Each catalogue call contributes its own value and derivatives (its double-double
 * kernels where it has them, and its closed-form f″ and f‴). At a kink of a catalogue function,
 * and at a tie of min, max or abs, the composition takes the one-sided derivative that --kink
 * asks for: the side the argument moves to as x moves to that side. Results are rounded once.
 */
import { findDefinition, suggestName } from '../core/catalogue.ts';
import { ActivationError } from '../core/errors.ts';
import { getActivation, type Activation, type DerivativeOrder } from '../core/evaluate.ts';
import { divideExtended, extended, multiplyExtended } from './safe.ts';
import { likeLabel, parseLike } from '../core/frameworks.ts';
import { rounderFor, type DType } from '../core/precision.ts';
import type { ElementwiseDefinition, KinkConvention } from '../core/types.ts';
import { ELEMENTARY, exp, log, sigmoid } from './functions.ts';
import { add, compose, constantJet, divide, multiply, negate, newJet, variableJet, type Jet } from './jet.ts';
import { ExpressionError, parseExpression, type Node } from './parse.ts';
import { markExpressionDefinition } from './definitions.ts';

export interface CompileOptions {
  /** The one-sided derivative at kinks and ties: of the piece to the right (default) or left. */
  readonly kink?: KinkConvention;
  /** Catalogue calls behave as this framework's functions (defaults, gradients at kinks). */
  readonly like?: string;
  /** x rounded to the dtype; each result the double-double result rounded once, then to the dtype. */
  readonly dtype?: DType;
}

/** A compiled expression: the API of a catalogue activation, with the expression as its name. */
export interface CompiledExpression extends Activation {
  readonly expression: string;
}

/** Operations nested deeper than this are refused (the evaluation recurses once per level). */
export const MAX_OPERATIONS_DEPTH = 4000;

interface Evaluator {
  readonly out: Jet;
  /** Fills `out` for x, carrying `order` derivatives. */
  readonly run: (x: number, order: number) => void;
  /** No x in it: `out` holds its value once and for all. */
  readonly constant: boolean;
  /** Somewhere below, a kink or a tie may need the jet to order 3 to tell a side. */
  readonly kinked: boolean;
}

const PI = [3.141592653589793, 1.2246467991473532e-16];
const E = [2.718281828459045, 1.4456468917292502e-16];

/**
 * The side a jet u moves to from u(x) as x moves to the convention's side: the sign of the first
 * non-zero u⁽ᵏ⁾·hᵏ (h > 0 for right, h < 0 for left); 0 when u does not move.
 */
function direction(u: Jet, kink: KinkConvention): number {
  for (let k = 1; k <= 3; k++) {
    const d = u[2 * k] + u[2 * k + 1];
    if (d !== 0 && d === d) return Math.sign(d) * (kink === 'left' && k % 2 === 1 ? -1 : 1);
  }
  return 0;
}

/** Compiles an expression in x; throws ExpressionError (with a column) or ActivationError. */
export function compile(expression: string, options: CompileOptions = {}): CompiledExpression {
  const tree = parseExpression(expression);
  const kink = options.kink ?? 'right';
  const like = options.like;
  const dtype = options.dtype ?? 'float64';
  const fail = (message: string, column: number): never => {
    throw new ExpressionError(message, expression, column);
  };
  const lift = (error: unknown, column: number): never => {
    if (error instanceof ActivationError && !(error instanceof ExpressionError)) {
      throw new ExpressionError(error.message, expression, column);
    }
    throw error;
  };

  const constantOf = (high: number, low = 0): Evaluator => {
    const out = newJet();
    constantJet(out, high, low);
    return { out, run: () => {}, constant: true, kinked: false };
  };

  /** A node whose children are constant is evaluated once, at compile time. */
  const folded = (evaluator: Evaluator, children: readonly Evaluator[]): Evaluator => {
    if (!children.every((child) => child.constant)) return evaluator;
    evaluator.run(0, 0);
    const out = newJet();
    constantJet(out, evaluator.out[0], evaluator.out[1]);
    return { out, run: () => {}, constant: true, kinked: false };
  };

  const build = (node: Node, depth: number): Evaluator => {
    if (depth > MAX_OPERATIONS_DEPTH) fail(`the expression is nested more than ${MAX_OPERATIONS_DEPTH} operations deep`, node.column);
    switch (node.kind) {
      case 'number':
        return constantOf(node.value);
      case 'name':
        return nameOf(node.name, node.column);
      case 'negate': {
        const operand = build(node.operand, depth + 1);
        const out = newJet();
        return folded({ out, run: (x, order) => (operand.run(x, order), negate(out, operand.out, order)), constant: false, kinked: operand.kinked }, [operand]);
      }
      case 'binary': {
        const left = build(node.left, depth + 1);
        const right = build(node.right, depth + 1);
        if (node.operator === '^') return power(left, right);
        const out = newJet();
        const operation =
          node.operator === '+'
            ? (order: number) => add(out, left.out, right.out, order)
            : node.operator === '-'
              ? (order: number) => add(out, left.out, right.out, order, -1)
              : node.operator === '*'
                ? (order: number) => multiply(out, left.out, right.out, order)
                : (order: number) => divide(out, left.out, right.out, order);
        const run = (x: number, order: number): void => {
          left.run(x, order);
          right.run(x, order);
          operation(order);
        };
        return folded({ out, run, constant: false, kinked: left.kinked || right.kinked }, [left, right]);
      }
      case 'call':
        return call(node, depth);
    }
  };

  const nameOf = (name: string, column: number): Evaluator => {
    if (name === 'x') {
      const out = newJet();
      return { out, run: (x) => variableJet(out, x), constant: false, kinked: false };
    }
    if (name === 'pi') return constantOf(PI[0], PI[1]);
    if (name === 'e') return constantOf(E[0], E[1]);
    const called = ELEMENTARY[name] !== undefined || ['abs', 'min', 'max', 'pow'].includes(name) || findDefinition(name) !== undefined;
    return fail(`unknown name '${name}'${called ? `: ${name} is a function, call it as ${name}(x)` : ''}; the variable is x, the constants pi and e`, column);
  };

  /** u^v: an integer or constant exponent by the power rule, any other by exp(v·log u). */
  const power = (base: Evaluator, exponent: Evaluator): Evaluator => {
    const out = newJet();
    const f = newJet();
    if (exponent.constant) {
      const c = exponent.out[0] + exponent.out[1];
      const run = (x: number, order: number): void => {
        base.run(x, order);
        powerDerivatives(f, base.out[0], base.out[1], c, order);
        compose(out, f, base.out, order);
      };
      return folded({ out, run, constant: false, kinked: base.kinked }, [base]);
    }
    const logarithm = newJet();
    const product = newJet();
    const run = (x: number, order: number): void => {
      base.run(x, order);
      exponent.run(x, order);
      log(f, base.out[0], base.out[1], order);
      compose(logarithm, f, base.out, order);
      multiply(product, exponent.out, logarithm, order);
      exp(f, product[0], product[1], order);
      compose(out, f, product, order);
    };
    return folded({ out, run, constant: false, kinked: base.kinked || exponent.kinked }, [base, exponent]);
  };

  const call = (node: Extract<Node, { kind: 'call' }>, depth: number): Evaluator => {
    const { name, column } = node;
    const args = node.args.map((argument) => build(argument, depth + 1));
    const arity = (count: number): void => {
      if (args.length !== count) fail(`${name} takes ${count === 1 ? 'one argument' : `${count} arguments`}, not ${args.length}`, column);
    };
    const elementary = ELEMENTARY[name];
    if (elementary || ['abs', 'min', 'max', 'pow'].includes(name)) {
      if (node.params.length > 0) fail(`${name} takes no parameters`, node.params[0].column);
    }
    if (elementary) {
      arity(1);
      const [u] = args;
      const f = newJet();
      const out = newJet();
      const run = (x: number, order: number): void => {
        u.run(x, order);
        elementary(f, u.out[0], u.out[1], order);
        compose(out, f, u.out, order);
      };
      return folded({ out, run, constant: false, kinked: u.kinked }, args);
    }
    if (name === 'pow') {
      arity(2);
      return power(args[0], args[1]);
    }
    if (name === 'abs') {
      arity(1);
      const [u] = args;
      const out = newJet();
      const run = (x: number, order: number): void => {
        u.run(x, order);
        const value = u.out[0] + u.out[1];
        const sign = value !== 0 ? Math.sign(value) : direction(u.out, kink) || (kink === 'left' ? -1 : 1);
        if (sign < 0) negate(out, u.out, order);
        else out.set(u.out);
      };
      return folded({ out, run, constant: false, kinked: true }, args);
    }
    if (name === 'min' || name === 'max') {
      arity(2);
      const [a, b] = args;
      const out = newJet();
      const difference = newJet();
      const run = (x: number, order: number): void => {
        a.run(x, order);
        b.run(x, order);
        add(difference, a.out, b.out, order, -1);
        const value = difference[0] + difference[1];
        // At a tie the side x moves to decides; the arguments moving alike keep the first.
        const sign = value !== 0 ? Math.sign(value) : direction(difference, kink);
        out.set((name === 'max') === sign >= 0 ? a.out : b.out);
      };
      return folded({ out, run, constant: false, kinked: true }, args);
    }
    return catalogueCall(node, args);
  };

  const catalogueCall = (node: Extract<Node, { kind: 'call' }>, args: readonly Evaluator[]): Evaluator => {
    const { name, column } = node;
    const definition = findDefinition(name);
    if (!definition) {
      const suggestion = suggestName(name);
      return fail(`unknown function '${name}'${suggestion ? ` (did you mean ${suggestion}?)` : ''}`, column);
    }
    if (definition.kind !== 'elementwise') return fail(`${definition.name} is a vector function; an expression is element-wise`, column);
    if (args.length !== 1) fail(`${definition.name} takes one argument, not ${args.length}`, column);
    // σ itself (no parameters, no kinks): its own double-double kernel takes the argument's low part.
    if (definition.name === 'sigmoid' && node.params.length === 0) {
      const [u] = args;
      const f = newJet();
      const out = newJet();
      const run = (x: number, order: number): void => {
        u.run(x, order);
        sigmoid(f, u.out[0], u.out[1], order);
        compose(out, f, u.out, order);
      };
      return folded({ out, run, constant: false, kinked: u.kinked }, args);
    }
    const given: Record<string, number | string> = Object.create(null) as Record<string, number | string>;
    for (const parameter of node.params) given[parameter.name] = parameter.value;
    let pieces: { right: Activation; left: Activation };
    try {
      const right = getActivation(definition.name, given, like ? { like } : { kink: 'right' });
      pieces = { right, left: like ? right : getActivation(definition.name, given, { kink: 'left' }) };
    } catch (error) {
      return lift(error, node.params[0]?.column ?? column);
    }
    return catalogueEvaluator(definition, pieces, args[0]);
  };

  const catalogueEvaluator = (definition: ElementwiseDefinition, pieces: { right: Activation; left: Activation }, u: Evaluator): Evaluator => {
    const chosen = kink === 'left' ? pieces.left : pieces.right;
    const params = chosen.params;
    const fast = definition.extended?.(params, kink);
    const ends = [...chosen.kinks.map((point) => point.at), ...(definition.higherJumps?.(params) ?? [])];
    const f = newJet();
    const out = newJet();
    /** F⁽ᵏ⁾ at the double a: the kernel's two doubles where it decides, the plain double otherwise. */
    const exactAt = (kernel: ((x: number) => number) | undefined, plain: (x: number) => number, a: number, k: number): void => {
      const bound = kernel?.(a);
      if (bound !== undefined && bound !== Infinity && Number.isFinite(extended.hi)) {
        f[2 * k] = extended.hi;
        f[2 * k + 1] = extended.lo;
      } else {
        f[2 * k] = plain(a);
        f[2 * k + 1] = 0;
      }
    };
    const run = (x: number, order: number): void => {
      u.run(x, order);
      const high = u.out[0];
      const low = u.out[1];
      if (low === 0 && ends.includes(high)) {
        // At a kink: with --like the framework's own derivatives; otherwise the piece the argument moves into.
        const side = like ? chosen : (direction(u.out, kink) || (kink === 'left' ? -1 : 1)) > 0 ? pieces.right : pieces.left;
        for (let k = 0; k <= 3; k++) {
          f[2 * k] = side.derivative(high, k as DerivativeOrder);
          f[2 * k + 1] = 0;
        }
        compose(out, f, u.out, order);
        return;
      }
      exactAt(fast?.value, chosen.value, high, 0);
      const needed = low === 0 ? order : Math.min(3, order + 1);
      if (needed >= 1) exactAt(fast?.derivative, chosen.gradient, high, 1);
      if (needed >= 2) exactAt(undefined, chosen.second, high, 2);
      if (needed >= 3) exactAt(undefined, chosen.third, high, 3);
      // F⁽ᵏ⁾(hi + lo) = F⁽ᵏ⁾(hi) + F⁽ᵏ⁺¹⁾(hi)·lo, to within lo² (2^-106 relative).
      if (low !== 0) {
        for (let k = 0; k < needed; k++) {
          const correction = (f[2 * k + 2] + f[2 * k + 3]) * low;
          const sum = f[2 * k] + (f[2 * k + 1] + correction);
          f[2 * k + 1] = f[2 * k + 1] + correction - (sum - f[2 * k]);
          f[2 * k] = sum;
        }
      }
      compose(out, f, u.out, order);
    };
    return { out, run, constant: false, kinked: u.kinked || ends.length > 0 };
  };

  const root = build(tree, 0);
  // A kink or tie needs the argument's jet to order 3 to tell which side it moves to; a value is
  // mostly wanted with its gradient, so both come from one pass.
  const innerOrder = (order: number): number => (root.kinked ? 3 : Math.max(order, 1));
  const round = rounderFor(dtype);
  let lastX = NaN;
  let lastOrder = -1;
  const evaluateAt = (x: number, order: number): Jet => {
    const input = dtype === 'float64' ? x : round(x);
    if (!(Object.is(input, lastX) && lastOrder >= order)) {
      root.run(input, innerOrder(order));
      lastX = input;
      lastOrder = innerOrder(order);
    }
    return root.out;
  };
  const result = (k: DerivativeOrder) => (x: number): number => {
    const jet = evaluateAt(x, k);
    const value = jet[2 * k] + jet[2 * k + 1];
    return dtype === 'float64' ? value : round(value);
  };
  const [value, gradient, second, third] = [result(0), result(1), result(2), result(3)];
  const byOrder = [value, gradient, second, third];
  return {
    expression,
    name: expression,
    definition: expressionDefinition(expression, value, gradient, second, third),
    params: {},
    kink: like ? null : kink,
    like: like ? likeLabel(parseLike(like)) : null,
    dtype,
    kinks: [],
    value,
    gradient,
    second,
    third,
    derivative: (x, order = 1) => byOrder[order](x),
    parameterGradients: {},
  };
}

/** u^c for a constant c and its derivatives c(c − 1)…(c − k + 1)·u^(c − k), in double-double. */
function powerDerivatives(f: Jet, high: number, low: number, c: number, order: number): void {
  const integer = Number.isInteger(c) && Math.abs(c) <= 1024;
  let coefficient = 1;
  for (let k = 0; k <= order; k++) {
    // c(c − 1)…(c − k + 1) = 0 for an integer c < k: that derivative is 0, whatever u^(c − k) is.
    if (coefficient === 0) {
      f[2 * k] = 0;
      f[2 * k + 1] = 0;
    } else if (integer) integerPower(f, k, high, low, c - k, coefficient);
    else {
      const value = coefficient * Math.pow(high, c - k);
      // u^(c − k) = exp((c − k)·log u), with the low part as a first-order correction.
      f[2 * k] = value + value * (c - k) * (low / high);
      f[2 * k + 1] = 0;
    }
    coefficient *= c - k;
  }
}

/** coefficient·u^n for an integer n, by squaring in double-double, into entry k (no allocation). */
function integerPower(f: Jet, k: number, high: number, low: number, n: number, coefficient: number): void {
  let resultHigh = 1;
  let resultLow = 0;
  let baseHigh = high;
  let baseLow = low;
  for (let m = Math.abs(n); m > 0; m >>= 1) {
    if (m & 1) {
      multiplyExtended(resultHigh, resultLow, baseHigh, baseLow);
      resultHigh = extended.hi;
      resultLow = extended.lo;
    }
    if (m > 1) {
      multiplyExtended(baseHigh, baseLow, baseHigh, baseLow);
      baseHigh = extended.hi;
      baseLow = extended.lo;
    }
  }
  if (n < 0) {
    divideExtended(1, 0, resultHigh, resultLow);
    resultHigh = extended.hi;
    resultLow = extended.lo;
  }
  // The coefficient c(c − 1)… is an integer, not always a power of two: its product in double-double too.
  multiplyExtended(resultHigh, resultLow, coefficient, 0);
  f[2 * k] = extended.hi;
  f[2 * k + 1] = extended.lo;
}

/** A definition object for the CLI's headings and notes: the expression is its name and formula. */
function expressionDefinition(
  expression: string,
  value: (x: number) => number,
  gradient: (x: number) => number,
  second: (x: number) => number,
  third: (x: number) => number,
): ElementwiseDefinition {
  const notExact = (): never => {
    throw new ActivationError('an expression has no exact (decimal) formulas');
  };
  const definition: ElementwiseDefinition = {
    kind: 'elementwise',
    name: expression,
    aliases: [],
    family: 'other',
    summary: `the expression ${expression}`,
    formula: expression,
    derivativeFormula: 'forward-mode automatic differentiation in double-double',
    parameters: [],
    properties: { monotonicity: 'not monotonic', parity: 'none', range: '(−∞, ∞)', bounds: [-Infinity, Infinity], piecewiseLinear: false },
    create: () => ({ value, derivative: gradient }),
    exact: notExact,
    higher: () => ({ second, third }),
    kinks: () => [],
    references: [],
  };
  markExpressionDefinition(definition);
  return definition;
}
