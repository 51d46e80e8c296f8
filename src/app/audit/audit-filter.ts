import type { AuditSubjects } from '../../domain/audit/audit-subjects.js';
import { concerns } from '../../domain/audit/audit-subjects.js';

/**
 * Which events an audit query wants. Subject ids are resolved already (an email became a user id);
 * `since`/`until` are ISO-8601 instants in `toISOString` form, compared with the event's metadata
 * time, both inclusive.
 */
export interface AuditFilter {
  readonly userId?: string;
  readonly clientId?: string;
  readonly familyId?: string;
  /** Event types; empty or absent: every type. */
  readonly types?: readonly string[];
  readonly since?: string;
  readonly until?: string;
}

/** The event fields the filter reads (a RecordedEvent fits). */
export interface FilterableEvent {
  readonly type: string;
  readonly metadata: { readonly time: string };
}

export function hasSubjectFilter(filter: AuditFilter): boolean {
  return filter.userId !== undefined || filter.clientId !== undefined || filter.familyId !== undefined;
}

/** Type and time only: what can be checked without knowing the event's subjects. */
export function matchesTypeAndTime(event: { readonly type: string; readonly time: string }, filter: AuditFilter): boolean {
  if (filter.types !== undefined && filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  if (filter.since !== undefined && event.time < filter.since) return false;
  if (filter.until !== undefined && event.time > filter.until) return false;
  return true;
}

/**
 * The one predicate of `audit events` (and of `audit export`): `subjects` are the event's, from
 * `AuditLinks.observe(event)` in log order (audit-links.ts).
 */
export function matchesAuditFilter(event: FilterableEvent, filter: AuditFilter, subjects: AuditSubjects): boolean {
  return matchesTypeAndTime({ type: event.type, time: event.metadata.time }, filter) && concerns(subjects, filter);
}
