/**
 * chalk, loaded when asked for: its module builds every style at import (about 5 ms of interpreted
 * code), which --version, list and every run that writes JSON, CSV or a file do not need. In the
 * CLI bundle a dynamic import is a module initialised on first use, not a separate file.
 */
import type { ChalkInstance } from 'chalk';

/** A chalk instance at this colour level (0: no colour). */
export async function painter(level: ChalkInstance['level']): Promise<ChalkInstance> {
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}
