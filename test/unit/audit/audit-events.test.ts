import { describe, expect, it } from 'vitest';
import { auditIndexProjection } from '../../../projections/audit-index.projection.js';
import { rebuildProjection } from '../../../projections/rebuild.js';
import type { AuditFilter } from '../../../src/app/audit/audit-filter.js';
import { auditEvents } from '../../../src/app/audit/audit-events.query.js';
import { toAuditRecord } from '../../../src/app/audit/audit-record.js';
import type { EventStore, RecordedEvent } from '../../../src/ports/event-store.port.js';
import type { ReadModelStore } from '../../../src/ports/read-models.port.js';
import { F1, F2, isoMinute, twoUserHistory } from './audit-history.js';
import { inMemoryReadModels } from '../../support/sqlite-read-models.js';


async function collect(store: EventStore, readModels: ReadModelStore, filter: AuditFilter): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const event of auditEvents({ store, readModels }, filter)) out.push(event);
  return out;
}

const summary = (events: readonly RecordedEvent[]): string[] => events.map((e) => `${e.type}@${e.streamName.split('-')[0]}`);

describe('audit events', () => {
  const readModels = inMemoryReadModels();

  it("a user's events: registration, a failed and a good login, session, consent, code, family, refresh, reuse, revocation; nobody else's", async () => {
    const h = await twoUserHistory();
    const events = await collect(h.store, readModels(), { userId: 'u-ada' });
    expect(summary(events)).toEqual([
      'UserEmailReserved@user', 'UserRegistered@user', 'AppRegistered@app', 'AppSecretIssued@app', 'UserLoginFailed@login',
      'SessionStarted@session', 'UserLoggedIn@login', 'ConsentGranted@consent', 'AuthorizationCodeIssued@authcode', 'AuthorizationCodeRedeemed@authcode',
      'TokenFamilyStarted@family', 'TokensIssued@family', 'RefreshTokenRotated@family', 'RefreshTokenReuseDetected@family', 'TokenFamilyRevoked@family',
    ]);
    expect(events.every((e) => !e.streamName.includes(F2) && !e.streamName.includes('u-bob'))).toBe(true);
  });

  it("a client's events include its registration and every family of it, in log order", async () => {
    const h = await twoUserHistory();
    const events = await collect(h.store, readModels(), { clientId: 'a-2' });
    expect(summary(events)).toEqual([
      'AppRegistered@app', 'AppSecretIssued@app', 'ConsentGranted@consent', 'AuthorizationCodeIssued@authcode', 'AuthorizationCodeRedeemed@authcode',
      'TokenFamilyStarted@family', 'TokensIssued@family',
    ]);
    const positions = events.map((e) => e.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });

  it('filters by family, type and an inclusive time window', async () => {
    const h = await twoUserHistory();
    const rm = readModels();
    expect(summary(await collect(h.store, rm, { familyId: F1 }))).toEqual([
      'AuthorizationCodeRedeemed@authcode', 'TokenFamilyStarted@family', 'TokensIssued@family', 'RefreshTokenRotated@family', 'RefreshTokenReuseDetected@family', 'TokenFamilyRevoked@family',
    ]);
    expect(summary(await collect(h.store, rm, { types: ['TokenFamilyStarted', 'TokenFamilyRevoked'] }))).toEqual([
      'TokenFamilyStarted@family', 'TokenFamilyStarted@family', 'TokenFamilyRevoked@family',
    ]);
    // minute 12 and minute 30 are both included; minute 11 and 40 are not
    const window = await collect(h.store, rm, { userId: 'u-ada', since: isoMinute(12), until: isoMinute(30) });
    expect(summary(window)).toEqual(['AuthorizationCodeRedeemed@authcode', 'TokenFamilyStarted@family', 'TokensIssued@family', 'RefreshTokenRotated@family']);
  });

  it('gives the same answer from the audit index, with the index complete or lagging, as from a full scan', async () => {
    const h = await twoUserHistory();
    const scanned = await collect(h.store, readModels(), { userId: 'u-ada' });
    const rm = readModels();
    await rebuildProjection(h.store, rm, auditIndexProjection);
    expect(await collect(h.store, rm, { userId: 'u-ada' })).toEqual(scanned);
    // more events after the checkpoint: the query scans past it with the links the index kept
    await h.reuse(F1, 'a-1', 'again', Date.parse(isoMinute(50)));
    await h.loginFailed('ada@example.com', Date.parse(isoMinute(51)));
    const fresh = await collect(h.store, readModels(), { userId: 'u-ada' });
    expect(fresh.length).toBe(scanned.length + 2);
    expect(await collect(h.store, rm, { userId: 'u-ada' })).toEqual(fresh);
  });

  it('never shows a password hash or a sealed private key', async () => {
    const h = await twoUserHistory();
    const records = (await collect(h.store, readModels(), {})).map(toAuditRecord);
    const text = records.map((r) => JSON.stringify(r)).join('\n');
    expect(records.some((r) => r.type === 'UserRegistered')).toBe(true);
    expect(records.some((r) => r.type === 'SigningKeyGenerated')).toBe(true);
    expect(text).not.toContain('SECRET-KDF-OUTPUT');
    expect(text).not.toContain('SEALED-PRIVATE-KEY');
    expect(text).not.toContain('passwordHash');
    expect(text).not.toContain('privateKey');
    const first = records[0]!;
    expect(typeof first.position).toBe('string');
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['position', 'time', 'type', 'stream', 'actor', 'correlation_id', 'data']));
  });
});
