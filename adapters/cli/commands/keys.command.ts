import { parseArgs } from 'node:util';
import { ReadOnlyKeysError } from '../../../src/app/keys/read-only-keys.error.js';
import { revokeKey } from '../../../src/app/keys/revoke-key.use-case.js';
import { rotateKeys } from '../../../src/app/keys/rotate-keys.use-case.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import { SIGNING_ALGORITHMS, isSigningAlgorithm } from '../../../src/domain/keys/signing-algorithms.js';
import { KeyRotationTooEarlyError } from '../../../src/domain/keys/signing-key.errors.js';
import type { KeyInfo, SigningAlgorithm } from '../../../src/ports/key-manager.port.js';
import type { CliIo } from '../cli-io.js';
import { CliRefusal, UsageError } from '../cli-io.js';
import { cliContext } from '../cli-context.js';

export const KEYS_HELP = `authmaster keys list
    Every signing key: kid, algorithm, state and times.
authmaster keys rotate [--alg ${SIGNING_ALGORITHMS.join('|')}] [--force]
    Activates the next key, retires the current one and publishes a new next key (every algorithm
    in use unless --alg). Refused (exit 1) while the next key is younger than JWKS_PREPUBLISH,
    unless --force.
authmaster keys revoke KID --reason TEXT
    Unpublishes a compromised key at once; tokens it signed stop verifying and the next key takes over.`;

const time = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString());

function printKeys(keys: readonly KeyInfo[], io: CliIo): void {
  io.stdout.write('KID\tALG\tSTATE\tGENERATED\tACTIVATED\tRETIRED\tPUBLISHED_UNTIL\tREVOKED\n');
  for (const key of [...keys].sort((a, b) => a.alg.localeCompare(b.alg) || a.generatedAt - b.generatedAt)) {
    const revoked = key.revokedAt === undefined ? '-' : `${time(key.revokedAt)} (${key.revokeReason ?? ''})`;
    io.stdout.write(`${key.kid}\t${key.alg}\t${key.state}\t${time(key.generatedAt)}\t${time(key.activatedAt)}\t${time(key.retiredAt)}\t${time(key.publishedUntil)}\t${revoked}\n`);
  }
}

/**
 * The key use cases refuse changes to a read-only key source; on the command line that is a usage
 * mistake. A rotation refused for the pre-publish window says how to override it.
 */
function readOnlyAsUsage(error: unknown): unknown {
  if (error instanceof KeyRotationTooEarlyError) {
    return new CliRefusal(`${error.message} (${error.code}): clients may not have fetched the next key yet. To rotate now anyway (e.g. a compromised key), run: authmaster keys rotate --alg ${error.alg} --force`);
  }
  return error instanceof ReadOnlyKeysError ? new UsageError('the configured key adapter is read-only (KEYS_DIR): rotate by adding files to the directory') : error;
}

async function rotate(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { alg: { type: 'string' }, force: { type: 'boolean' } }, strict: true });
  if (values.alg !== undefined && !isSigningAlgorithm(values.alg)) {
    throw new UsageError(`--alg must be one of ${SIGNING_ALGORITHMS.join(', ')}`, KEYS_HELP);
  }
  const rotated: SigningAlgorithm[] = [];
  try {
    const request = { alg: values.alg as SigningAlgorithm | undefined, force: values.force === true, onRotated: (alg: SigningAlgorithm) => void rotated.push(alg) };
    await rotateKeys(runtime.keyAdministration, request, cliContext()).catch((error: unknown) => Promise.reject(readOnlyAsUsage(error)));
  } finally {
    // what was done is reported even when a later algorithm is refused
    if (rotated.length > 0) io.stderr.write(`rotated ${rotated.join(', ')}${values.force ? ' (forced)' : ''}\n`);
  }
  printKeys(await runtime.keys.list(), io);
  return 0;
}

async function revoke(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { reason: { type: 'string' } }, allowPositionals: true, strict: true });
  const [kid, ...extra] = positionals;
  if (kid === undefined || extra.length > 0) throw new UsageError('revoke takes exactly one KID', KEYS_HELP);
  if (!values.reason?.trim()) throw new UsageError('--reason is required', KEYS_HELP);
  const keys = await revokeKey(runtime.keyAdministration, { kid, reason: values.reason.trim() }, cliContext()).catch((error: unknown) => Promise.reject(readOnlyAsUsage(error)));
  io.stderr.write(`revoked ${kid}\n`);
  printKeys(keys, io);
  return 0;
}

export async function keysCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    printKeys(await runtime.keys.list(), io);
    return 0;
  }
  if (sub === 'rotate') return rotate(runtime, rest, io);
  if (sub === 'revoke') return revoke(runtime, rest, io);
  throw new UsageError(sub ? `unknown command: keys ${sub}` : 'keys needs a command', KEYS_HELP);
}
