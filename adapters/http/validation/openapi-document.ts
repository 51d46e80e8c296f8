import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** A node of the parsed spec (an object). */
export type SpecNode = Record<string, unknown>;

/** A spec node and the JSON pointer (URI fragment) where it really lives, after `$ref`s. */
export interface Located {
  readonly node: SpecNode;
  readonly pointer: string;
}

/** The HTTP contract this server implements, at the repository root. */
export const OPENAPI_FILE = fileURLToPath(new URL('../../../openapi.yaml', import.meta.url));

/** Reads and parses an OpenAPI 3.1 document; throws when it is not one. */
export function loadOpenApiDocument(file: string = OPENAPI_FILE): SpecNode {
  return checkOpenApi31(parseYaml(readFileSync(file, 'utf8')));
}

export function checkOpenApi31(doc: unknown): SpecNode {
  const node = asNode(doc);
  if (!node || typeof node['openapi'] !== 'string' || !node['openapi'].startsWith('3.1')) {
    throw new Error(`expected an OpenAPI 3.1 document, got openapi: ${String(node?.['openapi'])}`);
  }
  return node;
}

export function asNode(value: unknown): SpecNode | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SpecNode) : undefined;
}

/** Follows local `$ref`s (`#/components/...`), keeping the pointer of where the node really lives. */
export function derefIn(doc: SpecNode, located: Located, depth = 0): Located {
  const ref = located.node['$ref'];
  if (typeof ref !== 'string') return located;
  if (!ref.startsWith('#/') || depth > 20) throw new Error(`unsupported or cyclic $ref: ${ref}`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    node = asNode(node)?.[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  const target = asNode(node);
  if (!target) throw new Error(`$ref does not resolve: ${ref}`);
  return derefIn(doc, { node: target, pointer: ref }, depth + 1);
}

/** Extends a URI-fragment JSON pointer: pointer('#', 'paths', '/apps/{id}') is `#/paths/~1apps~1%7Bid%7D`. */
export function pointer(base: string, ...segments: readonly string[]): string {
  return [base, ...segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1')))].join('/');
}
