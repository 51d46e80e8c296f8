import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/composition/config.js';
import { configProblems as problems } from './config-problems.js';

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
