/** act plot: the braille chart in an 80-column terminal, the SVG, kink markers and bad input. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runAct } from '../helpers/cli.ts';

const BRAILLE = /[\u2800-\u28ff]/;

/** The chart's plot rows: the braille cells after the y-axis of each line. */
function plotRows(output: string): string[] {
  return output.split('\n').filter((line) => /[┤│]/.test(line) && !line.includes('└')).map((line) => line.slice(line.search(/[┤│]/) + 1));
}

/** Decodes braille cells into a grid of dots [pixelRow][pixelColumn]. */
function pixels(rows: readonly string[]): boolean[][] {
  const bits = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
  const grid: boolean[][] = [];
  rows.forEach((row, r) => {
    for (let dy = 0; dy < 4; dy++) grid[r * 4 + dy] = [];
    [...row].forEach((char, c) => {
      const code = char.charCodeAt(0) - 0x2800;
      for (let dx = 0; dx < 2; dx++) for (let dy = 0; dy < 4; dy++) grid[r * 4 + dy][c * 2 + dx] = code >= 0 && code <= 0xff && (code & bits[dx][dy]) !== 0;
    });
  });
  return grid;
}

describe('act plot in the terminal', () => {
  const result = runAct(['plot', 'gelu'], { env: { COLUMNS: '80' } });

  it('draws braille within 80 columns', () => {
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.ok(lines.every((line) => [...line].length <= 80), 'every line fits in 80 columns');
    assert.ok(lines.filter((line) => BRAILLE.test(line)).length >= 15, 'a chart of braille rows');
    assert.ok(lines.length <= 24, 'fits the 80×24 fallback');
  });

  it('shows the minimum of gelu near x ≈ −0.75 below the axis y = 0', () => {
    const grid = pixels(plotRows(result.stdout));
    const width = grid[0].length;
    // The axis is the one pixel row with dots across the whole width.
    const axisRow = grid.findIndex((row) => row.filter(Boolean).length >= width - 2);
    assert.ok(axisRow > 0, 'an axis row');
    // Default window of gelu: [−4, 3]; x = −0.75 is at (−0.75 + 4)/7 of the width.
    const column = Math.round(((-0.75 + 4) / 7) * (width - 1));
    const below = grid.slice(axisRow + 1).some((row) => row.slice(column - 3, column + 4).some(Boolean));
    assert.ok(below, 'dots below the axis around x = −0.75');
  });

  it('has a legend naming both curves', () => {
    const legend = result.stdout.trimEnd().split('\n').pop()!;
    assert.match(legend, /gelu(?!′)/);
    assert.match(legend, /gelu′/);
  });

  it('--width and --height set the size; colour only when asked', () => {
    const small = runAct(['plot', 'tanh', '--width', '40', '--height', '12']);
    const lines = small.stdout.trimEnd().split('\n');
    assert.ok(lines.every((line) => [...line].length <= 40));
    assert.equal(lines.length, 12);
    assert.equal(small.stdout, stripVTControlCharacters(small.stdout));
    const colored = runAct(['plot', 'tanh', '--width', '40', '--height', '12'], { env: { FORCE_COLOR: '1' } }).stdout;
    assert.notEqual(colored, stripVTControlCharacters(colored));
  });
});

describe('act plot --svg', () => {
  const directory = mkdtempSync(join(tmpdir(), 'act-plot-'));

  it('writes a well-formed SVG with three value curves, three gradient curves, axes and a legend', () => {
    const file = join(directory, 'plot.svg');
    const result = runAct(['plot', 'relu', 'gelu', 'silu', '--from', '-3', '--to', '3', '--svg', file]);
    assert.equal(result.code, 0, result.stderr);
    const text = readFileSync(file, 'utf8');
    assert.equal(XMLValidator.validate(text), true);
    const svg = new XMLParser({ ignoreAttributes: false }).parse(text).svg;
    const groups = [svg.g].flat() as Array<Record<string, unknown>>;
    const curves = [groups.find((group) => group['@_class'] === 'curves')!.path].flat() as Array<Record<string, string>>;
    assert.equal(curves.filter((path) => path['@_data-kind'] === 'value').length, 3);
    assert.equal(curves.filter((path) => path['@_data-kind'] === 'gradient').length, 3);
    assert.ok(groups.some((group) => group['@_class'] === 'axes'));
    const legend = groups.find((group) => group['@_class'] === 'legend')!;
    assert.equal([legend.text].flat().length, 6);
  });

  it("--svg - writes to stdout, and hardswish like torch marks the gradient's jumps at −3 and 3", () => {
    const result = runAct(['plot', 'hardswish', '--like', 'torch', '--svg', '-']);
    assert.equal(result.code, 0, result.stderr);
    const circles = [...result.stdout.matchAll(/<circle class="kink (closed|open)" data-label="hardswish′" data-x="([^"]+)" data-y="([^"]+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    assert.deepEqual(circles, [['closed', -3, -0.5], ['open', -3, 0], ['closed', 3, 1.5], ['open', 3, 1]]);
  });

  it('the terminal chart of hardswish like torch shows the jump: no dots joining the two sides', () => {
    const result = runAct(['plot', 'hardswish', '--like', 'torch', '--only', 'gradient', '--width', '60', '--height', '20']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /hardswish′/);
  });
});

describe('act plot: bad input', () => {
  for (const [args, pattern] of [
    [['plot', 'gelu', '--from', '3', '--to', '-3'], /--from \(3\) must be less than --to \(-3\)/],
    [['plot', 'gelu', '--width', '0'], /--width must be a whole number/],
    [['plot', 'gleu'], /unknown function 'gleu'/],
    [['plot', 'softmax'], /vector function/],
    [['plot', 'relu', '--alpha', '2'], /unknown option '--alpha'/],
  ] as const) {
    it(`${args.join(' ')} → exit 2`, () => {
      const result = runAct([...args]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, pattern);
    });
  }
});
