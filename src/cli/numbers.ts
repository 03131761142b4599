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

/** A token as an error message shows it: at most 40 characters, control and non-ASCII bytes escaped. */
export function shownToken(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return /^[\x20-\x7e\u2026]*$/.test(cut) ? cut : JSON.stringify(cut).slice(1, -1);
}

/** Checks one literal of the input for overflow or underflow; `where` names its place, for the message. */
export type RangeCheck = (token: string, value: number, where: () => string) => void;

/**
 * A RangeCheck that reports the first literal overflowing to ±Infinity or underflowing to 0 through
 * `report` (a warning, not an error), and is silent after it, whichever source the next one comes from.
 */
export function rangeCheck(report: (message: string) => void): RangeCheck {
  let reported = false;
  return (token, value, where) => {
    if (reported || (value !== 0 && Number.isFinite(value))) return;
    const problem = outOfRange(token, value);
    if (!problem) return;
    reported = true;
    report(`${problem} (${where()}); further ones are not reported`);
  };
}

/**
 * Why a decimal literal does not fit a double, or undefined: one that overflows to ±Infinity
 * (1e400) or underflows to 0 (1e-400) although it is not inf or zero as written.
 */
export function outOfRange(token: string, value: number): string | undefined {
  if (value === 0 && /[1-9]/.test(token.replace(/[eE].*$/, ''))) return `warning: '${shownToken(token)}' underflows to 0`;
  if ((value === Infinity || value === -Infinity) && DECIMAL.test(token)) return `warning: '${shownToken(token)}' overflows to ${value > 0 ? '' : '-'}Infinity`;
  return undefined;
}
