import { describe, expect, it } from 'vitest';
import { hasRole } from '../../../src/app/users/has-role.js';
import { decideUser } from '../../../src/domain/users/user.decide.js';
import { USER_ROLES } from '../../../src/domain/users/user.events.js';
import { evolveUser, initialUserState } from '../../../src/domain/users/user.evolve.js';

describe('roles', () => {
  it('admin implies auditor and security-ops; the others imply nothing else', () => {
    expect(USER_ROLES).toEqual(['admin', 'auditor', 'security-ops']);
    expect(['admin', 'auditor', 'security-ops'].every((role) => hasRole(['admin'], role as never))).toBe(true);
    expect(hasRole(['auditor'], 'auditor')).toBe(true);
    expect(hasRole(['auditor'], 'security-ops')).toBe(false);
    expect(hasRole(['auditor'], 'admin')).toBe(false);
    expect(hasRole(['security-ops'], 'auditor')).toBe(false);
    expect(hasRole([], 'auditor')).toBe(false);
  });

  it('grants and revokes the new roles like admin', () => {
    let state = evolveUser(initialUserState(), { type: 'UserRegistered', data: { userId: 'u', email: 'u@x.io', name: null, passwordHash: 'h', registeredAt: 0 } });
    for (const role of ['auditor', 'security-ops'] as const) {
      const [granted] = decideUser({ type: 'GrantRole', role, now: 1 }, state);
      expect(granted).toEqual({ type: 'UserRoleGranted', data: { userId: 'u', role, grantedAt: 1 } });
      state = evolveUser(state, granted!);
    }
    expect(state.status === 'registered' && state.roles).toEqual(['auditor', 'security-ops']);
    expect(decideUser({ type: 'GrantRole', role: 'auditor', now: 2 }, state)).toEqual([]);
    expect(decideUser({ type: 'RevokeRole', role: 'auditor', now: 3 }, state)).toEqual([{ type: 'UserRoleRevoked', data: { userId: 'u', role: 'auditor', revokedAt: 3 } }]);
  });
});
