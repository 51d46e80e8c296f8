import { describe, expect, it } from 'vitest';
import type { InteractionInput } from '../../../src/domain/oauth/authorization-interaction.js';
import { nextInteraction } from '../../../src/domain/oauth/authorization-interaction.js';
import { MIN, T0, USER } from './fixtures.js';

const base = (overrides: Partial<InteractionInput> = {}, request: Partial<InteractionInput['request']> = {}): InteractionInput => ({
  request: { prompt: [], maxAge: null, scopes: ['openid', 'email'], ...request },
  session: { userId: USER, authTime: T0 - 10 * MIN },
  consent: { scopes: ['openid', 'email'], lastGrantedAt: T0 - 20 * MIN },
  requestedAt: T0 - MIN,
  now: T0,
  ...overrides,
});

const step = (input: InteractionInput) => {
  const next = nextInteraction(input);
  return next.next === 'error' ? `error:${next.error.code}` : next.next;
};

describe('nextInteraction (OIDC prompt / max_age)', () => {
  it('issues a code for a live session with consent', () => {
    expect(nextInteraction(base())).toEqual({ next: 'issue_code', userId: USER, authTime: T0 - 10 * MIN });
  });

  it('asks for login without a session, or login_required with prompt=none', () => {
    expect(step(base({ session: null }))).toBe('login');
    expect(step(base({ session: null }, { prompt: ['none'] }))).toBe('error:login_required');
  });

  it('max_age: too old an authentication needs a new login', () => {
    expect(step(base({}, { maxAge: 300 }))).toBe('login');
    expect(step(base({}, { maxAge: 600 }))).toBe('issue_code');
    expect(step(base({}, { maxAge: 300, prompt: ['none'] }))).toBe('error:login_required');
  });

  it('prompt=login: a login after the request satisfies it', () => {
    expect(step(base({}, { prompt: ['login'] }))).toBe('login');
    expect(step(base({ session: { userId: USER, authTime: T0 - 30_000 } }, { prompt: ['login'] }))).toBe('issue_code');
  });

  it('consent: missing scopes or prompt=consent ask again; prompt=none -> consent_required', () => {
    expect(step(base({}, { scopes: ['openid', 'read'] }))).toBe('consent');
    expect(step(base({}, { scopes: ['openid', 'read'], prompt: ['none'] }))).toBe('error:consent_required');
    expect(step(base({}, { prompt: ['consent'] }))).toBe('consent');
    expect(step(base({ consent: { scopes: ['openid', 'email'], lastGrantedAt: T0 - 1 } }, { prompt: ['consent'] }))).toBe('issue_code');
  });
});
