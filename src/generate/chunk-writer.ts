// Buffered, backpressure-aware file output: the generator writes hundreds of megabytes, so it
// gathers lines into ~1 MB chunks and waits for 'drain' instead of building one giant string.

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

const CHUNK_CHARS = 1 << 20;

export class ChunkWriter {
  private readonly stream: WriteStream;
  private buf = '';
  private error: Error | null = null;
  /** Characters written so far (the output is ASCII, so also bytes). */
  chars = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (err) => {
      this.error = err;
    });
  }

  /**
   * Appends text; returns true when the buffer is full and the caller must `await flush()`.
   * (Returning a flag keeps the per-line path free of promises.)
   */
  push(text: string): boolean {
    this.buf += text;
    return this.buf.length >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.buf.length === 0) return;
    const chunk = this.buf;
    this.buf = '';
    this.chars += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Appends and flushes when due. */
  async write(text: string): Promise<void> {
    if (this.push(text)) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
    if (this.error) throw this.error;
  }
}
