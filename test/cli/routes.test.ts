/**
 * The smaller bundles that bin/act.js runs for `act <function> …` and `act list` (scripts/build.mjs):
 * every name reaches a bundle that knows it, and what that bundle prints is what act prints with
 * the whole catalogue (main() from the sources, in this process).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Script } from 'node:vm';
import { createRequire } from 'node:module';
import { CATALOGUE, normalizeName } from '../../src/core/catalogue.ts';
import { COMMANDS } from '../../src/cli/run.ts';
import { ROOT, runAct, runMain, type RunResult } from '../helpers/cli.ts';

const DIST = join(ROOT, 'dist');
const routes = JSON.parse(readFileSync(join(DIST, 'routes.json'), 'utf8')) as Record<string, string>;

interface Entry {
  name: string;
  kind: string;
  keys: string[];
}

/** The functions a bundle registers, read from the bundle itself. */
function bundleEntries(file: string): Entry[] {
  const path = join(DIST, file);
  const bundle = { exports: {} as { catalogueEntries(): Entry[] } };
  new Script(readFileSync(path, 'latin1'), { filename: path }).runInThisContext()(bundle.exports, createRequire(path), bundle, path, DIST);
  return bundle.exports.catalogueEntries();
}

/** The binary's answer and main()'s, for the same command line and stdin. */
async function assertSameAsMain(args: string[], input = ''): Promise<RunResult> {
  const routed = runAct(args, { input });
  const reference = await runMain(args, { stdin: input, stdinIsTTY: input === '' && args.length > 1 });
  assert.deepEqual(routed, reference, `act ${args.join(' ')}`);
  return routed;
}

describe('routing to the smaller bundles', () => {
  it('every name and alias of the catalogue goes to a bundle that registers that function, and list to its own', () => {
    const families = new Map<string, Entry[]>();
    for (const file of new Set(Object.values(routes))) families.set(file, bundleEntries(file));
    assert.equal(routes.list, 'act-list.cjs');
    assert.deepEqual(families.get('act-list.cjs')!.map((entry) => entry.name), CATALOGUE.map((definition) => definition.name));
    for (const definition of CATALOGUE) {
      for (const name of [definition.name, ...definition.aliases]) {
        // bin/act.js normalises as the catalogue does.
        const key = name.toLowerCase().replace(/[-_\s]/g, '');
        assert.equal(key, normalizeName(name));
        const file = routes[key];
        assert.ok(file?.startsWith('act-') && file !== 'act-list.cjs', `${name} has no family bundle`);
        assert.ok(families.get(file)!.some((entry) => entry.name === definition.name), `${file} does not register ${definition.name}`);
      }
    }
    // A command's name never reaches a function's bundle (run.ts reads it as the command, which that
    // bundle leaves out); only list has a bundle, and it is list's.
    for (const command of COMMANDS) assert.equal(routes[normalizeName(command)], command === 'list' ? 'act-list.cjs' : undefined, command);
    // Each family bundle registers only part of the catalogue (else routing would save nothing).
    for (const [file, entries] of families) if (file !== 'act-list.cjs') assert.ok(entries.length < CATALOGUE.length / 2, file);
  });

  it('every element-wise function prints through its bundle what main() prints: values, CSV in float16, help, a stray option and stdin', async () => {
    for (const definition of CATALOGUE) {
      if (definition.kind !== 'elementwise') continue;
      const { name } = definition;
      const result = await assertSameAsMain([name, '-2', '-0.5', '0', '1e-310', '0.5', '3', '--json']);
      assert.equal(result.code, 0, result.stderr);
      await assertSameAsMain([name, '0.1', '-1', '--dtype', 'float16', '--format', 'csv']);
      await assertSameAsMain([name, '--help']);
      assert.equal((await assertSameAsMain([name, '1', '--no-such-option'])).code, 2);
      await assertSameAsMain([name], '1\n-1\n');
    }
  });

  it('every vector function prints through its bundle what main() prints', async () => {
    for (const definition of CATALOGUE) {
      if (definition.kind !== 'vector') continue;
      await assertSameAsMain([definition.name, '1', '-2', '3', '0.5', '--json']);
      await assertSameAsMain([definition.name, '1', '2', '--format', 'csv']);
      await assertSameAsMain([definition.name, '--help']);
    }
  });

  it('names in other spellings, list in every format, and its errors', async () => {
    await assertSameAsMain(['LeakyReLU', '-1']);
    await assertSameAsMain(['leaky-relu', '-1', '--negative-slope', '0.2']);
    for (const args of [['list'], ['list', '--format', 'csv'], ['list', '--format', 'tsv'], ['list', '--format', 'ndjson'], ['list', '--json'], ['list', '--help'], ['list', 'extra'], ['List']]) {
      await assertSameAsMain(args);
    }
  });
});
