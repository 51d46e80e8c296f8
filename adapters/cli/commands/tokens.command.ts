import { parseArgs } from 'node:util';
import { revocationTarget, revocationWindow } from '../../../src/app/ops/revocation-input.js';
import { revokeTokens } from '../../../src/app/ops/revoke-tokens.use-case.js';
import { revocationReason } from '../../../src/domain/ops/ops-revocation.decide.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../cli-io.js';
import { cliContext } from '../cli-context.js';

export const TOKENS_HELP = `authmaster tokens revoke (--user EMAIL|USER_ID | --client APP_ID | --family FAMILY_ID | --session SESSION_ID | --kid KID)
                        [--issued-after ISO] [--issued-before ISO] --reason TEXT [--dry-run]
    Revokes every token family the selector names (its user, its app, its id, the login session it
    came from as the session cookie holds it, or a key that signed one of its access tokens) that
    exists now; with a window, only families with a token issued in it (bounds inclusive). One
    TokensRevokedByOps event records it with the reason and the actor; every server refuses the
    families' access and refresh tokens at their next use. Prints how many live families it revoked,
    counted by folding the log's family streams (not a projection, which may lag). --dry-run lists
    them (family_id, client_id, user_id, started) and writes nothing.
    Exit 1: unknown user, app, family, session or kid. Exit 2: no selector or two, no reason, a
    malformed instant, or --issued-after after --issued-before.`;

const OPTIONS = {
  user: { type: 'string' },
  client: { type: 'string' },
  family: { type: 'string' },
  session: { type: 'string' },
  kid: { type: 'string' },
  'issued-after': { type: 'string' },
  'issued-before': { type: 'string' },
  reason: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

/** Malformed input is a usage error (exit 2), decided before anything is read. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(error.message.replaceAll('_', '-'), TOKENS_HELP);
    throw error;
  }
}

async function revoke(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  const target = usage(() =>
    revocationTarget({ user: values.user, client_id: values.client, family_id: values.family, session_id: values.session, kid: values.kid }),
  );
  const window = usage(() => revocationWindow(values['issued-after'], values['issued-before']));
  if (values.reason === undefined) throw new UsageError('--reason is required', TOKENS_HELP);
  const reason = usage(() => revocationReason(values.reason ?? ''));
  const dryRun = values['dry-run'] === true;
  const result = await revokeTokens(runtime, { target, ...window, reason, dryRun }, cliContext());
  if (dryRun) {
    for (const family of result.families) {
      io.stdout.write(`${family.familyId} ${family.clientId} ${family.userId ?? '-'} ${new Date(family.startedAt).toISOString()}\n`);
    }
    io.stdout.write(`dry run: would revoke ${result.families.length} token ${result.families.length === 1 ? 'family' : 'families'}\n`);
    return 0;
  }
  io.stdout.write(`revoked ${result.families.length} token ${result.families.length === 1 ? 'family' : 'families'} (revocation ${result.revocationId ?? ''})\n`);
  return 0;
}

export async function tokensCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'revoke') return revoke(runtime, rest, io);
  throw new UsageError(sub ? `unknown command: tokens ${sub}` : 'tokens needs a command', TOKENS_HELP);
}
