import type { FreshKeySupply } from './fresh-key-supply.js';
import { activated, generated, retired } from './key-event.builders.js';
import { KeyRotationTooEarlyError, NoActiveKeyError, NoNextKeyError } from './signing-key.errors.js';
import type { SigningKeyEvent } from './signing-key.events.js';
import type { RotateKeys } from './signing-keys.commands.js';
import type { SigningKeysState } from './signing-keys.evolve.js';
import { activeKey, nextKey } from './signing-keys.queries.js';

/**
 * next -> active, active -> retired (published until its last token expires), and a new next key.
 * Refused while the next key is younger than the pre-publish window, unless forced.
 */
export function decideRotateKeys(c: RotateKeys, state: SigningKeysState, supply: FreshKeySupply): SigningKeyEvent[] {
  const current = activeKey(state, c.alg);
  if (c.ifActiveKid !== undefined && current?.kid !== c.ifActiveKid) return [];
  if (!current) throw new NoActiveKeyError(c.alg);
  const events: SigningKeyEvent[] = [];
  const next = nextKey(state, c.alg);
  let nextKid: string;
  let cause: 'rotation' | 'forced-rotation' = 'rotation';
  if (!next) {
    if (!c.force) throw new NoNextKeyError(c.alg);
    const material = supply.take(c.alg);
    events.push(generated(material, c.now));
    nextKid = material.kid;
    cause = 'forced-rotation';
  } else {
    nextKid = next.kid;
    const readyAt = next.generatedAt + c.policy.prePublishMs;
    if (c.now < readyAt) {
      if (!c.force) throw new KeyRotationTooEarlyError(c.alg, next.kid, readyAt);
      cause = 'forced-rotation';
    }
  }
  events.push(
    activated(nextKid, c.alg, c.now, cause),
    retired(current.kid, c.alg, c.now, c.now + c.policy.maxTokenLifetimeMs),
  );
  if (!nextKey(state, c.alg, nextKid)) events.push(generated(supply.take(c.alg), c.now));
  return events;
}
