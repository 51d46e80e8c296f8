import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every import specifier of a TypeScript file (static, dynamic, `export from`). */
export function importsOf(source: string): string[] {
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const root = process.cwd();
const FORBIDDEN_PACKAGES = /^(express|better-sqlite3|@eventstore\/|mongodb|tsyringe|reflect-metadata|pino|jose|node:fs|fs|node:net|node:http|node:child_process)(\/|$)/;

describe('dependency rules: the core knows ports, never the outside', () => {
  for (const layer of ['src/domain', 'src/ports']) {
    it(`${layer} imports no adapter, framework, driver, container or logger`, () => {
      const violations = tsFiles(join(root, layer)).flatMap((file) =>
        importsOf(readFileSync(file, 'utf8'))
          .filter((spec) => FORBIDDEN_PACKAGES.test(spec) || /\/(adapters|projections|composition|app)\//.test(spec) || spec.includes('../app/'))
          .map((spec) => `${relative(root, file)} -> ${spec}`),
      );
      expect(violations).toEqual([]);
    });
  }

  it('src/app imports no adapter, framework, driver or container', () => {
    const violations = tsFiles(join(root, 'src/app')).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => FORBIDDEN_PACKAGES.test(spec) || /(^|\/)(adapters|composition)\//.test(spec))
        .map((spec) => `${relative(root, file)} -> ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('src/app touches the event store only through the one pipeline and its reader', () => {
    const pipeline = new Set(['src/app/shared/command-handler.ts', 'src/app/shared/stream-reader.ts']);
    const callers = tsFiles(join(root, 'src/app'))
      .filter((file) => /\.(readStream|readAll|appendToStream)\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(callers.filter((file) => !pipeline.has(file))).toEqual([]);
    expect(callers.sort()).toEqual([...pipeline].sort());
  });

  it('only the composition root knows tsyringe', () => {
    const users = [...tsFiles(join(root, 'src')), ...tsFiles(join(root, 'adapters')), ...tsFiles(join(root, 'projections'))]
      .filter((file) => importsOf(readFileSync(file, 'utf8')).some((spec) => spec === 'tsyringe'))
      .map((file) => relative(root, file));
    expect(users.every((file) => file.startsWith('src/composition/'))).toBe(true);
  });

  it('the import scanner sees every kind of import (so the rules above can fail)', () => {
    expect(importsOf(`import x from 'express';\nimport type { Y } from "../../adapters/http/x.js";\nconst m = await import('mongodb');\nexport { z } from 'tsyringe';\nimport 'pino';`)).toEqual([
      'express', '../../adapters/http/x.js', 'mongodb', 'tsyringe', 'pino',
    ]);
  });
});
