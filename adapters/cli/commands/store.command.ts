import type { Config } from '../../../src/composition/config.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../cli-io.js';
import { STORE_BACKUP_HELP, storeBackupCommand } from './store-backup.command.js';
import { STORE_CHECK_HELP, storeCheckCommand } from './store-check.command.js';

/** A `store` subcommand works on the store's files itself: it gets the configuration, not a runtime (nothing is opened for it). */
export interface StoreSubcommand {
  readonly help: string;
  run(config: Config, args: string[], io: CliIo): Promise<number>;
}

/** `authmaster store …`: one file per subcommand, listed here. */
const STORE_SUBCOMMANDS: Readonly<Record<string, StoreSubcommand>> = {
  backup: { help: STORE_BACKUP_HELP, run: storeBackupCommand },
  // no runtime: it must run on a store the server refuses to start on
  check: { help: STORE_CHECK_HELP, run: (_config, args, io) => storeCheckCommand(args, io) },
};

export const STORE_HELP = Object.values(STORE_SUBCOMMANDS).map((sub) => sub.help).join('\n');

export async function storeCommand(config: Config, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const command = sub === undefined ? undefined : STORE_SUBCOMMANDS[sub];
  if (command === undefined) throw new UsageError(sub ? `unknown command: store ${sub}` : 'store needs a command', STORE_HELP);
  return command.run(config, rest, io);
}
