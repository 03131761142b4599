/**
 * The Python literals of a `.npy` header (`{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }`):
 * dicts, lists, tuples, strings, integers, True, False and None. A parser, never an evaluator.
 */

export type PythonValue = string | number | boolean | null | PythonValue[] | PythonTuple | PythonDict;
export class PythonTuple {
  constructor(readonly items: PythonValue[]) {}
}
export class PythonDict {
  constructor(readonly entries: Map<string, PythonValue>) {}
}

export class LiteralError extends Error {}

/** Nesting deeper than this is not a header numpy writes. */
const MAX_DEPTH = 32;

export function parsePythonLiteral(text: string): PythonValue {
  let at = 0;
  const fail = (what: string): never => {
    throw new LiteralError(`${what} at character ${at + 1}`);
  };
  const skipSpace = (): void => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const value = (depth: number): PythonValue => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skipSpace();
    const c = text[at];
    if (c === undefined) return fail('unexpected end');
    if (c === '{') return dict(depth);
    if (c === '[') return new Array<PythonValue>().concat(sequence(']', depth));
    if (c === '(') {
      const items = sequence(')', depth);
      return new PythonTuple(items);
    }
    if (c === "'" || c === '"') return string();
    const word = /^(True|False|None|[-+]?\d+)/.exec(text.slice(at, at + 40));
    if (!word) return fail(`unexpected '${c}'`);
    at += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    const number = Number(word[0]);
    if (!Number.isSafeInteger(number)) fail(`integer ${word[0]} too large`);
    return number;
  };
  const string = (): string => {
    const quote = text[at++];
    let result = '';
    while (at < text.length && text[at] !== quote) {
      if (text[at] === '\\') {
        const next = text[at + 1];
        if (next === undefined) break;
        result += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        at += 2;
        continue;
      }
      result += text[at++];
    }
    if (text[at] !== quote) fail('unterminated string');
    at++;
    return result;
  };
  const sequence = (close: string, depth: number): PythonValue[] => {
    at++;
    const items: PythonValue[] = [];
    for (;;) {
      skipSpace();
      if (text[at] === close) {
        at++;
        return items;
      }
      items.push(value(depth + 1));
      skipSpace();
      if (text[at] === ',') at++;
      else if (text[at] !== close) fail(`expected ',' or '${close}'`);
    }
  };
  const dict = (depth: number): PythonDict => {
    at++;
    const entries = new Map<string, PythonValue>();
    for (;;) {
      skipSpace();
      if (text[at] === '}') {
        at++;
        return new PythonDict(entries);
      }
      const key = value(depth + 1);
      if (typeof key !== 'string') fail('a key that is not a string');
      skipSpace();
      if (text[at] !== ':') fail("expected ':'");
      at++;
      entries.set(key as string, value(depth + 1));
      skipSpace();
      if (text[at] === ',') at++;
      else if (text[at] !== '}') fail("expected ',' or '}'");
    }
  };
  const result = value(0);
  skipSpace();
  if (at < text.length) fail('unexpected text after the value');
  return result;
}
