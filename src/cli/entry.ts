/** The process entry point: real streams in, exit code out. bin/act.js loads this bundle and calls `run`. */
import { fstatSync, openSync, readSync, statSync } from 'node:fs';
import { CATALOGUE, normalizeName } from '../core/catalogue.ts';
import type { ActivationDefinition } from '../core/types.ts';
import { describeErrno, UsageError } from './errors.ts';
import { DescriptorOutput, type OutputStream } from './io.ts';
import { main, type CliIO } from './main.ts';

/**
 * stdout written with writeSync when it is a regular file, a pipe or /dev/null (see
 * DescriptorOutput); a terminal, a socket or another device gets node's stream.
 */
function standardOutput(): OutputStream {
  try {
    const stat = fstatSync(1);
    if (stat.isFile() || stat.isFIFO() || (stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev)) {
      return new DescriptorOutput(1, () => process.stdout);
    }
  } catch {
    // no stdout, or no /dev/null: node's stream reports what is wrong when written to
  }
  return process.stdout;
}

function processIO(): CliIO {
  return {
    stdout: standardOutput(),
    // Lazy: creating process.stderr (a socket for a pipe, which loads node:net) costs start-up
    // time, and act writes to it only when something goes wrong.
    get stderr() {
      return process.stderr;
    },
    // Lazy: creating process.stdin costs start-up time and is not needed for arguments.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    // node:tty loads net and the streams (~6 ms of every start-up): asked for only when needed
    // (process.getBuiltinModule, Node ≥ 20.16; before it, process.stdin answers).
    stdinIsTTY: () => {
      const tty = process.getBuiltinModule?.('node:tty');
      return tty ? tty.isatty(0) : process.stdin.isTTY === true;
    },
    readStdin: (buffer) => {
      try {
        return readSync(0, buffer, 0, buffer.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return -1;
        // A closed or missing stdin reads as empty, as the stream does.
        if (code === 'EOF' || code === 'EBADF') return 0;
        throw new UsageError(`cannot read stdin: ${describeErrno(error as NodeJS.ErrnoException)}`);
      }
    },
    stdinIsDirectory: () => {
      try {
        return fstatSync(0).isDirectory();
      } catch {
        return false;
      }
    },
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
  // SIGINT and SIGTERM keep their default action: the process ends at once, even in the middle of
  // a long computation, and the shell reports 130 and 143. (A JavaScript handler would wait for
  // the event loop, which a write to a file or a long vector never gives it.)
  void main(argv, processIO()).then((code) => {
    process.exitCode = code;
  });
}

/**
 * Runs command lines without output (the full bundle's own set when none are given), so that the
 * build can record V8's code cache for the start-up path it exercises.
 */
export async function warmUp(commandLines: readonly (readonly string[])[] = [['relu', '7', '-7'], ['leaky_relu', '-1', '--json'], ['gelu', '1', '--format', 'csv']]): Promise<void> {
  const nothing = openSync('/dev/null', 'w');
  const sink = (): DescriptorOutput => new DescriptorOutput(nothing);
  for (const argv of commandLines) {
    const code = await main(argv, { stdout: sink(), stderr: sink(), stdin: undefined, env: {} });
    if (code !== 0) throw new Error(`warm-up: act ${argv.join(' ')} exited ${code}`);
  }
}

/**
 * The functions this bundle knows, with the keys `findDefinition` looks their names and aliases up
 * by (the build routes those keys to the bundles that hold them).
 */
export function catalogueEntries(): { name: string; kind: ActivationDefinition['kind']; keys: string[] }[] {
  return CATALOGUE.map((definition) => ({ name: definition.name, kind: definition.kind, keys: [definition.name, ...definition.aliases].map(normalizeName) }));
}
