import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../../src/domain/users/email.js';
import { checkPasswordPolicy, decideReserveEmail, decideUser } from '../../../src/domain/users/user.decide.js';
import type { UserEvent } from '../../../src/domain/users/user.events.js';
import { evolveUser, initialUserState } from '../../../src/domain/users/user.evolve.js';
import { testIds } from '../../support/ids.js';

const given = (...events: UserEvent[]) => events.reduce(evolveUser, initialUserState());
const register = { type: 'RegisterUser' as const, userId: testIds.user('u1'), email: 'a@example.com', name: null, passwordHash: 'scrypt$...', now: 5 };

describe('user decider', () => {
  it('given nothing, when registered, then UserRegistered with the hash, never the password', () => {
    const events = decideUser(register, given());
    expect(events).toEqual([{ type: 'UserRegistered', data: { userId: 'u1', email: 'a@example.com', name: null, passwordHash: 'scrypt$...', registeredAt: 5 } }]);
  });

  it('given a user, when registered again, then conflict', () => {
    expect(() => decideUser(register, given(...decideUser(register, given())))).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('given nothing, when a token is issued, then not found; given a user, then UserTokenIssued', () => {
    const issue = { type: 'IssueUserToken' as const, tokenId: 't1', now: 10, expiresAt: 3_600_010 };
    expect(() => decideUser(issue, given())).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(decideUser(issue, given(...decideUser(register, given())))).toEqual([
      { type: 'UserTokenIssued', data: { userId: 'u1', tokenId: 't1', issuedAt: 10, expiresAt: 3_600_010 } },
    ]);
  });

  it('an email claimed by a registered user cannot be claimed again; a dangling claim can', () => {
    const registered = given(...decideUser(register, given()));
    expect(() => decideReserveEmail({ userId: 'u2', emailHash: 'h' }, { userId: 'u1' }, registered)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(decideReserveEmail({ userId: 'u2', emailHash: 'h' }, { userId: 'u1' }, given())).toEqual([{ type: 'UserEmailReserved', data: { userId: 'u2', emailHash: 'h' } }]);
  });

  it('normalizes emails and enforces the password policy', () => {
    expect(normalizeEmail('  Alice@Example.COM ')).toBe('alice@example.com');
    expect(() => normalizeEmail('not-an-email')).toThrow(expect.objectContaining({ field: 'email' }));
    expect(() => checkPasswordPolicy('short')).toThrow(expect.objectContaining({ field: 'password' }));
    expect(() => checkPasswordPolicy('long enough')).not.toThrow();
  });
});

describe('user roles', () => {
  const registered = () => given(...decideUser(register, given()));
  it('grants admin once and revokes it', () => {
    const grant = { type: 'GrantRole' as const, role: 'admin' as const, now: 7 };
    const granted = decideUser(grant, registered());
    expect(granted).toEqual([{ type: 'UserRoleGranted', data: { userId: 'u1', role: 'admin', grantedAt: 7 } }]);
    const admin = granted.reduce(evolveUser, registered());
    expect(admin).toMatchObject({ roles: ['admin'] });
    expect(decideUser(grant, admin)).toEqual([]);
    const revoked = decideUser({ type: 'RevokeRole', role: 'admin', now: 8 }, admin);
    expect(revoked.reduce(evolveUser, admin)).toMatchObject({ roles: [] });
    expect(() => decideUser(grant, given())).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('user decider: disable and enable', () => {
  const registered = () => given(...decideUser(register, given()));
  const disabled = { type: 'UserDisabled' as const, data: { userId: 'u1', reason: 'account takeover', disabledAt: 100 } };

  it('given a user, when disabled, then UserDisabled with the reason; the state refuses sessions up to then', () => {
    expect(decideUser({ type: 'DisableUser', reason: 'account takeover', now: 100 }, registered())).toEqual([disabled]);
    const state = evolveUser(registered(), disabled);
    expect(state).toMatchObject({ disabled: { reason: 'account takeover', at: 100 }, sessionsValidAfter: 100 });
  });

  it('given a disabled user, when disabled again, then nothing (a retry of `users disable` is harmless)', () => {
    expect(decideUser({ type: 'DisableUser', reason: 'again', now: 200 }, evolveUser(registered(), disabled))).toEqual([]);
  });

  it('given a disabled user, when enabled, then UserEnabled; sessions from before the disable stay dead', () => {
    const events = decideUser({ type: 'EnableUser', now: 300 }, evolveUser(registered(), disabled));
    expect(events).toEqual([{ type: 'UserEnabled', data: { userId: 'u1', enabledAt: 300 } }]);
    const state = events.reduce(evolveUser, evolveUser(registered(), disabled));
    expect(state).toMatchObject({ disabled: null, sessionsValidAfter: 100 });
  });

  it('given an enabled user, when enabled, then nothing; given nothing, then not found; a blank reason is refused', () => {
    expect(decideUser({ type: 'EnableUser', now: 300 }, registered())).toEqual([]);
    expect(() => decideUser({ type: 'DisableUser', reason: 'x', now: 1 }, given())).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => decideUser({ type: 'EnableUser', now: 1 }, given())).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => decideUser({ type: 'DisableUser', reason: ' ', now: 1 }, registered())).toThrow(expect.objectContaining({ field: 'reason' }));
  });
});
