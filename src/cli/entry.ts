/** The process entry point: real streams in, exit code out. */
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
}).then((code) => {
  process.exitCode = code;
});
