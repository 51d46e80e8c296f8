import type { KeyInfo, SigningAlgorithm } from '../../src/ports/key-manager.port.js';

export interface PemKeyEntry {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  /** The key file's modification time. */
  readonly generatedAt: number;
  readonly activateAt?: number | undefined;
  readonly retireAt?: number | undefined;
  readonly revokedAt?: number | undefined;
  readonly revokeReason?: string | undefined;
}

/**
 * The state of every manifest key at `now`. Per alg, of the keys whose activateAt has passed (and
 * that are not retired or revoked), the one activated last signs; an earlier one is retired when its
 * successor activates (or at its own retireAt) and stays published `maxTokenLifetimeMs` longer.
 * A key without activateAt (or with a future one) is a published next key.
 */
export function pemKeyStatesAt(entries: readonly PemKeyEntry[], now: number, maxTokenLifetimeMs: number): KeyInfo[] {
  return entries.map((e) => {
    const base = { kid: e.kid, alg: e.alg, generatedAt: e.generatedAt };
    if (e.revokedAt !== undefined && e.revokedAt <= now) {
      return { ...base, state: 'revoked', revokedAt: e.revokedAt, ...(e.revokeReason && { revokeReason: e.revokeReason }) };
    }
    if (e.activateAt === undefined || e.activateAt > now) return { ...base, state: 'generated' };
    const successor = entries
      .filter((o) => o.alg === e.alg && o.kid !== e.kid && o.activateAt !== undefined && o.activateAt <= now)
      .filter((o) => o.activateAt! > e.activateAt! || (o.activateAt === e.activateAt && o.kid > e.kid))
      .filter((o) => o.revokedAt === undefined || o.revokedAt > o.activateAt!) // a key revoked before it signed retires nothing
      .reduce<number | undefined>((min, o) => (min === undefined || o.activateAt! < min ? o.activateAt : min), undefined);
    const retiredAt = [e.retireAt, successor].filter((t): t is number => t !== undefined && t <= now).sort((a, b) => a - b)[0];
    if (retiredAt === undefined) return { ...base, state: 'active', activatedAt: e.activateAt };
    return { ...base, state: 'retired', activatedAt: e.activateAt, retiredAt, publishedUntil: retiredAt + maxTokenLifetimeMs };
  });
}
