/**
 * The CLI's view of the outside world, so that `main` can run in-process in
 * tests with fake streams, and the batching writer that keeps output fast and
 * complete: large writes, back-pressure respected, a vanished reader (EPIPE)
 * ends the output quietly.
 */
import { EventEmitter } from 'node:events';
import { writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { OutputError } from './errors.ts';

/** What `Output` needs of a stream: node's Writable has it, and so has `DescriptorOutput`. */
export interface OutputStream {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
  readonly writableNeedDrain: boolean;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  on(event: 'drain', listener: () => void): unknown;
  once(event: 'drain' | 'error' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'error' | 'close', listener: () => void): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

export interface CliIO {
  readonly stdout: OutputStream;
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Undefined when there is no stdin at all. */
  readonly stdin: (Readable & { isTTY?: boolean }) | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The size of stdin when it is a regular file (for the progress line), else undefined. */
  readonly stdinFileSize?: () => number | undefined;
  /** True when stdin is a directory (`act relu < dir`), which reads as empty. */
  readonly stdinIsDirectory?: () => boolean;
  /** Whether stdin is a terminal, asked without creating the stdin stream (see readStdin). */
  readonly stdinIsTTY?: () => boolean;
  /**
   * Reads stdin synchronously into `buffer`: the byte count, 0 at its end, or -1 when a read would
   * block (stdin in non-blocking mode): then the stream `stdin` reads the rest. One reused buffer,
   * where the stream allocates one per chunk (which outlive young-generation collections while a
   * slow function works through them, and grew the peak memory of long runs).
   */
  readonly readStdin?: (buffer: Buffer) => number;
}

const FLUSH_AT = 1 << 16;

/**
 * A turn of the event loop: between blocking reads, so that signal handlers (--output removes its
 * temporary file on SIGINT) and stream events (EPIPE) run during a long input.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The reader went away: the output ends quietly (exit 0), as `head` expects. */
const isVanishedReader = (error: NodeJS.ErrnoException): boolean => error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';

export class Output {
  /** True once the reader has gone away or a write failed: everything after is dropped. */
  closed = false;
  private buffer = '';
  private pendingDirect = false;
  private failure: NodeJS.ErrnoException | undefined;

  constructor(private readonly stream: OutputStream) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.closed = true;
      if (!isVanishedReader(error)) this.failure ??= error;
    });
  }

  /** Queues text; returns true when the caller should `await flush()`. */
  write(text: string): boolean {
    if (this.closed) return false;
    this.buffer += text;
    return this.buffer.length >= FLUSH_AT;
  }

  /**
   * Hands a large piece (text, or the bytes of a binary format) straight to the stream, after
   * anything queued; `flush()` then waits for drain. `done` runs once the stream has written it
   * (or failed to): its bytes may be reused then.
   */
  writeDirect(text: string | Uint8Array, done?: () => void): void {
    if (this.closed) return;
    if (this.buffer !== '') {
      this.stream.write(this.buffer);
      this.buffer = '';
    }
    this.pendingDirect = true;
    if (done) this.stream.write(text, () => done());
    else this.stream.write(text);
  }

  /** Hands the buffer to the stream and waits while the stream is full; throws an OutputError when a write has failed. */
  async flush(): Promise<void> {
    if (this.pendingDirect) {
      this.pendingDirect = false;
      if (this.stream.writableNeedDrain) await this.drained();
    }
    if (!this.closed && this.buffer !== '') {
      const text = this.buffer;
      this.buffer = '';
      if (!this.stream.write(text)) await this.drained();
    }
    if (this.failure) throw new OutputError(this.failure);
  }

  /**
   * Flushes, then waits until the stream has taken every byte (a write's callback runs after
   * the ones before it): exit 0 only when all output reached its destination.
   */
  async finish(): Promise<void> {
    await this.flush();
    if (!this.closed) {
      await new Promise<void>((resolve) => {
        this.stream.write('', (error) => {
          if (error && !isVanishedReader(error)) this.failure ??= error;
          resolve();
        });
      });
    }
    if (this.failure) throw new OutputError(this.failure);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.once('drain', done);
      this.stream.once('error', done);
      this.stream.once('close', done);
    });
  }
}

/**
 * Output to a file descriptor with writeSync: a regular file, a pipe or /dev/null. Node's own
 * stream for a file ignores short writes (a full disk or `ulimit -f` keeps the first bytes and
 * reports success); this writes every byte or fails with the error (ENOSPC, EFBIG, EIO, EPIPE), so
 * that act can exit 74 instead of 0. It needs no node:stream, whose modules cost about 3 % of
 * every start-up. A pipe left in non-blocking mode by the process that made it answers EAGAIN
 * when full: from then on, `fallback()` (process.stdout, which waits for it) takes the rest.
 */
export class DescriptorOutput extends EventEmitter {
  readonly isTTY = false;
  private stream: OutputStream | undefined;

  constructor(
    private readonly fd: number,
    private readonly fallback?: () => OutputStream,
  ) {
    super();
  }

  get writableNeedDrain(): boolean {
    return this.stream?.writableNeedDrain ?? false;
  }

  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean {
    if (this.stream) return this.stream.write(chunk, callback);
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN' && this.fallback) return this.switchToFallback(bytes.subarray(offset), callback);
      if (this.listenerCount('error') > 0) this.emit('error', error);
      callback?.(error as Error);
      // Nothing is queued, so there is no 'drain' to wait for: the error has been reported.
      return true;
    }
    callback?.();
    return true;
  }

  private switchToFallback(rest: Uint8Array, callback?: (error?: Error | null) => void): boolean {
    const stream = this.fallback!();
    this.stream = stream;
    stream.on('drain', () => this.emit('drain'));
    stream.once('close', () => this.emit('close'));
    stream.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
    // The caller keeps its bytes until the callback, as with any stream.
    return stream.write(rest, callback);
  }
}
