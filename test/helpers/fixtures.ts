import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decode } from './ulp.ts';

export interface FixtureCase {
  readonly params: Record<string, number | string | null>;
  readonly kinks: readonly number[];
  readonly points: ReadonlyArray<readonly [number, number, number]>;
}

const directory = new URL('../fixtures/elementwise/', import.meta.url);

export function fixturePath(name: string): URL {
  return new URL(`${name}.json`, directory);
}

export function hasFixture(name: string): boolean {
  return existsSync(fixturePath(name));
}

/** The mpmath reference of scripts/generate_fixtures.py for one function. */
export function loadFixture(name: string): FixtureCase[] {
  const raw = JSON.parse(readFileSync(fixturePath(name), 'utf8')) as {
    cases: Array<{ params: FixtureCase['params']; kinks: number[]; points: Array<[number | string, number | string, number | string]> }>;
  };
  return raw.cases.map((fixtureCase) => ({
    params: fixtureCase.params,
    kinks: fixtureCase.kinks,
    points: fixtureCase.points.map(([x, value, derivative]) => [decode(x), decode(value), decode(derivative)] as const),
  }));
}

const sweepDirectory = new URL('../fixtures/sweep/', import.meta.url);

export function sweepFixturePath(name: string): URL {
  return new URL(`${name}.json.gz`, sweepDirectory);
}

type RawRow = [number | string, number | string, number | string, string?, string?];

function decodeRows(rows: RawRow[]): Array<readonly [number, number, number]> {
  return rows.map(([x, value, derivative]) => [x === '-0' ? -0 : decode(x), decode(value), decode(derivative)] as const);
}

export interface ReferenceCase extends Pick<FixtureCase, 'params' | 'points'> {
  /** The exact value and derivative to 24 significant digits, point by point (sweep only). */
  readonly digits?: ReadonlyArray<readonly [string, string]>;
  /** act --dtype: inputs rounded to each lower format and the exact results rounded once to it (sweep only). */
  readonly dtypes?: Readonly<Record<'float32' | 'float16' | 'bfloat16', ReadonlyArray<readonly [number, number, number]>>>;
}

/** Every reference point of a function: the fixture's cases, then the sweep's (scripts/generate_fixtures.py --sweep). */
export function loadReferenceCases(name: string): ReferenceCase[] {
  const cases: ReferenceCase[] = hasFixture(name) ? loadFixture(name) : [];
  const sweep = sweepFixturePath(name);
  if (existsSync(sweep)) {
    const raw = JSON.parse(gunzipSync(readFileSync(sweep)).toString('utf8')) as {
      cases: Array<{ params: FixtureCase['params']; points: RawRow[]; dtypes?: Record<'float32' | 'float16' | 'bfloat16', RawRow[]> }>;
    };
    for (const sweepCase of raw.cases) {
      const dtypes = sweepCase.dtypes;
      cases.push({
        params: sweepCase.params,
        points: decodeRows(sweepCase.points),
        digits: sweepCase.points[0]?.length === 5 ? sweepCase.points.map((row) => [row[3]!, row[4]!] as const) : undefined,
        dtypes: dtypes ? { float32: decodeRows(dtypes.float32), float16: decodeRows(dtypes.float16), bfloat16: decodeRows(dtypes.bfloat16) } : undefined,
      });
    }
  }
  return cases;
}
