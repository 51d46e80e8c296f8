/**
 * NDJSON responses (`application/x-ndjson`) against openapi.yaml: the contract checks status and
 * media type; this checks every line against the schema the spec gives for one line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

const DOC_ID = 'https://contract.invalid/ndjson-openapi.json';

export type LineValidator = (text: string) => unknown[];

/** Returns a function that parses an NDJSON body and throws on the first line that breaks `#/components/schemas/<name>`. */
export function ndjsonValidator(schemaName: string, spec = 'openapi.yaml'): LineValidator {
  const doc = parseYaml(readFileSync(resolve(spec), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormatsPlugin.default(ajv);
  ajv.addSchema(doc, DOC_ID, undefined, false);
  const validate = ajv.compile({ $ref: `${DOC_ID}#/components/schemas/${schemaName}` });
  return (text) => {
    if (text !== '' && !text.endsWith('\n')) throw new Error('an NDJSON body ends with a newline');
    return text.split('\n').filter((line) => line !== '').map((line, i) => {
      const value: unknown = JSON.parse(line);
      if (!validate(value)) throw new Error(`line ${i + 1} breaks ${schemaName}: ${JSON.stringify(validate.errors)}`);
      return value;
    });
  };
}
