import { describe, expect, it } from 'vitest';
import { evolveUserDocument, usersProjection } from '../../../projections/users.projection.js';
import { newEvent, recorded, userRegistered } from './projection-fixtures.js';

describe('users projection', () => {
  it('folds UserRegistered into a user document without the password hash', () => {
    const event = recorded(userRegistered({ userId: 'u7', email: 'zoë@example.com', name: null }), 3n, 'user-u7');
    const changes = usersProjection.changes(event, () => null);
    expect(changes).toEqual([
      { collection: 'users', id: 'u7', doc: { id: 'u7', email: 'zoë@example.com', name: null, registeredAt: '2025-01-02T03:04:05.000Z', disabledAt: null } },
    ]);
    expect(JSON.stringify(changes)).not.toContain('scrypt');
  });

  it('reads the document the event is about', () => {
    expect(usersProjection.reads(recorded(userRegistered({ userId: 'u9' }), 1n))).toEqual([{ collection: 'users', id: 'u9' }]);
  });

  it('marks a user disabled and enabled again', () => {
    const doc = { id: 'u1', email: 'a@b.co', name: 'A', registeredAt: '2025-01-01T00:00:00.000Z' };
    const disabled = evolveUserDocument(doc, recorded(newEvent('UserDisabled', { userId: 'u1', reason: 'phished', disabledAt: Date.UTC(2025, 0, 3) }), 2n, 'user-u1'));
    expect(disabled).toEqual({ ...doc, disabledAt: '2025-01-03T00:00:00.000Z' });
    expect(usersProjection.reads(recorded(newEvent('UserEnabled', { userId: 'u1', enabledAt: 5 }), 3n))).toEqual([{ collection: 'users', id: 'u1' }]);
    expect(evolveUserDocument(disabled, recorded(newEvent('UserEnabled', { userId: 'u1', enabledAt: 5 }), 3n, 'user-u1'))).toEqual({ ...doc, disabledAt: null });
  });

  it('handles only the user lifecycle events and leaves a document unchanged on anything else', () => {
    expect(usersProjection.handles).toEqual(['UserRegistered', 'UserDisabled', 'UserEnabled']);
    const token = recorded(newEvent('UserTokenIssued', { userId: 'u1', tokenId: 't', issuedAt: 1, expiresAt: 2 }), 2n);
    const doc = { id: 'u1', email: 'a@b.co', name: 'A', registeredAt: '2025-01-01T00:00:00.000Z' };
    expect(evolveUserDocument(doc, token)).toBe(doc);
    expect(usersProjection.reads(token)).toEqual([]);
    expect(usersProjection.changes(token, () => doc)).toEqual([]);
  });

  it('is deterministic', () => {
    const event = recorded(userRegistered(), 1n);
    expect(usersProjection.changes(event, () => null)).toEqual(usersProjection.changes(event, () => null));
  });
});
