import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import type { FreshKeySupply } from './fresh-key-supply.js';
import { activated, generated } from './key-event.builders.js';
import type { SigningKeyEvent } from './signing-key.events.js';
import type { EnsureInitialKeys } from './signing-keys.commands.js';
import type { SigningKeysState } from './signing-keys.evolve.js';
import { activeKey, nextKey } from './signing-keys.queries.js';

/** Per algorithm: an active key (activated at once: nobody can hold a token yet) and a published next key. Idempotent. */
export function decideEnsureInitialKeys(c: EnsureInitialKeys, state: SigningKeysState, supply: FreshKeySupply): SigningKeyEvent[] {
  const algs = [...new Set<SigningAlgorithm>(c.algs)];
  return algs.flatMap((alg) => {
    const events: SigningKeyEvent[] = [];
    if (!activeKey(state, alg)) {
      const existing = nextKey(state, alg);
      const first = existing ?? supply.take(alg);
      if (!existing) events.push(generated(first, c.now));
      events.push(activated(first.kid, alg, c.now, 'initial'));
      if (!nextKey(state, alg, first.kid)) events.push(generated(supply.take(alg), c.now));
    } else if (!nextKey(state, alg)) {
      events.push(generated(supply.take(alg), c.now));
    }
    return events;
  });
}
