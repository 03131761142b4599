#!/usr/bin/env node
// Runs the bundled CLI (dist/act.cjs, built by `npm run build`). CommonJS: see bin/package.json.
require('../dist/act.cjs');
