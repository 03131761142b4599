/**
 * The number grammar of the command line and stdin: decimal and exponent
 * literals as JavaScript's Number() reads them, plus inf/infinity/nan in any case.
 * Hex, binary, octal, separators (1_000), decimal commas (1,5) and empty strings are rejected.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(?:inf|infinity|nan)$/i;

/** The number a token spells, or undefined when it is not in the grammar. */
export function parseNumber(token: string): number | undefined {
  if (DECIMAL.test(token)) return Number(token);
  const special = SPECIAL.exec(token);
  if (!special) return undefined;
  if (/nan$/i.test(token)) return NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

/** True for the tokens of the grammar, including negative ones that look like options. */
export function isNumberToken(token: string): boolean {
  return DECIMAL.test(token) || SPECIAL.test(token);
}
