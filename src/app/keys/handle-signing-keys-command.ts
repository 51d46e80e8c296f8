import { SIGNING_KEYS_STREAM, type KeyMaterial, type SigningKeyEvent } from '../../domain/keys/signing-key.events.js';
import type { SigningKeysCommand } from '../../domain/keys/signing-keys.commands.js';
import { decideSigningKeys, freshKeysNeeded } from '../../domain/keys/signing-keys.decide.js';
import { WrongExpectedRevisionError, type EventStore } from '../../ports/event-store.port.js';
import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import type { Random } from '../../ports/random.port.js';
import type { CommandContext } from '../shared/context.js';
import { appendEvents } from '../shared/stream.js';
import type { KeyMaterialSource } from './key-material-source.js';
import { loadSigningKeys, type LoadedSigningKeys } from './signing-keys.stream.js';

/** A command as the caller builds it; the handler supplies the fresh key material. */
export type SigningKeysRequest = SigningKeysCommand extends infer C ? (C extends SigningKeysCommand ? Omit<C, 'fresh'> : never) : never;

export interface SigningKeysHandlerDeps {
  readonly store: EventStore;
  readonly materials: KeyMaterialSource;
  readonly random: Random;
  readonly streamName?: string;
}

const MAX_ATTEMPTS = 5;

/**
 * Read the one `signing-keys` stream, decide, append at the revision read. A racing process that
 * appended first makes us re-read and decide again (bounded), so N nodes rotating at once rotate once.
 */
export async function handleSigningKeysCommand(
  deps: SigningKeysHandlerDeps,
  request: SigningKeysRequest,
  context: CommandContext,
): Promise<{ events: SigningKeyEvent[]; loaded: LoadedSigningKeys }> {
  const streamName = deps.streamName ?? SIGNING_KEYS_STREAM;
  const spare: KeyMaterial[] = [];
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadSigningKeys(deps.store, undefined, streamName);
    const needed = freshKeysNeeded({ ...request, fresh: [] } as SigningKeysCommand, loaded.state);
    const fresh = await materialFor(needed, spare, loaded, deps.materials);
    const events = decideSigningKeys({ ...request, fresh } as SigningKeysCommand, loaded.state);
    if (events.length === 0) return { events, loaded };
    try {
      const expected = loaded.revision < 0 ? 'no_stream' : loaded.revision;
      await appendEvents(deps, streamName, events, expected, context, request.now);
      return { events, loaded: await loadSigningKeys(deps.store, loaded, streamName) };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
      spare.push(...fresh);
    }
  }
}

/** Reuse material made for a lost attempt (its kid is still unused) before generating more. */
async function materialFor(
  needed: readonly SigningAlgorithm[],
  spare: KeyMaterial[],
  loaded: LoadedSigningKeys,
  source: KeyMaterialSource,
): Promise<KeyMaterial[]> {
  const out: KeyMaterial[] = [];
  for (const alg of needed) {
    const i = spare.findIndex((m) => m.alg === alg && !loaded.state.keys.has(m.kid));
    out.push(i >= 0 ? spare.splice(i, 1)[0]! : await source.create(alg));
  }
  return out;
}
