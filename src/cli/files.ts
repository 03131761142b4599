/** Files that act writes because the user named them: written whole or not at all. */
import { closeSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError, UsageError } from './errors.ts';
import { DescriptorOutput, Output } from './io.ts';

/**
 * Writes `text` to a temporary file beside `path` and renames it into place only when it is
 * complete: a failed write (ENOSPC, EFBIG) leaves the old file untouched and no partial file.
 */
export function writeFileAtomically(path: string, text: string | Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.act-${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created
    }
    throw new OutputError(error as NodeJS.ErrnoException, `'${path}'`);
  }
}

/**
 * `--output FILE`: runs `body` with an Output over a temporary file beside FILE, and renames
 * it into place only when all of it was written. A failure, an error or an interruption
 * (SIGINT, SIGTERM) leaves FILE as it was and no temporary file behind.
 */
export async function writingTo(path: string | undefined, output: Output, body: (output: Output) => Promise<number>): Promise<number> {
  if (path === undefined || path === '-') return body(output);
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`--output ${path}: it is a directory`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // it does not exist yet: the usual case
  }
  const temporary = join(dirname(path), `.${basename(path)}.act-${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, 'w');
  } catch (error) {
    throw new OutputError(error as NodeJS.ErrnoException, `'${path}'`);
  }
  const removeTemporary = (): void => {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
  };
  // The default action of a signal ends the process at once: remove the file, then let it.
  const onSignal = (signal: NodeJS.Signals): void => {
    removeTemporary();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let closed = false;
  try {
    const fileOutput = new Output(new DescriptorOutput(fd));
    const code = await body(fileOutput);
    await fileOutput.finish();
    closeSync(fd);
    closed = true;
    try {
      renameSync(temporary, path);
    } catch (error) {
      throw new OutputError(error as NodeJS.ErrnoException, `'${path}'`);
    }
    return code;
  } catch (error) {
    if (!closed) closeSync(fd);
    removeTemporary();
    // The Output over the temporary file reports 'output': it is the named file.
    if (error instanceof OutputError && error.what === 'output') throw new OutputError(error.failure, `'${path}'`);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
