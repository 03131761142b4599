/**
 * The worst error of the second and third derivatives and the parameter gradients against the
 * mpmath references in test/fixtures/higher (scripts/generate_higher_fixtures.py), per function:
 * in ulps of the result, and in ulps of the largest term where a near-root makes that the measure.
 * Prints one JSON line per function; `--worst` also prints the five worst points of each column.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { getActivation } from '../src/core/evaluate.ts';
import { ulpDistance } from '../test/helpers/ulp.ts';

const directory = new URL('../test/fixtures/higher/', import.meta.url);
const decode = (v: number | string): number => (v === '-0' ? -0 : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v));
const showWorst = process.argv.includes('--worst');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

for (const file of readdirSync(directory).sort()) {
  const data = JSON.parse(gunzipSync(readFileSync(new URL(file, directory))).toString('utf8'));
  if (only.length && !only.includes(data.function)) continue;
  const worst: Record<string, { ulps: number; x: number; got: number; want: number }[]> = {};
  for (const c of data.cases) {
    const activation = getActivation(data.function, c.params);
    const gradients = activation.parameterGradients;
    const columns: [string, (x: number) => number][] = [['second', activation.second], ['third', activation.third], ...c.parameters.map((p: string) => [`d_${p}`, gradients[p]] as [string, (x: number) => number])];
    for (const row of c.points) {
      const x = decode(row[0]);
      columns.forEach(([label, fn], index) => {
        const want = decode(row[1 + index]);
        const got = fn(x);
        const ulps = Number.isNaN(want) && Number.isNaN(got) ? 0 : ulpDistance(got, want);
        (worst[label] ??= []).push({ ulps, x, got, want });
      });
    }
  }
  const summary: Record<string, number> = {};
  for (const [label, list] of Object.entries(worst)) {
    list.sort((a, b) => b.ulps - a.ulps);
    summary[label] = list[0].ulps;
    if (showWorst && list[0].ulps > 0) for (const w of list.slice(0, 5)) console.log(`  ${data.function} ${label} x=${w.x} got=${w.got} want=${w.want} ulps=${w.ulps}`);
  }
  console.log(JSON.stringify({ function: data.function, ...summary }));
}
