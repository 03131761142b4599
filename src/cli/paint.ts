/**
 * The colours act paints with. chalk is loaded only when there is colour to paint: its module
 * builds every style at import (about 5 ms of interpreted code), which --version, list and every
 * run that writes JSON, CSV, a file or to a pipe do not need. In the CLI bundle a dynamic import is
 * a module initialised on first use, not a separate file.
 */
import type { ChalkInstance } from 'chalk';

/** The styles act uses: chalk's, or the text as it is where there is no colour. */
export interface Paint {
  readonly level: number;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
}

const asItIs = (text: string): string => text;

/** No colour: what chalk at level 0 returns, without loading chalk. */
const PLAIN: Paint = { level: 0, bold: asItIs, dim: asItIs, red: asItIs, green: asItIs, yellow: asItIs, blue: asItIs, magenta: asItIs, cyan: asItIs };

/** The painter at this colour level (0: no colour). */
export async function painter(level: ChalkInstance['level']): Promise<Paint> {
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}
