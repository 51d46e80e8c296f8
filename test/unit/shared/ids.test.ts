import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appIdOf, familyIdOf, isFamilyId, kidOf, userIdOf } from '../../../src/domain/shared/ids.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';

const fieldOf = (work: () => unknown): string | null => {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof ValidationError ? error.field : 'not a ValidationError';
  }
};

describe('branded ids are built by their constructors only', () => {
  it('family ids are lowercase UUIDs', () => {
    fc.assert(fc.property(fc.uuid(), (uuid) => {
      expect(familyIdOf(uuid.toLowerCase())).toBe(uuid.toLowerCase());
      expect(isFamilyId(uuid.toLowerCase())).toBe(true);
    }));
    expect(fieldOf(() => familyIdOf('3F1C2A9E-8B7D-4C6E-9A5F-1B2C3D4E5F60'))).toBe('family_id');
    expect(fieldOf(() => familyIdOf('fam-1', 'family'))).toBe('family');
    expect(fieldOf(() => familyIdOf(''))).toBe('family_id');
  });

  it('app ids, user ids and kids are 1 to 200 printable characters without spaces, naming the field otherwise', () => {
    expect(appIdOf('5c2b-app')).toBe('5c2b-app');
    expect(userIdOf('3f1c2a9e-8b7d-4c6e-9a5f-1b2c3d4e5f60')).toBe('3f1c2a9e-8b7d-4c6e-9a5f-1b2c3d4e5f60');
    expect(kidOf('xR3_9-thumbprint')).toBe('xR3_9-thumbprint');
    expect(fieldOf(() => appIdOf(''))).toBe('client_id');
    expect(fieldOf(() => appIdOf('a b', 'app_id'))).toBe('app_id');
    expect(fieldOf(() => userIdOf('x'.repeat(201)))).toBe('user_id');
    expect(fieldOf(() => kidOf('k\u0000'))).toBe('kid');
    expect(fieldOf(() => kidOf('ключ'))).toBe('kid');
  });
});
