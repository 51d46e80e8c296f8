/**
 * Compact JWS with node:crypto directly (ES256 in IEEE P1363 form, RS256, EdDSA): faster than
 * jose's WebCrypto path and byte-compatible with it. Header {alg, kid, typ}. Verification trusts
 * only the key the KeyManager still publishes for the token's kid, and that key's own alg.
 */
import { verify } from 'node:crypto';
import { isSigningAlgorithm } from '../../src/domain/keys/signing-algorithms.js';
import { InvalidTokenError } from '../../src/domain/shared/errors.js';
import type { JsonObject } from '../../src/ports/event-store.port.js';
import type { Jwt, JwtHeader, VerifiedJwt, VerifyOptions } from '../../src/ports/jwt.port.js';
import type { KeyManager, Signer, SigningAlgorithm } from '../../src/ports/key-manager.port.js';
import { base64urlJson, parseCompactJws } from './jws-compact.js';
import { checkClaims, checkTyp } from './jwt-claims.check.js';
import { NODE_ALGORITHMS } from './node-algorithms.js';
import { PublicKeyCache } from './public-key-cache.js';

export class NodeJwt implements Jwt {
  private readonly publicKeys = new PublicKeyCache();

  constructor(private readonly keys: KeyManager) {}

  signer(alg: SigningAlgorithm): Promise<Signer> {
    return this.keys.signer(alg);
  }

  async sign(claims: JsonObject, options: { alg: SigningAlgorithm; typ?: string; signer?: Signer }): Promise<string> {
    const signer = options.signer ?? (await this.keys.signer(options.alg));
    if (signer.alg !== options.alg) throw new Error(`signer ${signer.kid} is ${signer.alg}, not ${options.alg}`);
    const header: JwtHeader = { alg: signer.alg, kid: signer.kid, typ: options.typ ?? 'JWT' };
    const input = `${base64urlJson(header)}.${base64urlJson(claims)}`;
    const signature = await signer.sign(Buffer.from(input, 'ascii'));
    return `${input}.${Buffer.from(signature).toString('base64url')}`;
  }

  async verify(token: string, options: VerifyOptions): Promise<VerifiedJwt> {
    const jws = parseCompactJws(token);
    const { alg, kid, typ, crit } = jws.header;
    if (!isSigningAlgorithm(alg)) throw new InvalidTokenError('unsupported algorithm');
    if (typeof kid !== 'string' || kid.length === 0) throw new InvalidTokenError('unknown key');
    if (crit !== undefined) throw new InvalidTokenError('unsupported critical header');
    if (typ !== undefined && typeof typ !== 'string') throw new InvalidTokenError('malformed token');
    const jwk = await this.keys.verificationKey(kid);
    if (!jwk) throw new InvalidTokenError('unknown or revoked key');
    if (jwk.alg !== alg) throw new InvalidTokenError('algorithm does not match the key');
    const { digest, dsaEncoding } = NODE_ALGORITHMS[jwk.alg];
    const key = this.publicKeys.get(jwk);
    let valid = false;
    try {
      valid = verify(digest, jws.signingInput, dsaEncoding ? { key, dsaEncoding } : key, jws.signature);
    } catch {
      valid = false;
    }
    if (!valid) throw new InvalidTokenError('invalid signature');
    checkTyp(jws.header, options.typ);
    checkClaims(jws.payload, options);
    const header: JwtHeader = typ === undefined ? { alg: jwk.alg, kid } : { alg: jwk.alg, kid, typ };
    return { header, claims: jws.payload };
  }
}
