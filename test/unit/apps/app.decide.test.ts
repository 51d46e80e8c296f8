import { describe, expect, it } from 'vitest';
import { decideRegisterApp } from '../../../src/domain/apps/app.decide.js';
import { evolveApp, initialAppState } from '../../../src/domain/apps/app.evolve.js';
import { validateAppRegistration } from '../../../src/domain/apps/app-registration.rules.js';
import type { AppEvent } from '../../../src/domain/apps/app.events.js';
import type { AppRegistrationInput } from '../../../src/domain/apps/app-registration.rules.js';
import { testIds } from '../../support/ids.js';

const valid = validateAppRegistration({ name: ' My App ', redirectUris: ['https://myapp.com/callback'], scopes: ['openid', 'email'] });
const command = { type: 'RegisterApp' as const, ...valid, appId: testIds.app('app-1'), ownerId: testIds.user('user-1'), secretHash: 'hash', now: 1000 };
const given = (...events: AppEvent[]) => events.reduce(evolveApp, initialAppState());

describe('app registration decider', () => {
  it('given nothing, when registered, then AppRegistered (no secret) and AppSecretIssued (its hash)', () => {
    const events = decideRegisterApp(command, given());
    expect(events.map((e) => e.type)).toEqual(['AppRegistered', 'AppSecretIssued']);
    expect(events[0]?.data).not.toHaveProperty('secretHash');
    expect(events[0]?.data).toMatchObject({ name: 'My App', ownerId: 'user-1', tokenEndpointAuthMethod: 'client_secret_basic', idTokenSignedResponseAlg: 'RS256' });
    expect(events[1]?.data).toEqual({ appId: 'app-1', secretHash: 'hash', issuedAt: 1000 });
    const state = given(...events);
    expect(state).toMatchObject({ status: 'registered', secretHash: 'hash', scopes: ['openid', 'email'] });
  });

  it('given a public app, when registered, then no secret event', () => {
    const events = decideRegisterApp({ ...command, tokenEndpointAuthMethod: 'none', secretHash: null }, given());
    expect(events.map((e) => e.type)).toEqual(['AppRegistered']);
  });

  it('given the app exists, when registered again, then conflict', () => {
    const existing = given(...decideRegisterApp(command, given()));
    expect(() => decideRegisterApp(command, existing)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });
});

describe('app registration rules', () => {
  it.each<[AppRegistrationInput, string]>([
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ name: 'a', redirectUris: [] }, 'redirect_uris'],
    [{ name: 'a', redirectUris: ['https://a.example/cb', 'https://a.example/cb'] }, 'redirect_uris'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], scopes: ['openid', 'offline'] }, 'scopes[1]'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], grantTypes: ['refresh_token'] }, 'grant_types'],
    [{ name: 'a', tokenEndpointAuthMethod: 'none', grantTypes: ['client_credentials'] }, 'grant_types'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], postLogoutRedirectUris: ['http://a.example/bye'] }, 'post_logout_redirect_uris[0]'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], postLogoutRedirectUris: ['https://a.example/x#f'] }, 'post_logout_redirect_uris[0]'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], allowedOrigins: ['https://a.example/'] }, 'allowed_origins[0]'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], allowedOrigins: ['https://a.example/app'] }, 'allowed_origins[0]'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], allowedOrigins: ['http://spa.example'] }, 'allowed_origins[0]'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], allowedOrigins: ['https://A.example'] }, 'allowed_origins[0]'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], resourceUri: 'http://api.example' }, 'resource_uri'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], resourceUri: 'https://api.example/v1?x=1' }, 'resource_uri'],
    [{ name: 'a', redirectUris: ['https://a.example/cb'], resourceUri: 'urn:api' }, 'resource_uri'],
  ])('rejects %j naming %s', (input, field) => {
    expect(() => validateAppRegistration(input)).toThrow(expect.objectContaining({ code: 'invalid_request', field }));
  });

  it('keeps logout URIs, origins and the resource identifier as given, and defaults them to none', () => {
    const app = validateAppRegistration({
      name: 'spa',
      redirectUris: ['https://spa.example/cb'],
      postLogoutRedirectUris: ['https://spa.example/bye'],
      allowedOrigins: ['https://admin.spa.example', 'http://localhost:5173'],
      resourceUri: 'https://api.spa.example',
    });
    expect(app).toMatchObject({
      postLogoutRedirectUris: ['https://spa.example/bye'],
      allowedOrigins: ['https://admin.spa.example', 'http://localhost:5173'],
      resourceUri: 'https://api.spa.example',
    });
    expect(validateAppRegistration({ name: 'svc', grantTypes: ['client_credentials'] })).toMatchObject({ postLogoutRedirectUris: [], allowedOrigins: [], resourceUri: null });
  });

  it('allows a client_credentials-only app without redirect URIs', () => {
    expect(validateAppRegistration({ name: 'svc', grantTypes: ['client_credentials'], scopes: ['read'] }).redirectUris).toEqual([]);
  });
});
