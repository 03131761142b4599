#!/usr/bin/env node
// Runs the bundled CLI (dist/act.cjs, built by `npm run build`: one function expression, the bundle
// inside its module wrapper), with the V8 code cache that the build recorded beside it
// (dist/act.cjs.cache) so that start-up skips compiling the bundle. `act <function> …` and
// `act list` run a smaller bundle of the same CLI (dist/routes.json names it; see scripts/build.mjs).
// CommonJS: see bin/package.json.
const { Buffer } = require('node:buffer');
const { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } = require('node:fs');
const { basename, join } = require('node:path');

/**
 * `act --version` (or -V) alone needs nothing of the bundle: its line is written here, and the
 * bundle (a third of a start-up) is not read. If the line cannot be written, the CLI writes it
 * again and reports the failure as for any output (exit 74).
 */
function printedVersion(argv) {
  if (argv.length !== 1 || (argv[0] !== '--version' && argv[0] !== '-V')) return false;
  const line = Buffer.from(`${require('../package.json').version}\n`);
  try {
    // A few bytes: a pipe or a file takes them whole or fails without writing any.
    return writeSync(1, line) === line.length;
  } catch {
    return false;
  }
}
if (printedVersion(process.argv.slice(2))) return;

const { Script } = require('node:vm');
const dist = join(__dirname, '..', 'dist');

/**
 * The bundle for a command line: the one that registers only the named function's family, the one
 * for `act list`, or dist/act.cjs for anything else (and when the routes cannot be read).
 */
function bundleFor(first) {
  if (first === undefined || first.startsWith('-')) return 'act.cjs';
  try {
    const routes = JSON.parse(readFileSync(join(dist, 'routes.json'), 'latin1'));
    // Names as the catalogue matches them (normalizeName): case and - _ and spaces do not count.
    const route = routes[first.toLowerCase().replace(/[-_\s]/g, '')];
    return typeof route === 'string' ? route : 'act.cjs';
  } catch {
    return 'act.cjs';
  }
}
const file = join(dist, bundleFor(process.argv[2]));

/** An open file and its size, or undefined when it cannot be opened. */
function open(path) {
  try {
    const descriptor = openSync(path, 'r');
    return { descriptor, size: fstatSync(descriptor).size };
  } catch {
    return undefined;
  }
}

/** Reads the whole file into the start of `buffer` and closes it; false when a read fails. */
function readInto(opened, buffer) {
  try {
    let offset = 0;
    while (offset < opened.size) {
      const count = readSync(opened.descriptor, buffer, offset, opened.size - offset, null);
      if (count === 0) return false;
      offset += count;
    }
    return true;
  } catch {
    return false;
  } finally {
    closeSync(opened.descriptor);
  }
}

const sourceFile = open(file);
const cacheFile = open(`${file}.cache`); // missing: V8 compiles the bundle as usual
// One buffer for both files, the source first: every new page costs start-up time (a page fault),
// and the source's bytes are copied into a string before the cache is read.
const buffer = Buffer.allocUnsafe(Math.max(sourceFile?.size ?? 0, cacheFile?.size ?? 0));
if (!sourceFile || !readInto(sourceFile, buffer)) {
  if (cacheFile) closeSync(cacheFile.descriptor);
  process.stderr.write(`act: the CLI is not built (dist/${basename(file)} is missing): run 'npm install' or 'npm run build'\n`);
  process.exit(2);
}
// ASCII (the build checks): Latin-1 is the plain copy of its bytes.
const source = buffer.latin1Slice(0, sourceFile.size);
const cachedData = cacheFile && readInto(cacheFile, buffer) ? buffer.subarray(0, cacheFile.size) : undefined;
const script = new Script(source, { filename: file, cachedData });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require, bundle, file, dist);
bundle.exports.run(process.argv.slice(2));
