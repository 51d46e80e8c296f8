import type { AuthorizationDeps } from '../../../src/app/authorization/authorization-deps.js';
import type { CredentialChecker } from '../../../src/app/authorization/credential-checker.js';
import { createCredentialChecker } from '../../../src/app/authorization/credential-checker.js';
import { AppStateCache } from '../../../src/app/apps/app-state-cache.js';
import { registerApp } from '../../../src/app/apps/register-app.handler.js';
import { createUser } from '../../../src/app/users/create-user.handler.js';
import type { PasswordHasher } from '../../../src/ports/password-hasher.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';

export const T0 = Date.UTC(2025, 5, 1);
export const ISSUER = 'https://auth.example';
export const REDIRECT = 'https://client.example/cb';
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** A fast, transparent hasher that counts verifications (and against which hash). */
export class CountingHasher implements PasswordHasher {
  readonly verified: string[] = [];
  async hash(password: string): Promise<string> {
    return `h:${password}`;
  }
  async verify(password: string, hash: string): Promise<boolean> {
    this.verified.push(hash);
    return hash === `h:${password}`;
  }
}

export interface Fixture {
  readonly deps: AuthorizationDeps & { readonly credentials: CredentialChecker };
  readonly hasher: CountingHasher;
  readonly store: InMemoryEventStore;
  readonly clock: { now: () => number; advance: (ms: number) => void };
  readonly appId: string;
  readonly userId: string;
  readonly params: (extra?: Record<string, string>) => Record<string, string>;
}

export async function fixture(): Promise<Fixture> {
  let now = T0;
  let counter = 0;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  const random = {
    uuid,
    timeOrderedUuid: uuid,
    token: (bytes: number) => Buffer.alloc(bytes, ++counter).toString('base64url'),
  };
  const store = new InMemoryEventStore();
  const hasher = new CountingHasher();
  const base = { store, clock, random, passwordHasher: hasher };
  const context = { actor: 'test', correlationId: 'test' };
  const { userId } = await createUser(base, { email: 'erin@example.com', password: 'correct horse battery' }, context);
  const app = await registerApp(base, userId, { name: 'Client', redirectUris: [REDIRECT], scopes: ['openid', 'profile'] }, context);
  const settings = { issuer: ISSUER, allowPlainPkce: false, authorizationCodeTtlSeconds: 300, sessionTtlSeconds: 3600, loginThrottle: { maxFailures: 3, windowSeconds: 600 } };
  const deps = { ...base, apps: new AppStateCache(store), settings, credentials: createCredentialChecker(hasher, random) };
  const params = (extra: Record<string, string> = {}) => ({
    response_type: 'code', client_id: app.appId, redirect_uri: REDIRECT, scope: 'openid', state: 's', code_challenge: CHALLENGE, code_challenge_method: 'S256', ...extra,
  });
  return { deps, hasher, store, clock, appId: app.appId, userId, params };
}
