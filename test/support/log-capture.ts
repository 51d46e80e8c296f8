import { Writable } from 'node:stream';

/** A log destination that keeps every line written to it (pino's JSON lines). */
export class LogCapture extends Writable {
  private readonly chunks: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    done();
  }

  /** Everything written so far, as one text. */
  text(): string {
    return this.chunks.join('');
  }

  /** Every line, parsed. */
  lines(): Record<string, unknown>[] {
    return this.text().split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
