/** --range, --linspace and --dtype through the CLI. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nearestDouble } from '../../src/cli/range.ts';
import { runAct, runShell } from '../helpers/cli.ts';

const lines = (args: string[]): string[] => runAct(args).stdout.trim().split('\n');

describe('ranges', () => {
  it('--range -1:1:0.5 includes both ends', () => {
    const result = JSON.parse(runAct(['relu', '--range', '-1:1:0.5', '--json']).stdout);
    assert.deepEqual(result.results.map((row: { x: number }) => row.x), [-1, -0.5, 0, 0.5, 1]);
  });

  it('--range 0:1:0.1 gives the decimals seq gives (0.3, not 0.30000000000000004)', () => {
    assert.deepEqual(lines(['identity', '--range', '0:1:0.1', '--format', 'tsv', '--fields', 'x']), ['x', '0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1']);
    const seq = runShell('seq 0 0.1 1').stdout.trim().split('\n').map((line) => String(Number(line)));
    assert.deepEqual(lines(['identity', '--range', '0:1:0.1', '--format', 'tsv', '--fields', 'x']).slice(1), seq);
  });

  it('--linspace 0:1:4 and a negative --range step', () => {
    assert.deepEqual(lines(['identity', '--linspace', '0:1:4', '--format', 'csv', '--fields', 'x']).slice(1), ['0', '0.3333333333333333', '0.6666666666666666', '1']);
    assert.deepEqual(lines(['identity', '--range', '1:0:-0.25', '--format', 'csv', '--fields', 'x']).slice(1), ['1', '0.75', '0.5', '0.25', '0']);
  });

  it('no drift over a long range: the 10^6-th point of 0:…:0.001 is exactly 1000', () => {
    const out = lines(['identity', '--range', '0:1000:0.001', '--format', 'csv', '--fields', 'x']);
    assert.equal(out.length, 1_000_002);
    assert.equal(out[out.length - 1], '1000');
    assert.equal(out[300_001], '300');
  });

  it('bad ranges are usage errors that say why', () => {
    for (const [args, pattern] of [
      [['--range', '0:1:0'], /STEP must not be 0/],
      [['--range', '1:0:0.1'], /positive STEP never goes from 1 to 0/],
      [['--linspace', '0:1:1'], /COUNT must be at least 2/],
      [['--range', '0:1e9:1'], /more than 100000000/],
      [['--range', '0:1'], /START:STOP:STEP/],
      [['--range', 'a:1:1'], /START 'a' is not a decimal number/],
      [['1', '--range', '0:1:1'], /not both/],
    ] as const) {
      const result = runAct(['relu', ...args]);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, pattern);
    }
  });

  it('nearestDouble rounds p/q once, ties to even, into the subnormals', () => {
    assert.equal(nearestDouble(1n, 3n), 1 / 3);
    assert.equal(nearestDouble(3n, 2n ** 1075n), 2 * 5e-324);
    assert.equal(nearestDouble(10n ** 400n, 1n), Infinity);
    for (let i = 1n; i < 500n; i++) assert.equal(nearestDouble(i, 7n), Number(i) / 7);
  });
});

describe('--dtype', () => {
  const json = (args: string[]) => JSON.parse(runAct([...args, '--json']).stdout);

  it('gelu in bfloat16, float16 and float32: the correctly rounded answers', () => {
    const bf16 = json(['gelu', '0.1', '0.2', '1', '--dtype', 'bfloat16']);
    assert.equal(bf16.dtype, 'bfloat16');
    assert.deepEqual(bf16.results.map((row: { x: number }) => row.x), [0.10009765625, 0.2001953125, 1]);
    assert.deepEqual(bf16.results.map((row: { value: number }) => row.value), [0.053955078125, 0.1162109375, 0.83984375]);
    assert.deepEqual(json(['gelu', '0.1', '0.2', '1', '--dtype', 'float16']).results.map((row: { value: number }) => row.value), [0.053955078125, 0.1158447265625, 0.84130859375]);
    assert.deepEqual(json(['gelu', '0.1', '0.2', '1', '--dtype', 'float32']).results.map((row: { value: number }) => row.value), [0.05398278310894966, 0.11585194617509842, 0.8413447737693787]);
  });

  it('identity 65504 65519 65520 in float16 → 65504, 65504, Infinity', () => {
    assert.deepEqual(lines(['identity', '65504', '65519', '65520', '--dtype', 'float16', '--format', 'csv', '--fields', 'value']).slice(1), ['65504', '65504', 'Infinity']);
  });

  it('vector functions round too', () => {
    const result = json(['softmax', '0', '1', '--dtype', 'bfloat16']);
    assert.deepEqual(result.results.map((row: { value: number }) => row.value), [0.26953125, 0.73046875]);
  });
});

describe('streaming', () => {
  it('2,000,000 numbers through act relu --format tsv: line count and last line', () => {
    const result = runShell('seq -1000000 999999 | $ACT relu --format tsv | tail -n 1; seq -1000000 999999 | $ACT relu --format tsv | wc -l');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n').map((line) => line.trim()), ['999999\t999999\t1', '2000001']);
  });
});
