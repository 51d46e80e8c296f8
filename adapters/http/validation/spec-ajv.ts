import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Options } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { SpecNode } from './openapi-document.js';

/** The id the whole document is registered under; compile `{ $ref: SPEC_ID + pointer }`. */
export const SPEC_ID = 'https://authmaster.invalid/openapi.json';

/**
 * An Ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect) holding the whole document, with the
 * standard formats and OpenAPI's own. Not strict: the document carries OpenAPI keywords around
 * its schemas (redocly lint checks the document itself).
 */
export function createSpecAjv(doc: SpecNode, options: Pick<Options, 'allErrors' | 'coerceTypes' | 'useDefaults'> = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, logger: false, ...options });
  addFormatsPlugin.default(ajv);
  addOpenApiFormats(ajv);
  ajv.addSchema(doc, SPEC_ID, undefined, false);
  return ajv;
}

/** OpenAPI's own numeric and opaque formats, so format checking does not trip on them. */
function addOpenApiFormats(ajv: Ajv2020): void {
  const int32 = (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;
  ajv.addFormat('int32', { type: 'number', validate: int32 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('password', true);
  ajv.addFormat('binary', true);
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
}
