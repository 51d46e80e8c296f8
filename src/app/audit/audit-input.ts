import { ValidationError } from '../../domain/shared/errors.js';
import type { FamilyId } from '../../domain/shared/ids.js';
import { familyIdOf } from '../../domain/shared/ids.js';

/** `2024-05-01`, or a date-time with seconds optional, fractions optional and a zone (Z or ±hh:mm) required. */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const MAX_TYPES = 50;

/**
 * An ISO-8601 instant as the canonical `toISOString` form, which compares correctly as text with
 * event times. A date alone is midnight UTC. ValidationError (naming `field`) for anything else.
 */
export function parseAuditTime(value: string, field: string): string {
  const match = ISO_INSTANT.exec(value.trim());
  const ms = match === null ? Number.NaN : Date.parse(value.trim());
  if (match === null || Number.isNaN(ms)) throw new ValidationError(field, `${field} must be an ISO-8601 instant, e.g. 2024-05-01T12:00:00Z`);
  const [, year, month, day, hour, minute, second] = match;
  const calendarOk = Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  const clockOk = hour === undefined || (Number(hour) <= 23 && Number(minute) <= 59 && Number(second ?? 0) <= 59);
  if (!calendarOk || !clockOk) throw new ValidationError(field, `${field} is not a valid date and time`);
  const iso = new Date(ms).toISOString();
  if (!/^\d{4}-/.test(iso)) throw new ValidationError(field, `${field} is out of range`);
  return iso;
}

/** `T1,T2` -> event type names (syntax only: a type the log never saw simply matches nothing). */
export function parseEventTypes(value: string, field = 'type'): string[] {
  const types = value.split(',').map((type) => type.trim()).filter((type) => type !== '');
  if (types.length === 0 || types.length > MAX_TYPES || !types.every((type) => EVENT_TYPE.test(type))) {
    throw new ValidationError(field, `${field} must be a comma-separated list of event type names (at most ${MAX_TYPES})`);
  }
  return [...new Set(types)];
}

export function parseFamilyId(value: string, field = 'family_id'): FamilyId {
  return familyIdOf(value.trim(), field);
}

/** since ≤ until, when both are given. */
export function checkTimeRange(since: string | undefined, until: string | undefined, field = 'until'): void {
  if (since !== undefined && until !== undefined && since > until) throw new ValidationError(field, 'until must not be before since');
}
