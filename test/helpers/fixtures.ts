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

/** Every reference point of a function: the fixture's cases, then the sweep's (scripts/generate_fixtures.py --sweep). */
export function loadReferenceCases(name: string): Array<Pick<FixtureCase, 'params' | 'points'>> {
  const cases: Array<Pick<FixtureCase, 'params' | 'points'>> = hasFixture(name) ? loadFixture(name) : [];
  const sweep = sweepFixturePath(name);
  if (existsSync(sweep)) {
    const raw = JSON.parse(gunzipSync(readFileSync(sweep)).toString('utf8')) as {
      cases: Array<{ params: FixtureCase['params']; points: Array<[number | string, number | string, number | string]> }>;
    };
    for (const sweepCase of raw.cases) {
      cases.push({
        params: sweepCase.params,
        points: sweepCase.points.map(([x, value, derivative]) => [x === '-0' ? -0 : decode(x), decode(value), decode(derivative)] as const),
      });
    }
  }
  return cases;
}
