#!/usr/bin/env node
// Runs the bundled CLI (dist/act.cjs, built by `npm run build`: one function expression, the bundle
// inside its module wrapper), with the V8 code cache that the build recorded beside it
// (dist/act.cjs.cache) so that start-up skips compiling the bundle.
// CommonJS: see bin/package.json.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const file = join(__dirname, '..', 'dist', 'act.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  cachedData = undefined; // no cache: V8 compiles the bundle as usual
}
let source;
try {
  // ASCII (the build checks): Latin-1 is the plain copy of its bytes.
  source = readFileSync(file, 'latin1');
} catch {
  process.stderr.write("act: the CLI is not built (dist/act.cjs is missing): run 'npm install' or 'npm run build'\n");
  process.exit(2);
}
const script = new Script(source, {
  filename: file,
  cachedData,
});
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require, bundle, file, join(__dirname, '..', 'dist'));
bundle.exports.run(process.argv.slice(2));
