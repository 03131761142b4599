/** Running the CLI in-process (fake streams) and as the built binary. */
import { spawnSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/act.js', import.meta.url));

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

class Collector extends Writable {
  text = '';
  isTTY: boolean;
  constructor(isTTY = false) {
    super({ decodeStrings: false });
    this.isTTY = isTTY;
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface RunOptions {
  readonly stdin?: string | Buffer | readonly Buffer[];
  readonly stdinIsTTY?: boolean;
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  readonly stdinFileSize?: number;
  /** A stream to use as stdin instead of `stdin`. */
  readonly stdinStream?: Readable;
  readonly env?: Record<string, string | undefined>;
}

/** Runs `main` in this process with fake streams. */
export async function runMain(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new Collector(options.stdoutIsTTY);
  const stderr = new Collector(options.stderrIsTTY);
  const chunks = options.stdin === undefined ? [] : Array.isArray(options.stdin) ? options.stdin : [options.stdin];
  const stdin = Object.assign(options.stdinStream ?? Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk))), {
    isTTY: options.stdinIsTTY ?? (options.stdin === undefined && options.stdinStream === undefined),
  });
  const code = await main(argv, { stdout, stderr, stdin, env: options.env ?? {}, stdinFileSize: () => options.stdinFileSize });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the built binary (`npm run build` first; `npm test` does). */
export function runAct(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): RunResult {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...options.env };
  const result = spawnSync(process.execPath, [BIN, ...args], { input: options.input ?? '', env, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a shell pipeline with `act` meaning the built binary. */
export function runShell(script: string, env: Record<string, string> = {}): RunResult {
  const result = spawnSync('bash', ['--norc', '--noprofile', '-o', 'pipefail', '-c', script], {
    env: { PATH: process.env.PATH ?? '', ACT: `${process.execPath} ${BIN}`, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
