import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import type { Decider } from '../shared/decider.js';
import { decisionOf } from '../shared/decider.js';
import { assertNever } from '../shared/event.js';
import { decideActivateKey, decideGenerateKey } from './activate-key.decide.js';
import { decideEnsureInitialKeys } from './ensure-initial-keys.decide.js';
import { countingSupply, supplyFrom, type FreshKeySupply } from './fresh-key-supply.js';
import { decideRevokeKey } from './revoke-key.decide.js';
import { decideRotateKeys } from './rotate-keys.decide.js';
import { isSigningKeyEvent, type SigningKeyEvent } from './signing-key.events.js';
import type { SigningKeysCommand } from './signing-keys.commands.js';
import { evolveSigningKeys, initialSigningKeysState, type SigningKeysState } from './signing-keys.evolve.js';

export function decideSigningKeys(command: SigningKeysCommand, state: SigningKeysState): SigningKeyEvent[] {
  return decideWith(command, state, supplyFrom(command.fresh, state));
}

/** The algorithms (one entry per key) of the fresh material `command` will consume in `state`; throws what decide would. */
export function freshKeysNeeded(command: SigningKeysCommand, state: SigningKeysState): SigningAlgorithm[] {
  const supply = countingSupply();
  decideWith(command, state, supply);
  return supply.requested;
}

function decideWith(command: SigningKeysCommand, state: SigningKeysState, supply: FreshKeySupply): SigningKeyEvent[] {
  switch (command.type) {
    case 'EnsureInitialKeys':
      return decideEnsureInitialKeys(command, state, supply);
    case 'GenerateKey':
      return decideGenerateKey(command, state, supply);
    case 'ActivateKey':
      return decideActivateKey(command, state, supply);
    case 'RotateKeys':
      return decideRotateKeys(command, state, supply);
    case 'RevokeKey':
      return decideRevokeKey(command, state, supply);
    default:
      return assertNever(command);
  }
}

export const signingKeysDecider: Decider<SigningKeysState, SigningKeysCommand, SigningKeyEvent> = {
  initialState: initialSigningKeysState,
  evolve: evolveSigningKeys,
  decide: decisionOf(decideSigningKeys),
  isEvent: isSigningKeyEvent,
};
