import { describe, expect, it } from 'vitest';
import type { ClientCredentialsInput } from '../../../src/domain/oauth/client-credentials.js';
import { decideClientCredentialsGrant } from '../../../src/domain/oauth/client-credentials.js';
import { appIdOfSubject, clientSubject, isClientSubject, userSubject } from '../../../src/domain/oauth/subjects.js';
import { USER } from './fixtures.js';
import { testIds } from '../../support/ids.js';

const input = (overrides: Partial<ClientCredentialsInput> = {}): ClientCredentialsInput => ({
  appId: testIds.app('app-1'),
  clientType: 'confidential',
  registeredScopes: ['openid', 'profile', 'read', 'write'],
  ...overrides,
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('client_credentials (RFC 6749 §4.4)', () => {
  it('grants every registered read/write scope by default, with a client subject', () => {
    expect(decideClientCredentialsGrant(input())).toEqual({ subject: 'client:app-1', scopes: ['read', 'write'] });
  });

  it('without a scope request, grants none to an app that registered only user scopes (the seed app)', () => {
    expect(decideClientCredentialsGrant(input({ registeredScopes: ['openid', 'profile', 'email'] }))).toEqual({ subject: 'client:app-1', scopes: [] });
  });

  it('accepts a narrower request', () => {
    expect(decideClientCredentialsGrant(input({ requestedScopes: ['write'] })).scopes).toEqual(['write']);
  });

  it.each([
    ['openid', { requestedScopes: ['openid'] }],
    ['profile', { requestedScopes: ['read', 'profile'] }],
    ['email', { requestedScopes: ['email'] }],
    ['unregistered write', { registeredScopes: ['read'], requestedScopes: ['write'] }],
    ['a scope it cannot hold', { registeredScopes: ['openid', 'email'], requestedScopes: ['read'] }],
    ['empty request', { requestedScopes: [] }],
  ] as const)('%s -> invalid_scope', (_why, overrides) => {
    expect(codeOf(() => decideClientCredentialsGrant(input(overrides as Partial<ClientCredentialsInput>)))).toBe('invalid_scope');
  });

  it('refuses public clients and clients without the grant', () => {
    expect(codeOf(() => decideClientCredentialsGrant(input({ clientType: 'public' })))).toBe('unauthorized_client');
    expect(codeOf(() => decideClientCredentialsGrant(input({ grantTypes: ['authorization_code'] })))).toBe('unauthorized_client');
  });
});

describe('subjects', () => {
  it('never lets a client subject equal a user subject', () => {
    expect(clientSubject(USER)).not.toBe(userSubject(USER));
    expect(isClientSubject(clientSubject('app-1'))).toBe(true);
    expect(isClientSubject(userSubject(USER))).toBe(false);
    expect(appIdOfSubject('client:app-1')).toBe('app-1');
    expect(appIdOfSubject(USER)).toBeNull();
    expect(() => userSubject('client:app-1')).toThrow();
    expect(() => clientSubject('')).toThrow();
  });
});
