import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteReadModelStore } from '../../../adapters/sqlite/sqlite-read-models.adapter.js';
import { appsProjection } from '../../../projections/apps.projection.js';
import { tokenFamiliesProjection } from '../../../projections/token-families.projection.js';
import type { TokenFamilyDocument } from '../../../projections/token-families.projection.js';
import type { Projection } from '../../../projections/projection.js';
import { ProjectionRunner } from '../../../projections/runner.js';
import { usersProjection } from '../../../projections/users.projection.js';
import type { ApplyCondition, DocumentChange, ReadModelStore } from '../../../src/ports/read-models.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { appRegistered, newEvent, recordingLogger, userRegistered } from './projection-fixtures.js';
import { delegatingReadModels } from '../../support/delegating-read-models.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function setup(options: { projections?: readonly Projection[]; readModels?: ReadModelStore; maxBatchSize?: number; restart?: { minDelayMs: number; maxDelayMs: number } } = {}) {
  const events = new InMemoryEventStore();
  const readModels = options.readModels ?? new SqliteReadModelStore({ file: ':memory:' });
  const logger = recordingLogger();
  const runner = new ProjectionRunner({
    eventStore: events,
    readModels,
    logger,
    projections: options.projections ?? [usersProjection, appsProjection],
    ...(options.maxBatchSize === undefined ? {} : { maxBatchSize: options.maxBatchSize }),
    ...(options.restart === undefined ? {} : { restart: options.restart }),
  });
  cleanup.push(async () => {
    await runner.stop();
    await readModels.close();
  });
  return { events, readModels, logger, runner };
}

/** Counts applies per projection and can fail the first N of them. */
function spyStore(inner: ReadModelStore, failFirst = 0): ReadModelStore & { applies: Map<string, number> } {
  const applies = new Map<string, number>();
  let failures = failFirst;
  const spied = delegatingReadModels(inner, {
    async apply(projection: string, changes: readonly DocumentChange[], position: bigint, condition?: ApplyCondition) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('disk on fire');
      }
      applies.set(projection, (applies.get(projection) ?? 0) + 1);
      return inner.apply(projection, changes, position, condition);
    },
  });
  return Object.assign(spied, { applies });
}

describe('ProjectionRunner', () => {
  it('passes over events no projection folds: waitFor on one resolves, the checkpoints move past them, nothing is applied for them', async () => {
    const readModels = spyStore(new SqliteReadModelStore({ file: ':memory:' }));
    const { events, runner } = setup({ readModels });
    await events.appendToStream('user-u1', [userRegistered({ userId: 'u1' })], { expectedRevision: 'no_stream' });
    await runner.start();
    await runner.caughtUp;
    const applied = readModels.applies.get(usersProjection.name);
    const noise = await events.appendToStream('family-f1', [{ id: 'e-noise-1', type: 'TokensIssued', data: {}, metadata: { actor: 'system:test', correlationId: 'c', time: '2026-01-01T00:00:00.000Z' } }], { expectedRevision: 'no_stream' });
    expect(await runner.waitFor(noise.position, { timeoutMs: 2000 })).toBe(true);
    expect(runner.positions().get(usersProjection.name)).toBe(noise.position);
    expect(readModels.applies.get(usersProjection.name)).toBe(applied);
    await events.appendToStream('user-u2', [userRegistered({ userId: 'u2' })], { expectedRevision: 'no_stream' });
    await vi.waitFor(async () => expect(await readModels.get('users', 'u2')).not.toBeNull());
  });

  it('catches up with existing events, then waitFor sees a new append land in the read model', async () => {
    const { events, readModels, runner } = setup();
    await events.appendToStream('user-u1', [userRegistered({ userId: 'u1' })], { expectedRevision: 'no_stream' });
    await runner.start();
    await runner.caughtUp;
    expect(await readModels.get('users', 'u1')).toMatchObject({ id: 'u1' });

    const { position } = await events.appendToStream('app-a1', [appRegistered({ appId: 'a1', ownerId: 'u1' })], { expectedRevision: 'no_stream' });
    expect(await runner.waitFor(position, { timeoutMs: 2000 })).toBe(true);
    expect(await readModels.find('apps', { owner_id: 'u1' })).toHaveLength(1);
    expect(runner.positions()).toEqual(new Map([['users', position], ['apps', position]]));
    expect(await runner.waitFor(1n)).toBe(true); // already reached: resolves at once
  });

  it('waitFor gives false after its timeout, and when the runner stops', async () => {
    const { runner } = setup();
    await runner.start();
    await runner.caughtUp;
    const started = Date.now();
    expect(await runner.waitFor(100n, { timeoutMs: 30 })).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    const pending = runner.waitFor(100n, { timeoutMs: 60_000 });
    await runner.stop();
    expect(await pending).toBe(false);
    expect(await runner.waitFor(100n)).toBe(false);
  });

  it('waitFor can wait on some projections only', async () => {
    const blocked: Projection = { ...appsProjection, name: 'blocked', changes: () => { throw new Error('boom'); } };
    const { events, runner } = setup({ projections: [usersProjection, blocked], restart: { minDelayMs: 60_000, maxDelayMs: 60_000 } });
    await runner.start();
    const { position } = await events.appendToStream('user-u1', [userRegistered({ userId: 'u1' })], { expectedRevision: 'no_stream' });
    expect(await runner.waitFor(position, { projections: ['users'], timeoutMs: 2000 })).toBe(true);
  });

  it('batches events that arrive together into few applies', async () => {
    const spy = spyStore(new SqliteReadModelStore({ file: ':memory:' }));
    const { events, runner, readModels } = setup({ readModels: spy, maxBatchSize: 100 });
    for (let i = 0; i < 1000; i += 1) {
      await events.appendToStream(`app-a${i}`, [appRegistered({ appId: `a${i}`, ownerId: `u${i % 10}` })], { expectedRevision: 'no_stream' });
    }
    await runner.start();
    await runner.caughtUp;
    expect(await readModels.find('apps', { owner_id: 'u3' })).toHaveLength(100);
    expect(spy.applies.get('apps')).toBeLessThanOrEqual(12);
    expect(await readModels.checkpoint('users')).toBe(1000n);
  });

  it('resumes from its checkpoints after a restart and does not apply old events again', async () => {
    const spy = spyStore(new SqliteReadModelStore({ file: ':memory:' }));
    const { events, runner } = setup({ readModels: spy });
    await events.appendToStream('user-u1', [userRegistered({ userId: 'u1' })], { expectedRevision: 'no_stream' });
    await runner.start();
    await runner.caughtUp;
    await runner.stop();
    const before = spy.applies.get('users');

    const again = new ProjectionRunner({ eventStore: events, readModels: spy, logger: recordingLogger(), projections: [usersProjection, appsProjection] });
    cleanup.push(() => again.stop());
    await again.start();
    await again.caughtUp;
    expect(spy.applies.get('users')).toBe(before);
    const { position } = await events.appendToStream('user-u2', [userRegistered({ userId: 'u2' })], { expectedRevision: 'no_stream' });
    expect(await again.waitFor(position)).toBe(true);
    expect(spy.applies.get('users')).toBe((before ?? 0) + 1);
  });

  it('logs and stops on a failing projection, without retrying in a loop', async () => {
    const failing: Projection = { ...usersProjection, name: 'failing', changes: () => { throw new Error('cannot fold'); } };
    const { events, runner, logger } = setup({ projections: [failing] });
    await events.appendToStream('user-u1', [userRegistered()], { expectedRevision: 'no_stream' });
    await runner.start();
    await expect(runner.caughtUp).rejects.toMatchObject({ code: 'PROJECTION_RUNNER_STOPPED' });
    expect(runner.status()).toBe('failed');
    expect(await runner.waitFor(1n, { timeoutMs: 10 })).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const errors = logger.lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.fields).toMatchObject({ projection: 'failing', error: { message: 'cannot fold' } });
    expect(JSON.stringify(errors)).not.toContain('scrypt');
  });

  it('restarts after a failing store with back-off when configured', async () => {
    const spy = spyStore(new SqliteReadModelStore({ file: ':memory:' }), 2);
    const { events, runner, logger } = setup({ readModels: spy, restart: { minDelayMs: 5, maxDelayMs: 20 } });
    await events.appendToStream('user-u1', [userRegistered()], { expectedRevision: 'no_stream' });
    await runner.start();
    await runner.caughtUp;
    expect(runner.status()).toBe('running');
    expect(await spy.get('users', 'u1')).toMatchObject({ id: 'u1' });
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.fields['restartInMs'])).toEqual([5, 10]);
  });

  it('two runners of one projection on one store (two server processes) fold every event once: counters are neither doubled nor lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'authmaster-runners-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const events = new InMemoryEventStore();
    const runners = [0, 1].map(() => {
      const readModels = new SqliteReadModelStore({ file: join(dir, 'read-models.db') });
      const runner = new ProjectionRunner({ eventStore: events, readModels, logger: recordingLogger(), projections: [tokenFamiliesProjection] });
      cleanup.push(async () => {
        await runner.stop();
        await readModels.close();
      });
      return runner;
    });
    for (const runner of runners) await runner.start();
    const both = async (position: bigint): Promise<void> => {
      for (const runner of runners) expect(await runner.waitFor(position, { timeoutMs: 2000 })).toBe(true);
    };
    const started = await events.appendToStream('family-f1', [
      newEvent('TokenFamilyStarted', { familyId: 'f1', clientId: 'c1', userId: 'u1', scopes: ['read'], grant: 'authorization_code', startedAt: 1, authTime: null }),
      newEvent('TokensIssued', { accessTokenId: 'j0', scopes: ['read'], issuedAt: 1, accessExpiresAt: 2, refreshExpiresAt: 3 }),
    ], { expectedRevision: 'no_stream' });
    await both(started.position);
    // one rotation at a time (each runner folds it in its own batch), then a burst
    let revision = 1;
    for (let i = 1; i <= 3; i++) {
      const rotated = await events.appendToStream('family-f1', [newEvent('RefreshTokenRotated', { accessTokenId: `j${i}`, scopes: ['read'], rotatedAt: 5, accessExpiresAt: 6, refreshExpiresAt: 7 })], { expectedRevision: revision++ });
      await both(rotated.position);
    }
    let last = 0n;
    for (let i = 4; i <= 10; i++) {
      last = (await events.appendToStream('family-f1', [newEvent('RefreshTokenRotated', { accessTokenId: `j${i}`, scopes: ['read'], rotatedAt: 5, accessExpiresAt: 6, refreshExpiresAt: 7 })], { expectedRevision: revision++ })).position;
    }
    await both(last);
    const reader = new SqliteReadModelStore({ file: join(dir, 'read-models.db') });
    cleanup.push(() => reader.close());
    expect(await reader.get<TokenFamilyDocument>('token_families', 'f1')).toMatchObject({ rotations: 10, access_tokens: 11 });
    expect(await reader.checkpoint(tokenFamiliesProjection.name)).toBe(last);
    expect(runners.map((runner) => runner.positions().get(tokenFamiliesProjection.name))).toEqual([last, last]);
  });
});
