import type { AuditFilter } from '../../../src/app/audit/audit-filter.js';
import { checkTimeRange, parseAuditTime, parseEventTypes, parseFamilyId } from '../../../src/app/audit/audit-input.js';
import { requireFamily, resolveAuditClient, resolveAuditUser } from '../../../src/app/audit/resolve-audit-subjects.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';
import { UsageError } from '../cli-io.js';

/** Input mistakes become usage errors (exit 2, with help); unknown subjects stay NotFoundError (exit 1). */
export async function asUsageError<T>(work: () => T | Promise<T>, help: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(error.message, help);
    throw error;
  }
}

/** The filter options `audit events` and `audit export` share. */
export const AUDIT_FILTER_OPTIONS = {
  user: { type: 'string' }, client: { type: 'string' }, family: { type: 'string' }, type: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' },
} as const;

export type AuditFilterValues = { readonly [K in keyof typeof AUDIT_FILTER_OPTIONS]?: string | undefined };

/** Parses and resolves the filter options (an email becomes a user id); malformed input is a usage error, an unknown subject exit 1. */
export async function auditFilterOf(runtime: Runtime, values: AuditFilterValues, help: string): Promise<AuditFilter> {
  const usage = <T>(work: () => T | Promise<T>): Promise<T> => asUsageError(work, help);
  const parsed = await usage(() => {
    const since = values.since === undefined ? undefined : parseAuditTime(values.since, 'since');
    const until = values.until === undefined ? undefined : parseAuditTime(values.until, 'until');
    checkTimeRange(since, until);
    return {
      since,
      until,
      types: values.type === undefined ? undefined : parseEventTypes(values.type),
      familyId: values.family === undefined ? undefined : parseFamilyId(values.family, 'family'),
    };
  });
  return {
    ...(parsed.since === undefined ? {} : { since: parsed.since }),
    ...(parsed.until === undefined ? {} : { until: parsed.until }),
    ...(parsed.types === undefined ? {} : { types: parsed.types }),
    ...(values.user === undefined ? {} : { userId: await usage(() => resolveAuditUser(runtime.store, values.user ?? '')) }),
    ...(values.client === undefined ? {} : { clientId: await resolveAuditClient(runtime.apps, values.client) }),
    ...(parsed.familyId === undefined ? {} : { familyId: await requireFamily(runtime.store, parsed.familyId) }),
  };
}

