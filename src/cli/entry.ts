/** The process entry point: real streams in, exit code out. bin/act.js loads this bundle and calls `run`. */
import { fstatSync } from 'node:fs';
import { Writable } from 'node:stream';
import { main, type CliIO } from './main.ts';

function processIO(): CliIO {
  return {
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
  };
}

export function run(argv: readonly string[]): void {
  process.on('SIGINT', () => {
    process.exitCode = 130;
    process.exit(130);
  });
  void main(argv, processIO()).then((code) => {
    process.exitCode = code;
  });
}

/** Exercises the start-up path without output, so that the build can record V8's code cache for it. */
export async function warmUp(): Promise<void> {
  const sink = (): Writable => new Writable({ write: (_chunk, _encoding, callback) => callback() });
  for (const argv of [['relu', '7', '-7'], ['leaky_relu', '-1', '--json'], ['gelu', '1', '--format', 'csv']]) {
    await main(argv, { stdout: sink(), stderr: sink(), stdin: undefined, env: {} });
  }
}
