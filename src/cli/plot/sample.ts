/**
 * Sampling curves for plots: each curve is a list of polylines (broken at non-finite values
 * and at kinks, so that a jump is drawn as a jump, not a vertical line), and each kink gets
 * markers: a closed one at the value the convention reports, open ones at the other one-sided
 * limits.
 */
import type { Activation } from '../../core/evaluate.ts';
import { isExpressionDefinition } from '../../expr/definitions.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Marker extends Point {
  readonly closed: boolean;
}

export interface Curve {
  /** e.g. "gelu" or "gelu′" */
  readonly label: string;
  readonly kind: CurveKind;
  /** The function this curve belongs to (index among the plotted functions). */
  readonly series: number;
  readonly polylines: Point[][];
  readonly markers: Marker[];
}

/** f, f′, f″ or f‴. */
export type CurveKind = 'value' | 'gradient' | 'second' | 'third';

export const CURVE_KINDS: readonly CurveKind[] = ['value', 'gradient', 'second', 'third'];

const ORDER: Record<CurveKind, 0 | 1 | 2 | 3> = { value: 0, gradient: 1, second: 2, third: 3 };
const PRIMES = ['', '′', '″', '‴'];

const same = (a: number, b: number): boolean => a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a));

/** One curve of f, f′, f″ or f‴ over [from, to] with about `samples` points. */
export function sampleCurve(activation: Activation, kind: CurveKind, from: number, to: number, samples: number, series: number): Curve {
  const order = ORDER[kind];
  const f = (x: number): number => activation.derivative(x, order);
  // f″ and f‴ also break where they jump although f′ does not (elu″, softsign″ at 0).
  const pieceEnds = order >= 2 ? (activation.definition.higherJumps?.(activation.params) ?? []).filter((at) => !activation.kinks.some((kink) => kink.at === at)) : [];
  const inside = [...activation.kinks, ...pieceEnds.map((at) => ({ at, left: NaN, right: NaN }))].filter((kink) => kink.at > from && kink.at < to && (kind !== 'value' || ('jump' in kink && kink.jump)));
  const breaks = [from, ...inside.map((kink) => kink.at).sort((a, b) => a - b), to];
  const polylines: Point[][] = [];
  const width = to - from;
  for (let b = 0; b + 1 < breaks.length; b++) {
    const [start, end] = [breaks[b], breaks[b + 1]];
    const count = Math.max(2, Math.round((samples * (end - start)) / width));
    // One-sided limits at an interior kink: stop a hair short of it.
    const epsilon = (end - start) * 1e-9;
    let current: Point[] = [];
    for (let k = 0; k <= count; k++) {
      let x = start + ((end - start) * k) / count;
      if (k === 0 && b > 0) x += epsilon;
      if (k === count && b + 2 < breaks.length) x -= epsilon;
      const y = f(x);
      // f″ and f‴ may jump where f′ does not (elu″ at 0, softsign″ at 0): a jump between two
      // samples leaves the middle one at one end's value, which a steep slope would not.
      const last = current[current.length - 1];
      const beforeLast = current[current.length - 2];
      if (order >= 2 && beforeLast && Number.isFinite(y) && jumps(f, last, { x, y }, Math.abs(last.y - beforeLast.y))) {
        polylines.push(current);
        current = [];
      }
      if (Number.isFinite(y)) {
        current.push({ x, y });
      } else if (current.length > 0) {
        polylines.push(current);
        current = [];
      }
    }
    if (current.length > 0) polylines.push(current);
  }
  const markers: Marker[] = [];
  for (const kink of inside) {
    const reported = f(kink.at);
    const epsilon = width * 1e-9;
    const sides = kind === 'gradient' ? [kink.left, kink.right] : [f(kink.at - epsilon), f(kink.at + epsilon)];
    if (Number.isFinite(reported)) markers.push({ x: kink.at, y: reported, closed: true });
    for (const side of sides) {
      if (Number.isFinite(side) && !same(side, reported) && !markers.some((marker) => !marker.closed && marker.x === kink.at && same(marker.y, side))) {
        markers.push({ x: kink.at, y: side, closed: false });
      }
    }
  }
  // An expression's derivatives are those of the whole: (x*sigmoid(x))′.
  const name = order > 0 && isExpressionDefinition(activation.definition) ? `(${activation.name})` : activation.name;
  return { label: `${name}${PRIMES[order]}`, kind, series, polylines, markers };
}

/**
 * Whether f jumps between two neighbouring samples: a step far larger than the one before it
 * that bisection does not shrink (a steep but continuous stretch would).
 */
function jumps(f: (x: number) => number, a: Point, b: Point, previousStep: number): boolean {
  const step = Math.abs(b.y - a.y);
  if (!(step > 8 * previousStep && step > 1e-9 * Math.max(1, Math.abs(a.y), Math.abs(b.y)))) return false;
  let [low, high, fLow, fHigh] = [a.x, b.x, a.y, b.y];
  for (let i = 0; i < 80; i++) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    const fMiddle = f(middle);
    if (!Number.isFinite(fMiddle)) return true;
    if (Math.abs(fMiddle - fLow) > Math.abs(fHigh - fMiddle)) [high, fHigh] = [middle, fMiddle];
    else [low, fLow] = [middle, fMiddle];
  }
  return Math.abs(fHigh - fLow) > 0.5 * step;
}

/** The y-range holding every sampled point and marker, padded a little. */
export function yRange(curves: readonly Curve[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const curve of curves) {
    for (const point of [...curve.polylines.flat(), ...curve.markers]) {
      low = Math.min(low, point.y);
      high = Math.max(high, point.y);
    }
  }
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [-1, 1];
  if (low === high) return [low - 1, high + 1];
  const pad = (high - low) * 0.05;
  return [low - pad, high + pad];
}

/** "Nice" tick values (1, 2 or 5 × 10^k apart) covering [low, high], about `count` of them. */
export function niceTicks(low: number, high: number, count: number): number[] {
  const rough = (high - low) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step) * step; value <= high + step * 1e-9; value += step) {
    // Round away the drift of repeated addition (0.30000000000000004 → 0.3).
    ticks.push(Number((Math.round(value / step) * step).toPrecision(12)));
  }
  return ticks;
}
