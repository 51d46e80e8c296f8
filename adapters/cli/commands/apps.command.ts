import { parseArgs } from 'node:util';
import type { AppDocument } from '../../../projections/apps.projection.js';
import { listAllApps } from '../../../src/app/apps/app-queries.js';
import { disableApp } from '../../../src/app/apps/disable-app.use-case.js';
import { enableApp } from '../../../src/app/apps/enable-app.use-case.js';
import { loadApp } from '../../../src/app/apps/load-app.js';
import { rotateAppSecret } from '../../../src/app/apps/rotate-app-secret.use-case.js';
import { loadUserByEmail } from '../../../src/app/users/load-user.js';
import { parseDuration } from '../../../src/composition/config.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import { appRefusal } from '../../../src/domain/apps/app-token-revocation.js';
import { NotFoundError } from '../../../src/domain/shared/errors.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../cli-io.js';
import { cliContext } from '../cli-context.js';

export const APPS_HELP = `authmaster apps list [--owner EMAIL] [--format ndjson|table]
    Every app (from the apps read model), oldest first: id, owner, state, name. Never a secret.
authmaster apps show APP_ID
    One app from its stream: state, owner, redirect URIs, grant types, created and disabled times.
authmaster apps disable APP_ID --reason TEXT
    Refuses every grant for the app and revokes all of its tokens, until \`apps enable\`.
authmaster apps enable APP_ID
    The app works again; the tokens revoked by the disabling stay revoked.
authmaster apps rotate-secret APP_ID [--grace DURATION]
    Prints a new secret once. The old one stops working at once, or after --grace (e.g. 1h).`;

const iso = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

function oneAppId(positionals: readonly string[], what: string): string {
  const [appId, ...extra] = positionals;
  if (appId === undefined || extra.length > 0) throw new UsageError(`${what} takes exactly one APP_ID`, APPS_HELP);
  return appId;
}

async function list(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { owner: { type: 'string' }, format: { type: 'string' } }, strict: true });
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'ndjson') throw new UsageError('--format must be ndjson or table', APPS_HELP);
  let ownerId: string | undefined;
  if (values.owner !== undefined) {
    const owner = await loadUserByEmail(runtime.store, values.owner);
    if (owner === null) throw new NotFoundError(`no user with the email ${values.owner.trim().toLowerCase()}`);
    ownerId = owner.userId;
  }
  const apps = await listAllApps(runtime.readModels, ownerId);
  if (format === 'ndjson') {
    for (const app of apps) io.stdout.write(`${JSON.stringify(app)}\n`);
    return 0;
  }
  io.stdout.write('APP_ID\tOWNER_ID\tSTATUS\tCREATED\tNAME\n');
  const row = (app: AppDocument): string => `${app.app_id}\t${app.owner_id}\t${app.status}\t${app.created_at}\t${app.name}\n`;
  for (const app of apps) io.stdout.write(row(app));
  return 0;
}

async function show(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const app = await loadApp(runtime.apps, oneAppId(positionals, 'show'));
  if (app === null) throw new NotFoundError('no such app');
  const lines = [
    ['app_id', app.appId],
    ['name', app.name],
    ['status', appRefusal(app) ?? 'active'],
    ['owner_id', app.ownerId],
    ['redirect_uris', app.redirectUris.join(' ') || '-'],
    ['grant_types', app.grantTypes.join(' ')],
    ['scopes', app.scopes.join(' ')],
    ['token_endpoint_auth_method', app.tokenEndpointAuthMethod],
    ['created_at', iso(app.registeredAt)],
    ['disabled_at', iso(app.disabled?.at ?? null)],
    ['disable_reason', app.disabled?.reason ?? '-'],
    ['deleted_at', iso(app.deletedAt)],
    ['tokens_valid_after', iso(app.tokensValidAfter)],
  ];
  for (const [key, value] of lines) io.stdout.write(`${key}\t${value}\n`);
  return 0;
}

async function disable(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { reason: { type: 'string' } }, allowPositionals: true, strict: true });
  const appId = oneAppId(positionals, 'disable');
  if (!values.reason?.trim()) throw new UsageError('--reason is required', APPS_HELP);
  const outcome = await disableApp(runtime, { appId, reason: values.reason }, cliContext());
  io.stdout.write(outcome.events.length > 0 ? `disabled ${appId}; all of its tokens are revoked\n` : `${appId} was already disabled\n`);
  return 0;
}

async function enable(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const appId = oneAppId(positionals, 'enable');
  const outcome = await enableApp(runtime, { appId }, cliContext());
  io.stdout.write(outcome.events.length > 0 ? `enabled ${appId}\n` : `${appId} was not disabled\n`);
  return 0;
}

async function rotateSecret(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { grace: { type: 'string' } }, allowPositionals: true, strict: true });
  const appId = oneAppId(positionals, 'rotate-secret');
  let graceSeconds = 0;
  if (values.grace !== undefined) {
    try {
      graceSeconds = parseDuration(values.grace);
    } catch (error) {
      throw new UsageError(`--grace: ${(error as Error).message}`, APPS_HELP);
    }
  }
  const rotated = await rotateAppSecret(runtime, { appId, graceSeconds }, cliContext());
  const until = rotated.previousSecretValidUntil;
  io.stderr.write(until === null ? 'the old secret no longer works\n' : `the old secret works until ${iso(until)}\n`);
  io.stdout.write(`${rotated.appSecret}\n`);
  return 0;
}

export async function appsCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') return list(runtime, rest, io);
  if (sub === 'show') return show(runtime, rest, io);
  if (sub === 'disable') return disable(runtime, rest, io);
  if (sub === 'enable') return enable(runtime, rest, io);
  if (sub === 'rotate-secret') return rotateSecret(runtime, rest, io);
  throw new UsageError(sub ? `unknown command: apps ${sub}` : 'apps needs a command', APPS_HELP);
}
