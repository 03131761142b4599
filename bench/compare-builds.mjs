// Before/after: this checkout's build against another's (e.g. a git worktree of an earlier
// commit, built with `npm run build`), measured alternately in one loop so that the machine's
// state is shared:  node bench/compare-builds.mjs /path/to/other/checkout
// Start-up (`act relu 7 -7` / `node -e 0`, median of 40 triples), streaming 10⁶ numbers to TSV
// (median of 9), and softmax of one line of 10⁶ numbers (median of 3).
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const other = process.argv[2];
if (!other) {
  console.error('usage: node bench/compare-builds.mjs OTHER_CHECKOUT');
  process.exit(2);
}
const builds = { other: join(other, 'bin/act.js'), this: fileURLToPath(new URL('../bin/act.js', import.meta.url)) };
const work = mkdtempSync(join(tmpdir(), 'act-compare-'));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const time = (args, input) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: [input === undefined ? 'ignore' : openSync(input, 'r'), 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
};

const ratios = { other: [], this: [] };
for (let i = 0; i < 40; i++) {
  const bare = time(['-e', '0']);
  for (const build of ['other', 'this']) ratios[build].push(time([builds[build], 'relu', '7', '-7']) / bare);
}
console.log(`start-up / node -e 0: other ${median(ratios.other).toFixed(3)}×, this ${median(ratios.this).toFixed(3)}×`);

const numbers = join(work, 'numbers.txt');
let state = 7;
const lines = [];
for (let i = 0; i < 1_000_000; i++) lines.push((((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 20 - 10).toFixed(6));
writeFileSync(numbers, lines.join('\n') + '\n');
for (const name of ['relu', 'sigmoid', 'gelu']) {
  const times = { other: [], this: [] };
  for (let i = 0; i < 9; i++) for (const build of ['other', 'this']) times[build].push(time([builds[build], name, '--format', 'tsv'], numbers));
  console.log(`streaming 10^6 ${name}: other ${median(times.other).toFixed(0)} ms, this ${median(times.this).toFixed(0)} ms`);
}

const line = join(work, 'line.txt');
execFileSync('sh', ['-c', `seq 0 999999 | tr '\\n' ' ' > ${line}; echo >> ${line}`]);
const softmax = { other: [], this: [] };
for (let i = 0; i < 3; i++) for (const build of ['other', 'this']) softmax[build].push(time([builds[build], 'softmax', '--format', 'csv'], line));
console.log(`softmax of one line of 10^6 numbers: other ${median(softmax.other).toFixed(0)} ms, this ${median(softmax.this).toFixed(0)} ms`);
