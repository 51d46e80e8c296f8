/**
 * Names that reach SQL or a Mongo namespace: read-model collections, projections and query
 * fields. Checked before use so that no caller-supplied text is ever spliced into a query.
 */

export class InvalidReadModelNameError extends Error {
  readonly code = 'INVALID_READ_MODEL_NAME';
  constructor(readonly kind: 'collection' | 'field' | 'projection', readonly value: string) {
    super(`invalid read-model ${kind} name: ${JSON.stringify(value.slice(0, 80))}`);
    this.name = 'InvalidReadModelNameError';
  }
}

const COLLECTION = /^[a-z][a-z0-9_]{0,62}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function checkCollectionName(name: string): string {
  if (!COLLECTION.test(name)) throw new InvalidReadModelNameError('collection', name);
  return name;
}

export function checkFieldName(name: string): string {
  if (!FIELD.test(name)) throw new InvalidReadModelNameError('field', name);
  return name;
}

export function checkProjectionName(name: string): string {
  if (name.length === 0 || name.length > 200) throw new InvalidReadModelNameError('projection', name);
  return name;
}
