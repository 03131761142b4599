/**
 * A terminal chart on a Unicode braille canvas: each character cell holds 2 × 4 dots, so a
 * chart of w × h cells has 2w × 4h pixels. Labelled axes with nice ticks, a legend, one colour
 * per curve; without colour, curves are told apart by dot pattern (solid, dashed, dotted).
 */
import type { Paint } from '../paint.ts';
import { formatNumber, wrapText } from '../format.ts';
import { niceTicks, type Curve } from './sample.ts';

// Braille dot bits by (column, row) inside a cell: U+2800 + bits.
const DOT_BITS = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];

const COLORS = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'] as const;
/** Dash patterns for monochrome output: pixel x mod period < on. */
const PATTERNS: ReadonlyArray<readonly [number, number]> = [[1, 1], [4, 2], [1, 3], [6, 2], [2, 2], [3, 3]];

export interface ChartOptions {
  readonly width: number;
  readonly height: number;
  readonly from: number;
  readonly to: number;
  readonly yLow: number;
  readonly yHigh: number;
  readonly title: string;
  readonly chalk: Paint;
  readonly colored: boolean;
}

export function brailleChart(curves: readonly Curve[], options: ChartOptions): string {
  const { from, to, yLow, yHigh, chalk, colored } = options;
  const yTicks = niceTicks(yLow, yHigh, Math.max(2, Math.floor((options.height - 4) / 3)));
  const labelWidth = yTicks.reduce((width, tick) => Math.max(width, formatNumber(tick).length), 0) + 1;
  const columns = Math.max(10, options.width - labelWidth - 1);
  const rows = Math.max(4, options.height - 4);
  const pixelWidth = columns * 2;
  const pixelHeight = rows * 4;
  const cells = new Uint8Array(columns * rows);
  const owner = new Int8Array(columns * rows).fill(-1);

  const toPixelX = (x: number): number => Math.round(((x - from) / (to - from)) * (pixelWidth - 1));
  const toPixelY = (y: number): number => Math.round(((yHigh - y) / (yHigh - yLow)) * (pixelHeight - 1));
  const plot = (px: number, py: number, curve: number, pattern: readonly [number, number] | undefined): void => {
    if (px < 0 || py < 0 || px >= pixelWidth || py >= pixelHeight) return;
    if (pattern && px % (pattern[0] + pattern[1]) >= pattern[0]) return;
    const cell = (py >> 2) * columns + (px >> 1);
    cells[cell] |= DOT_BITS[px & 1][py & 3];
    owner[cell] = curve;
  };

  curves.forEach((curve, index) => {
    const pattern = colored || index === 0 ? undefined : PATTERNS[index % PATTERNS.length];
    for (const line of curve.polylines) {
      for (let i = 1; i < line.length; i++) {
        // Bresenham between consecutive samples.
        let [x0, y0] = [toPixelX(line[i - 1].x), toPixelY(line[i - 1].y)];
        const [x1, y1] = [toPixelX(line[i].x), toPixelY(line[i].y)];
        const dx = Math.abs(x1 - x0);
        const dy = -Math.abs(y1 - y0);
        const sx = x0 < x1 ? 1 : -1;
        const sy = y0 < y1 ? 1 : -1;
        let error = dx + dy;
        for (let guard = 0; guard < 10000; guard++) {
          plot(x0, y0, index, pattern);
          if (x0 === x1 && y0 === y1) break;
          const twice = 2 * error;
          if (twice >= dy) {
            error += dy;
            x0 += sx;
          }
          if (twice <= dx) {
            error += dx;
            y0 += sy;
          }
        }
      }
      if (line.length === 1) plot(toPixelX(line[0].x), toPixelY(line[0].y), index, undefined);
    }
    for (const marker of curve.markers) plot(toPixelX(marker.x), toPixelY(marker.y), index, undefined);
  });

  // The line y = 0, in dots of its own on its exact pixel row (so that a dip below it shows).
  const axis = new Uint8Array(columns * rows);
  if (yLow < 0 && yHigh > 0) {
    const py = toPixelY(0);
    for (let px = 0; px < pixelWidth; px++) axis[(py >> 2) * columns + (px >> 1)] |= DOT_BITS[px & 1][py & 3];
  }
  const tickRows = new Map(yTicks.map((tick) => [toPixelY(tick) >> 2, tick]));
  // The title wraps to the chart's width, so that a narrow terminal shows all of it.
  const lines: string[] = wrapText(options.title, options.width, 2).map((line) => chalk.bold(line));
  for (let row = 0; row < rows; row++) {
    const tick = tickRows.get(row);
    let text = (tick === undefined ? '' : formatNumber(tick)).padStart(labelWidth - 1) + (tick === undefined ? ' │' : ' ┤');
    for (let column = 0; column < columns; column++) {
      const cell = row * columns + column;
      if (cells[cell] === 0) {
        text += axis[cell] === 0 ? ' ' : chalk.dim(String.fromCharCode(0x2800 + axis[cell]));
      } else {
        const glyph = String.fromCharCode(0x2800 + (cells[cell] | axis[cell]));
        text += colored ? chalk[COLORS[owner[cell] % COLORS.length]](glyph) : glyph;
      }
    }
    lines.push(text);
  }
  // x axis with ticks and labels
  const xTicks = niceTicks(from, to, Math.max(2, Math.floor(columns / 10)));
  let xAxis = ' '.repeat(labelWidth) + '└';
  let labels = ' '.repeat(labelWidth + 1);
  const positions = xTicks.map((tick) => Math.round(((tick - from) / (to - from)) * (columns - 1)));
  for (let column = 0; column < columns; column++) xAxis += positions.includes(column) ? '┬' : '─';
  xTicks.forEach((tick, i) => {
    const text = formatNumber(tick);
    const at = labelWidth + 1 + positions[i] - Math.floor(text.length / 2);
    if (at >= labels.length) labels = labels.padEnd(at) + text;
  });
  lines.push(xAxis, labels);
  // legend
  // The legend names each curve by its colour, or without colour by its dot pattern, and wraps to the width.
  const legendIndent = Math.min(labelWidth + 1, Math.max(0, options.width - 24));
  let legendLine = ' '.repeat(legendIndent);
  let legendLength = legendIndent;
  curves.forEach((curve, index) => {
    const sample = colored || index === 0 ? '⠒⠒⠒' : ['⠒⠒⠒', '⠒⠂⠒', '⠂⠀⠂', '⠒⠒⠂', '⠒⠀⠒', '⠒⠂⠀'][index % 6];
    const entry = `${sample} ${curve.label}`;
    const separator = legendLength > legendIndent ? '   ' : '';
    if (legendLength > legendIndent && legendLength + separator.length + entry.length > options.width) {
      lines.push(legendLine);
      legendLine = ' '.repeat(legendIndent);
      legendLength = legendIndent;
    }
    legendLine += (legendLength > legendIndent ? '   ' : '') + (colored ? chalk[COLORS[index % COLORS.length]](sample) : sample) + ` ${curve.label}`;
    legendLength += (legendLength > legendIndent ? 3 : 0) + entry.length;
  });
  lines.push(legendLine);
  return lines.join('\n') + '\n';
}
