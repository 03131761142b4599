import { readFileSync, existsSync } from 'node:fs';
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
