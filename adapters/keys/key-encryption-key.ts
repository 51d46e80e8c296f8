/**
 * The key-encryption key (KEK) seals signing keys with AES-256-GCM before they enter an event.
 * The additional authenticated data binds a ciphertext to its kid and alg, so a sealed key cannot
 * be moved to another key's event. The raw KEK never leaves this object (not in JSON, not in inspect).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { EncryptedPrivateKey } from '../../src/domain/keys/signing-key.events.js';
import { KeyDecryptionError } from './key-encryption.errors.js';

export class KeyEncryptionKey {
  /** A fingerprint (truncated SHA-256 of a domain-separated hash), safe to store and log. */
  readonly id: string;
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new RangeError('a key-encryption key is 32 bytes');
    this.#key = Buffer.from(key);
    this.id = createHash('sha256').update('authmaster/kek-id/v1\0').update(this.#key).digest('base64url').slice(0, 16);
  }

  seal(plaintext: Uint8Array, aad: string): EncryptedPrivateKey {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      enc: 'A256GCM',
      kekId: this.id,
      iv: iv.toString('base64url'),
      ciphertext: ciphertext.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    };
  }

  /** Throws KeyDecryptionError when this is not the KEK that sealed it, or the ciphertext was altered. */
  open(sealed: EncryptedPrivateKey, aad: string, kid: string): Buffer {
    try {
      const iv = Buffer.from(sealed.iv, 'base64url');
      if (iv.length !== 12) throw new Error('bad IV length');
      // a full 16-byte tag only: without authTagLength Node accepts tags as short as 4 bytes
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: 16 });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
    } catch {
      throw new KeyDecryptionError(kid, sealed.kekId, this.id);
    }
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `KeyEncryptionKey(${this.id})`;
  }
}
