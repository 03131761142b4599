// Records V8's code cache for the CLI bundle after a warm-up run: node scripts/code-cache.cjs dist/act.cjs
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const { Script } = require('node:vm');

const file = resolve(process.argv[2]);
const script = new Script(readFileSync(file, 'latin1'), { filename: file });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require, bundle, file, dirname(file));
bundle.exports.warmUp().then(() => writeFileSync(`${file}.cache`, script.createCachedData()));
