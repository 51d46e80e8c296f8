import { parseArgs } from 'node:util';
import { createUser } from '../../../src/app/users/create-user.handler.js';
import { changeRole } from '../../../src/app/users/change-role.handler.js';
import { issueUserToken } from '../../../src/app/users/issue-user-token.handler.js';
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
    audit API (/api/v1/audit/...); security-ops the revocation API. admin includes the other two.`;

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

export async function usersCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') return create(runtime, rest, io);
  if (sub === 'token') return token(runtime, rest, io);
  if (sub === 'grant-role') return role(runtime, rest, io, true);
  if (sub === 'revoke-role') return role(runtime, rest, io, false);
  throw new UsageError(sub ? `unknown command: users ${sub}` : 'users needs a command', USERS_HELP);
}
