/**
 * --range START:STOP:STEP and --linspace START:STOP:COUNT with exact decimal
 * arithmetic: every x_i is the double nearest to the exact START + i·STEP (or
 * START + i·(STOP − START)/(COUNT − 1)), computed from the decimal strings the user typed
 * as rationals and rounded once, so 0:1:0.1 gives 0.3 and 0.7 as seq does, with no drift.
 */
import { UsageError } from './errors.ts';

/** A rational number numerator/denominator with denominator > 0. */
interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export const MAX_POINTS = 100_000_000;

function parseDecimal(option: string, part: string, text: string): Rational {
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new UsageError(`${option}: ${part} '${text}' is not a decimal number`);
  }
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText) - fraction.length;
  if (Math.abs(exponent) > 400) throw new UsageError(`${option}: ${part} '${text}' is out of range`);
  let numerator = BigInt(whole + fraction || '0');
  let denominator = 1n;
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator = 10n ** BigInt(-exponent);
  return { numerator: sign === '-' ? -numerator : numerator, denominator };
}

const bitLength = (value: bigint): number => value.toString(2).length;

/** The double nearest to p/q (ties to even), including subnormals and overflow to ±Infinity. */
export function nearestDouble(numerator: bigint, denominator: bigint): number {
  if (numerator === 0n) return 0;
  const negative = numerator < 0n !== denominator < 0n;
  let p = numerator < 0n ? -numerator : numerator;
  let q = denominator < 0n ? -denominator : denominator;
  // Choose e so that p/q·2^-e has 53 bits (or fewer at the bottom of the subnormals).
  let exponent = bitLength(p) - bitLength(q) - 53;
  if (exponent < -1074) exponent = -1074;
  const scaled = (e: number): [bigint, bigint] => (e >= 0 ? [p, q << BigInt(e)] : [p << BigInt(-e), q]);
  let [top, bottom] = scaled(exponent);
  let mantissa = top / bottom;
  if (mantissa >= 1n << 53n) {
    exponent += 1;
    [top, bottom] = scaled(exponent);
    mantissa = top / bottom;
  }
  const remainder = top - mantissa * bottom;
  const twice = 2n * remainder;
  if (twice > bottom || (twice === bottom && (mantissa & 1n) === 1n)) mantissa += 1n;
  p = mantissa;
  q = 1n;
  // mantissa·2^exponent: both factors exact, and the product exact unless it overflows.
  const magnitude = Number(p) * 2 ** Math.max(exponent, -1022) * (exponent < -1022 ? 2 ** (exponent + 1022) : 1);
  return negative ? -magnitude : magnitude;
}

function add(a: Rational, b: Rational): Rational {
  return { numerator: a.numerator * b.denominator + b.numerator * a.denominator, denominator: a.denominator * b.denominator };
}

function scale(a: Rational, factor: bigint, divisor = 1n): Rational {
  return { numerator: a.numerator * factor, denominator: a.denominator * divisor };
}

function compare(a: Rational, b: Rational): number {
  const difference = a.numerator * b.denominator - b.numerator * a.denominator;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

export interface Sequence {
  readonly count: number;
  /** The i-th point, rounded once. */
  readonly at: (index: number) => number;
}

function parts(option: string, text: string, third: string): [string, string, string] {
  const pieces = text.split(':');
  if (pieces.length !== 3) throw new UsageError(`${option} takes START:STOP:${third}; got '${text}'`);
  return pieces as [string, string, string];
}

/** --range START:STOP:STEP: STOP is included when the exact sequence reaches it. */
export function parseRange(text: string): Sequence {
  const [startText, stopText, stepText] = parts('--range', text, 'STEP');
  const start = parseDecimal('--range', 'START', startText);
  const stop = parseDecimal('--range', 'STOP', stopText);
  const step = parseDecimal('--range', 'STEP', stepText);
  if (step.numerator === 0n) throw new UsageError(`--range: STEP must not be 0`);
  const direction = compare(stop, start);
  if (direction !== 0 && (direction > 0) !== (step.numerator > 0n)) {
    throw new UsageError(
      `--range: a ${step.numerator > 0n ? 'positive' : 'negative'} STEP never goes from ${startText} to ${stopText}`,
      `Use a ${step.numerator > 0n ? 'negative' : 'positive'} step, e.g. --range ${startText}:${stopText}:${stepText.startsWith('-') ? stepText.slice(1) : `-${stepText}`}.`,
    );
  }
  // count − 1 = floor((stop − start)/step), exactly.
  const span = add(stop, scale(start, -1n));
  const quotientNumerator = span.numerator * step.denominator;
  const quotientDenominator = span.denominator * step.numerator;
  const steps = quotientNumerator / quotientDenominator;
  const count = steps + 1n;
  if (count > BigInt(MAX_POINTS)) throw new UsageError(`--range ${text} has ${count} points, more than ${MAX_POINTS}`);
  // Common denominator: x_i = (a + i·b)/d.
  const denominator = start.denominator * step.denominator;
  const a = start.numerator * step.denominator;
  const b = step.numerator * start.denominator;
  return { count: Number(count), at: (index) => nearestDouble(a + BigInt(index) * b, denominator) };
}

/** --linspace START:STOP:COUNT: COUNT ≥ 2 points from START to STOP, both included. */
export function parseLinspace(text: string): Sequence {
  const [startText, stopText, countText] = parts('--linspace', text, 'COUNT');
  const start = parseDecimal('--linspace', 'START', startText);
  const stop = parseDecimal('--linspace', 'STOP', stopText);
  if (!/^\d+$/.test(countText)) {
    const value = Number(countText);
    if (Number.isInteger(value) && value > MAX_POINTS) throw new UsageError(`--linspace: COUNT ${countText} is more than ${MAX_POINTS.toLocaleString('en')}, the most points act generates`);
    throw new UsageError(`--linspace: COUNT '${countText}' is not a whole number`);
  }
  const count = Number(countText);
  if (count < 2) throw new UsageError(`--linspace: COUNT must be at least 2 (START and STOP); got ${countText}`);
  if (count > MAX_POINTS) throw new UsageError(`--linspace: COUNT ${countText} is more than ${MAX_POINTS.toLocaleString('en')}, the most points act generates`);
  // x_i = (start·(n − 1) + i·(stop − start))/(n − 1), over the common denominator of start and stop.
  const intervals = BigInt(count - 1);
  const denominator = start.denominator * stop.denominator;
  const a = start.numerator * stop.denominator;
  const b = stop.numerator * start.denominator - a;
  return { count, at: (index) => nearestDouble(a * intervals + BigInt(index) * b, denominator * intervals) };
}

/** The points of a sequence in batches of Float64Array. */
export function* sequenceBatches(sequence: Sequence, batchSize = 8192): Generator<Float64Array> {
  for (let start = 0; start < sequence.count; start += batchSize) {
    const batch = new Float64Array(Math.min(batchSize, sequence.count - start));
    for (let i = 0; i < batch.length; i++) batch[i] = sequence.at(start + i);
    yield batch;
  }
}
