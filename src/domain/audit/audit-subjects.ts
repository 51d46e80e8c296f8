/**
 * Who and what an event is about, for the audit log: the users, clients (apps) and token families
 * it concerns. Many events name none of them (a refresh names neither user nor client), so each
 * stream keeps a LINK: the subjects its earlier events established (a family's start names its
 * user and client, a code's issuance its user and client, a session's start its user). An event's
 * subjects are its own ids, its actor, and its stream's link as of that event, in log order.
 * Pure: the full scan keeps links in memory, the audit-index projection keeps them as documents;
 * both fold the same way, so both give the same answer.
 */

export type AuditSubjects = {
  readonly users: readonly string[];
  readonly clients: readonly string[];
  readonly families: readonly string[];
};

/** What `describeEvent` needs of an event (a RecordedEvent fits). */
export interface AuditedEvent {
  readonly type: string;
  readonly streamName: string;
  readonly data: { readonly [key: string]: unknown };
  readonly metadata: { readonly actor: string };
}

export interface AuditLinkUpdate {
  readonly stream: string;
  readonly link: AuditSubjects;
}

export interface DescribedEvent {
  readonly subjects: AuditSubjects;
  /** New links: the event's own stream's (when it changed) and any other stream it links. */
  readonly updates: readonly AuditLinkUpdate[];
}

export const NO_SUBJECTS: AuditSubjects = { users: [], clients: [], families: [] };

/** Streams whose events share subjects. Other streams (keys, seals, …) keep no link. */
const LINKED_STREAM_PREFIXES = ['family-', 'authcode-', 'consent-', 'session-', 'login-', 'user-', 'app-'] as const;

export function isLinkedStream(stream: string): boolean {
  return LINKED_STREAM_PREFIXES.some((prefix) => stream.startsWith(prefix));
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The ids an event names itself, whatever its type (so new event types are attributed too). */
function ownIds(data: AuditedEvent['data']): { users: string[]; clients: string[]; families: string[] } {
  const users: string[] = [];
  const clients: string[] = [];
  const families: string[] = [];
  const userId = str(data['userId']);
  if (userId !== null) users.push(userId);
  const ownerId = str(data['ownerId']);
  if (ownerId !== null) users.push(ownerId);
  const clientId = str(data['clientId']);
  if (clientId !== null) clients.push(clientId);
  const appId = str(data['appId']);
  if (appId !== null) clients.push(appId);
  const familyId = str(data['familyId']);
  if (familyId !== null) families.push(familyId);
  return { users, clients, families };
}

function union(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b.length === 1 ? b : [...new Set(b)];
  let out: string[] | null = null;
  for (const item of b) {
    if ((out ?? a).includes(item)) continue;
    out ??= [...a];
    out.push(item);
  }
  return out ?? a;
}

function merge(a: AuditSubjects, b: { users: readonly string[]; clients: readonly string[]; families: readonly string[] }): AuditSubjects {
  const users = union(a.users, b.users);
  const clients = union(a.clients, b.clients);
  const families = union(a.families, b.families);
  return users === a.users && clients === a.clients && families === a.families ? a : { users, clients, families };
}

function actorIds(actor: string): { users: string[]; clients: string[]; families: string[] } {
  if (actor.startsWith('user:') && actor.length > 5) return { users: [actor.slice(5)], clients: [], families: [] };
  if (actor.startsWith('client:') && actor.length > 7) return { users: [], clients: [actor.slice(7)], families: [] };
  return { users: [], clients: [], families: [] };
}

/**
 * The subjects of `event`, given its stream's link just before it (null: none yet), and the links
 * it changes. A `UserEmailReserved` also links the email's login stream (`login-<emailHash>`) to
 * the user, so later login failures for that email (which name no user) are the user's.
 */
export function describeEvent(event: AuditedEvent, linkBefore: AuditSubjects | null): DescribedEvent {
  const ids = ownIds(event.data);
  const before = linkBefore ?? NO_SUBJECTS;
  const linked = isLinkedStream(event.streamName);
  const linkAfter = linked ? merge(before, ids) : before;
  const updates: AuditLinkUpdate[] = linked && linkAfter !== before ? [{ stream: event.streamName, link: linkAfter }] : [];
  if (event.type === 'UserEmailReserved') {
    const emailHash = str(event.data['emailHash']);
    const userId = str(event.data['userId']);
    if (emailHash !== null && userId !== null) updates.push({ stream: `login-${emailHash}`, link: { users: [userId], clients: [], families: [] } });
  }
  const subjects = merge(merge(linkAfter, linked ? NO_SUBJECTS : ids), actorIds(event.metadata.actor));
  return { subjects, updates };
}

/** Does the event concern all of the given subjects? */
export function concerns(subjects: AuditSubjects, wanted: { readonly userId?: string; readonly clientId?: string; readonly familyId?: string }): boolean {
  if (wanted.userId !== undefined && !subjects.users.includes(wanted.userId)) return false;
  if (wanted.clientId !== undefined && !subjects.clients.includes(wanted.clientId)) return false;
  if (wanted.familyId !== undefined && !subjects.families.includes(wanted.familyId)) return false;
  return true;
}
