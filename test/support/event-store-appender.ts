/**
 * A second process appending to the same store as a test (the CLI next to the server).
 *   node --import tsx test/support/event-store-appender.ts <sqlite|eventstoredb> <path-or-url> <streamPrefix> <count>
 * Appends `count` one-event appends, 8 in flight at a time: even ones to `<prefix>-shared` and odd
 * ones to their own stream, all with expectedRevision 'any'. Prints `{"ids":[...]}` when done.
 */
import { randomUUID } from 'node:crypto';
import { openEventStore, parseEventStoreTarget } from './event-store-open.js';

const [kind, location, prefix, countText] = process.argv.slice(2);
const target = parseEventStoreTarget(kind, location);
const count = Number(countText ?? 100);
if (!prefix || !Number.isSafeInteger(count)) throw new Error('usage: <kind> <location> <streamPrefix> <count>');

const store = await openEventStore(target);
const ids: string[] = [];
let next = 0;
async function appender(): Promise<void> {
  while (next < count) {
    const i = next;
    next += 1;
    const id = randomUUID();
    const metadata = { actor: 'cli:test-appender', correlationId: randomUUID(), time: new Date().toISOString() };
    const stream = i % 2 === 0 ? `${prefix}-shared` : `${prefix}-child-${i}`;
    await store.appendToStream(stream, [{ id, type: 'ChildAppended', data: { i }, metadata }], { expectedRevision: 'any' });
    ids.push(id);
  }
}
try {
  await Promise.all(Array.from({ length: 8 }, appender));
  process.stdout.write(`${JSON.stringify({ ids })}\n`);
} finally {
  await store.close();
}
