import type { CommandContext } from '../shared/context.js';
import type { Clock } from '../../ports/clock.port.js';
import type { EventStore, RecordedEvent } from '../../ports/event-store.port.js';
import type { KeyManager } from '../../ports/key-manager.port.js';
import type { ChainEntry } from './audit-chain.js';
import { AuditChainVerifier, CHAIN_VERSION, EXPORT_FORMAT, EXPORT_VERSION, SEAL_STREAM, chainFieldsOf, envelopeOf, eventHash } from './audit-chain.js';
import { withholdsData } from './export-withheld.js';
import { AuditLogTamperedError, NothingToExportError } from './audit-seal.errors.js';
import { sealKeys } from './seal-keys.js';
import type { AuditSealer } from './seal-audit-log.js';
import { readSealCursor } from './seal-cursor.js';
import { logPages } from '../shared/stream-reader.js';

export interface ExportAuditLogDeps {
  readonly store: EventStore;
  readonly sealer: AuditSealer;
  readonly clock: Clock;
  readonly issuer: string;
  /** Keys the log does not record (a PEM directory's), to put in the export. */
  readonly keys?: KeyManager;
}

export interface ExportAuditLogOptions {
  readonly context: CommandContext;
  /** Events to export in full; the others appear as their hash only. Default: every event. */
  readonly include?: (event: RecordedEvent) => boolean;
  readonly pageSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ExportSummary {
  readonly events: number;
  readonly included: number;
  readonly seals: number;
  readonly head: string;
}

/**
 * Seals, then writes the self-contained export (docs/audit-export.md) line by line through `write`:
 * a header, the public keys that signed the seals, every event up to the newest seal in log order
 * (in full; as its envelope without data when the data is withheld — sealed private keys, password
 * hashes; as its hash only when `include` leaves it out), and an end line. The log is verified while it is written: a
 * tampered log is refused (AuditLogTamperedError), not exported.
 */
export async function exportAuditLog(deps: ExportAuditLogDeps, write: (line: string) => Promise<void> | void, options: ExportAuditLogOptions): Promise<ExportSummary> {
  await deps.sealer.seal(options.context);
  const cursor = await readSealCursor(deps.store);
  if (cursor.sealPosition === undefined) throw new NothingToExportError();
  const keys = await sealKeys(deps.store, deps.keys);
  const verifier = new AuditChainVerifier({ keys });
  const include = options.include ?? (() => true);
  const pageSize = options.pageSize ?? 1000;

  await write(JSON.stringify({ kind: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, chain: CHAIN_VERSION, issuer: deps.issuer, created_at: new Date(deps.clock.now()).toISOString(), filtered: options.include !== undefined }));
  for (const key of keys) await write(JSON.stringify({ kind: 'key', kid: key.kid, alg: key.alg, jwk: key.jwk }));

  let events = 0;
  let included = 0;
  let pastLastSeal = false;
  for await (const page of logPages(deps.store, null, pageSize)) {
    for (const event of page) {
      pastLastSeal = event.position > cursor.sealPosition;
      if (pastLastSeal) break;
      const fields = chainFieldsOf(event);
      const hash = eventHash(fields);
      const position = event.position.toString();
      const shown = event.streamName === SEAL_STREAM || include(event);
      const entry: ChainEntry = !shown ? { position, hash } : withholdsData(event) ? { position, hash, envelope: envelopeOf(fields) } : { position, hash, event: fields };
      const problem = verifier.push(entry);
      if (problem) throw new AuditLogTamperedError(problem);
      const kind = entry.event ? 'event' : entry.envelope ? 'redacted' : 'omitted';
      await write(JSON.stringify({ kind, ...entry }));
      events += 1;
      if (shown) included += 1;
    }
    options.onProgress?.(events, Math.max(events, cursor.total + 1));
    if (pastLastSeal || page.at(-1)?.position === cursor.sealPosition) break;
  }
  const summary = verifier.finish();
  await write(JSON.stringify({ kind: 'end', events: summary.events, seals: summary.seals, head: summary.head }));
  return { events, included, seals: summary.seals, head: summary.head };
}

