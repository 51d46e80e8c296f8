import { parseArgs } from 'node:util';
import { createUser } from '../../../src/app/users/create-user.handler.js';
import { issueUserToken } from '../../../src/app/users/issue-user-token.handler.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import type { CliIo } from '../cli-io.js';
import { UsageError, readAllStdin } from '../cli-io.js';
import { cliContext } from '../cli-context.js';

export const USERS_HELP = `authmaster users create --email E (--password P | --password-stdin) [--name N]
    Records a new user. The password is hashed with scrypt; a duplicate email fails with exit code 1.
authmaster users token --email E
    Prints a user token (a 1-hour JWT access token for the app registration API) on stdout.`;

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

export async function usersCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') return create(runtime, rest, io);
  if (sub === 'token') return token(runtime, rest, io);
  throw new UsageError(sub ? `unknown command: users ${sub}` : 'users needs a command', USERS_HELP);
}
