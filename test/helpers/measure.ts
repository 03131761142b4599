/**
 * Measures an element-wise function against every committed reference point: the mpmath
 * fixtures and the sweep of the whole double line. Shared by the accuracy test and
 * scripts/measure-accuracy.ts, which writes the figures act states.
 */
import { NEAR_ROOT_RATIO, nearRootWindow } from '../../src/core/accuracy.ts';
import { getActivation } from '../../src/core/evaluate.ts';
import type { ElementwiseDefinition } from '../../src/core/types.ts';
import { loadReferenceCases } from './fixtures.ts';
import { ulpDistance, ulpOf } from './ulp.ts';

export interface Worst {
  readonly ulps: number;
  readonly at: string;
}

export interface Measurement {
  readonly points: number;
  readonly value: Worst;
  readonly gradient: Worst;
  /** Inside the near-root window: worst error in ulps of the largest term, and the number of points. */
  readonly nearRoot?: { readonly ulpsOfLargestTerm: number; readonly points: number };
  /** Reference points inside a near-root window where |f′| is not below 2^-20 × the largest term. */
  readonly windowTooWide: readonly string[];
}

export function measure(definition: ElementwiseDefinition): Measurement {
  let points = 0;
  let value: Worst = { ulps: 0, at: '' };
  let gradient: Worst = { ulps: 0, at: '' };
  let nearRootWorst = 0;
  let nearRootPoints = 0;
  const windowTooWide: string[] = [];
  for (const reference of loadReferenceCases(definition.name)) {
    const activation = getActivation(definition.name, reference.params);
    const window = nearRootWindow(definition, activation.params, activation.gradient);
    const label = JSON.stringify(reference.params);
    for (const [x, wantValue, wantGradient] of reference.points) {
      points++;
      const valueUlps = ulpDistance(activation.value(x), wantValue);
      if (valueUlps > value.ulps) value = { ulps: valueUlps, at: `x = ${x} ${label}` };
      const got = activation.gradient(x);
      if (window && x >= window[0] && x <= window[1]) {
        const largest = definition.nearRoot!.largestTerm(x, activation.params);
        nearRootPoints++;
        nearRootWorst = Math.max(nearRootWorst, Math.abs(got - wantGradient) / ulpOf(largest));
        if (!(Math.abs(wantGradient) < NEAR_ROOT_RATIO * largest)) windowTooWide.push(`x = ${x} ${label}: f′ = ${wantGradient}`);
        continue;
      }
      const gradientUlps = ulpDistance(got, wantGradient);
      if (gradientUlps > gradient.ulps) gradient = { ulps: gradientUlps, at: `x = ${x} ${label}` };
    }
  }
  return {
    points,
    value,
    gradient,
    nearRoot: definition.nearRoot ? { ulpsOfLargestTerm: nearRootWorst, points: nearRootPoints } : undefined,
    windowTooWide,
  };
}
