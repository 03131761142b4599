/** Every example in `act --help` and in each command's help runs and exits 0. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/core/catalogue.ts';
import { runAct, runShell } from '../helpers/cli.ts';

const COMMANDS = ['list', 'describe', 'compare', 'plot', 'verify', 'completion'];
const directory = mkdtempSync(join(tmpdir(), 'act-help-'));

function examples(help: string): string[] {
  return [...help.matchAll(/^ {2}\$ (act .*)$/gm)].map((match) => match[1]);
}

describe('help', () => {
  const pages: Array<[string, string[]]> = [['act --help', ['--help']], ...COMMANDS.map((command): [string, string[]] => [`act ${command} --help`, [command, '--help']]), ...CATALOGUE.map((definition): [string, string[]] => [`act ${definition.name} --help`, [definition.name, '--help']])];
  for (const [title, args] of pages) {
    it(`${title}: a description, options with defaults, and 2–4 examples that run`, () => {
      const result = runAct(args);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^Usage: act/m);
      assert.match(result.stdout, /Options:/);
      const found = examples(result.stdout);
      assert.ok(found.length >= 2 && found.length <= 4, `${found.length} examples`);
      for (const example of found) {
        const run = runShell(`cd '${directory}' && act() { $ACT "$@"; }\n${example.replace(/\\\\n/g, '\\n')}`);
        assert.equal(run.code, 0, `${example}: ${run.stderr}`);
      }
    });
  }

  it('options show their defaults', () => {
    const help = runAct(['leaky_relu', '--help']).stdout;
    assert.match(help, /--format <format>.*\(choices: .*,\s+default: "table"\)/s);
    assert.match(help, /--negative-slope <value>.*\(default: 0\.01\)/s);
  });
});
