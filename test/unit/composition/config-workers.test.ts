import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/composition/config.js';

const problems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env, '/srv');
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('WORKERS', () => {
  it('defaults to 1 (no cluster)', () => {
    expect(loadConfig({}, '/srv').workers).toBe(1);
  });

  it('takes a whole number from 1 to 64', () => {
    expect(loadConfig({ WORKERS: '1' }, '/srv').workers).toBe(1);
    expect(loadConfig({ WORKERS: '3' }, '/srv').workers).toBe(3);
    expect(loadConfig({ WORKERS: '64' }, '/srv').workers).toBe(64);
  });

  it('auto: one per available CPU', () => {
    expect(loadConfig({ WORKERS: 'auto' }, '/srv').workers).toBe(Math.min(64, availableParallelism()));
    expect(loadConfig({ WORKERS: ' AUTO ' }, '/srv').workers).toBe(Math.min(64, availableParallelism()));
  });

  it.each(['0', '-1', 'abc', '65', '2.5', '1e1'])('refuses %s, naming WORKERS', (raw) => {
    const found = problems({ WORKERS: raw });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^WORKERS: /);
  });
});
