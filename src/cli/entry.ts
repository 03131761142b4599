/** The process entry point: real streams in, exit code out. */
import { fstatSync } from 'node:fs';
import { main } from './main.ts';

process.on('SIGINT', () => {
  process.exitCode = 130;
  process.exit(130);
});

void main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // Lazy: creating process.stdin costs start-up time and is not needed for arguments.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  stdinFileSize: () => {
    try {
      const stat = fstatSync(0);
      return stat.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  },
}).then((code) => {
  process.exitCode = code;
});
