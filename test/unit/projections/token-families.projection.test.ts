import { describe, expect, it } from 'vitest';
import { SqliteReadModelStore } from '../../../adapters/sqlite/sqlite-read-models.adapter.js';
import { ACCESS_TOKENS_COLLECTION, accessTokensProjection } from '../../../projections/access-tokens.projection.js';
import { allProjections } from '../../../projections/index.js';
import { rebuildProjection } from '../../../projections/rebuild.js';
import { TOKEN_FAMILIES_COLLECTION, tokenFamiliesProjection } from '../../../projections/token-families.projection.js';
import { F1, F2, HOUR, minute, twoUserHistory } from '../audit/audit-history.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('token families and access tokens projections', () => {
  it('are registered for the runner and the CLI', () => {
    expect(allProjections.map((p) => p.name)).toEqual(expect.arrayContaining(['token-families', 'access-tokens', 'audit-index']));
  });

  it('fold families by user, client and state, with the session they came from and who revoked them', async () => {
    const h = await twoUserHistory();
    const rm = new SqliteReadModelStore({ file: ':memory:', indexes: { token_families: ['user_id', 'client_id', 'state'] } });
    try {
      await rebuildProjection(h.store, rm, tokenFamiliesProjection);
      expect(await rm.get(TOKEN_FAMILIES_COLLECTION, F1)).toEqual({
        family_id: F1, client_id: 'a-1', user_id: 'u-ada', scopes: ['openid', 'read'], grant: 'authorization_code', state: 'revoked',
        started_at: iso(minute(12)), auth_time: iso(minute(10)), session_id_hash: `s-u-ada-${minute(10)}`, access_tokens: 2, rotations: 1,
        last_issued_at: iso(minute(30)), expires_at: iso(minute(30) + 24 * HOUR), reuse_detected_at: iso(minute(40)),
        revoked_at: iso(minute(40)), revoke_reason: 'refresh_token_reuse', revoked_by: 'client:a-1',
      });
      expect((await rm.find(TOKEN_FAMILIES_COLLECTION, { state: 'active' })).map((d) => d['family_id'])).toEqual([F2]);
      expect((await rm.find(TOKEN_FAMILIES_COLLECTION, { user_id: 'u-bob' })).map((d) => d['family_id'])).toEqual([F2]);
      expect((await rm.find(TOKEN_FAMILIES_COLLECTION, { client_id: 'a-1' })).map((d) => d['family_id'])).toEqual([F1]);

      await rebuildProjection(h.store, rm, accessTokensProjection);
      expect(await rm.get(ACCESS_TOKENS_COLLECTION, 'j2')).toEqual({ jti: 'j2', family_id: F1, scopes: ['openid', 'read'], issued_at: iso(minute(30)), expires_at: iso(minute(30) + HOUR) });
      expect((await rm.get(ACCESS_TOKENS_COLLECTION, 'j-bob'))?.['family_id']).toBe(F2);
    } finally {
      await rm.close();
    }
  });
});
