import type { AuditIndexDocument, AuditLinkDocument } from '../../../projections/audit-index.projection.js';
import { AUDIT_INDEX_COLLECTION, AUDIT_INDEX_PROJECTION, AUDIT_LINKS_COLLECTION, FAMILY_STREAM_PREFIX } from '../../../projections/audit-index.projection.js';
import type { AuditSubjects } from '../../domain/audit/audit-subjects.js';
import type { RecordedEvent } from '../../ports/event-store.port.js';
import type { Where } from '../../ports/read-models.port.js';
import type { AuditDeps, ScanOptions } from './audit-deps.js';
import type { AuditFilter } from './audit-filter.js';
import { hasSubjectFilter, matchesAuditFilter, matchesTypeAndTime } from './audit-filter.js';
import { AuditLinks } from './audit-links.js';
import { DEFAULT_PAGE_SIZE, logPages, readRecordedStream } from '../shared/stream-reader.js';
import { countEvents } from './log-pages.js';

/**
 * `audit events`: every event matching the filter, in log order. With a user, client or family
 * and a built audit index, the events up to the index's checkpoint are read by stream from the
 * entries that name them, and only the events past it are scanned (so a lagging projection
 * costs time, never correctness). Otherwise the whole log is scanned.
 */
export async function* auditEvents(deps: AuditDeps, filter: AuditFilter, options: ScanOptions = {}): AsyncGenerator<RecordedEvent> {
  const checkpoint = hasSubjectFilter(filter) ? await deps.readModels.checkpoint(AUDIT_INDEX_PROJECTION) : null;
  if (checkpoint === null) {
    yield* scanAuditEvents(deps, filter, null, new AuditLinks(), options);
    return;
  }
  yield* await indexedEvents(deps, filter, checkpoint);
  const links = new AuditLinks();
  const load = (stream: string) => deps.readModels.get<AuditSubjects>(AUDIT_LINKS_COLLECTION, stream);
  yield* scanAuditEvents(deps, filter, checkpoint, links, options, load);
}

/** The full-scan path, from `after` (null: the beginning), with `links` as of `after`. */
export async function* scanAuditEvents(
  deps: AuditDeps,
  filter: AuditFilter,
  after: bigint | null,
  links: AuditLinks,
  options: ScanOptions = {},
  loadLink?: (stream: string) => Promise<AuditSubjects | null>,
): AsyncGenerator<RecordedEvent> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const bySubject = hasSubjectFilter(filter); // without one, no event's subjects are needed
  const total = options.onProgress ? await countEvents(deps.store, after, pageSize) : 0;
  let done = 0;
  options.onProgress?.(0, total);
  for await (const page of logPages(deps.store, after, pageSize)) {
    if (loadLink !== undefined) await links.seed(new Set(page.map((event) => event.streamName)), loadLink);
    for (const event of page) {
      if (!bySubject) {
        if (matchesTypeAndTime({ type: event.type, time: event.metadata.time }, filter)) yield event;
        continue;
      }
      const subjects = links.observe(event);
      if (matchesAuditFilter(event, filter, subjects)) yield event;
    }
    done += page.length;
    options.onProgress?.(done, Math.max(total, done));
  }
}

/** The events the audit index names for the filter, up to `checkpoint`, read by stream, in log order. */
async function indexedEvents(deps: AuditDeps, filter: AuditFilter, checkpoint: bigint): Promise<RecordedEvent[]> {
  const where: Record<string, string> = {};
  if (filter.familyId !== undefined) where['families'] = filter.familyId;
  if (filter.userId !== undefined) where['users'] = filter.userId;
  if (filter.clientId !== undefined) where['clients'] = filter.clientId;
  const entries = await deps.readModels.find<AuditIndexDocument>(AUDIT_INDEX_COLLECTION, where as Where);
  const wanted = new Map<string, Set<number>>();
  for (const entry of entries) {
    if (BigInt(entry.position) > checkpoint || !matchesTypeAndTime(entry, filter)) continue;
    const revisions = wanted.get(entry.stream) ?? new Set<number>();
    revisions.add(entry.revision);
    wanted.set(entry.stream, revisions);
  }
  const found = new Map<bigint, RecordedEvent>();
  for (const [stream, revisions] of wanted) {
    const sorted = [...revisions].sort((a, b) => a - b);
    const from = sorted[0] ?? 0;
    const to = sorted.at(-1) ?? from;
    const events = await readRecordedStream(deps.store, stream, { fromRevision: from, maxCount: to - from + 1 });
    for (const event of events) if (revisions.has(event.revision) && event.position <= checkpoint) found.set(event.position, event);
  }
  for (const event of await familyStreamEvents(deps, filter, where as Where, checkpoint)) found.set(event.position, event);
  return [...found.values()].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}

/**
 * The events of the token family streams whose link names the filter's subjects (their events
 * have no entries of their own, see audit-index.projection.ts), up to `checkpoint`: each stream is
 * folded from its start, exactly as a scan attributes its events.
 */
async function familyStreamEvents(deps: AuditDeps, filter: AuditFilter, where: Where, checkpoint: bigint): Promise<RecordedEvent[]> {
  const linked = await deps.readModels.find<AuditLinkDocument>(AUDIT_LINKS_COLLECTION, where);
  const found: RecordedEvent[] = [];
  for (const { stream } of linked) {
    if (stream === undefined || !stream.startsWith(FAMILY_STREAM_PREFIX)) continue;
    const links = new AuditLinks();
    for (const event of await readRecordedStream(deps.store, stream)) {
      if (event.position > checkpoint) break;
      if (matchesAuditFilter(event, filter, links.observe(event))) found.push(event);
    }
  }
  return found;
}
