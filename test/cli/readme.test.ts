/** Every `$ act …` example in the README's console blocks runs and prints exactly what the README shows. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { catalogueMarkdown } from '../../src/cli/describe.ts';
import { ROOT, runShell } from '../helpers/cli.ts';

interface Example {
  readonly command: string;
  readonly output: string;
}

export function consoleExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  for (const [, block] of markdown.matchAll(/```console\n([\s\S]*?)```/g)) {
    let current: { command: string; lines: string[] } | undefined;
    for (const line of block.split('\n').slice(0, -1)) {
      if (line.startsWith('$ ')) {
        if (current) examples.push({ command: current.command, output: current.lines.join('\n') });
        current = { command: line.slice(2), lines: [] };
      } else {
        current?.lines.push(line);
      }
    }
    if (current) examples.push({ command: current.command, output: current.lines.join('\n') });
  }
  return examples;
}

describe('README examples', () => {
  const examples = consoleExamples(readFileSync(`${ROOT}/README.md`, 'utf8'));
  it('there are examples to check', () => assert.ok(examples.length >= 5));
  for (const example of examples) {
    it(example.command, () => {
      const result = runShell(`act() { $ACT "$@"; }\n${example.command}`);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, example.output + '\n');
    });
  }
});

describe('README catalogue table', () => {
  it('is the one generated from the definitions (run scripts/update-readme.ts after changing them)', () => {
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
    const start = readme.indexOf('-->\n', readme.indexOf('<!-- catalogue:start')) + 4;
    assert.equal(readme.slice(start, readme.indexOf('<!-- catalogue:end -->')), catalogueMarkdown());
  });
});

describe('README counts', () => {
  it('the number of functions it states is the catalogue’s', async () => {
    const { CATALOGUE } = await import('../../src/core/catalogue.ts');
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
    const elementwise = CATALOGUE.filter((definition) => definition.kind === 'elementwise').length;
    assert.match(readme, new RegExp(`${elementwise} element-wise functions and ${CATALOGUE.length - elementwise} vector functions`));
  });
});

describe('README figures of the higher derivatives', () => {
  it('the worst error, the point count and the near-root figure it states are the measured ones', async () => {
    const { MEASURED_HIGHER_ACCURACY } = await import('../../src/core/measured-higher-accuracy.ts');
    const claims = Object.values(MEASURED_HIGHER_ACCURACY);
    const worst = Math.max(...claims.flatMap((claim) => [claim.second, claim.third, ...Object.values(claim.parameters)]));
    const nearRoot = Math.max(...claims.flatMap((claim) => (claim.nearRoot ? [claim.nearRoot.second, claim.nearRoot.third] : [])));
    const points = claims.reduce((total, claim) => total + claim.points, 0);
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
    assert.match(readme, new RegExp(`within\\s+${worst} ulp of the exact result on all ${points.toLocaleString('en')} mpmath reference points`));
    assert.match(readme, new RegExp(`within\\s+${nearRoot} ulp of the formula's largest term`));
  });
});
