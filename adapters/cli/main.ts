import { existsSync } from 'node:fs';
import { DomainError } from '../../src/domain/shared/errors.js';
import type { Config } from '../../src/composition/config.js';
import { ConfigError, loadConfig } from '../../src/composition/config.js';
import type { Runtime } from '../../src/composition/runtime.js';
import { createRuntime } from '../../src/composition/runtime.js';
import { subcommandHelp } from './command-help.js';
import type { CliIo } from './cli-io.js';
import { CliRefusal, UsageError, processIo } from './cli-io.js';
import { APPS_HELP, appsCommand } from './commands/apps.command.js';
import { auditVerifyFileCommand, isOfflineAuditVerify } from './commands/audit-seal.command.js';
import { AUDIT_HELP, auditCommand } from './commands/audit.command.js';
import { KEYS_HELP, keysCommand } from './commands/keys.command.js';
import { PROJECTIONS_HELP, projectionsCommand } from './commands/projections.command.js';
import { STORE_HELP, storeCommand } from './commands/store.command.js';
import { TOKENS_HELP, tokensCommand } from './commands/tokens.command.js';
import { USERS_HELP, usersCommand } from './commands/users.command.js';
import { packageVersion } from './package-version.js';
import { describeStores, eventsFile } from './store-description.js';

type RuntimeCommand = (runtime: Runtime, args: string[], io: CliIo) => Promise<number>;

interface Group {
  readonly help: string;
  /** Commands on the stores through a runtime; `store` subcommands open the files themselves. */
  readonly run: { readonly runtime: RuntimeCommand } | { readonly config: (config: Config, args: string[], io: CliIo) => Promise<number> };
  /** The subcommands that may start a new embedded store (a fresh DATA_DIR); every other one needs it to exist. */
  readonly creates?: readonly string[];
}

const GROUPS: Readonly<Record<string, Group>> = {
  users: { help: USERS_HELP, run: { runtime: usersCommand }, creates: ['create'] },
  apps: { help: APPS_HELP, run: { runtime: appsCommand } },
  tokens: { help: TOKENS_HELP, run: { runtime: tokensCommand } },
  projections: { help: PROJECTIONS_HELP, run: { runtime: projectionsCommand } },
  keys: { help: KEYS_HELP, run: { runtime: keysCommand }, creates: ['rotate'] },
  audit: { help: AUDIT_HELP, run: { runtime: auditCommand } },
  store: { help: STORE_HELP, run: { config: storeCommand } },
};

const HELP = `Usage: authmaster <command> [--verbose] | authmaster --version

${Object.values(GROUPS).map((group) => group.help).join('\n')}

Every command takes --help (prints its usage; opens nothing) and --verbose (prints the store and
the issuer it uses on stderr). Exit codes: 0 done, 1 refused or failed, 2 usage or configuration.
The CLI reads the same environment as the server (DATA_DIR, KEY_ENCRYPTION_KEY, EVENTSTORE_URL, ...)
and may run while the server runs: the server sees what it writes within a second. Only
\`users create\` and \`keys rotate\` start a new store; other commands refuse a DATA_DIR without one.`;

/** The words before `--` (after it, `--help` is a value, e.g. a name). */
const options = (args: readonly string[]): readonly string[] => (args.includes('--') ? args.slice(0, args.indexOf('--')) : args);
const wantsHelp = (args: readonly string[]): boolean => options(args).some((arg) => arg === '--help' || arg === '-h');

/** Runs one CLI invocation and returns its exit code: 0 done, 1 refused or failed, 2 usage or configuration. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const verbose = options(argv).includes('--verbose');
  const [name, ...args] = verbose ? argv.filter((arg, i) => arg !== '--verbose' || i >= options(argv).length) : argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  const group = GROUPS[name];
  if (!group) {
    io.stderr.write(`authmaster: unknown command "${name}"\n\n${HELP}\n`);
    return 2;
  }
  if (wantsHelp(args)) return printHelp(name, group, args, io);
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig(io.env);
    if (verbose) io.stderr.write(describeStores(config).map((line) => `authmaster: ${line}\n`).join(''));
    if (name === 'audit' && isOfflineAuditVerify(args)) return await auditVerifyFileCommand(args, io); // offline: no store, no DATA_DIR
    if ('config' in group.run) return await group.run.config(config, args, io);
    requireStore(config, group, args[0]);
    runtime = await createRuntime(config, { role: 'cli', logDestination: io.stderr });
    return await group.run.runtime(runtime, args, io);
  } catch (error) {
    return report(error, io);
  } finally {
    await runtime?.close();
  }
}

/** `authmaster GROUP --help` prints the group's usage, `authmaster GROUP SUB --help` the subcommand's: exit 0, nothing opened. */
function printHelp(name: string, group: Group, args: readonly string[], io: CliIo): number {
  const sub = args[0] !== undefined && !args[0].startsWith('-') ? args[0] : undefined;
  if (sub === undefined) {
    io.stdout.write(`${group.help}\n`);
    return 0;
  }
  const help = subcommandHelp(group.help, name, sub);
  if (help === undefined) {
    io.stderr.write(`authmaster: unknown command: ${name} ${sub}\n\n${group.help}\n`);
    return 2;
  }
  io.stdout.write(`${help}\n`);
  return 0;
}

/** A read (or change) of an embedded store that is not there is refused, naming the path, and creates nothing. */
function requireStore(config: Config, group: Group, sub: string | undefined): void {
  if (config.eventStoreUrl || (sub !== undefined && group.creates?.includes(sub))) return;
  const file = eventsFile(config);
  if (!existsSync(file)) throw new CliRefusal(`no event store at ${file} (DATA_DIR=${config.dataDir}); check DATA_DIR, or start the server (or \`users create\`) to create one`);
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
  if (error instanceof CliRefusal) {
    io.stderr.write(`authmaster: ${error.message}\n`);
    return 1;
  }
  if (error instanceof DomainError) {
    io.stderr.write(`authmaster: ${error.message} (${error.code})\n`);
    return 1;
  }
  const parseArgsError = error instanceof TypeError && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS');
  io.stderr.write(`authmaster: ${error instanceof Error ? error.message : String(error)}\n`);
  return parseArgsError ? 2 : 1;
}
