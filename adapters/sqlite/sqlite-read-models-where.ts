import type { Where } from '../../src/ports/read-models.port.js';
import { checkFieldName } from '../shared/read-model-names.js';

/**
 * Translates a `Where` into SQL over the JSON `body` column: each field equals the value with the
 * same JSON type, or is an array that contains it. Field names are validated, then inlined as
 * JSON paths; values are always bound.
 */

export interface WhereSql {
  /** Stable for one shape of query (fields and value types): the key of a prepared statement. */
  readonly shape: string;
  readonly sql: string;
  readonly params: readonly (string | number)[];
}

type Kind = 'text' | 'number' | 'true' | 'false';

function kindOf(value: string | number | boolean): Kind {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('read-model query values must be finite numbers');
    return 'number';
  }
  return value ? 'true' : 'false';
}

const TYPES: Record<Kind, string> = { text: `'text'`, number: `'integer','real'`, true: `'true'`, false: `'false'` };

function fieldPredicate(field: string, kind: Kind): string {
  const path = `'$."${field}"'`;
  const types = TYPES[kind];
  const compare = kind === 'text' || kind === 'number';
  const member = `EXISTS (SELECT 1 FROM json_each(body, ${path}) AS e WHERE e.type IN (${types})${compare ? ' AND e.value = ?' : ''})`;
  const scalar = `(json_type(body, ${path}) IN (${types})${compare ? ` AND json_extract(body, ${path}) = ?` : ''})`;
  // The cheap `instr` prefilter is sound because every body was written by JSON.stringify, which
  // encodes an equal value to the same text; the JSON functions then check field and type.
  const prefilter = compare ? 'instr(body, ?) > 0 AND ' : '';
  return `(${prefilter}CASE json_type(body, ${path}) WHEN 'array' THEN ${member} ELSE ${scalar} END)`;
}

export function whereSql(where: Where): WhereSql {
  const fields = Object.keys(where).sort();
  const parts: string[] = [];
  const shape: string[] = [];
  const params: (string | number)[] = [];
  for (const field of fields) {
    checkFieldName(field);
    const value = where[field] as string | number | boolean;
    const kind = kindOf(value);
    parts.push(fieldPredicate(field, kind));
    shape.push(`${field}:${kind}`);
    // the encoded value for the prefilter, then the value for the array branch and the scalar branch
    if (kind === 'text' || kind === 'number') params.push(JSON.stringify(value), value as string | number, value as string | number);
  }
  return { shape: shape.join(','), sql: parts.length === 0 ? '1' : parts.join(' AND '), params };
}
