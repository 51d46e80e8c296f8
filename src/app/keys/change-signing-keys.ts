import type { KeyMaterial } from '../../domain/keys/signing-key.events.js';
import { SIGNING_KEYS_STREAM } from '../../domain/keys/signing-key.events.js';
import type { SigningKeysCommand } from '../../domain/keys/signing-keys.commands.js';
import { freshKeysNeeded, signingKeysDecider } from '../../domain/keys/signing-keys.decide.js';
import type { SigningKeysState } from '../../domain/keys/signing-keys.evolve.js';
import { toKeyInfo } from '../../domain/keys/signing-keys.queries.js';
import type { KeyInfo, SigningAlgorithm } from '../../ports/key-manager.port.js';
import { handleCommand } from '../shared/command-handler.js';
import type { CommandContext } from '../shared/context.js';
import type { KeyAdministrationDeps } from './key-administration-deps.js';
import { requireWritableKeys } from './key-administration-deps.js';
import type { KeyMaterialSource } from './key-material-source.js';

/** A command as the use cases build it; the fresh key material is added per attempt. */
export type SigningKeysRequest = SigningKeysCommand extends infer C ? (C extends SigningKeysCommand ? Omit<C, 'fresh'> : never) : never;

/**
 * Runs one command on the one `signing-keys` stream through the command pipeline. The command is
 * built for the state it is decided on: fresh key material for exactly the keys that decision will
 * create; material made for an attempt that lost a race is reused (its kid is still unused). N nodes
 * rotating at once thus rotate once. Afterwards the local key manager re-reads, so it sees at once
 * what this command (or a racing node) changed.
 * Returns the keys the command changed.
 */
export async function changeSigningKeys(deps: KeyAdministrationDeps, request: SigningKeysRequest, context: CommandContext): Promise<KeyInfo[]> {
  const source = requireWritableKeys(deps);
  const spare: KeyMaterial[] = [];
  let offered: KeyMaterial[] = [];
  const outcome = await handleCommand(
    deps,
    SIGNING_KEYS_STREAM,
    signingKeysDecider,
    async (state) => {
      spare.push(...offered); // called again only after the previous attempt lost its append
      const needed = freshKeysNeeded({ ...request, fresh: [] } as SigningKeysCommand, state);
      offered = await materialFor(needed, spare, state, source);
      return { ...request, fresh: offered } as SigningKeysCommand;
    },
    context,
    request.now,
  );
  // Also when this decision recorded nothing: another node may have made the change, and the local
  // manager must know those keys before the caller signs with them (an incremental read).
  await deps.keys.refresh();
  const kids = new Set(outcome.events.map((event) => event.data.kid));
  const changed = [...outcome.state.keys.values()].filter((key) => kids.has(key.kid)).map(toKeyInfo);
  if (changed.length > 0) {
    deps.logger.info({ actor: context.actor, keys: changed.map((k) => ({ kid: k.kid, alg: k.alg, state: k.state })) }, 'signing keys changed');
  }
  return changed;
}

/** Reuse material made for a lost attempt (its kid is still unused) before generating more. */
async function materialFor(
  needed: readonly SigningAlgorithm[],
  spare: KeyMaterial[],
  state: SigningKeysState,
  source: KeyMaterialSource,
): Promise<KeyMaterial[]> {
  const out: KeyMaterial[] = [];
  for (const alg of needed) {
    const i = spare.findIndex((m) => m.alg === alg && !state.keys.has(m.kid));
    out.push(i >= 0 ? spare.splice(i, 1)[0]! : await source.create(alg));
  }
  return out;
}
