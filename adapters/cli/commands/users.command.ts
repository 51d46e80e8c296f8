import { parseArgs } from 'node:util';
import { createUser } from '../../../src/app/users/create-user.handler.js';
import { changeRole } from '../../../src/app/users/change-role.handler.js';
import { issueUserToken } from '../../../src/app/users/issue-user-token.handler.js';
import { disableUser, enableUser } from '../../../src/app/ops/user-lifecycle.use-case.js';
import { listUsers } from '../../../src/app/users/user-queries.js';
import { revocationReason } from '../../../src/domain/ops/ops-revocation.decide.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';
import { USER_ROLES } from '../../../src/domain/users/user.events.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import type { CliIo } from '../cli-io.js';
import { UsageError, readAllStdin } from '../cli-io.js';
import { cliContext } from '../cli-context.js';

export const USERS_HELP = `authmaster users create --email E (--password P | --password-stdin) [--name N]
    Records a new user. The password is hashed with scrypt; a duplicate email fails with exit code 1.
authmaster users token --email E
    Prints a user token (a 1-hour JWT access token for the app registration API) on stdout.
authmaster users grant-role --email E --role admin|auditor|security-ops
authmaster users revoke-role --email E --role admin|auditor|security-ops
    Admins may call the key-management API (/api/v1/admin/...) with their user token; auditors the
    audit API (/api/v1/audit/...); security-ops the revocation API. admin includes the other two.
authmaster users list [--format ndjson|table]
    Every user (id, email, name, registered, status) from the users read model, which the running
    server keeps (\`projections list\` shows its lag). Never a password hash. --format defaults to
    table on a terminal, ndjson otherwise.
authmaster users disable --email E --reason TEXT
    Refuses the user's login (as a wrong password) and ends their login sessions until
    \`users enable\`, and revokes every token family of theirs (as \`tokens revoke --user\`).
    Running it again is harmless. Exit 1: unknown user; exit 2: no reason.
authmaster users enable --email E
    Allows the user's login again (their revoked tokens and ended sessions stay dead).`;

async function create(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, password: { type: 'string' }, 'password-stdin': { type: 'boolean' }, name: { type: 'string' } },
    strict: true,
  });
  if (!values.email) throw new UsageError('--email is required', USERS_HELP);
  if ((values.password === undefined) === !values['password-stdin']) throw new UsageError('give exactly one of --password or --password-stdin', USERS_HELP);
  const password = values.password ?? (await readAllStdin(io.stdin)).replace(/\r?\n$/, '');
  const user = await createUser(runtime, { email: values.email, password, name: values.name }, cliContext());
  io.stdout.write(`created user ${user.userId} (${user.email})\n`);
  return 0;
}

async function token(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  if (!values.email) throw new UsageError('--email is required', USERS_HELP);
  const issued = await issueUserToken(
    { ...runtime, issuer: runtime.config.issuer, accessTokenTtlSeconds: runtime.config.accessTokenTtlSeconds },
    { email: values.email },
    cliContext(),
  );
  io.stdout.write(`${issued.token}\n`);
  return 0;
}

async function role(runtime: Runtime, args: string[], io: CliIo, grant: boolean): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, role: { type: 'string' } }, strict: true });
  if (!values.email) throw new UsageError('--email is required', USERS_HELP);
  const wanted = USER_ROLES.find((r) => r === values.role);
  if (wanted === undefined) throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}`, USERS_HELP);
  const roles = await changeRole(runtime, { email: values.email, role: wanted, grant }, cliContext());
  io.stdout.write(`roles of ${values.email.trim().toLowerCase()}: ${roles.length === 0 ? '(none)' : roles.join(', ')}\n`);
  return 0;
}

async function list(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { format: { type: 'string' } }, strict: true });
  const format = values.format ?? ((io.stdout as { isTTY?: boolean }).isTTY === true ? 'table' : 'ndjson');
  if (format !== 'ndjson' && format !== 'table') throw new UsageError('--format must be ndjson or table', USERS_HELP);
  const users = await listUsers(runtime.readModels);
  if (format === 'table') io.stdout.write(`${'USER_ID'.padEnd(37)} ${'EMAIL'.padEnd(32)} ${'STATUS'.padEnd(9)} ${'REGISTERED'.padEnd(25)} NAME\n`);
  for (const user of users) {
    io.stdout.write(
      format === 'table'
        ? `${user.user_id.padEnd(37)} ${user.email.padEnd(32)} ${user.status.padEnd(9)} ${user.registered_at.padEnd(25)} ${user.name ?? ''}\n`
        : `${JSON.stringify(user)}\n`,
    );
  }
  return 0;
}

async function disable(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, reason: { type: 'string' } }, strict: true });
  if (!values.email) throw new UsageError('--email is required', USERS_HELP);
  if (values.reason === undefined) throw new UsageError('--reason is required', USERS_HELP);
  let reason: string;
  try {
    reason = revocationReason(values.reason);
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(error.message, USERS_HELP);
    throw error;
  }
  const { userId, revocation } = await disableUser(runtime, values.email, reason, cliContext());
  const count = revocation.families.length;
  io.stdout.write(`disabled user ${userId}; revoked ${count} token ${count === 1 ? 'family' : 'families'}\n`);
  return 0;
}

async function enable(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  if (!values.email) throw new UsageError('--email is required', USERS_HELP);
  const { userId } = await enableUser(runtime, values.email, cliContext());
  io.stdout.write(`enabled user ${userId}\n`);
  return 0;
}

export async function usersCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') return create(runtime, rest, io);
  if (sub === 'token') return token(runtime, rest, io);
  if (sub === 'grant-role') return role(runtime, rest, io, true);
  if (sub === 'revoke-role') return role(runtime, rest, io, false);
  if (sub === 'list') return list(runtime, rest, io);
  if (sub === 'disable') return disable(runtime, rest, io);
  if (sub === 'enable') return enable(runtime, rest, io);
  throw new UsageError(sub ? `unknown command: users ${sub}` : 'users needs a command', USERS_HELP);
}
