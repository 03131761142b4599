/**
 * The CLI: parse → core → format → write. `main` never calls process.exit and
 * never throws; it returns the exit code, and every error becomes one line on
 * stderr (plus an optional hint line).
 */
import { ActivationError } from '../core/errors.ts';
import { OutputError, UsageError } from './errors.ts';
import { Output, type CliIO } from './io.ts';
import { run } from './run.ts';

export type { CliIO } from './io.ts';

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const output = new Output(io.stdout);
  let code: number;
  try {
    code = await run(argv, io, output);
  } catch (error) {
    code = report(error, io);
  }
  try {
    await output.finish();
  } catch (error) {
    // A failed write already reported is not reported again.
    if (code !== 74) code = report(error, io);
  }
  return code;
}

/** The one place where errors become messages and exit codes. */
function report(error: unknown, io: CliIO): number {
  const line = (text: string): void => {
    io.stderr.write(text + '\n');
  };
  if (error instanceof OutputError) {
    line(`act: ${error.message}`);
    return 74;
  }
  if (error instanceof UsageError || error instanceof ActivationError) {
    line(`act: ${error.message}`);
    if (error.hint) line(error.hint);
    return 2;
  }
  line(`act: internal error: ${error instanceof Error ? error.message : String(error)}`);
  return 70;
}

