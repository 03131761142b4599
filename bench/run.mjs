// Benchmarks: each section measures act and its baselines in the same run and prints ratios.
//   npm run bench            (all sections; builds first)
//   npm run bench -- startup|streaming|core|core-mixed|memory|slow-path|tensors|expr
// The machine is shared and noisy: medians of repeated runs, and ratios against baselines
// measured alternately in the same run. Results go in BENCHMARKS.md. Never part of npm test.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadTensorFlow } from '../scripts/tfjs.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ACT = join(ROOT, 'bin/act.js');
const WORK = mkdtempSync(join(tmpdir(), 'act-bench-'));
const only = process.argv[2];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const milliseconds = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const format = (value, digits = 2) => value.toFixed(digits);

function timeCommand(file, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(file, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const elapsed = milliseconds(start);
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${result.stderr}`);
  return elapsed;
}

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
}

// ---------------------------------------------------------------------------------------------
function startup() {
  const pairs = 30;
  const commands = [['relu', '7', '-7'], ['--version'], ['list'], ['sigmoid', '1', '--json']];
  console.log('\n## Start-up: act vs `node -e 0`\n');
  console.log(`${pairs} paired runs per command, alternating; medians.\n`);
  console.log('| command | node -e 0 | act | median of the paired ratios |');
  console.log('|---|---|---|---|');
  for (const args of commands) {
    const bare = [];
    const act = [];
    const ratios = [];
    for (let i = 0; i < pairs; i++) {
      const a = timeCommand(process.execPath, ['-e', '0']);
      const b = timeCommand(process.execPath, [ACT, ...args]);
      bare.push(a);
      act.push(b);
      ratios.push(b / a);
    }
    console.log(`| act ${args.join(' ')} | ${format(median(bare), 1)} ms | ${format(median(act), 1)} ms | **${format(median(ratios))}×** |`);
  }
  console.log('\nTarget (SPEC §8): within 1.15× for every command.');
  startupPageFaults(commands);
}

/** Minor page faults of one run (GNU time's %R), or undefined without GNU time. */
function pageFaults(file, args) {
  const result = spawnSync('/usr/bin/time', ['-f', '%R', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  return result.status === 0 ? Number(result.stderr.trim().split('\n').pop()) : undefined;
}

/**
 * Where start-up time goes on this machine: every page of memory a process touches for the first
 * time costs a fault, and the faults act adds to node's own, times the cost of one.
 */
function startupPageFaults(commands) {
  if (pageFaults(process.execPath, ['-e', '0']) === undefined) return;
  const script = 'const b = Buffer.alloc(1 << 22); const t = process.hrtime.bigint(); b.fill(1); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e3 / 1024))';
  const perPage = median(Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))));
  const bare = median(Array.from({ length: 5 }, () => pageFaults(process.execPath, ['-e', '0'])));
  console.log(`\nPage faults (GNU time's %R, median of 5): \`node -e 0\` ${bare}; a first touch of a page costs ${format(perPage)} µs here (filling a new 4 MiB buffer, median of 7).\n`);
  console.log('| command | page faults | added to node\'s | their cost at that rate |');
  console.log('|---|---|---|---|');
  for (const args of commands) {
    const faults = median(Array.from({ length: 5 }, () => pageFaults(process.execPath, [ACT, ...args])));
    console.log(`| act ${args.join(' ')} | ${faults} | ${faults - bare} | ${format(((faults - bare) * perPage) / 1000, 1)} ms |`);
  }
}

// ---------------------------------------------------------------------------------------------
function numbersFile(count, digits) {
  const file = join(WORK, `numbers-${count}-${digits}.txt`);
  if (existsSync(file)) return file;
  // A fixed linear congruential generator, so that every run reads the same numbers.
  let state = 20261128;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 20 - 10;
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(digits === 'shortest' ? String(random()) : random().toFixed(digits));
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function peakRss(shellCommand) {
  // GNU time's %M: peak resident set size in KiB.
  const result = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', shellCommand], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${shellCommand}: ${result.stderr}`);
  return Number(result.stderr.trim().split('\n').pop()) / 1024;
}

/** gawk and mawk, installed with apt-get where they are missing and that works (as root). */
function ensureAwks() {
  const missing = ['gawk', 'mawk'].filter((awk) => !which(awk));
  if (missing.length > 0 && process.getuid?.() === 0 && which('apt-get')) {
    spawnSync('sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${missing.join(' ')}`], { stdio: 'ignore' });
  }
  return ['gawk', 'mawk'].filter((awk) => which(awk));
}

// The awk programs a shell user would write: the direct one-liners (awk's default output format
// %.6g for computed numbers, $1 printed as read) and the same at act's precision (%.17g).
const AWK_PROGRAMS = {
  relu: {
    direct: '{print $1 "\\t" ($1>0?$1:0) "\\t" ($1>=0)}',
    '%.17g': '{printf "%.17g\\t%.17g\\t%.17g\\n", $1, ($1>0?$1:0), ($1>=0)}',
  },
  sigmoid: {
    direct: '{s=1/(1+exp(-$1)); print $1 "\\t" s "\\t" s*(1-s)}',
    '%.17g': '{s=1/(1+exp(-$1)); printf "%.17g\\t%.17g\\t%.17g\\n", $1, s, s*(1-s)}',
  },
};

/**
 * Streaming 10^6 numbers to TSV: act against gawk and mawk (direct and %.17g), relu and sigmoid,
 * on 6-decimal and 17-digit input, in paired runs (act, then each peer, in turn); the ratio of
 * each pair, act / peer, and its median. Then peak RSS at 10^6 and 10^7 for relu, sigmoid, gelu.
 */
function streaming() {
  const awks = ensureAwks();
  const runs = 7;
  const inputs = [
    ['6 decimals (`%.6f`, as a script or a spreadsheet writes them)', numbersFile(1_000_000, 6)],
    ['17 significant digits (shortest round-trip form, as Python or JavaScript print doubles)', numbersFile(1_000_000, 'shortest')],
  ];
  console.log('\n## Streaming: 1,000,000 numbers from a file to TSV (x, value, gradient)\n');
  console.log(`Paired runs, ${runs} each: act, then every awk program, in turn, on the same file. The ratio is act's time / the peer's time within each pair, and its median; below 1 act is faster. awk's direct one-liner prints computed numbers with %.6g (6 significant digits), act with every digit: \`%.17g\` is the equal-precision comparison.\n`);
  const rows = [];
  for (const [label, file] of inputs) {
    for (const name of ['relu', 'sigmoid']) {
      const actCommand = `${JSON.stringify(process.execPath)} ${JSON.stringify(ACT)} ${name} --format tsv < ${file} > /dev/null`;
      const peers = awks.flatMap((awk) => Object.entries(AWK_PROGRAMS[name]).map(([variant, program]) => [`${awk} ${variant}`, `${awk} '${program}' ${file} > /dev/null`]));
      const actTimes = [];
      const peerTimes = new Map(peers.map(([peer]) => [peer, []]));
      const ratios = new Map(peers.map(([peer]) => [peer, []]));
      for (let r = 0; r < runs; r++) {
        for (const [peer, command] of peers) {
          const actTime = timeCommand('sh', ['-c', actCommand]);
          const peerTime = timeCommand('sh', ['-c', command]);
          actTimes.push(actTime);
          peerTimes.get(peer).push(peerTime);
          ratios.get(peer).push(actTime / peerTime);
        }
      }
      for (const [peer] of peers) rows.push([label, name, peer, median(peerTimes.get(peer)), median(actTimes), median(ratios.get(peer))]);
    }
  }
  for (const [label] of inputs) {
    console.log(`### ${label}\n`);
    console.log('| function | peer | peer time | act time | act / peer (median of pairs) |');
    console.log('|---|---|---|---|---|');
    for (const [rowLabel, name, peer, peerTime, actTime, ratio] of rows) {
      if (rowLabel !== label) continue;
      console.log(`| ${name} | ${peer} | ${format(peerTime / 1000)} s | ${format(actTime / 1000)} s | **${format(ratio)}** ${ratio < 1 ? '(act faster)' : '(act slower)'} |`);
    }
    console.log('');
  }
  console.log('### Peak memory (GNU time %M), 6-decimal input\n');
  console.log('| function | 10^6 numbers | 10^7 numbers |');
  console.log('|---|---|---|');
  const big = numbersFile(10_000_000, 6);
  for (const name of ['relu', 'sigmoid', 'gelu']) {
    const small = timedRss(`${JSON.stringify(process.execPath)} ${JSON.stringify(ACT)} ${name} --format tsv < ${inputs[0][1]} > /dev/null`);
    const large = timedRss(`${JSON.stringify(process.execPath)} ${JSON.stringify(ACT)} ${name} --format tsv < ${big} > /dev/null`);
    console.log(`| ${name} | ${format(small.rss, 0)} MiB (${format(small.ms / 1000)} s) | ${format(large.rss, 0)} MiB (${format(large.ms / 1000)} s) |`);
  }
  console.log('\nTargets (SPEC §8, issue #19): faster than mawk direct on 6-decimal input and than every %.17g program on any input; peak RSS < 100 MiB.');
}

// ---------------------------------------------------------------------------------------------
// The same formulas as act's definitions, written inline in one loop (no catalogue, no closures).
const { erfc, sigmoid: sigmoidOf, sigmoidDerivative, softplus: softplusOf, tanhDerivative } = await import(join(ROOT, 'dist/lib/core/special.js'));
const INV_SQRT_2PI = 0.3989422804014327;
const SELU_SCALE = 1.0507009873554805;
const SELU_SCALE_ALPHA = 1.7580993408473768;
const INLINE = {
  relu: (xs, v, g) => { for (let i = 0; i < xs.length; i++) { const x = xs[i]; v[i] = x > 0 ? x : x <= 0 ? 0 : x; g[i] = x >= 0 ? 1 : x < 0 ? 0 : x; } },
  relu6: (xs, v, g) => { for (let i = 0; i < xs.length; i++) { const x = xs[i]; v[i] = x > 0 ? (x < 6 ? x : 6) : x <= 0 ? 0 : x; g[i] = x < 0 ? 0 : x < 6 ? 1 : x >= 6 ? 0 : x; } },
  leaky_relu: (xs, v, g) => { for (let i = 0; i < xs.length; i++) { const x = xs[i]; v[i] = x > 0 ? x : 0.01 * x; g[i] = x >= 0 ? 1 : x < 0 ? 0.01 : x; } },
  elu: (xs, v, g) => { for (let i = 0; i < xs.length; i++) { const x = xs[i]; v[i] = x > 0 ? x : Math.expm1(x); g[i] = x >= 0 ? 1 : Math.exp(x); } },
  selu: (xs, v, g) => { for (let i = 0; i < xs.length; i++) { const x = xs[i]; v[i] = x > 0 ? SELU_SCALE * x : SELU_SCALE_ALPHA * Math.expm1(x); g[i] = x >= 0 ? SELU_SCALE : SELU_SCALE_ALPHA * Math.exp(x); } },
  sigmoid: (xs, v, g) => { for (let i = 0; i < xs.length; i++) { const x = xs[i]; v[i] = sigmoidOf(x); g[i] = sigmoidDerivative(x); } },
  tanh: (xs, v, g) => { for (let i = 0; i < xs.length; i++) { const x = xs[i]; v[i] = Math.tanh(x); g[i] = tanhDerivative(x); } },
  softplus: (xs, v, g) => { for (let i = 0; i < xs.length; i++) { const x = xs[i]; v[i] = softplusOf(x); g[i] = sigmoidOf(x); } },
  // silu and gelu have no tfjs op: act against the inline loop only (issue #19's 1.5× target).
  silu: (xs, v, g) => { for (let i = 0; i < xs.length; i++) { const x = xs[i]; const s = sigmoidOf(x); v[i] = x * s; g[i] = s * (1 + x * (1 - s)); } },
  gelu: (xs, v, g) => { for (let i = 0; i < xs.length; i++) { const x = xs[i]; const c = 0.5 * erfc(-x * Math.SQRT1_2); v[i] = x * c; g[i] = c + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI; } },
};
const TFJS = { relu: 'relu', relu6: 'relu6', leaky_relu: 'leakyRelu', elu: 'elu', selu: 'selu', sigmoid: 'sigmoid', tanh: 'tanh', softplus: 'softplus' };

/** Median times of act, the inline loop and tfjs for one function, measured alternately. */
// The contestants take turns in a rotating order: timed right after tfjs every time, act paid for
// the collection of tfjs's tensors in every other repetition (5–15 ms); now each of them follows
// every other equally often.
function measure(name, activation, evaluateInto, tf, xs, x32, values, gradients, reps) {
  const op = TFJS[name] === undefined ? undefined : (t) => tf[TFJS[name]](t);
  const times = { act: [], inline: [], tfjs: [] };
  const runs = {
    act: () => evaluateInto(activation, xs, values, gradients),
    inline: () => INLINE[name](xs, values, gradients),
    tfjs: () => {
      const result = tf.valueAndGrad(op)(x32);
      result.value.dataSync();
      result.grad.dataSync();
      result.value.dispose();
      result.grad.dispose();
    },
  };
  const order = op ? ['act', 'inline', 'tfjs'] : ['act', 'inline'];
  for (let r = 0; r < reps; r++) {
    for (let turn = 0; turn < order.length; turn++) {
      const contestant = order[(r + turn) % order.length];
      const start = process.hrtime.bigint();
      runs[contestant]();
      times[contestant].push(milliseconds(start));
    }
  }
  return { act: median(times.act), inline: median(times.inline), tfjs: op ? median(times.tfjs) : null };
}

async function coreSetup() {
  const { evaluateInto, getActivation, roundingStatistics } = await import(join(ROOT, 'dist/lib/index.js'));
  const tf = await loadTensorFlow();
  const n = 1_000_000;
  const xs = new Float64Array(n);
  let state = 7;
  for (let i = 0; i < n; i++) xs[i] = ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 20 - 10;
  return { evaluateInto, getActivation, roundingStatistics, tf, xs, x32: tf.tensor1d(Float32Array.from(xs)), values: new Float64Array(n), gradients: new Float64Array(n) };
}

/** One function per process: value(x) and gradient(x) stay monomorphic, as in a CLI run. */
async function coreOne(name) {
  console.log = console.warn = () => {}; // tfjs greets on first use; the result goes to stdout directly
  const { evaluateInto, getActivation, roundingStatistics, tf, xs, x32, values, gradients } = await coreSetup();
  const times = measure(name, getActivation(name), evaluateInto, tf, xs, x32, values, gradients, 9);
  // The share of values and gradients whose rounding the fast path could not decide.
  const { fast, slow } = roundingStatistics;
  process.stdout.write(JSON.stringify({ ...times, slowShare: fast + slow === 0 ? 0 : slow / (fast + slow), evaluations: fast + slow }));
}

async function core() {
  console.log('\n## Core: value + gradient over a Float64Array of 1,000,000\n');
  console.log('Each function in a process of its own (as in a CLI run), where act, the inline loop and tfjs are measured alternately, 9 times each; medians. tfjs: `tf.valueAndGrad` on the CPU backend (float32), including reading the results back.\n');
  console.log('| function | act | inline loop | tfjs | act / inline | tfjs / act | slow path |');
  console.log('|---|---|---|---|---|---|---|');
  const speedups = [];
  let slowTotal = 0;
  let evaluationsTotal = 0;
  for (const name of Object.keys(INLINE)) {
    const output = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'core-one', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const { act, inline, tfjs, slowShare, evaluations } = JSON.parse(output);
    if (tfjs !== null) speedups.push(tfjs / act);
    slowTotal += slowShare * evaluations;
    evaluationsTotal += evaluations;
    const share = evaluations === 0 ? 'none (one rounding)' : `${Math.round(slowShare * evaluations)} of ${evaluations.toLocaleString('en')}`;
    const peer = tfjs === null ? ['—', '—'] : [`${format(tfjs, 1)} ms`, `${format(tfjs / act)}×`];
    console.log(`| ${name} | ${format(act, 1)} ms | ${format(inline, 1)} ms | ${peer[0]} | ${format(act / inline)}× | ${peer[1]} | ${share} |`);
  }
  console.log(`\nSlow path (correct rounding): ${Math.round(slowTotal)} of the ${evaluationsTotal.toLocaleString('en')} values and gradients that went through the fast path's rounding test, ${(slowTotal / evaluationsTotal * 100).toPrecision(2)} % (target < 0.1 %).`);
  const geometricMean = Math.exp(speedups.reduce((total, value) => total + Math.log(value), 0) / speedups.length);
  console.log(`\nGeometric mean of tfjs / act over the functions tfjs has: **${format(geometricMean)}×** (targets: ≥ 1.5× each, ≥ 3× on the geometric mean; act within 1.5× of the inline loop).`);
}

async function coreMixed() {
  const { evaluateInto, getActivation, tf, xs, x32, values, gradients } = await coreSetup();
  const log = (text) => process.stdout.write(text + '\n');
  log('\n## Core, all functions in one process\n');
  log('| function | act | inline loop | tfjs | act / inline | tfjs / act |');
  log('|---|---|---|---|---|---|');
  for (const name of Object.keys(INLINE)) {
    const { act, inline, tfjs } = measure(name, getActivation(name), evaluateInto, tf, xs, x32, values, gradients, 9);
    const peer = tfjs === null ? ['—', '—'] : [`${format(tfjs, 1)} ms`, `${format(tfjs / act)}×`];
    log(`| ${name} | ${format(act, 1)} ms | ${format(inline, 1)} ms | ${peer[0]} | ${format(act / inline)}× | ${peer[1]} |`);
  }
}

// ---------------------------------------------------------------------------------------------
/** Peak memory and time of the inputs that once grew without bound (issue #13). */
function memory() {
  console.log('\n## Memory: inputs that once grew without bound\n');
  if (!which('/usr/bin/time') && !existsSync('/usr/bin/time')) {
    console.log('GNU time is not installed (apt-get install time): skipped.');
    return;
  }
  const line = join(WORK, 'line.txt');
  execFileSync('sh', ['-c', `seq 0 999999 | tr '\\n' ' ' > ${line}; echo >> ${line}`]);
  const cases = [
    ['softmax of one stdin line of 10^6 numbers, CSV', `node ${ACT} softmax --format csv < ${line} > /dev/null`],
    ['softmax --range 0:1000000:1, table', `node ${ACT} softmax --range 0:1000000:1 > /dev/null`],
    ['seq 1 10000000 \\| act compare relu', `seq 1 10000000 | node ${ACT} compare relu > /dev/null`],
    ['COLUMNS=10000000 act plot gelu', `COLUMNS=10000000 node ${ACT} plot gelu > /dev/null`],
    ['yes 1,1 \\| head -n 5000000 \\| act verify relu --file -', `yes 1,1 | head -n 5000000 | node ${ACT} verify relu --file - > /dev/null`],
  ];
  console.log('| input | wall time | peak RSS |');
  console.log('|---|---|---|');
  for (const [name, command] of cases) {
    const start = process.hrtime.bigint();
    const rss = peakRss(command);
    console.log(`| ${name} | ${format(milliseconds(start) / 1000)} s | ${format(rss, 0)} MiB |`);
  }
}

// ---------------------------------------------------------------------------------------------
/** Wall time and peak RSS of one shell command, from GNU time. */
function timedRss(shellCommand) {
  const start = process.hrtime.bigint();
  const rss = peakRss(shellCommand);
  return { ms: milliseconds(start), rss };
}

/**
 * Tensors (issue #15): 10^7 float32 elements .npy → .npy against the same numbers as text
 * (the float32 values in shortest form, one per line) → TSV, alternating, same files.
 */
async function tensors() {
  const { writeNpy } = await import(join(ROOT, 'src/tensor/index.ts'));
  const count = 10_000_000;
  let state = 20261201;
  const xs = new Float64Array(count);
  for (let i = 0; i < count; i++) xs[i] = Math.fround(((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 20 - 10);
  const npy = join(WORK, 'x7.npy');
  const text = join(WORK, 'x7.txt');
  writeFileSync(npy, writeNpy({ dtype: 'float32', shape: [count], values: xs }));
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(String(xs[i]));
  writeFileSync(text, lines.join('\n') + '\n');
  lines.length = 0;
  console.log('\n## Tensors: 10,000,000 float32 elements, .npy → .npy against the same numbers as text → TSV\n');
  console.log(`Median of 3 alternating runs each; peak RSS from GNU time. x.npy is ${format(40_000_128 / 2 ** 20, 1)} MiB, x.txt ${format(Number(execFileSync('stat', ['-c', '%s', text], { encoding: 'utf8' })) / 2 ** 20, 1)} MiB.\n`);
  console.log('| function | .npy → .npy | text → TSV | text / npy | peak RSS npy / text |');
  console.log('|---|---|---|---|---|');
  for (const name of ['relu', 'sigmoid', 'gelu']) {
    const binary = [];
    const textual = [];
    for (let run = 0; run < 3; run++) {
      binary.push(timedRss(`node ${ACT} ${name} --file ${npy} --format npy --output ${join(WORK, 'y.npy')}`));
      textual.push(timedRss(`node ${ACT} ${name} --dtype float32 --format tsv < ${text} > ${join(WORK, "y.tsv")}`));
    }
    const b = median(binary.map((r) => r.ms));
    const t = median(textual.map((r) => r.ms));
    const rss = (runs) => Math.max(...runs.map((r) => r.rss));
    console.log(`| ${name} | ${format(b / 1000)} s | ${format(t / 1000)} s | ${format(t / b)}× | ${format(rss(binary), 0)} / ${format(rss(textual), 0)} MiB |`);
  }
}

// ---------------------------------------------------------------------------------------------
/** How often correct rounding needs its slow path on the reference points, which aim at the hard places. */
async function slowPath() {
  const { CATALOGUE, getActivation, roundingStatistics } = await import(join(ROOT, 'src/index.ts'));
  const { loadReferenceCases } = await import(join(ROOT, 'test/helpers/fixtures.ts'));
  roundingStatistics.fast = 0;
  roundingStatistics.slow = 0;
  const start = process.hrtime.bigint();
  for (const definition of CATALOGUE) {
    if (definition.kind !== 'elementwise') continue;
    for (const reference of loadReferenceCases(definition.name)) {
      const activation = getActivation(definition.name, reference.params);
      for (const [x] of reference.points) {
        activation.value(x);
        activation.gradient(x);
      }
    }
  }
  const { fast, slow } = roundingStatistics;
  console.log('\n## Slow path on the reference points\n');
  console.log(`Every committed float64 reference point (fixtures and sweep: subnormal results, branch points ± 2 ulp, extremes), value and gradient once: ${slow.toLocaleString('en')} of ${(fast + slow).toLocaleString('en')} took the slow path (${((100 * slow) / (fast + slow)).toFixed(1)} %), ${format(milliseconds(start) / 1000, 1)} s in all.`);
}

// ---------------------------------------------------------------------------------------------
// Issue 18: streaming 10^6 numbers through an expression against the catalogue function it equals.
function expressionStreaming() {
  const file = numbersFile(1_000_000, 6);
  const runs = 5;
  const pairs = [
    ['x*sigmoid(1.702*x)', 'quick_gelu'],
    ['x*sigmoid(x)', 'silu'],
  ];
  console.log('\n## Expressions: streaming 10^6 numbers (6 decimals) to TSV, `act expr` vs the function\n');
  console.log(`${runs} alternating runs each, medians; the silu row is the issue's baseline.\n`);
  console.log('| expression | time | function | time | ratio | vs silu |');
  console.log('|---|---|---|---|---|---|');
  const silu = [];
  const results = [];
  for (const [expression, name] of pairs) {
    const expressionTimes = [];
    const functionTimes = [];
    for (let i = 0; i < runs; i++) {
      expressionTimes.push(timeCommand('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(ACT)} expr '${expression}' --format tsv < ${file} > /dev/null`]));
      functionTimes.push(timeCommand('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(ACT)} ${name} --format tsv < ${file} > /dev/null`]));
      if (name === 'silu') silu.push(functionTimes[functionTimes.length - 1]);
    }
    results.push([expression, median(expressionTimes), name, median(functionTimes)]);
  }
  const siluMedian = median(silu);
  for (const [expression, expressionTime, name, functionTime] of results) {
    console.log(`| \`${expression}\` | ${format(expressionTime / 1000)} s | ${name} | ${format(functionTime / 1000)} s | ${format(expressionTime / functionTime)}× | ${format(expressionTime / siluMedian)}× |`);
  }
  console.log('\nTarget (SPEC §8, issue 18): `x*sigmoid(1.702*x)` within 2× of `silu`.');
}

if (only === 'core-one') {
  await coreOne(process.argv[3]);
  process.exit(0);
}
execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
console.log(`# act benchmarks — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
if (!only || only === 'startup') startup();
if (!only || only === 'streaming') streaming();
if (!only || only === 'core') await core();
if (!only || only === 'core-mixed') await coreMixed();
if (!only || only === 'memory') memory();
if (!only || only === 'slow-path') await slowPath();
if (!only || only === 'tensors') await tensors();
if (!only || only === 'expr') expressionStreaming();
