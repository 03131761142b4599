/**
 * Measures compiled expressions against the mpmath references of scripts/generate_expression_fixtures.py:
 * per expression and order, the worst error in ulps over the points where act's result is finite,
 * and the count of points where an intermediate overflows (act's result is NaN or ±∞ and the exact
 * one is not that). Shared by the expression test and scripts/measure-expressions.ts.
 */
import { readFileSync } from 'node:fs';
import { compile } from '../../src/expr/index.ts';
import { decode, ulpDistance } from './ulp.ts';

export interface ExpressionMeasurement {
  readonly expression: string;
  readonly points: number;
  /** Worst error of f, f′, f″, f‴ in ulps. */
  readonly worst: readonly number[];
  /** Points where an intermediate overflowed: act's result NaN or ±∞ where the exact one is not that. */
  readonly overflows: number;
}

const decodeValue = (value: number | string): number => (value === '-0' ? -0 : decode(value));

export function measureExpressions(): ExpressionMeasurement[] {
  const { cases } = JSON.parse(readFileSync(new URL('../fixtures/expressions.json', import.meta.url), 'utf8')) as {
    cases: Array<{ expression: string; points: Array<Array<number | string>> }>;
  };
  return cases.map(({ expression, points }) => {
    const compiled = compile(expression);
    const worst = [0, 0, 0, 0];
    let overflows = 0;
    for (const row of points) {
      const x = decodeValue(row[0]);
      let overflowed = false;
      for (let k = 0; k < 4; k++) {
        const got = compiled.derivative(x, k as 0 | 1 | 2 | 3);
        const want = decodeValue(row[1 + k]);
        // An intermediate overflowed (∞ − ∞, ∞/∞, or ∞ where the exact result is finite).
        if (!Number.isFinite(got) && !Object.is(got, want)) {
          overflowed = true;
          continue;
        }
        worst[k] = Math.max(worst[k], ulpDistance(got, want));
      }
      if (overflowed) overflows++;
    }
    return { expression, points: points.length, worst, overflows };
  });
}

/** A count of ulps as the README table shows it: whole below a million, else with an exponent. */
function ulpsText(ulps: number): string {
  return ulps < 1e6 ? String(ulps) : ulps === Infinity ? '∞' : ulps.toExponential(1).replace('e+', 'e');
}

/** The README's table of the measured accuracy of compositions (between its expressions markers). */
export function expressionTable(measurements: readonly ExpressionMeasurement[]): string {
  const lines = [
    '| expression | f | f′ | f″ | f‴ | points | intermediate overflow |',
    '|---|---|---|---|---|---|---|',
    ...measurements.map((m) => `| \`${m.expression}\` | ${m.worst.map(ulpsText).join(' | ')} | ${m.points} | ${m.overflows} |`),
  ];
  return lines.join('\n') + '\n';
}
