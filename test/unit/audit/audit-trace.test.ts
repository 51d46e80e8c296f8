import { afterEach, describe, expect, it } from 'vitest';
import { SqliteReadModelStore } from '../../../adapters/sqlite/sqlite-read-models.adapter.js';
import { accessTokensProjection } from '../../../projections/access-tokens.projection.js';
import { auditIndexProjection } from '../../../projections/audit-index.projection.js';
import { rebuildProjection } from '../../../projections/rebuild.js';
import { traceGrant } from '../../../src/app/audit/audit-trace.query.js';
import { parseTraceToken } from '../../../src/app/audit/trace-target.js';
import { NotFoundError, ValidationError } from '../../../src/domain/shared/errors.js';
import { sha256 } from '../../../src/domain/shared/hash.js';
import type { RecordedEvent } from '../../../src/ports/event-store.port.js';
import type { ReadModelStore } from '../../../src/ports/read-models.port.js';
import { F1, F2, minute, twoUserHistory } from './audit-history.js';

const F3 = '33333333-3333-4333-8333-333333333333';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>): string => `${b64({ alg: 'ES256', typ: 'at+jwt' })}.${b64(claims)}.c2lnbmF0dXJl`;
const types = (events: readonly RecordedEvent[]): string[] => events.map((e) => e.type);

const LINEAGE_F1 = [
  'SessionStarted', 'UserLoggedIn', 'ConsentGranted', 'AuthorizationCodeIssued', 'AuthorizationCodeRedeemed',
  'TokenFamilyStarted', 'TokensIssued', 'RefreshTokenRotated', 'RefreshTokenReuseDetected', 'TokenFamilyRevoked',
];

describe('audit trace', () => {
  const stores: ReadModelStore[] = [];
  const readModels = (): ReadModelStore => {
    const store = new SqliteReadModelStore({ file: ':memory:' });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  it("follows a family from the login and consent to its revocation, with the revoker and reason", async () => {
    const h = await twoUserHistory();
    const events = await traceGrant({ store: h.store, readModels: readModels() }, { kind: 'family', familyId: F1 });
    expect(types(events)).toEqual(LINEAGE_F1);
    const revocation = events.at(-1)!;
    expect(revocation.metadata.actor).toBe('client:a-1');
    expect(revocation.data['reason']).toBe('refresh_token_reuse');
  });

  it('gives the same lineage with a built audit index as with none', async () => {
    const h = await twoUserHistory();
    const rm = readModels();
    await rebuildProjection(h.store, rm, auditIndexProjection);
    expect(types(await traceGrant({ store: h.store, readModels: rm }, { kind: 'family', familyId: F1 }))).toEqual(LINEAGE_F1);
  });

  it('starts from an access token (its fam claim, or its jti through the access-token read model) or a refresh token', async () => {
    const h = await twoUserHistory();
    const rm = readModels();
    const deps = { store: h.store, readModels: rm };
    const expired = jwt({ jti: 'j2', fam: F1, exp: 1 });
    expect(types(await traceGrant(deps, parseTraceToken(expired)))).toEqual(LINEAGE_F1);

    await rebuildProjection(h.store, rm, accessTokensProjection);
    expect(types(await traceGrant(deps, parseTraceToken(jwt({ jti: 'j-bob' }))))).toContain('TokenFamilyStarted');
    expect((await traceGrant(deps, parseTraceToken(jwt({ jti: 'j-bob' })))).every((e) => !e.streamName.includes(F1))).toBe(true);

    const refresh = `${F3}.${'A'.repeat(43)}`;
    await h.grant({ code: 'code-3', familyId: F3, jti: 'j3', userId: 'u-bob', clientId: 'a-2', authTime: minute(19), issuedAt: minute(50), at: minute(51), refreshHash: sha256(refresh) });
    expect(types(await traceGrant(deps, parseTraceToken(refresh)))).toEqual([
      'SessionStarted', 'UserLoggedIn', 'ConsentGranted', 'AuthorizationCodeIssued', 'AuthorizationCodeRedeemed', 'TokenFamilyStarted', 'TokensIssued',
    ]);
    await expect(traceGrant(deps, parseTraceToken(`${F2}.${'A'.repeat(43)}`))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a token the family never issued (a forged claim) and an unknown family with NotFoundError', async () => {
    const h = await twoUserHistory();
    const deps = { store: h.store, readModels: readModels() };
    await expect(traceGrant(deps, parseTraceToken(jwt({ jti: 'j-bob', fam: F1 })))).rejects.toBeInstanceOf(NotFoundError);
    await expect(traceGrant(deps, parseTraceToken(jwt({ jti: 'nobody' })))).rejects.toBeInstanceOf(NotFoundError);
    await expect(traceGrant(deps, { kind: 'family', familyId: F3 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses malformed tokens with a ValidationError naming the token field', () => {
    for (const bad of ['', 'not-a-token', 'a.b', `${b64({})}.${b64({ fam: F1 })}.x`, `${b64({})}.bm90IGpzb24.x`, `${b64({})}.${b64([1])}.x`, 'x'.repeat(9000)]) {
      expect(() => parseTraceToken(bad)).toThrow(ValidationError);
      try {
        parseTraceToken(bad);
      } catch (error) {
        expect((error as ValidationError).field).toBe('token');
      }
    }
  });
});
