import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/composition/config.js';

describe('AUDIT_SEAL_INTERVAL', () => {
  it('defaults to 10 s and reads durations; 0 turns the timer off', () => {
    expect(loadConfig({}).auditSealIntervalSeconds).toBe(10);
    expect(loadConfig({ AUDIT_SEAL_INTERVAL: '1m' }).auditSealIntervalSeconds).toBe(60);
    expect(loadConfig({ AUDIT_SEAL_INTERVAL: '0' }).auditSealIntervalSeconds).toBe(0);
  });

  it('refuses what is not a duration, or more than a day', () => {
    expect(() => loadConfig({ AUDIT_SEAL_INTERVAL: 'soon' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUDIT_SEAL_INTERVAL: '2d' })).toThrow(/AUDIT_SEAL_INTERVAL/);
  });
});
