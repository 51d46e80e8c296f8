import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newClientSecret, SECRET_BYTES } from '../../../src/app/apps/client-secret.js';
import { registerApp } from '../../../src/app/apps/register-app.handler.js';
import { rotateAppSecret } from '../../../src/app/apps/rotate-app-secret.use-case.js';
import { AppStateCache } from '../../../src/app/apps/app-state-cache.js';
import { sha256 } from '../../../src/domain/shared/hash.js';
import { nodeRandom } from '../../../adapters/crypto/node-random.adapter.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';

/** A Random whose tokens come from `draws`, in order (then `fallback`); `requested` records the sizes asked for. */
function scriptedRandom(draws: string[], fallback = 'A'.repeat(43)) {
  let counter = 0;
  const uuid = (): string => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  const requested: number[] = [];
  return {
    requested,
    uuid,
    timeOrderedUuid: uuid,
    token: (bytes: number): string => {
      requested.push(bytes);
      return draws.shift() ?? fallback;
    },
  };
}

const context = { actor: 'test', correlationId: 'test' };

describe('client secrets', () => {
  it('draws again while a draw starts with "-" (command lines read it as an option)', () => {
    const random = scriptedRandom(['-first', '--second', 'third-']);
    expect(newClientSecret(random)).toBe('third-');
    expect(random.requested).toEqual([SECRET_BYTES, SECRET_BYTES, SECRET_BYTES]);
  });

  it('fails instead of looping when the random source only gives such draws', () => {
    const random = scriptedRandom([], '-always');
    expect(() => newClientSecret(random)).toThrow(/not random/);
    expect(random.requested).toHaveLength(64);
  });

  it('law: the secret is the first draw that does not start with "-"', () => {
    const draw = fc.stringMatching(/^[A-Za-z0-9_-]{1,43}$/);
    fc.assert(
      fc.property(fc.array(draw.map((rest) => `-${rest}`), { maxLength: 5 }), draw.filter((s) => !s.startsWith('-')), (dashed, kept) => {
        expect(newClientSecret(scriptedRandom([...dashed, kept]))).toBe(kept);
      }),
    );
  });

  it('the node adapter gives 256-bit base64url secrets, none starting with "-" over 4,096 draws (~64 would)', () => {
    const secrets = Array.from({ length: 4096 }, () => newClientSecret(nodeRandom));
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('registration and rotation hand out such secrets and record the hash of the one handed out', async () => {
    const store = new InMemoryEventStore();
    const random = scriptedRandom(['-registration', 'registered', '-rotation', 'rotated']);
    const deps = { store, random, clock: { now: () => Date.UTC(2026, 0, 1) }, apps: new AppStateCache(store) };
    const app = await registerApp(deps, '00000000-0000-4000-8000-0000000000aa', { name: 'CLI client', redirectUris: ['https://client.example/cb'], scopes: ['read'] }, context);
    expect(app.appSecret).toBe('registered');
    const rotated = await rotateAppSecret(deps, { appId: app.appId, graceSeconds: 0 }, context);
    expect(rotated.appSecret).toBe('rotated');
    const hashes = (await store.readAll()).flatMap((event) => {
      const data = event.data as { secretHash?: unknown };
      return typeof data.secretHash === 'string' ? [data.secretHash] : [];
    });
    expect(hashes).toEqual([sha256('registered'), sha256('rotated')]);
  });
});
