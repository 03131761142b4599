/**
 * A self-contained SVG chart written as a string: axes with nice ticks, a grid, a title with
 * the parameters, a legend, one path per curve (broken at kinks and non-finite values), and
 * kinks marked with closed dots (the value reported) and open dots (the other one-sided value).
 */
import { formatNumber } from '../format.ts';
import { niceTicks, type Curve, type CurveKind } from './sample.ts';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf'];

export interface SvgOptions {
  readonly width: number;
  readonly height: number;
  readonly from: number;
  readonly to: number;
  readonly yLow: number;
  readonly yHigh: number;
  readonly title: string;
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const coordinate = (value: number): string => (Math.round(value * 100) / 100).toString();

/** f solid, f′ dashed, f″ dotted, f‴ dash-dotted. */
const DASHES: Readonly<Record<CurveKind, string>> = {
  value: '',
  gradient: ' stroke-dasharray="7 4"',
  second: ' stroke-dasharray="2 3"',
  third: ' stroke-dasharray="9 3 2 3"',
};

export function svgChart(curves: readonly Curve[], options: SvgOptions): string {
  const { width, height, from, to } = options;
  // A margin above the highest curve and below the lowest, so that no curve runs along the frame.
  const span = options.yHigh - options.yLow;
  const yHigh = options.yHigh + span * 0.06;
  const yLow = options.yLow - span * 0.03;
  const margin = { left: 64, right: 24, top: 44, bottom: 48 + 22 * Math.ceil(curves.length / 3) };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const sx = (x: number): number => margin.left + ((x - from) / (to - from)) * plotWidth;
  const sy = (y: number): number => margin.top + ((yHigh - y) / (yHigh - yLow)) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">`,
    `<title>${escape(options.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${escape(options.title)}</text>`,
  ];
  // grid and ticks
  const xTicks = niceTicks(from, to, Math.max(2, Math.floor(plotWidth / 80)));
  const yTicks = niceTicks(yLow, yHigh, Math.max(2, Math.floor(plotHeight / 60)));
  parts.push('<g class="grid" stroke="#e5e5e5" stroke-width="1">');
  for (const tick of xTicks) parts.push(`<line x1="${coordinate(sx(tick))}" y1="${margin.top}" x2="${coordinate(sx(tick))}" y2="${margin.top + plotHeight}"/>`);
  for (const tick of yTicks) parts.push(`<line x1="${margin.left}" y1="${coordinate(sy(tick))}" x2="${margin.left + plotWidth}" y2="${coordinate(sy(tick))}"/>`);
  parts.push('</g>');
  parts.push('<g class="axes" stroke="#333333" stroke-width="1.2" fill="none">');
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}"/>`);
  if (yLow < 0 && yHigh > 0) parts.push(`<line x1="${margin.left}" y1="${coordinate(sy(0))}" x2="${margin.left + plotWidth}" y2="${coordinate(sy(0))}" stroke="#888888"/>`);
  if (from < 0 && to > 0) parts.push(`<line x1="${coordinate(sx(0))}" y1="${margin.top}" x2="${coordinate(sx(0))}" y2="${margin.top + plotHeight}" stroke="#888888"/>`);
  parts.push('</g>');
  parts.push('<g class="tick-labels" fill="#333333">');
  for (const tick of xTicks) parts.push(`<text x="${coordinate(sx(tick))}" y="${margin.top + plotHeight + 18}" text-anchor="middle">${escape(formatNumber(tick))}</text>`);
  for (const tick of yTicks) parts.push(`<text x="${margin.left - 8}" y="${coordinate(sy(tick) + 4)}" text-anchor="end">${escape(formatNumber(tick))}</text>`);
  parts.push('</g>');
  // curves, clipped to the plot area
  parts.push(`<clipPath id="plot-area"><rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}"/></clipPath>`);
  parts.push('<g class="curves" clip-path="url(#plot-area)" fill="none" stroke-width="2" stroke-linejoin="round">');
  curves.forEach((curve) => {
    const color = COLORS[curve.series % COLORS.length];
    const dash = DASHES[curve.kind];
    const d = curve.polylines
      .map((line) => line.map((point, i) => `${i === 0 ? 'M' : 'L'}${coordinate(sx(point.x))},${coordinate(sy(point.y))}`).join(''))
      .join('');
    parts.push(`<path class="curve" data-label="${escape(curve.label)}" data-kind="${curve.kind}" stroke="${color}"${dash} d="${d}"/>`);
  });
  parts.push('</g>');
  parts.push('<g class="kinks" stroke-width="1.5">');
  for (const curve of curves) {
    const color = COLORS[curve.series % COLORS.length];
    for (const marker of curve.markers) {
      parts.push(
        `<circle class="kink ${marker.closed ? 'closed' : 'open'}" data-label="${escape(curve.label)}" data-x="${marker.x}" data-y="${marker.y}" cx="${coordinate(sx(marker.x))}" cy="${coordinate(sy(marker.y))}" r="4" stroke="${color}" fill="${marker.closed ? color : '#ffffff'}"/>`,
      );
    }
  }
  parts.push('</g>');
  // legend
  parts.push('<g class="legend">');
  curves.forEach((curve, index) => {
    const x = margin.left + (index % 3) * Math.floor(plotWidth / 3);
    const y = margin.top + plotHeight + 40 + 22 * Math.floor(index / 3);
    const color = COLORS[curve.series % COLORS.length];
    const dash = DASHES[curve.kind];
    parts.push(`<line x1="${x}" y1="${y - 4}" x2="${x + 28}" y2="${y - 4}" stroke="${color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${x + 36}" y="${y}">${escape(`${curve.label}(x)`)}</text>`);
  });
  parts.push('</g>');
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
