import { parseArgs } from 'node:util';
import { auditEvents } from '../../../src/app/audit/audit-events.query.js';
import { parseAuditTime, parseFamilyId } from '../../../src/app/audit/audit-input.js';
import { toAuditRecord } from '../../../src/app/audit/audit-record.js';
import { auditStateAt } from '../../../src/app/audit/audit-state.query.js';
import { traceGrant } from '../../../src/app/audit/audit-trace.query.js';
import type { TraceTarget } from '../../../src/app/audit/trace-target.js';
import { parseTraceToken } from '../../../src/app/audit/trace-target.js';
import { resolveAuditClient, resolveAuditUser } from '../../../src/app/audit/resolve-audit-subjects.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import type { RecordedEvent } from '../../../src/ports/event-store.port.js';
import type { AuditFormat } from '../audit-output.js';
import { EVENT_TABLE_HEADER, LineWriter, eventRow, itemRow } from '../audit-output.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../cli-io.js';
import { progressBar } from '../progress-bar.js';
import { AUDIT_FILTER_OPTIONS, asUsageError, auditFilterOf } from './audit-filter-options.js';
import { AUDIT_SEAL_HELP, AUDIT_SEAL_SUBCOMMANDS, auditSealCommand } from './audit-seal.command.js';

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
    a malformed time, id or token exits 2.
${AUDIT_SEAL_HELP}`;

const FORMAT = { format: { type: 'string' } } as const;

/** The audit queries read the audit read models. */
const auditDepsOf = (runtime: Runtime) => ({ ...runtime, readModels: runtime.auditReadModels });

const usage = <T>(work: () => T | Promise<T>): Promise<T> => asUsageError(work, AUDIT_HELP);

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
  const { values } = parseArgs({ args, options: { ...AUDIT_FILTER_OPTIONS, ...FORMAT }, strict: true });
  const format = formatOf(values.format, io);
  const filter = await auditFilterOf(runtime, values, AUDIT_HELP);
  await printEvents(auditEvents(auditDepsOf(runtime), filter, progress(io, 'scanning the log')), format, io);
  return 0;
}

async function trace(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { token: { type: 'string' }, family: { type: 'string' }, ...FORMAT }, strict: true });
  const format = formatOf(values.format, io);
  if ((values.token === undefined) === (values.family === undefined)) throw new UsageError('give exactly one of --token or --family', AUDIT_HELP);
  const target: TraceTarget = await usage(() =>
    values.token !== undefined ? parseTraceToken(values.token) : { kind: 'family', familyId: parseFamilyId(values.family ?? '', 'family') },
  );
  await printEvents(await traceGrant(auditDepsOf(runtime), target), format, io);
  return 0;
}

async function state(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { at: { type: 'string' }, user: { type: 'string' }, client: { type: 'string' }, ...FORMAT }, strict: true });
  const format = formatOf(values.format, io);
  if (values.at === undefined) throw new UsageError('--at is required', AUDIT_HELP);
  const at = await usage(() => parseAuditTime(values.at ?? '', 'at'));
  const scope = {
    ...(values.user === undefined ? {} : { userId: await usage(() => resolveAuditUser(runtime.store, values.user ?? '')) }),
    ...(values.client === undefined ? {} : { clientId: await resolveAuditClient(runtime.apps, values.client) }),
  };
  const items = await auditStateAt(auditDepsOf(runtime), at, scope, progress(io, 'folding the log'));
  const out = new LineWriter(io.stdout);
  for (const item of items) await out.line(format === 'table' ? itemRow(item) : JSON.stringify(item));
  await out.flush();
  return 0;
}

type Subcommand = (runtime: Runtime, args: string[], io: CliIo) => Promise<number>;

const AUDIT_QUERY_SUBCOMMANDS: Readonly<Record<string, Subcommand>> = { events, trace, state };

/** `authmaster audit …`: the queries here, the seal side (seal, verify, export) in audit-seal.command.ts. */
export async function auditCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const run = sub === undefined ? undefined : AUDIT_QUERY_SUBCOMMANDS[sub];
  if (run !== undefined) return run(runtime, rest, io);
  if (sub !== undefined && AUDIT_SEAL_SUBCOMMANDS.includes(sub)) return auditSealCommand(runtime, args, io);
  throw new UsageError(sub ? `unknown command: audit ${sub}` : 'audit needs a command', AUDIT_HELP);
}
