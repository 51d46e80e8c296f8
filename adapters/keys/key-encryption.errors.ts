import { DomainError } from '../../src/domain/shared/errors.js';

/** A stored signing key cannot be opened with the configured key-encryption key (wrong KEY_ENCRYPTION_KEY?). */
export class KeyDecryptionError extends DomainError {
  readonly code = 'key_decryption_failed';
  constructor(readonly kid: string, readonly sealedWithKekId: string, readonly configuredKekId: string) {
    super(
      sealedWithKekId === configuredKekId
        ? `signing key ${kid} could not be decrypted: its ciphertext is damaged`
        : `signing key ${kid} was sealed with key-encryption key ${sealedWithKekId} but the configured one is ${configuredKekId}: check KEY_ENCRYPTION_KEY (or DATA_DIR/key-encryption.key)`,
    );
  }
}

/** KEY_ENCRYPTION_KEY is set but unusable, or the key file is unreadable. */
export class KeyEncryptionConfigError extends DomainError {
  readonly code = 'key_encryption_config';
}
