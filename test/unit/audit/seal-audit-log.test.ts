import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditSealer } from '../../../src/app/audit/seal-audit-log.js';
import { SEAL_STREAM } from '../../../src/app/audit/audit-chain.js';
import { verifyAuditLog } from '../../../src/app/audit/verify-audit-log.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { appendSome, keyedStore, sealContext } from './audit-fixture.js';

describe('AuditSealer', () => {
  it('seals the log, chains seals, and an untouched log verifies', async () => {
    const env = await keyedStore();
    const sealer = env.sealer();
    await appendSome(env.store, 5);
    const first = await sealer.seal(sealContext);
    expect(first.sealed).not.toBeNull();
    await appendSome(env.store, 3);
    const second = await sealer.seal(sealContext);
    if (!first.sealed || !second.sealed) throw new Error('expected two seals');
    expect(second.sealed.seq).toBe(1);
    expect(second.sealed.total).toBe(first.sealed.total + second.sealed.count);
    expect(second.sealed.count).toBe(4); // the first seal and 3 events
    const result = await verifyAuditLog({ store: env.store });
    expect(result).toMatchObject({ ok: true, seals: 2, unsealedTail: 1 });
    await env.stop();
  });

  it('makes no seal when nothing but the last seal is new', async () => {
    const env = await keyedStore();
    const sealer = env.sealer();
    await appendSome(env.store, 2);
    expect((await sealer.seal(sealContext)).sealed).not.toBeNull();
    expect(await sealer.seal(sealContext)).toEqual({ sealed: null, reason: 'nothing-new' });
    expect(await env.sealer().seal(sealContext)).toEqual({ sealed: null, reason: 'nothing-new' });
    expect(await env.store.readStream(SEAL_STREAM)).toHaveLength(1);
    await env.stop();
  });

  it('two sealers racing on one store make one chain', async () => {
    const env = await keyedStore(new InMemoryEventStore());
    const [a, b] = [env.sealer(), env.sealer()];
    for (let round = 0; round < 5; round++) {
      await appendSome(env.store, 3);
      await Promise.all([a.seal(sealContext), b.seal(sealContext), a.seal(sealContext)]);
    }
    const seals = (await env.store.readStream(SEAL_STREAM)).map((e) => e.data);
    // each round: one winner; the losers continue from its seal and find nothing new to seal
    expect(seals).toHaveLength(5);
    expect(seals.map((s) => s['seq'])).toEqual([0, 1, 2, 3, 4]);
    expect(await verifyAuditLog({ store: env.store })).toMatchObject({ ok: true, seals: seals.length });
    await env.stop();
  });

  it('seals signed by a key that was later rotated and revoked still verify', async () => {
    const env = await keyedStore();
    const sealer = env.sealer();
    await appendSome(env.store, 3);
    const before = await sealer.seal(sealContext);
    if (!before.sealed) throw new Error('expected a seal');
    const oldKid = before.sealed.kid;
    await env.manager.rotate('ES256', { actor: 'test', correlationId: 'r1' }, { force: true });
    await env.manager.revoke(oldKid, 'compromised', { actor: 'test', correlationId: 'r2' });
    await appendSome(env.store, 2);
    const after = await sealer.seal(sealContext);
    expect(after.sealed?.kid).not.toBe(oldKid);
    expect(await env.manager.verificationKey(oldKid)).toBeNull();
    const result = await verifyAuditLog({ store: env.store, keys: env.manager });
    expect(result).toMatchObject({ ok: true, seals: 2 });
    if (result.ok) expect(result.kids).toContain(oldKid);
    await env.stop();
  });

  it('a seal signed by a key the log does not record is reported as signed by an unknown key', async () => {
    const env = await keyedStore();
    const elsewhere = await keyedStore();
    await appendSome(env.store, 3);
    await new AuditSealer({ store: env.store, random: { uuid: randomUUID, timeOrderedUuid: randomUUID, token: () => 'x' }, clock: env.clock, jwt: elsewhere.jwt }).seal(sealContext);
    expect(await verifyAuditLog({ store: env.store })).toMatchObject({ ok: false, kind: 'unknown-key' });
    // the key manager may vouch for a key the log does not record (a PEM directory's)
    expect(await verifyAuditLog({ store: env.store, keys: elsewhere.manager })).toMatchObject({ ok: true, seals: 1 });
    await env.stop();
    await elsewhere.stop();
  });
});
