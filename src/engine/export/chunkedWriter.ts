import type { EventEmitter } from 'node:events';

/** Error codes that mean the reader went away (`| head`, an aborted download), not that the data was bad. */
const READER_GONE = new Set([
  'EPIPE',
  'ECONNRESET',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_OUTPUT_CLOSED',
]);

/** The output closed before the export finished (no error of its own, e.g. an HTTP client hung up). */
export class OutputClosedError extends Error {
  readonly code = 'ERR_OUTPUT_CLOSED';
  constructor() {
    super('the output was closed before the export finished');
  }
}

/** Whether an export failed only because whoever read it stopped reading. */
export function isReaderGone(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && READER_GONE.has(code);
}

/** Streams whose errors after an export's last write are already absorbed (one listener each). */
const absorbed = new WeakSet<object>();

type Output = NodeJS.WritableStream & { destroyed?: boolean; closed?: boolean; errored?: Error | null };

/**
 * Collects text into ~64 KB chunks and writes them with backpressure, so exporting any
 * number of rows keeps memory flat and a slow consumer (a pipe) slows the reader down.
 *
 * It also watches the stream: an error or a close ends the export at its next write with
 * that error, instead of waiting forever for a 'drain' that a closed stream never emits
 * (an aborted download used to hang its export, and the database cursor with it), and an
 * error reported after the last write (a pipe's reader leaving) is absorbed rather than
 * crashing the process as an unhandled 'error' event.
 */
export class ChunkedWriter {
  private buf = '';
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private readonly emitter: EventEmitter;
  private readonly onError = (err: Error): void => this.fail(err);
  private readonly onClose = (): void => this.fail(new OutputClosedError());
  private readonly onDrain = (): void => this.resume();

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly chunkChars = 64 * 1024,
  ) {
    this.emitter = out as unknown as EventEmitter;
    this.emitter.on('error', this.onError);
    this.emitter.on('close', this.onClose);
    this.emitter.on('drain', this.onDrain);
    const o = out as Output;
    if (o.errored) this.fail(o.errored);
    else if (o.destroyed || o.closed) this.fail(new OutputClosedError());
  }

  /** Appends text; awaits only when the chunk is full and the stream is backed up. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.buf += text;
    if (this.buf.length >= this.chunkChars) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buf.length === 0) return;
    const chunk = this.buf;
    this.buf = '';
    await this.send(chunk);
  }

  /**
   * Writes binary data (a Parquet row group) after any pending text, with the same
   * backpressure and failure handling. The stream may keep `bytes` until it is written:
   * pass a buffer the caller will not reuse.
   */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    if (bytes.length > 0) await this.send(bytes);
  }

  private async send(chunk: string | Uint8Array): Promise<void> {
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
  }

  /** Stops watching the stream; later errors on it are absorbed. Call when the export ends. */
  release(): void {
    this.emitter.off('error', this.onError);
    this.emitter.off('close', this.onClose);
    this.emitter.off('drain', this.onDrain);
    if (!absorbed.has(this.emitter)) {
      absorbed.add(this.emitter);
      this.emitter.on('error', () => undefined);
    }
    this.resume();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.resume();
  }

  private resume(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
