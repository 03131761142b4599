/**
 * Measures the second and third derivatives and the parameter gradients of an element-wise
 * function against the mpmath references of scripts/generate_higher_fixtures.py (the sweep of
 * the whole double line, the higher derivatives' branch points and the roots of f″ and f‴).
 * Shared by the accuracy test and scripts/measure-higher.ts, which writes the figures act states.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { getActivation } from '../../src/core/evaluate.ts';
import type { Params } from '../../src/core/types.ts';
import { ulpDistance, ulpOf } from './ulp.ts';
import { NEAR_ROOT_RATIO } from '../../src/core/accuracy.ts';

export interface HigherReferenceCase {
  readonly params: Params;
  /** The parameters with a d_<parameter> column, in column order. */
  readonly parameters: readonly string[];
  /** [x, second, third, d_<parameter>…] */
  readonly rows: ReadonlyArray<readonly number[]>;
}

const directory = new URL('../fixtures/higher/', import.meta.url);

function decodeValue(value: number | string): number {
  if (typeof value === 'number') return value;
  return value === '-0' ? -0 : value === 'NaN' ? NaN : value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : Number.NaN;
}

export function hasHigherReference(name: string): boolean {
  return existsSync(new URL(`${name}.json.gz`, directory));
}

export function loadHigherReference(name: string): HigherReferenceCase[] {
  const raw = JSON.parse(gunzipSync(readFileSync(new URL(`${name}.json.gz`, directory))).toString('utf8')) as {
    cases: Array<{ params: Params; parameters: string[]; points: Array<Array<number | string>> }>;
  };
  return raw.cases.map((c) => ({ params: c.params, parameters: c.parameters, rows: c.points.map((row) => row.map(decodeValue)) }));
}

export interface ColumnWorst {
  readonly ulps: number;
  readonly at: number;
  readonly got: number;
  readonly want: number;
}

export interface HigherMeasurement {
  readonly points: number;
  /** Worst error per column (second, third, d_<parameter>), in ulps of the correctly rounded result, outside the near-root windows. */
  readonly columns: Readonly<Record<string, ColumnWorst>>;
  /** Inside the windows where |f″| or |f‴| < 2^-20 × its largest term: the worst error in ulps of that term, and the count. */
  readonly nearRoot: { readonly second: number; readonly third: number; readonly points: number };
}

/** The worst error of each column over every reference point and parameter setting. */
export function measureHigher(name: string): HigherMeasurement {
  const columns: Record<string, ColumnWorst> = {};
  const nearRoot = { second: 0, third: 0, points: 0 };
  let points = 0;
  for (const reference of loadHigherReference(name)) {
    const activation = getActivation(name, reference.params);
    const largest = activation.definition.higherLargestTerm;
    const functions: [string, (x: number) => number][] = [
      ['second', activation.second],
      ['third', activation.third],
      ...reference.parameters.map((parameter): [string, (x: number) => number] => [`d_${parameter}`, activation.parameterGradients[parameter]]),
    ];
    for (const row of reference.rows) {
      points++;
      functions.forEach(([label, f], index) => {
        const want = row[1 + index];
        const got = f(row[0]);
        if (largest && (label === 'second' || label === 'third') && Number.isFinite(want)) {
          const term = largest(row[0], activation.params, label === 'second' ? 2 : 3);
          if (Math.abs(want) < NEAR_ROOT_RATIO * term) {
            nearRoot.points++;
            nearRoot[label] = Math.max(nearRoot[label], Math.abs(got - want) / ulpOf(term));
            return;
          }
        }
        const ulps = ulpDistance(got, want);
        if (!columns[label] || ulps > columns[label].ulps) columns[label] = { ulps, at: row[0], got, want };
      });
    }
  }
  return { points, columns, nearRoot };
}
