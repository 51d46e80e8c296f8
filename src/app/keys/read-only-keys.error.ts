import { DomainError } from '../../domain/shared/errors.js';

/** Keys come from a read-only source (a mounted PEM directory, KEYS_DIR): rotation is done by adding files. */
export class ReadOnlyKeysError extends DomainError {
  readonly code = 'read_only_keys';
  constructor() {
    super('keys come from a read-only directory (KEYS_DIR): rotate by adding files');
  }
}
