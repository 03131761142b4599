/**
 * The published package: `npm pack` ships the CLI bundle, the library, its types, README and
 * LICENSE and nothing else; installed globally from the tarball into a fresh prefix (no dev
 * dependencies) it gives a working `act`, and the library imports from ESM and type-checks
 * from TypeScript.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ROOT } from '../helpers/cli.ts';

const EXPECTED_FILES = [
  'LICENSE',
  'README.md',
  'bin/act.js',
  'bin/package.json',
  'dist/act.cjs',
  'dist/act.cjs.cache',
  'dist/act-list.cjs',
  'dist/act-list.cjs.cache',
  'dist/decimal.cjs',
  'dist/routes.json',
  'dist/lib/index.d.ts',
  'dist/lib/index.js',
  'package.json',
];

function npm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the npm package', () => {
  const work = mkdtempSync(join(tmpdir(), 'act-package-'));
  const prefix = join(work, 'prefix');
  let tarball = '';

  before(() => {
    const packed = npm(['pack', '--json', '--pack-destination', work, '--ignore-scripts'], ROOT);
    assert.equal(packed.status, 0, packed.stderr);
    tarball = join(work, JSON.parse(packed.stdout)[0].filename);
  });

  it('holds the built CLI, the library with its types, README and LICENSE, and nothing else', () => {
    const listed = npm(['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
    const files: string[] = JSON.parse(listed.stdout)[0].files.map((file: { path: string }) => file.path);
    for (const file of EXPECTED_FILES) assert.ok(files.includes(file), file);
    const unexpected = files.filter((file) => !EXPECTED_FILES.includes(file) && !/^dist\/act-[a-z-]+\.cjs(\.cache)?$/.test(file) && !/^dist\/lib\/(core\/(functions\/)?|tensor\/|expr\/)[a-z-]+\.(js|d\.ts)$/.test(file));
    assert.deepEqual(unexpected, []);
    assert.ok(!files.some((file) => /^(src|test|bench|scripts)\//.test(file) || file.endsWith('.map')));
  });

  it('installs globally from the tarball into a clean prefix and runs act relu 7 -7', () => {
    const installed = npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--omit=dev', tarball], work);
    assert.equal(installed.status, 0, installed.stderr);
    const result = spawnSync(join(prefix, 'bin', 'act'), ['relu', '7', '-7'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "  x   relu(x)  relu'(x)\n  7         7         1\n -7         0         0\n");
  });

  it('installs globally from a fresh clone without a prior npm install (--install-links): a real copy that outlives the clone', () => {
    // The clone: the files git tracks, and no node_modules or dist.
    const clone = join(work, 'clone');
    const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
    for (const file of tracked) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(clone, file));
    }
    const globalPrefix = join(work, 'from-clone');
    const installed = npm(['install', '--global', '--install-links', '--prefix', globalPrefix, '--prefer-offline', '.'], clone);
    assert.equal(installed.status, 0, installed.stderr);
    assert.ok(!lstatSync(join(globalPrefix, 'lib', 'node_modules', 'act-activations')).isSymbolicLink(), 'the global package is a copy, not a link into the clone');
    rmSync(clone, { recursive: true, force: true });
    const result = spawnSync(join(globalPrefix, 'bin', 'act'), ['relu', '7', '-7', '--format', 'csv'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'x,value,gradient\n7,7,1\n-7,0,0\n');
  });

  it('the library imports from an ESM consumer and type-checks from a TypeScript consumer', () => {
    const consumer = join(work, 'consumer');
    mkdirSync(join(consumer, 'node_modules'), { recursive: true });
    symlinkSync(join(prefix, 'lib', 'node_modules', 'act-activations'), join(consumer, 'node_modules', 'act-activations'));
    writeFileSync(join(consumer, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(
      join(consumer, 'consumer.mjs'),
      "import { getActivation, evaluate, listActivations, readTensor, writeNpy } from 'act-activations';\n" +
        "const gelu = getActivation('gelu', { approximate: 'tanh' });\n" +
        "const tensor = readTensor(writeNpy({ dtype: 'float16', shape: [2], values: [0.1, 3] }));\n" +
        "console.log(JSON.stringify([gelu.value(1), [...evaluate('relu', Float64Array.of(7, -7)).gradients], listActivations().length > 30, tensor.dtype, [...tensor.values]]));\n",
    );
    const esm = spawnSync(process.execPath, ['consumer.mjs'], { cwd: consumer, encoding: 'utf8' });
    assert.equal(esm.status, 0, esm.stderr);
    // 0.1 in float16 is 1638/16384 = 0.0999755859375.
    assert.equal(esm.stdout.trim(), '[0.8411919906082767,[1,0],true,"float16",[0.0999755859375,3]]');

    writeFileSync(
      join(consumer, 'consumer.ts'),
      "import { getActivation, type Activation, type KinkConvention } from 'act-activations';\n" +
        "const kink: KinkConvention = 'left';\n" +
        "const relu: Activation = getActivation('relu', {}, { kink });\n" +
        'const value: number = relu.value(1);\n' +
        "import { type DerivativeOrder } from 'act-activations';\n" +
        'const order: DerivativeOrder = 2;\n' +
        "const second: number = getActivation('tanh').derivative(0.5, order) + getActivation('prelu').parameterGradients.weight(-2);\n" +
        "import { writeSafetensors, readTensors, type Tensor, type TensorDType } from 'act-activations';\n" +
        "const dtype: TensorDType = 'bfloat16';\n" +
        "const tensors: Tensor[] = readTensors(writeSafetensors([{ name: 'v', dtype, shape: [1], values: [1] }]));\n" +
        'export { value, tensors, second };\n',
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', noEmit: true, skipLibCheck: false, types: [] }, files: ['consumer.ts'] }),
    );
    const typescript = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8' });
    assert.equal(typescript.status, 0, typescript.stdout + typescript.stderr);
  });
});
