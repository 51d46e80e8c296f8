import { describe, expect, it } from 'vitest';
import { loadConfig, parseDuration } from '../../../src/composition/config.js';
import { configProblems as problems } from './config-problems.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({}, '/srv');
    expect(config).toMatchObject({
      port: 3000, issuer: 'http://localhost:3000', dataDir: '/srv/data', logLevel: 'info', allowPlainPkce: true,
      refreshTokenGraceSeconds: 0, keyRotationIntervalSeconds: undefined, jwksPrepublishSeconds: 600,
      accessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 30 * 86400, authorizationCodeTtlSeconds: 600,
      sessionTtlSeconds: 12 * 3600, loginThrottle: { maxFailures: 10, windowSeconds: 15 * 60 },
    });
    expect(loadConfig({ PORT: '4000', ISSUER: 'https://auth.example.com/' }, '/srv').issuer).toBe('https://auth.example.com');
  });

  it('DEFAULT_RESOURCE: unset = null; an absolute URI without fragment; never the management API', () => {
    expect(loadConfig({}, '/srv').defaultResource).toBeNull();
    expect(loadConfig({ DEFAULT_RESOURCE: 'https://api.example.com' }, '/srv').defaultResource).toBe('https://api.example.com');
    expect(loadConfig({ DEFAULT_RESOURCE: 'urn:example:api' }, '/srv').defaultResource).toBe('urn:example:api');
    for (const bad of ['/api', 'api.example.com', 'https://api.example.com/#f', 'https://api.example.com/a b']) {
      expect(problems({ DEFAULT_RESOURCE: bad }).join()).toContain('DEFAULT_RESOURCE');
    }
    expect(problems({ ISSUER: 'https://auth.example.com', DEFAULT_RESOURCE: 'https://auth.example.com/api' }).join()).toContain('DEFAULT_RESOURCE');
  });

  it('reads SHUTDOWN_TIMEOUT (default 10 s) and READY_MAX_PROJECTION_LAG (default 30 s), within bounds', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ shutdownTimeoutSeconds: 10, readyMaxProjectionLagSeconds: 30 });
    expect(loadConfig({ SHUTDOWN_TIMEOUT: '1m', READY_MAX_PROJECTION_LAG: '5s' }, '/srv')).toMatchObject({ shutdownTimeoutSeconds: 60, readyMaxProjectionLagSeconds: 5 });
    expect(problems({ SHUTDOWN_TIMEOUT: '0' }).join()).toContain('SHUTDOWN_TIMEOUT');
    expect(problems({ SHUTDOWN_TIMEOUT: '1h' }).join()).toContain('SHUTDOWN_TIMEOUT');
    expect(problems({ READY_MAX_PROJECTION_LAG: 'soon' }).join()).toContain('READY_MAX_PROJECTION_LAG');
  });

  it('parses durations', () => {
    expect([parseDuration('30d'), parseDuration('12h'), parseDuration('10m'), parseDuration('45s'), parseDuration('7')]).toEqual([2_592_000, 43_200, 600, 45, 7]);
    expect(() => parseDuration('3w')).toThrow();
  });

  it.each([
    [{ PORT: 'http' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ISSUER: 'ftp://auth.example.com' }, 'ISSUER'],
    [{ ISSUER: 'https://auth.example.com/?tenant=a' }, 'ISSUER'],
    [{ ISSUER: 'https://auth.example.com/#x' }, 'ISSUER'],
    [{ ISSUER: 'https://user:pw@auth.example.com' }, 'ISSUER'],
    [{ KEY_ENCRYPTION_KEY: 'short' }, 'KEY_ENCRYPTION_KEY'],
    [{ ALLOW_PLAIN_PKCE: 'maybe' }, 'ALLOW_PLAIN_PKCE'],
    [{ KEY_ROTATION_INTERVAL: '5m' }, 'KEY_ROTATION_INTERVAL'],
    [{ KEY_ROTATION_INTERVAL: '0' }, 'KEY_ROTATION_INTERVAL'],
    [{ KEY_ROTATION_INTERVAL: '400d' }, 'KEY_ROTATION_INTERVAL'],
    [{ JWKS_PREPUBLISH: 'soon' }, 'JWKS_PREPUBLISH'],
    [{ ACCESS_TOKEN_TTL: '30s' }, 'ACCESS_TOKEN_TTL'],
    [{ ACCESS_TOKEN_TTL: '2d' }, 'ACCESS_TOKEN_TTL'],
    [{ REFRESH_TOKEN_TTL: '400d' }, 'REFRESH_TOKEN_TTL'],
    [{ REFRESH_TOKEN_TTL: '30m' }, 'REFRESH_TOKEN_TTL'],
    [{ AUTHORIZATION_CODE_TTL: '11m' }, 'AUTHORIZATION_CODE_TTL'],
    [{ AUTHORIZATION_CODE_TTL: '5' }, 'AUTHORIZATION_CODE_TTL'],
    [{ SESSION_TTL: 'forever' }, 'SESSION_TTL'],
    [{ LOGIN_THROTTLE_FAILURES: '0' }, 'LOGIN_THROTTLE_FAILURES'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'loopback, proxy.example' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: ',' }, 'TRUST_PROXY'],
    [{ RATE_LIMIT_WINDOW: '2h' }, 'RATE_LIMIT_WINDOW'],
    [{ RATE_LIMIT_WINDOW: '0' }, 'RATE_LIMIT_WINDOW'],
    [{ RATE_LIMIT_CLIENT_AUTH_FAILURES: '-1' }, 'RATE_LIMIT_CLIENT_AUTH_FAILURES'],
    [{ RATE_LIMIT_USER_REGISTRATIONS: 'many' }, 'RATE_LIMIT_USER_REGISTRATIONS'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(problems(env).some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('reads the lifetimes', () => {
    const config = loadConfig({ ACCESS_TOKEN_TTL: '15m', REFRESH_TOKEN_TTL: '7d', AUTHORIZATION_CODE_TTL: '1m', SESSION_TTL: '1h' }, '/srv');
    expect(config).toMatchObject({ accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 7 * 86400, authorizationCodeTtlSeconds: 60, sessionTtlSeconds: 3600 });
  });

  it('reads LOG_FORMAT (auto by default) and METRICS_TOKEN, refusing others', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ logFormat: 'auto', metricsToken: undefined });
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, '/srv').logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }, '/srv').logFormat).toBe('json');
    expect(loadConfig({ METRICS_TOKEN: 'scrape-me-0123456789' }, '/srv').metricsToken).toBe('scrape-me-0123456789');
    expect(problems({ LOG_FORMAT: 'xml' }).some((p) => p.startsWith('LOG_FORMAT:'))).toBe(true);
    expect(problems({ METRICS_TOKEN: 'short' }).some((p) => p.startsWith('METRICS_TOKEN:'))).toBe(true);
  });

  it('accepts a rotation interval longer than the pre-publish window', () => {
    expect(loadConfig({ KEY_ROTATION_INTERVAL: '30d', JWKS_PREPUBLISH: '1h' }, '/srv').keyRotationIntervalSeconds).toBe(2_592_000);
  });

  it('rate limits: generous defaults, 0 turns one off; TRUST_PROXY as express takes it (default false)', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({
      trustProxy: false,
      rateLimits: { windowSeconds: 60, clientAuthFailures: 10, ipAuthFailures: 100, userRegistrations: 20, ipRequests: 600, ipTokenRequests: 0 },
    });
    expect(loadConfig({ RATE_LIMIT_CLIENT_AUTH_FAILURES: '0', RATE_LIMIT_WINDOW: '10m' }, '/srv').rateLimits).toMatchObject({ clientAuthFailures: 0, windowSeconds: 600 });
    const trust = (value: string) => loadConfig({ TRUST_PROXY: value }, '/srv').trustProxy;
    expect([trust('true'), trust('false'), trust('0'), trust('2')]).toEqual([true, false, false, 2]);
    expect(trust('loopback, 10.0.0.0/8,::1, fd00::/8')).toEqual(['loopback', '10.0.0.0/8', '::1', 'fd00::/8']);
  });
});
