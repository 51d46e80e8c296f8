import type { FreshKeySupply } from './fresh-key-supply.js';
import { activated, generated, retired } from './key-event.builders.js';
import { InvalidKeyStateError, KeyRotationTooEarlyError, UnknownSigningKeyError } from './signing-key.errors.js';
import type { SigningKeyEvent } from './signing-key.events.js';
import type { ActivateKey, GenerateKey } from './signing-keys.commands.js';
import type { SigningKeysState } from './signing-keys.evolve.js';
import { activeKey, nextKey } from './signing-keys.queries.js';

export function decideGenerateKey(c: GenerateKey, _state: SigningKeysState, supply: FreshKeySupply): SigningKeyEvent[] {
  return [generated(supply.take(c.alg), c.now)];
}

/** Activate one chosen published key; the current key of its alg retires; a next key is kept published. */
export function decideActivateKey(c: ActivateKey, state: SigningKeysState, supply: FreshKeySupply): SigningKeyEvent[] {
  const key = state.keys.get(c.kid);
  if (!key) throw new UnknownSigningKeyError(c.kid);
  if (key.state === 'active') return [];
  if (key.state !== 'generated') throw new InvalidKeyStateError(`key ${key.kid} is ${key.state}; only a published next key can be activated`);
  const current = activeKey(state, key.alg);
  const readyAt = key.generatedAt + c.policy.prePublishMs;
  if (current && c.now < readyAt && !c.force) throw new KeyRotationTooEarlyError(key.alg, key.kid, readyAt);
  const cause = !current ? 'initial' : c.now < readyAt ? 'forced-rotation' : 'manual';
  const events: SigningKeyEvent[] = [activated(key.kid, key.alg, c.now, cause)];
  if (current) events.push(retired(current.kid, key.alg, c.now, c.now + c.policy.maxTokenLifetimeMs));
  if (!nextKey(state, key.alg, key.kid)) events.push(generated(supply.take(key.alg), c.now));
  return events;
}
