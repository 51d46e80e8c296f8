import { describe, expect, it } from 'vitest';
import { InvalidRequestError, OAuthError, ValidationError, errorDescription } from '../../../src/domain/shared/errors.js';

describe('invalid_request errors and their descriptions', () => {
  it('a ValidationError is an invalid_request that names its field', () => {
    const error = new ValidationError('email', 'email must be a valid email address');
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error.code).toBe('invalid_request');
    expect(error.field).toBe('email');
    expect(new InvalidRequestError('x')).not.toBeInstanceOf(ValidationError);
  });

  it('error descriptions keep RFC 6749 Appendix A.7 characters only, at most 300', () => {
    expect(errorDescription('grant_type "x\r\n" is not supported \\ é')).toBe('grant_type  x    is not supported    ');
    expect(errorDescription('y'.repeat(1000))).toHaveLength(300);
    expect(errorDescription('plain text, kept as is: [1-9]{}~!')).toBe('plain text, kept as is: [1-9]{}~!');
  });
});
