import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * A private key file: PEM (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY"), or a private
 * JWK in JSON. Errors name the file, never its content.
 */
export async function readPrivateKeyFile(path: string): Promise<KeyObject> {
  const text = await readFile(path, 'utf8');
  try {
    if (text.trimStart().startsWith('{')) {
      return createPrivateKey({ key: JSON.parse(text) as JsonWebKey, format: 'jwk' });
    }
    return createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw new Error(`${path} does not hold a private key in PEM or JWK form`);
  }
}
