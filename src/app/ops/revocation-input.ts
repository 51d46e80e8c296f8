import { ValidationError } from '../../domain/shared/errors.js';
import { parseAuditTime } from '../audit/audit-input.js';
import type { RevocationTarget } from './revoke-tokens.use-case.js';

/** The selectors of a revocation request, by their API field names. */
export interface RevocationSelectorFields {
  readonly user?: string | undefined;
  readonly client_id?: string | undefined;
  readonly family_id?: string | undefined;
  readonly session_id?: string | undefined;
  readonly kid?: string | undefined;
}

export const SELECTOR_FIELDS = ['user', 'client_id', 'family_id', 'session_id', 'kid'] as const;

/** Exactly one selector; ValidationError naming the fields otherwise. */
export function revocationTarget(fields: RevocationSelectorFields): RevocationTarget {
  const given = SELECTOR_FIELDS.filter((field) => fields[field] !== undefined);
  if (given.length !== 1) {
    const field = given.length === 0 ? 'user' : given.join(',');
    throw new ValidationError(field, `give exactly one of ${SELECTOR_FIELDS.join(', ')}${given.length > 1 ? ` (got ${given.join(', ')})` : ''}`);
  }
  const { user, client_id: clientId, family_id: familyId, session_id: sessionId, kid } = fields;
  if (user !== undefined) return { user };
  if (clientId !== undefined) return { clientId };
  if (familyId !== undefined) return { familyId };
  if (sessionId !== undefined) return { sessionId };
  return { kid: kid ?? '' };
}

/** The optional window, as epoch ms; ValidationError for a malformed instant or issued_after > issued_before. */
export function revocationWindow(issuedAfter: string | undefined, issuedBefore: string | undefined): { issuedAfter: number | null; issuedBefore: number | null } {
  const after = issuedAfter === undefined ? null : Date.parse(parseAuditTime(issuedAfter, 'issued_after'));
  const before = issuedBefore === undefined ? null : Date.parse(parseAuditTime(issuedBefore, 'issued_before'));
  if (after !== null && before !== null && after > before) throw new ValidationError('issued_after', 'issued_after must not be after issued_before');
  return { issuedAfter: after, issuedBefore: before };
}
