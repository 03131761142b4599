/**
 * Measures an element-wise function against every committed reference point: the mpmath
 * fixtures and the sweep of the whole double line, in float64 and, for --dtype, in float32,
 * float16 and bfloat16. Shared by the accuracy test and scripts/measure-accuracy.ts, which
 * writes the figures act states.
 */
import { NEAR_ROOT_RATIO, nearRootWindow } from '../../src/core/accuracy.ts';
import { getActivation } from '../../src/core/evaluate.ts';
import { ulpsBetween, type DType } from '../../src/core/precision.ts';
import type { ElementwiseDefinition } from '../../src/core/types.ts';
import { loadReferenceCases } from './fixtures.ts';

export interface Worst {
  readonly ulps: number;
  readonly at: string;
}

export interface FormatMeasurement {
  readonly points: number;
  readonly value: Worst;
  readonly gradient: Worst;
}

export const LOWER_DTYPES = ['float32', 'float16', 'bfloat16'] as const;
export type LowerDType = (typeof LOWER_DTYPES)[number];

export interface Measurement extends FormatMeasurement {
  /** How many float64 points lie inside the near-root window (where the gradient cancels). */
  readonly nearRootPoints?: number;
  /** Reference points inside a near-root window where |f′| is not below 2^-20 × the largest term. */
  readonly windowTooWide: readonly string[];
  readonly dtypes: Readonly<Record<LowerDType, FormatMeasurement>>;
}

/** Worst distance (in ulps of the dtype) of value and gradient over reference rows. */
function measureRows(
  name: string,
  params: Record<string, number | string | null>,
  dtype: DType,
  rows: ReadonlyArray<readonly [number, number, number]>,
  totals: { points: number; value: Worst; gradient: Worst },
): void {
  const activation = getActivation(name, params, { dtype });
  const label = `${JSON.stringify(params)}${dtype === 'float64' ? '' : ` ${dtype}`}`;
  for (const [x, wantValue, wantGradient] of rows) {
    totals.points++;
    const valueUlps = ulpsBetween(dtype, activation.value(x), wantValue);
    if (valueUlps > totals.value.ulps) totals.value = { ulps: valueUlps, at: `x = ${x} ${label}: ${activation.value(x)}, want ${wantValue}` };
    const gradientUlps = ulpsBetween(dtype, activation.gradient(x), wantGradient);
    if (gradientUlps > totals.gradient.ulps) totals.gradient = { ulps: gradientUlps, at: `x = ${x} ${label}: ${activation.gradient(x)}, want ${wantGradient}` };
  }
}

export function measure(definition: ElementwiseDefinition): Measurement {
  const float64 = { points: 0, value: { ulps: 0, at: '' }, gradient: { ulps: 0, at: '' } };
  const lower = Object.fromEntries(LOWER_DTYPES.map((dtype) => [dtype, { points: 0, value: { ulps: 0, at: '' }, gradient: { ulps: 0, at: '' } }])) as Record<
    LowerDType,
    { points: number; value: Worst; gradient: Worst }
  >;
  let nearRootPoints = 0;
  const windowTooWide: string[] = [];
  for (const reference of loadReferenceCases(definition.name)) {
    measureRows(definition.name, reference.params, 'float64', reference.points, float64);
    for (const dtype of LOWER_DTYPES) if (reference.dtypes) measureRows(definition.name, reference.params, dtype, reference.dtypes[dtype], lower[dtype]);
    const activation = getActivation(definition.name, reference.params);
    const window = nearRootWindow(definition, activation.params, activation.gradient);
    if (!window) continue;
    for (const [x, , wantGradient] of reference.points) {
      if (!(x >= window[0] && x <= window[1])) continue;
      nearRootPoints++;
      const largest = definition.nearRoot!.largestTerm(x, activation.params);
      if (!(Math.abs(wantGradient) < NEAR_ROOT_RATIO * largest)) windowTooWide.push(`x = ${x} ${JSON.stringify(reference.params)}: f′ = ${wantGradient}`);
    }
  }
  return { ...float64, nearRootPoints: definition.nearRoot ? nearRootPoints : undefined, windowTooWide, dtypes: lower };
}
