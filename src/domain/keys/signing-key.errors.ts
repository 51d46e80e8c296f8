import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import { DomainError } from '../shared/errors.js';

export class UnknownSigningKeyError extends DomainError {
  readonly code = 'key_not_found';
  constructor(readonly kid: string) {
    super(`no signing key with kid ${kid}`);
  }
}

export class NoActiveKeyError extends DomainError {
  readonly code = 'no_active_key';
  constructor(readonly alg: SigningAlgorithm) {
    super(`no active ${alg} signing key`);
  }
}

export class NoNextKeyError extends DomainError {
  readonly code = 'no_next_key';
  constructor(readonly alg: SigningAlgorithm) {
    super(`no published next ${alg} key to rotate to (use force to generate and activate one at once)`);
  }
}

/** The next key has not been published for the pre-publish window yet; clients may not have fetched it. */
export class KeyRotationTooEarlyError extends DomainError {
  readonly code = 'key_rotation_too_early';
  constructor(readonly alg: SigningAlgorithm, readonly kid: string, readonly readyAt: number) {
    super(`next ${alg} key ${kid} is published since less than the pre-publish window; ready at ${new Date(readyAt).toISOString()}`);
  }
}

export class InvalidKeyStateError extends DomainError {
  readonly code = 'invalid_key_state';
}

/** Key material in a command is missing, duplicated, of the wrong type, or carries private members. */
export class InvalidKeyMaterialError extends DomainError {
  readonly code = 'invalid_key_material';
}
