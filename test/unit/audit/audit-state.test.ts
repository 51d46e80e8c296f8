import { describe, expect, it } from 'vitest';
import { auditStateAt } from '../../../src/app/audit/audit-state.query.js';
import type { StateItem } from '../../../src/domain/audit/authorization-state.at.js';
import { AuditHistory, F1, F2, HOUR, minute, twoUserHistory } from './audit-history.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const families = (items: readonly StateItem[]) => items.filter((i) => i.kind === 'token_family');
const state = (h: AuditHistory, at: number, scope = {}) => auditStateAt(h, iso(at), scope);

describe('audit state --at', () => {
  it('lists the families valid at T with the access tokens valid at T, the consents and the published keys', async () => {
    const h = await twoUserHistory();
    const items = await state(h, minute(35));
    expect(families(items)).toEqual([
      {
        kind: 'token_family', family_id: F1, client_id: 'a-1', user_id: 'u-ada', scopes: ['openid', 'read'], grant: 'authorization_code', started_at: iso(minute(12)),
        refresh_expires_at: iso(minute(30) + 24 * HOUR),
        access_tokens: [{ jti: 'j1', expires_at: iso(minute(12) + HOUR) }, { jti: 'j2', expires_at: iso(minute(30) + HOUR) }],
      },
      expect.objectContaining({ family_id: F2, user_id: 'u-bob', access_tokens: [{ jti: 'j-bob', expires_at: iso(minute(20) + HOUR) }] }),
    ]);
    expect(items.filter((i) => i.kind === 'consent').map((i) => i.kind === 'consent' && `${i.user_id}/${i.client_id}`)).toEqual(['u-ada/a-1', 'u-bob/a-2']);
    expect(items.filter((i) => i.kind === 'signing_key')).toEqual([expect.objectContaining({ kid: 'k1', active: true, state: 'active' })]);
    expect(JSON.stringify(items)).not.toContain('SEALED-PRIVATE-KEY');
  });

  it('narrows to a user or a client', async () => {
    const h = await twoUserHistory();
    expect(families(await state(h, minute(35), { userId: 'u-bob' })).map((f) => f.kind === 'token_family' && f.family_id)).toEqual([F2]);
    expect(families(await state(h, minute(35), { clientId: 'a-1' })).map((f) => f.kind === 'token_family' && f.family_id)).toEqual([F1]);
  });

  it('a family is valid from the instant it starts; not an instant before', async () => {
    const h = await twoUserHistory();
    expect(families(await state(h, minute(12) - 1)).length).toBe(0);
    expect(families(await state(h, minute(12))).map((f) => f.kind === 'token_family' && f.family_id)).toEqual([F1]);
  });

  it('a revocation is in force at the instant it is recorded', async () => {
    const h = await twoUserHistory();
    expect(families(await state(h, minute(40) - 1)).map((f) => f.kind === 'token_family' && f.family_id)).toEqual([F1, F2]);
    expect(families(await state(h, minute(40))).map((f) => f.kind === 'token_family' && f.family_id)).toEqual([F2]);
  });

  it('an access token is valid until, not at, its expiry; a family without refresh token ends with its last access token', async () => {
    const h = new AuditHistory();
    await h.user('u', 'u@example.com', minute(0));
    await h.grant({ code: 'c', familyId: F1, jti: 'only', userId: 'u', clientId: 'a', authTime: minute(0), issuedAt: minute(0), at: minute(1), refreshHash: null });
    const expiry = minute(1) + HOUR;
    expect(families(await state(h, expiry - 1))).toEqual([expect.objectContaining({ refresh_expires_at: null, access_tokens: [{ jti: 'only', expires_at: iso(expiry) }] })]);
    expect(families(await state(h, expiry))).toEqual([]);
  });

  it('after the access tokens expire, a family lives on while its refresh token does (with no access token listed)', async () => {
    const h = await twoUserHistory();
    const items = families(await state(h, minute(20) + HOUR, { userId: 'u-bob' }));
    expect(items).toEqual([expect.objectContaining({ family_id: F2, access_tokens: [] })]);
    expect(families(await state(h, minute(20) + 24 * HOUR, { userId: 'u-bob' }))).toEqual([]);
  });

  it('a withdrawn consent is not in force; one granted again is', async () => {
    const h = await twoUserHistory();
    await h.consentRevoked('u-ada', 'a-1', minute(45));
    await h.consent('u-ada', 'a-1', ['read'], minute(50));
    const consents = (at: number) => state(h, at, { userId: 'u-ada' }).then((items) => items.filter((i) => i.kind === 'consent'));
    expect(await consents(minute(44))).toEqual([expect.objectContaining({ scopes: ['openid', 'read'] })]);
    expect(await consents(minute(45))).toEqual([]);
    expect(await consents(minute(50))).toEqual([expect.objectContaining({ scopes: ['read'], granted_at: iso(minute(50)) })]);
  });

  it('a key is listed while published: generated and active keys, a retired one until its publication ends, never a revoked one', async () => {
    const h = await twoUserHistory();
    await h.key('k2', minute(5), false);
    await h.append('signing-keys', 'SigningKeyActivated', { kid: 'k2', alg: 'ES256', at: minute(60), cause: 'rotation' }, minute(60));
    await h.append('signing-keys', 'SigningKeyRetired', { kid: 'k1', alg: 'ES256', at: minute(60), publishedUntil: minute(120) }, minute(60));
    await h.append('signing-keys', 'SigningKeyRevoked', { kid: 'k1', alg: 'ES256', at: minute(90), reason: 'leak' }, minute(90));
    const keys = async (at: number) => (await state(h, at)).flatMap((i) => (i.kind === 'signing_key' ? [`${i.kid}:${i.state}${i.active ? '*' : ''}`] : []));
    expect(await keys(minute(4))).toEqual(['k1:active*']);
    expect(await keys(minute(30))).toEqual(['k1:active*', 'k2:generated']);
    expect(await keys(minute(60))).toEqual(['k1:retired', 'k2:active*']);
    expect(await keys(minute(90))).toEqual(['k2:active*']);
  });
});
