import { DomainError } from '../../src/domain/shared/errors.js';
import { ConfigError, loadConfig } from '../../src/composition/config.js';
import type { Runtime } from '../../src/composition/runtime.js';
import { createRuntime } from '../../src/composition/runtime.js';
import type { CliIo } from './cli-io.js';
import { UsageError, processIo } from './cli-io.js';
import { APPS_HELP, appsCommand } from './commands/apps.command.js';
import { auditVerifyFileCommand, isOfflineAuditVerify } from './commands/audit-seal.command.js';
import { AUDIT_HELP, auditCommand } from './commands/audit.command.js';
import { KEYS_HELP, keysCommand } from './commands/keys.command.js';
import { PROJECTIONS_HELP, projectionsCommand } from './commands/projections.command.js';
import { STORE_CHECK_HELP, storeCheckCommand } from './commands/store-check.command.js';
import { TOKENS_HELP, tokensCommand } from './commands/tokens.command.js';
import { USERS_HELP, usersCommand } from './commands/users.command.js';

const HELP = `Usage: authmaster <command>

${USERS_HELP}
${APPS_HELP}
${TOKENS_HELP}
${PROJECTIONS_HELP}
${KEYS_HELP}
${AUDIT_HELP}
${STORE_CHECK_HELP}

The CLI reads the same environment as the server (DATA_DIR, KEY_ENCRYPTION_KEY, EVENTSTORE_URL, ...)
and may run while the server runs: the server sees what it writes within a second.`;

type Command = (runtime: Runtime, args: string[], io: CliIo) => Promise<number>;
const COMMANDS: Record<string, Command> = { users: usersCommand, apps: appsCommand, tokens: tokensCommand, projections: projectionsCommand, keys: keysCommand, audit: auditCommand };

/** Runs one CLI invocation and returns its exit code: 0 done, 1 refused or failed, 2 usage or configuration. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === 'store' && args[0] === 'check') return storeCheckCommand(args.slice(1), io).catch((error: unknown) => report(error, io)); // no runtime: it must run on a damaged store
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`authmaster: unknown command "${name}"\n\n${HELP}\n`);
    return 2;
  }
  let runtime: Runtime | undefined;
  try {
    if (name === 'audit' && isOfflineAuditVerify(args)) return await auditVerifyFileCommand(args, io); // offline: no store, no DATA_DIR
    runtime = await createRuntime(loadConfig(io.env), { role: 'cli', logDestination: io.stderr });
    return await command(runtime, args, io);
  } catch (error) {
    return report(error, io);
  } finally {
    await runtime?.close();
  }
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`authmaster: ${error.message}\n${error.help ? `\n${error.help}\n` : ''}`);
    return 2;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`authmaster: ${error.message}\n`);
    return 2;
  }
  if (error instanceof DomainError) {
    io.stderr.write(`authmaster: ${error.message} (${error.code})\n`);
    return 1;
  }
  const parseArgsError = error instanceof TypeError && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS');
  io.stderr.write(`authmaster: ${error instanceof Error ? error.message : String(error)}\n`);
  return parseArgsError ? 2 : 1;
}
