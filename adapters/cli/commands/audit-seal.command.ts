import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeResult } from '../../../src/app/audit/audit-chain.js';
import { matchesAuditFilter } from '../../../src/app/audit/audit-filter.js';
import { AuditLinks } from '../../../src/app/audit/audit-links.js';
import { exportAuditLog } from '../../../src/app/audit/export-audit-log.js';
import { AuditSealer } from '../../../src/app/audit/seal-audit-log.js';
import { readSealCursor } from '../../../src/app/audit/seal-cursor.js';
import { verifyAuditLog } from '../../../src/app/audit/verify-audit-log.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import type { RecordedEvent } from '../../../src/ports/event-store.port.js';
import { verifyExportFile } from '../../../tools/verify-audit-export.mjs';
import { cliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../cli-io.js';
import { progressBar } from '../progress-bar.js';
import { AUDIT_FILTER_OPTIONS, auditFilterOf } from './audit-filter-options.js';

export const AUDIT_SEAL_HELP = `authmaster audit seal
    Seals the event log now: appends an AuditLogSealed event (range, count, chain head, previous
    seal, JWS by the active ES256 key). Nothing is written when no event is new. The server seals
    every AUDIT_SEAL_INTERVAL by itself.
authmaster audit verify
    Recomputes the chain over the whole log and checks every seal and its signature.
    Exit 0 intact (events after the last seal are reported as the unsealed tail), 1 naming the
    first bad position when anything was altered, removed, inserted or reordered.
authmaster audit verify --file FILE
    Verifies an export offline, with only that file (no store, no key-encryption key).
    The same check as: node tools/verify-audit-export.mjs FILE
authmaster audit export --out FILE [--user …] [--client …] [--family …] [--type …] [--since …] [--until …]
    Seals, then writes a self-contained NDJSON export: events, seals and the public keys that signed
    them (format: docs/audit-export.md). The filters are those of audit events; events they leave
    out appear as their hash only, so the export still verifies.`;

export const AUDIT_SEAL_SUBCOMMANDS: readonly string[] = ['seal', 'verify', 'export'];

/** `audit verify --file FILE` needs no runtime: main.ts runs it before creating one (no DATA_DIR, no store). */
export function isOfflineAuditVerify(args: readonly string[]): boolean {
  return args[0] === 'verify' && args.slice(1).some((arg) => arg === '--file' || arg.startsWith('--file='));
}

export async function auditVerifyFileCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: args.slice(1), options: { file: { type: 'string' } }, allowPositionals: true, strict: true });
  if (!values.file || positionals.length > 0) throw new UsageError('verify --file takes one FILE', AUDIT_SEAL_HELP);
  let result;
  try {
    result = await verifyExportFile(values.file);
  } catch (error) {
    throw new UsageError(`cannot read ${values.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, AUDIT_SEAL_HELP);
  }
  (result.ok ? io.stdout : io.stderr).write(`${describeResult(result)}\n`);
  return result.ok ? 0 : 1;
}

function sealer(runtime: Runtime): AuditSealer {
  return new AuditSealer({ store: runtime.store, random: runtime.random, clock: runtime.clock, jwt: runtime.jwt });
}

async function seal(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('seal takes no arguments', AUDIT_SEAL_HELP);
  const outcome = await sealer(runtime).seal(cliContext());
  if (outcome.sealed === null) {
    io.stdout.write('nothing new to seal\n');
    return 0;
  }
  const s = outcome.sealed;
  io.stdout.write(`sealed #${s.seq} at position ${outcome.position}: ${s.count} events (positions ${s.first_position}..${s.last_position}), ${s.total} in all, head ${s.head}, ${s.alg} key ${s.kid}\n`);
  return 0;
}

async function verify(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError(`unexpected argument: ${args[0]}`, AUDIT_SEAL_HELP);
  const estimate = (await readSealCursor(runtime.store)).total + 1;
  const bar = io.interactive ? progressBar(io.stderr, 'verify') : undefined;
  const result = await verifyAuditLog({ store: runtime.store, keys: runtime.keys }, bar ? { onProgress: (done) => bar(done, Math.max(done, estimate)) } : {});
  if (bar && result.ok) bar(result.events, result.events);
  (result.ok ? io.stdout : io.stderr).write(`${bar ? '\n' : ''}${describeResult(result)}\n`);
  return result.ok ? 0 : 1;
}

async function exportCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' }, ...AUDIT_FILTER_OPTIONS }, allowPositionals: true, strict: true });
  if (!values.out || positionals.length > 0) throw new UsageError('export needs --out FILE', AUDIT_SEAL_HELP);
  const filter = await auditFilterOf(runtime, values, AUDIT_SEAL_HELP);
  const filtered = Object.keys(filter).length > 0;
  // The export reads the whole log in order, so the subjects of each event are followed as it goes.
  const links = new AuditLinks();
  const include = filtered ? (event: RecordedEvent) => matchesAuditFilter(event, filter, links.observe(event)) : undefined;
  const bar = io.interactive ? progressBar(io.stderr, 'export') : undefined;
  const out = values.out;
  const temporary = `${out}.partial-${process.pid}`;
  const file = createWriteStream(temporary, { flags: 'wx', encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject));
  try {
    await opened;
  } catch (error) {
    throw new UsageError(`cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, AUDIT_SEAL_HELP);
  }
  try {
    const write = (line: string): Promise<void> | void => {
      if (!file.write(`${line}\n`)) return new Promise((resolve) => file.once('drain', resolve));
    };
    const summary = await exportAuditLog(
      { store: runtime.store, sealer: sealer(runtime), clock: runtime.clock, issuer: runtime.config.issuer, keys: runtime.keys },
      write,
      { context: cliContext(), ...(include ? { include } : {}), ...(bar ? { onProgress: bar } : {}) },
    );
    await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
    renameSync(temporary, out);
    io.stdout.write(`exported ${summary.events} events (${summary.included} in full), ${summary.seals} seals to ${out}; chain head ${summary.head}\n`);
    return 0;
  } catch (error) {
    file.destroy();
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** `authmaster audit seal|verify|export` (the integrator merges these into the `audit` command with the query subcommands). */
export async function auditSealCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'seal') return seal(runtime, rest, io);
  if (sub === 'verify') return isOfflineAuditVerify(args) ? auditVerifyFileCommand(args, io) : verify(runtime, rest, io);
  if (sub === 'export') return exportCommand(runtime, rest, io);
  throw new UsageError(sub ? `unknown command: audit ${sub}` : 'audit needs a command', AUDIT_SEAL_HELP);
}
