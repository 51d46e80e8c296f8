import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from '../../../src/composition/config.js';

const problems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env, '/srv');
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({}, '/srv');
    expect(config).toMatchObject({
      port: 3000, issuer: 'http://localhost:3000', dataDir: '/srv/data', logLevel: 'info', allowPlainPkce: true,
      refreshTokenGraceSeconds: 0, keyRotationIntervalSeconds: undefined, jwksPrepublishSeconds: 600,
      accessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 30 * 86400, authorizationCodeTtlSeconds: 600,
    });
    expect(loadConfig({ PORT: '4000', ISSUER: 'https://auth.example.com/' }, '/srv').issuer).toBe('https://auth.example.com');
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
  ])('refuses %j naming %s', (env, variable) => {
    expect(problems(env).some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('accepts a rotation interval longer than the pre-publish window', () => {
    expect(loadConfig({ KEY_ROTATION_INTERVAL: '30d', JWKS_PREPUBLISH: '1h' }, '/srv').keyRotationIntervalSeconds).toBe(2_592_000);
  });
});
