import { once } from 'node:events';

/**
 * Collects text into ~64 KB chunks and writes them with backpressure, so exporting any
 * number of rows keeps memory flat and a slow consumer (a pipe) slows the reader down.
 */
export class ChunkedWriter {
  private buf = '';
  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly chunkChars = 64 * 1024,
  ) {}

  /** Appends text; awaits only when the chunk is full and the stream is backed up. */
  async write(text: string): Promise<void> {
    this.buf += text;
    if (this.buf.length >= this.chunkChars) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) await once(this.out as NodeJS.EventEmitter, 'drain');
  }
}
