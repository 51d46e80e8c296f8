import type { AuditSubjects } from '../src/domain/audit/audit-subjects.js';
import { describeEvent, isLinkedStream } from '../src/domain/audit/audit-subjects.js';
import type { RecordedEvent } from '../src/ports/event-store.port.js';
import type { DocumentChange } from '../src/ports/read-models.port.js';
import type { Projection } from './projection.js';
import { EVERY_EVENT_TYPE } from './projection.js';

/**
 * The audit index: for every event about a user, a client or a token family, one entry naming
 * them (queried by `users`, `clients`, `families`), so `audit events --user X` reads X's events
 * by stream instead of scanning the log. The links (stream -> subjects, audit-subjects.ts) live
 * beside it in `audit_links`, under the same checkpoint, so a query can fold the events past the
 * checkpoint exactly as a full scan would.
 */
export type AuditIndexDocument = {
  /** Decimal. */
  readonly position: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  /** ISO-8601 (metadata time). */
  readonly time: string;
  readonly users: readonly string[];
  readonly clients: readonly string[];
  readonly families: readonly string[];
};

/** A stream's link, with the stream's name (so a query by subject finds the stream). */
export type AuditLinkDocument = AuditSubjects & { readonly stream?: string };

export const AUDIT_INDEX_COLLECTION = 'audit_index';
export const AUDIT_LINKS_COLLECTION = 'audit_links';
export const AUDIT_INDEX_PROJECTION = 'audit-index';

/** Entry ids sort like positions (zero-padded), so `find` returns them in log order. */
export const auditIndexId = (position: bigint): string => position.toString().padStart(20, '0');

/**
 * Token family streams are the bulk of the log (every issuance and rotation). Their events get no
 * entry of their own when they name nothing beyond their stream's link: a query finds them by the
 * link (`audit_links`, indexed like the entries) and reads the stream. A family stream's link comes
 * only from its own events, so folding the stream from its start gives each event the subjects a
 * full scan gives it. This keeps the index to about one write per family, not one per event.
 */
export const FAMILY_STREAM_PREFIX = 'family-';

const within = (inner: readonly string[], outer: readonly string[]): boolean => inner.every((id) => outer.includes(id));

function coveredByLink(subjects: AuditSubjects, link: AuditSubjects): boolean {
  return within(subjects.users, link.users) && within(subjects.clients, link.clients) && within(subjects.families, link.families);
}

export function auditIndexChanges(event: RecordedEvent, linkBefore: AuditSubjects | null): DocumentChange[] {
  const { subjects, updates } = describeEvent(event, linkBefore);
  const changes: DocumentChange[] = updates.map((update) => ({ collection: AUDIT_LINKS_COLLECTION, id: update.stream, doc: { ...update.link, stream: update.stream } }));
  const ownLink = updates.find((update) => update.stream === event.streamName)?.link ?? linkBefore;
  const familyEventFoundByLink = event.streamName.startsWith(FAMILY_STREAM_PREFIX) && ownLink !== null && coveredByLink(subjects, ownLink);
  if (!familyEventFoundByLink && subjects.users.length + subjects.clients.length + subjects.families.length > 0) {
    const entry: AuditIndexDocument = {
      position: event.position.toString(),
      stream: event.streamName,
      revision: event.revision,
      type: event.type,
      time: event.metadata.time,
      users: subjects.users,
      clients: subjects.clients,
      families: subjects.families,
    };
    changes.push({ collection: AUDIT_INDEX_COLLECTION, id: auditIndexId(event.position), doc: entry });
  }
  return changes;
}

export const auditIndexProjection: Projection = {
  name: AUDIT_INDEX_PROJECTION,
  collections: [AUDIT_INDEX_COLLECTION, AUDIT_LINKS_COLLECTION],
  handles: [EVERY_EVENT_TYPE],
  reads: (event) => (isLinkedStream(event.streamName) ? [{ collection: AUDIT_LINKS_COLLECTION, id: event.streamName }] : []),
  changes: (event, load) =>
    auditIndexChanges(event, isLinkedStream(event.streamName) ? (load(AUDIT_LINKS_COLLECTION, event.streamName) as AuditLinkDocument | null) : null),
};
