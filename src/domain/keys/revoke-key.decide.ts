import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import { ValidationError } from '../shared/errors.js';
import type { FreshKeySupply } from './fresh-key-supply.js';
import { activated, generated, revoked } from './key-event.builders.js';
import { MAX_REVOCATION_REASON_LENGTH as MAX_REASON } from './revocation-reason.js';
import { UnknownSigningKeyError } from './signing-key.errors.js';
import type { SigningKeyEvent } from './signing-key.events.js';
import type { RevokeKey } from './signing-keys.commands.js';
import type { SigningKeysState } from './signing-keys.evolve.js';
import { nextKey } from './signing-keys.queries.js';

/**
 * Unpublish at once. If the key was signing, the next key takes over now (or a new one is generated
 * and activated in the same decision); a new next key is published when none is left. Revoking
 * a revoked key is a no-op.
 */
export function decideRevokeKey(c: RevokeKey, state: SigningKeysState, supply: FreshKeySupply): SigningKeyEvent[] {
  const reason = c.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON || /[\u0000-\u001f]/.test(reason)) {
    throw new ValidationError('reason', `a revocation reason of 1 to ${MAX_REASON} printable characters is required`);
  }
  const key = state.keys.get(c.kid);
  if (!key) throw new UnknownSigningKeyError(c.kid);
  if (key.state === 'revoked') return [];
  const events: SigningKeyEvent[] = [revoked(key.kid, key.alg, c.now, reason)];
  if (key.state === 'retired') return events;
  const events2 = key.state === 'active' ? takeOver(c, state, key.kid, key.alg, supply) : [];
  events.push(...events2);
  const takenOver = events2.find((e) => e.type === 'SigningKeyActivated')?.data.kid;
  const stillNext = [...state.keys.values()].some(
    (k) => k.alg === key.alg && k.state === 'generated' && k.kid !== key.kid && k.kid !== takenOver,
  );
  if (!stillNext) events.push(generated(supply.take(key.alg), c.now));
  return events;
}

/** The oldest other next key starts signing now; without one, a new key is generated and activated. */
function takeOver(c: RevokeKey, state: SigningKeysState, kid: string, alg: SigningAlgorithm, supply: FreshKeySupply): SigningKeyEvent[] {
  const successor = nextKey(state, alg, kid);
  if (successor) return [activated(successor.kid, alg, c.now, 'revocation')];
  const material = supply.take(alg);
  return [generated(material, c.now), activated(material.kid, alg, c.now, 'revocation')];
}
