import { describe, expect, it } from 'vitest';
import { answerConsent } from '../../../src/app/authorization/consent.handler.js';
import { authorize } from '../../../src/app/authorization/authorize.handler.js';
import type { LoginOutcome } from '../../../src/app/authorization/login.handler.js';
import { logIn } from '../../../src/app/authorization/login.handler.js';
import { sha256 } from '../../../src/domain/shared/hash.js';
import type { Fixture } from './authorization-fixture.js';
import { fixture, ISSUER, REDIRECT } from './authorization-fixture.js';

const PASSWORD = 'correct horse battery';

async function loggedIn(f: Fixture, extra: Record<string, string> = {}): Promise<string> {
  const outcome = await logIn(f.deps, { params: f.params(extra), email: 'erin@example.com', password: PASSWORD, previousSessionId: null }, { correlationId: 'c' });
  if (outcome.kind !== 'logged_in') throw new Error(`not logged in: ${outcome.kind}`);
  return outcome.sessionId;
}

const problemOf = (outcome: LoginOutcome) => (outcome.kind === 'login' ? outcome.page.problem : outcome.kind);

describe('authorization handlers', () => {
  it('shows the login page, carrying only the known parameters', async () => {
    const f = await fixture();
    const step = await authorize(f.deps, { ...f.params(), foo: 'bar', nonce: '' }, null, 'c');
    const cancel = { redirectUri: REDIRECT, params: { error: 'access_denied', error_description: expect.any(String), state: f.params()['state'], iss: ISSUER } };
    expect(step).toEqual({ kind: 'login', page: { appName: 'Client', carried: f.params(), cancel } });
  });

  it('unknown email and wrong password cost one KDF verification each and read alike', async () => {
    const f = await fixture();
    const unknown = await logIn(f.deps, { params: f.params(), email: 'nobody@example.com', password: 'x', previousSessionId: null }, { correlationId: 'c' });
    const notAnEmail = await logIn(f.deps, { params: f.params(), email: 'not an email', password: 'x', previousSessionId: null }, { correlationId: 'c' });
    const wrong = await logIn(f.deps, { params: f.params(), email: 'erin@example.com', password: 'x', previousSessionId: null }, { correlationId: 'c' });
    expect([unknown, notAnEmail, wrong].map(problemOf)).toEqual(['invalid_credentials', 'invalid_credentials', 'invalid_credentials']);
    expect(f.hasher.verified).toHaveLength(3);
    expect(f.hasher.verified[0]).toBe(f.hasher.verified[1]); // the dummy hash, made once
    expect(f.hasher.verified[2]).toBe(`h:${PASSWORD}`);
  });

  it('throttles after maxFailures within the window, without verifying; the window passes', async () => {
    const f = await fixture();
    const attempt = (password: string) => logIn(f.deps, { params: f.params(), email: 'erin@example.com', password, previousSessionId: null }, { correlationId: 'c' });
    for (let i = 0; i < 3; i++) await attempt('wrong');
    const verifications = f.hasher.verified.length;
    expect(problemOf(await attempt(PASSWORD))).toBe('too_many_attempts');
    expect(f.hasher.verified).toHaveLength(verifications);
    f.clock.advance(600_001);
    expect((await attempt(PASSWORD)).kind).toBe('logged_in');
  });

  it('resumes after login without prompt=login and max_age; the session expires with its TTL', async () => {
    const f = await fixture();
    const outcome = await logIn(f.deps, { params: f.params({ prompt: 'login consent', max_age: '0' }), email: 'Erin@Example.com ', password: PASSWORD, previousSessionId: null }, { correlationId: 'c' });
    expect(outcome.kind === 'logged_in' && outcome.resume).toEqual(f.params({ prompt: 'consent' }));
    const sessionId = outcome.kind === 'logged_in' ? outcome.sessionId : '';
    expect((await authorize(f.deps, f.params(), sessionId, 'c')).kind).toBe('consent');
    f.clock.advance(3600_000);
    expect((await authorize(f.deps, f.params(), sessionId, 'c')).kind).toBe('login');
  });

  it('allow grants consent and issues a code with the configured TTL; then no more consent page', async () => {
    const f = await fixture();
    const sessionId = await loggedIn(f);
    const step = await answerConsent(f.deps, { params: f.params({ nonce: 'n' }), decision: 'allow', sessionId }, 'c');
    if (step.kind !== 'redirect') throw new Error(step.kind);
    expect(step.redirect.redirectUri).toBe(REDIRECT);
    expect(Object.keys(step.redirect.params)).toEqual(['code', 'state', 'iss']);
    const code = step.redirect.params['code']!;
    const [issued] = await f.store.readStream(`authcode-${sha256(code)}`);
    expect(issued?.data).toMatchObject({ userId: f.userId, nonce: 'n', expiresAt: (issued?.data['issuedAt'] as number) + 300_000 });
    expect((await authorize(f.deps, f.params(), sessionId, 'c')).kind).toBe('redirect');
  });

  it('deny answers access_denied without a session; allow without one resumes at /authorize', async () => {
    const f = await fixture();
    const denied = await answerConsent(f.deps, { params: f.params(), decision: 'deny', sessionId: null }, 'c');
    expect(denied).toMatchObject({ kind: 'redirect', redirect: { params: { error: 'access_denied', state: 's', iss: ISSUER } } });
    const allowed = await answerConsent(f.deps, { params: f.params(), decision: 'allow', sessionId: null }, 'c');
    expect(allowed).toEqual({ kind: 'resume', params: f.params() });
    expect(await f.store.readAll()).not.toContainEqual(expect.objectContaining({ type: 'ConsentGranted' }));
  });

  it('allow on a session too old for max_age resumes (to log in again) and records nothing', async () => {
    const f = await fixture();
    const sessionId = await loggedIn(f);
    f.clock.advance(120_000);
    const step = await answerConsent(f.deps, { params: f.params({ max_age: '60' }), decision: 'allow', sessionId }, 'c');
    expect(step.kind).toBe('resume');
    expect((await f.store.readAll()).map((e) => e.type)).not.toContain('ConsentGranted');
  });

  it('a new login ends the session the browser had', async () => {
    const f = await fixture();
    const first = await loggedIn(f);
    const outcome = await logIn(f.deps, { params: f.params(), email: 'erin@example.com', password: PASSWORD, previousSessionId: first }, { correlationId: 'c' });
    expect(outcome.kind).toBe('logged_in');
    expect((await authorize(f.deps, f.params(), first, 'c')).kind).toBe('login');
  });
});
