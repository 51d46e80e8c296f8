import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backupSqliteFile } from '../../sqlite/sqlite-online-backup.js';
import type { Config } from '../../../src/composition/config.js';
import type { CliIo } from '../cli-io.js';
import { CliRefusal, UsageError } from '../cli-io.js';
import { eventsFile } from '../store-description.js';

export const STORE_BACKUP_HELP = `authmaster store backup --out FILE [--force]
    Copies the embedded event log (DATA_DIR/events.db) to FILE with SQLite's online backup API,
    while the server runs: a consistent snapshot, checked with integrity_check before it is kept.
    Refuses an existing FILE unless --force. The read models are not copied (projections rebuild
    makes them again from the log); the key-encryption key (KEY_ENCRYPTION_KEY, or
    DATA_DIR/key-encryption.key) is not either: back it up separately and keep it secret.
    Exit 1: no event log at DATA_DIR, FILE exists, or the store is EventStoreDB (use its own backups).`;

export async function storeBackupCommand(config: Config, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' }, force: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (!values.out || positionals.length > 0) throw new UsageError('backup needs --out FILE', STORE_BACKUP_HELP);
  if (config.eventStoreUrl) throw new CliRefusal('store backup copies the embedded SQLite log; this configuration uses EventStoreDB (EVENTSTORE_URL): back it up with its own tools');
  const source = eventsFile(config);
  if (!existsSync(source)) throw new CliRefusal(`no event log at ${source} (DATA_DIR=${config.dataDir})`);
  if (existsSync(values.out) && values.force !== true) throw new CliRefusal(`${values.out} exists; give --force to replace it`);
  const result = await backupSqliteFile(source, values.out);
  const last = result.lastPosition === null ? 'empty log' : `up to position ${result.lastPosition}`;
  io.stdout.write(`backed up ${result.events} events (${last}, ${result.bytes} bytes) from ${source} to ${values.out}\n`);
  io.stderr.write('the key-encryption key is not in the backup: keep KEY_ENCRYPTION_KEY (or DATA_DIR/key-encryption.key) safe, apart from it\n');
  return 0;
}
