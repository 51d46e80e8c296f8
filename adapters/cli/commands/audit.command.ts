import { parseArgs } from 'node:util';
import type { AuditFilter } from '../../../src/app/audit/audit-filter.js';
import { auditEvents } from '../../../src/app/audit/audit-events.query.js';
import { checkTimeRange, parseAuditTime, parseEventTypes, parseFamilyId } from '../../../src/app/audit/audit-input.js';
import { toAuditRecord } from '../../../src/app/audit/audit-record.js';
import { auditStateAt } from '../../../src/app/audit/audit-state.query.js';
import { traceGrant } from '../../../src/app/audit/audit-trace.query.js';
import type { TraceTarget } from '../../../src/app/audit/trace-target.js';
import { parseTraceToken } from '../../../src/app/audit/trace-target.js';
import { requireFamily, resolveAuditClient, resolveAuditUser } from '../../../src/app/audit/resolve-audit-subjects.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';
import type { RecordedEvent } from '../../../src/ports/event-store.port.js';
import type { AuditFormat } from '../audit-output.js';
import { EVENT_TABLE_HEADER, LineWriter, eventRow, itemRow } from '../audit-output.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../cli-io.js';
import { progressBar } from '../progress-bar.js';

export const AUDIT_HELP = `authmaster audit events [--user EMAIL|USER_ID] [--client APP_ID] [--family FAMILY_ID] [--type T1,T2]
                       [--since ISO] [--until ISO] [--format ndjson|table]
    Every matching event in log order (since/until inclusive, on event time). No secret is printed.
authmaster audit trace (--token TOKEN | --family FAMILY_ID) [--format ndjson|table]
    The lineage of one grant: login, consent, code, family start, issuances, rotations, reuse, revocation.
    TOKEN is an access token (expired or not) or a refresh token; it is only read, never stored.
authmaster audit state --at ISO [--user EMAIL|USER_ID] [--client APP_ID] [--format ndjson|table]
    What was in force at that instant: valid token families and their access tokens, consents,
    published signing keys. One item per line (ndjson: a "kind" field).
    --format defaults to table on a terminal, ndjson otherwise. An unknown user or app exits 1;
    a malformed time, id or token exits 2.`;

const FORMAT = { format: { type: 'string' } } as const;

/** Input mistakes become usage errors (exit 2, with help); unknown subjects stay NotFoundError (exit 1). */
async function usage<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(error.message, AUDIT_HELP);
    throw error;
  }
}

function formatOf(value: string | undefined, io: CliIo): AuditFormat {
  if (value === undefined) return (io.stdout as { isTTY?: boolean }).isTTY === true ? 'table' : 'ndjson';
  if (value === 'ndjson' || value === 'table') return value;
  throw new UsageError('--format must be ndjson or table', AUDIT_HELP);
}

async function printEvents(events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>, format: AuditFormat, io: CliIo): Promise<void> {
  const out = new LineWriter(io.stdout);
  if (format === 'table') await out.line(EVENT_TABLE_HEADER);
  for await (const event of events) {
    const record = toAuditRecord(event);
    await out.line(format === 'table' ? eventRow(record) : JSON.stringify(record));
  }
  await out.flush();
}

const progress = (io: CliIo, label: string) => (io.interactive ? { onProgress: progressBar(io.stderr, label) } : {});

async function events(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { user: { type: 'string' }, client: { type: 'string' }, family: { type: 'string' }, type: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, ...FORMAT },
    strict: true,
  });
  const format = formatOf(values.format, io);
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
  const filter: AuditFilter = {
    ...(parsed.since === undefined ? {} : { since: parsed.since }),
    ...(parsed.until === undefined ? {} : { until: parsed.until }),
    ...(parsed.types === undefined ? {} : { types: parsed.types }),
    ...(values.user === undefined ? {} : { userId: await usage(() => resolveAuditUser(runtime.store, values.user ?? '')) }),
    ...(values.client === undefined ? {} : { clientId: await resolveAuditClient(runtime.store, values.client) }),
    ...(parsed.familyId === undefined ? {} : { familyId: await requireFamily(runtime.store, parsed.familyId) }),
  };
  await printEvents(auditEvents(runtime, filter, progress(io, 'scanning the log')), format, io);
  return 0;
}

async function trace(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { token: { type: 'string' }, family: { type: 'string' }, ...FORMAT }, strict: true });
  const format = formatOf(values.format, io);
  if ((values.token === undefined) === (values.family === undefined)) throw new UsageError('give exactly one of --token or --family', AUDIT_HELP);
  const target: TraceTarget = await usage(() =>
    values.token !== undefined ? parseTraceToken(values.token) : { kind: 'family', familyId: parseFamilyId(values.family ?? '', 'family') },
  );
  await printEvents(await traceGrant(runtime, target), format, io);
  return 0;
}

async function state(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { at: { type: 'string' }, user: { type: 'string' }, client: { type: 'string' }, ...FORMAT }, strict: true });
  const format = formatOf(values.format, io);
  if (values.at === undefined) throw new UsageError('--at is required', AUDIT_HELP);
  const at = await usage(() => parseAuditTime(values.at ?? '', 'at'));
  const scope = {
    ...(values.user === undefined ? {} : { userId: await usage(() => resolveAuditUser(runtime.store, values.user ?? '')) }),
    ...(values.client === undefined ? {} : { clientId: await resolveAuditClient(runtime.store, values.client) }),
  };
  const items = await auditStateAt(runtime, at, scope, progress(io, 'folding the log'));
  const out = new LineWriter(io.stdout);
  for (const item of items) await out.line(format === 'table' ? itemRow(item) : JSON.stringify(item));
  await out.flush();
  return 0;
}

type Subcommand = (runtime: Runtime, args: string[], io: CliIo) => Promise<number>;

/** The query side of `authmaster audit`. The seal side (`seal`, `verify`, `export`) registers its subcommands beside these. */
export const AUDIT_QUERY_SUBCOMMANDS: Readonly<Record<string, Subcommand>> = { events, trace, state };

export async function auditCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const run = sub === undefined ? undefined : AUDIT_QUERY_SUBCOMMANDS[sub];
  if (run === undefined) throw new UsageError(sub ? `unknown command: audit ${sub}` : 'audit needs a command', AUDIT_HELP);
  return run(runtime, rest, io);
}
