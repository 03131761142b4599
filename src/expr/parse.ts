/**
 * The expression grammar of `act expr` (README, "Expressions"), parsed by recursive descent into a
 * tree. Nothing here evaluates text: names are looked up in fixed tables when the tree is
 * compiled, so `constructor` or `process` is an unknown name, never code.
 *
 *   expression := sum
 *   sum        := product (('+' | '-') product)*
 *   product    := unary (('*' | '/') unary)*
 *   unary      := ('-' | '+') unary | power
 *   power      := atom ('^' unary)?                  right-associative: 2^-x, a^b^c = a^(b^c)
 *   atom       := number | name | name '(' arguments ')' | '(' expression ')'
 *   arguments  := expression (',' expression)* (';' parameter (',' parameter)*)?
 *   parameter  := name '=' (signed number | name)
 *   number     := digits ['.' digits] [('e' | 'E') ['+' | '-'] digits] | '.' digits […] | inf | infinity | nan
 */
import { ActivationError } from '../core/errors.ts';

export type Node =
  | { readonly kind: 'number'; readonly value: number; readonly column: number }
  | { readonly kind: 'name'; readonly name: string; readonly column: number }
  | { readonly kind: 'negate'; readonly operand: Node; readonly column: number }
  | { readonly kind: 'binary'; readonly operator: '+' | '-' | '*' | '/' | '^'; readonly left: Node; readonly right: Node; readonly column: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[]; readonly params: readonly Parameter[]; readonly column: number };

export interface Parameter {
  readonly name: string;
  readonly value: number | string;
  readonly column: number;
}

/** An expression longer than this many characters is refused (it would be no one's activation). */
export const MAX_EXPRESSION_LENGTH = 100_000;
/** Parentheses, calls and unary signs nested deeper than this are refused before the stack runs out. */
export const MAX_DEPTH = 200;

/** A mistake in an expression: the message names the column, the hint shows the expression and a caret. */
export class ExpressionError extends ActivationError {
  readonly column: number;
  constructor(message: string, expression: string, column: number) {
    const shown = expression.length > 120 ? expression.slice(Math.max(0, column - 60), column + 60) : expression;
    const offset = expression.length > 120 ? column - 1 - Math.max(0, column - 60) : column - 1;
    super(`${message} (expression, column ${column})`, `  ${shown}\n  ${' '.repeat(Math.max(0, offset))}^`);
    this.column = column;
  }
}

interface Token {
  readonly type: 'number' | 'name' | 'operator' | 'end';
  readonly text: string;
  readonly column: number;
  readonly value?: number;
}

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
// A Map, not an object: 'constructor' must not find Object.prototype's.
const SPECIAL_NUMBERS: ReadonlyMap<string, number> = new Map([['inf', Infinity], ['infinity', Infinity], ['nan', NaN]]);

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const rest = expression.slice(i, i + 400);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const column = i + 1;
    const number = NUMBER.exec(rest);
    if (number) {
      // A literal runs into a name (2x, 1e): say so rather than guess a product.
      if (/^[A-Za-z_]/.test(expression.slice(i + number[0].length))) throw new ExpressionError(`'${number[0]}' runs into a name: write '*' between them`, expression, column + number[0].length);
      tokens.push({ type: 'number', text: number[0], column, value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      const special = SPECIAL_NUMBERS.get(name[0].toLowerCase());
      tokens.push(special === undefined ? { type: 'name', text: name[0], column } : { type: 'number', text: name[0], column, value: special });
      i += name[0].length;
      continue;
    }
    const character = expression[i];
    if ('+-*/^(),;='.includes(character)) {
      tokens.push({ type: 'operator', text: character, column });
      i++;
      continue;
    }
    throw new ExpressionError(`unexpected '${character}'`, expression, column);
  }
  tokens.push({ type: 'end', text: 'the end', column: expression.length + 1 });
  return tokens;
}

/** The tree of an expression; an ExpressionError with the column of the first mistake. */
export function parseExpression(expression: string): Node {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new ActivationError(`the expression has ${expression.length.toLocaleString('en')} characters; act takes at most ${MAX_EXPRESSION_LENGTH.toLocaleString('en')}`);
  }
  if (expression.trim() === '') throw new ActivationError('the expression is empty', 'Give one in x, for example "x*sigmoid(1.702*x)".');
  const tokens = tokenize(expression);
  let at = 0;
  let depth = 0;
  const peek = (): Token => tokens[at];
  const fail = (message: string, token: Token = peek()): never => {
    throw new ExpressionError(message, expression, token.column);
  };
  const expect = (text: string): Token => {
    const token = peek();
    if (token.type !== 'operator' || token.text !== text) fail(`expected '${text}'${token.type === 'end' ? ' before the end' : `, found '${token.text}'`}`);
    at++;
    return token;
  };
  const deeper = (token: Token): void => {
    if (++depth > MAX_DEPTH) fail(`the expression is nested more than ${MAX_DEPTH} deep`, token);
  };

  const sum = (): Node => {
    let left = product();
    for (let token = peek(); token.type === 'operator' && (token.text === '+' || token.text === '-'); token = peek()) {
      at++;
      left = { kind: 'binary', operator: token.text, left, right: product(), column: token.column };
    }
    return left;
  };
  const product = (): Node => {
    let left = unary();
    for (let token = peek(); token.type === 'operator' && (token.text === '*' || token.text === '/'); token = peek()) {
      at++;
      left = { kind: 'binary', operator: token.text, left, right: unary(), column: token.column };
    }
    return left;
  };
  const unary = (): Node => {
    const token = peek();
    if (token.type === 'operator' && (token.text === '-' || token.text === '+')) {
      at++;
      deeper(token);
      const operand = unary();
      depth--;
      return token.text === '-' ? { kind: 'negate', operand, column: token.column } : operand;
    }
    return power();
  };
  const power = (): Node => {
    const base = atom();
    const token = peek();
    if (token.type === 'operator' && token.text === '^') {
      at++;
      deeper(token);
      const exponent = unary();
      depth--;
      return { kind: 'binary', operator: '^', left: base, right: exponent, column: token.column };
    }
    return base;
  };
  const atom = (): Node => {
    const token = peek();
    if (token.type === 'number') {
      at++;
      return { kind: 'number', value: token.value!, column: token.column };
    }
    if (token.type === 'name') {
      at++;
      if (peek().type === 'operator' && peek().text === '(') return call(token);
      return { kind: 'name', name: token.text, column: token.column };
    }
    if (token.type === 'operator' && token.text === '(') {
      at++;
      deeper(token);
      const inner = sum();
      depth--;
      expect(')');
      return inner;
    }
    return fail(token.type === 'end' ? 'the expression ends too soon' : `unexpected '${token.text}'`);
  };
  const call = (name: Token): Node => {
    const open = expect('(');
    deeper(open);
    const args: Node[] = [sum()];
    while (peek().type === 'operator' && peek().text === ',') {
      at++;
      args.push(sum());
    }
    const params: Parameter[] = [];
    if (peek().type === 'operator' && peek().text === ';') {
      at++;
      do {
        if (params.length > 0) at++;
        const key = peek();
        if (key.type !== 'name') fail(`expected a parameter name, found '${key.text}'`);
        at++;
        expect('=');
        params.push({ name: key.text, value: parameterValue(), column: key.column });
      } while (peek().type === 'operator' && peek().text === ',');
    }
    expect(')');
    depth--;
    return { kind: 'call', name: name.text, args, params, column: name.column };
  };
  const parameterValue = (): number | string => {
    let sign = 1;
    while (peek().type === 'operator' && (peek().text === '-' || peek().text === '+')) {
      if (peek().text === '-') sign = -sign;
      at++;
    }
    const token = peek();
    at++;
    if (token.type === 'number') return sign * token.value!;
    if (token.type === 'name' && sign === 1) return token.text;
    return fail('expected a number or a word as the parameter value', token);
  };

  const tree = sum();
  if (peek().type !== 'end') fail(`unexpected '${peek().text}'`);
  return tree;
}
