/**
 * Random argument lists and random stdin bytes through `main`, in-process:
 * it never throws, exits 0 or 2, and on 2 prints one `act: …` line (plus at most
 * a hint) while stdout holds only complete lines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { runMain } from '../helpers/cli.ts';

const tokens = fc.oneof(
  fc.constantFrom('relu', 'leaky_relu', 'sigmoid', 'tanh', 'LeakyReLU', 'list', 'describe', '-', '--', '--json', '--format', 'csv',
    'ndjson', 'table', '--fields', 'x,value', '--precision', '3', '--kink', 'left', '--alpha', '--negative-slope', '-inf', 'nan',
    '1e308', '-0', '.5', '1,5', '0x10', '--no-color', '--help', '-7'),
  fc.double().map(String),
  fc.string({ maxLength: 6 }),
);

describe('fuzz', () => {
  it('main never throws and always exits 0 or 2 with well-formed output', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tokens, { maxLength: 8 }), fc.uint8Array({ maxLength: 64 }), async (argv, stdin) => {
        const result = await runMain(argv, { stdin: Buffer.from(stdin), stdinIsTTY: false });
        assert.ok(result.code === 0 || result.code === 2, `exit ${result.code} for ${JSON.stringify(argv)}: ${result.stderr}`);
        if (result.code === 2) {
          const lines = result.stderr.trimEnd().split('\n');
          if (argv.length > 0) {
            assert.match(lines[0], /^act: /, `stderr for ${JSON.stringify(argv)}`);
            assert.ok(lines.length <= 2, `stderr for ${JSON.stringify(argv)}: ${result.stderr}`);
          }
          assert.ok(result.stdout === '' || result.stdout.endsWith('\n'), 'stdout holds complete lines');
        }
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });
});
