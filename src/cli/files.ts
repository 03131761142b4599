/** Files that act writes because the user named them: written whole or not at all. */
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError } from './errors.ts';

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
