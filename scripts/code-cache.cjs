// Records V8's code cache for a CLI bundle after a warm-up run, and prints the functions the bundle
// knows (JSON): node scripts/code-cache.cjs dist/act.cjs all|list|functions
//   all        the full bundle's own warm-up (entry.ts warmUp)
//   list       `act list` (table and CSV)
//   functions  the bundle's first functions: a table, JSON and CSV
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const { Script } = require('node:vm');

const file = resolve(process.argv[2]);
const route = process.argv[3] ?? 'all';
const script = new Script(readFileSync(file, 'latin1'), { filename: file });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require, bundle, file, dirname(file));
const entries = bundle.exports.catalogueEntries();

function functionLines() {
  const elementwise = entries.filter((entry) => entry.kind === 'elementwise').map((entry) => entry.name);
  const vector = entries.filter((entry) => entry.kind === 'vector').map((entry) => entry.name);
  const lines = [];
  if (elementwise.length > 0) {
    const [first, second = first] = elementwise;
    lines.push([first, '7', '-7'], [first, '-1', '--json'], [second, '1', '--format', 'csv']);
  }
  if (vector.length > 0) lines.push([vector[0], '1', '2', '3', '4'], [vector[0], '1', '-2', '--json']);
  return lines;
}

const lines = route === 'all' ? undefined : route === 'list' ? [['list'], ['list', '--format', 'csv']] : functionLines();
bundle.exports.warmUp(lines).then(() => {
  writeFileSync(`${file}.cache`, script.createCachedData());
  process.stdout.write(JSON.stringify(entries));
});
