/** Output that could not be written (ENOSPC, EFBIG, EIO, …): one line on stderr and exit code 74 (EX_IOERR). */
export class OutputError extends Error {
  /** What could not be written: 'output' (stdout) or a named file. */
  constructor(
    readonly failure: NodeJS.ErrnoException,
    readonly what = 'output',
  ) {
    super(`cannot write ${what}: ${describeErrno(failure)}`);
    this.name = 'OutputError';
  }
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
};

/** The errno's meaning in words ("no space left on device"), else the error's own message. */
export function describeErrno(error: NodeJS.ErrnoException): string {
  return (error.code && ERRNO_TEXT[error.code]) ?? error.message;
}

/** A user error: one line on stderr (plus an optional hint line) and exit code 2. */
export class UsageError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}
