import type { Writable } from 'node:stream';
import type { AuditRecord } from '../../src/app/audit/audit-record.js';

export type AuditFormat = 'ndjson' | 'table';

/** Writes lines in chunks and waits when the pipe is full, so a million events never pile up in memory. */
export class LineWriter {
  private chunk: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable, private readonly chunkBytes = 64 * 1024) {}

  async line(text: string): Promise<void> {
    this.chunk.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= this.chunkBytes) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.chunk.length === 0) return;
    const text = this.chunk.join('');
    this.chunk = [];
    this.size = 0;
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}

const clip = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

export const EVENT_TABLE_HEADER = `${'POSITION'.padEnd(10)} ${'TIME'.padEnd(24)} ${'TYPE'.padEnd(28)} ${'STREAM'.padEnd(30)} ${'ACTOR'.padEnd(28)} DATA`;

/** One event as a table row: the columns people scan, then the (redacted) data, clipped. */
export function eventRow(record: AuditRecord): string {
  return `${record.position.padEnd(10)} ${record.time.padEnd(24)} ${clip(record.type, 28)} ${clip(record.stream, 30)} ${clip(record.actor, 28)} ${clip(JSON.stringify(record.data), 120).trimEnd()}`;
}

/** A state item as a table row: its kind, then its fields as `name=value`. */
export function itemRow(item: { readonly kind: string } & Record<string, unknown>): string {
  const fields = Object.entries(item)
    .filter(([name]) => name !== 'kind')
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${item.kind.padEnd(14)} ${fields.join('  ')}`;
}
