import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

describe('generated API types', () => {
  it('adapters/http/generated/openapi.d.ts is up to date with openapi.yaml (run `npm run generate:api`)', async () => {
    const ast = await openapiTS(new URL('../../../openapi.yaml', import.meta.url));
    const fresh = astToString(ast);
    const committed = readFileSync(new URL('../../../adapters/http/generated/openapi.d.ts', import.meta.url), 'utf8');
    const body = (text: string) => text.replace(/^\/\*\*[\s\S]*?\*\/\s*/, '').trim();
    expect(body(committed)).toBe(body(fresh));
  });
});
