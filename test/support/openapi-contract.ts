/**
 * Response contract checks against openapi.yaml (OpenAPI 3.1) for HTTP tests.
 *
 *   const contract = createOpenApiContract();
 *   const res = await fetchChecked(contract, baseUrl, '/api/v1/apps/abc');
 *   ...
 *   afterAll(() => console.log(contract.uncovered().map(formatResponseKey)));
 *
 * A response fails when its path, method or status is not documented, its
 * Content-Type is not a documented media type, a required header is missing,
 * it has a body where none is documented, or its JSON body breaks the schema.
 * Coverage is per contract instance (so per test file under vitest forks).
 */
import { resolve } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { asNode, checkOpenApi31, derefIn, loadOpenApiDocument, pointer } from '../../adapters/http/validation/openapi-document.js';
import type { Located, SpecNode as Node } from '../../adapters/http/validation/openapi-document.js';
import { SPEC_ID as DOC_ID, createSpecAjv } from '../../adapters/http/validation/spec-ajv.js';

export type ContractViolationCode =
  | 'undocumented_path' | 'undocumented_method' | 'undocumented_status' | 'missing_header'
  | 'content_type_mismatch' | 'unexpected_body' | 'invalid_json' | 'schema_violation';

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
  constructor(readonly code: ContractViolationCode, message: string) {
    super(message);
  }
}

/** One documented response: `status` is the spec's key ("200", "4XX" or "default"). */
export interface ResponseKey {
  readonly method: string;
  readonly path: string;
  readonly status: string;
}

export type HeaderInput = Headers | Readonly<Record<string, string | number | readonly string[] | undefined>>;

export interface ObservedResponse {
  readonly method: string;
  /** Concrete path with optional query (`/api/v1/apps/abc?x=1`) or an absolute URL. */
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderInput;
  /** Parsed JSON, or raw text / bytes (JSON text is parsed before validation). */
  readonly body: unknown;
}

export interface OpenApiContract {
  /** Throws a ContractViolation; returns the documented response it matched. */
  assertResponse(response: ObservedResponse): ResponseKey;
  covered(): ResponseKey[];
  /** Documented responses no passing assertResponse has exercised yet. */
  uncovered(): ResponseKey[];
}

export function formatResponseKey({ method, path, status }: ResponseKey): string {
  return `${method} ${path} ${status}`;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type PathTemplate = { readonly template: string; readonly regex: RegExp; readonly params: number };

/**
 * Loads a spec file (relative to the working directory) or takes a parsed document. Loading and
 * the Ajv setup are the server's own (adapters/http/validation), so responses are checked by the
 * same rules requests are.
 */
export function createOpenApiContract(spec: string | object = 'openapi.yaml'): OpenApiContract {
  const doc = typeof spec === 'string' ? loadOpenApiDocument(resolve(spec)) : checkOpenApi31(spec);
  const ajv = createSpecAjv(doc, { allErrors: true });
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (pointer: string): ValidateFunction => {
    let validate = validators.get(pointer);
    if (!validate) validators.set(pointer, (validate = ajv.compile({ $ref: DOC_ID + pointer })));
    return validate;
  };

  const deref = (located: Located): Located => derefIn(doc, located);
  const paths = asNode(doc.paths) ?? {};
  const templates = Object.keys(paths).map(compileTemplate);
  const prefixes = serverPrefixes(doc);
  const documented = listDocumented(paths, deref);
  const seen = new Map<string, ResponseKey>();

  function assertResponse(observed: ObservedResponse): ResponseKey {
    const method = observed.method.toLowerCase();
    const path = new URL(observed.url, 'http://contract.invalid').pathname;
    const where = `${observed.method.toUpperCase()} ${path} -> ${observed.status}`; // no query: it may carry secrets
    const template = matchTemplate(templates, path, prefixes);
    if (!template) throw new ContractViolation('undocumented_path', `${where}: no path in the spec matches ${path}`);
    const item = deref({ node: asNode(paths[template]) ?? {}, pointer: pointer('#', 'paths', template) });
    const operation = asNode(item.node[method]);
    if (!operation) throw new ContractViolation('undocumented_method', `${where}: ${template} documents no ${method}`);
    const responses = asNode(operation.responses) ?? {};
    const statusKey = matchStatus(Object.keys(responses), observed.status);
    if (!statusKey) {
      const known = Object.keys(responses).join(', ');
      throw new ContractViolation('undocumented_status', `${where}: ${template} ${method} documents only ${known}`);
    }
    const response = deref({
      node: asNode(responses[statusKey]) ?? {},
      pointer: pointer(item.pointer, method, 'responses', statusKey),
    });
    const headers = normalizeHeaders(observed.headers);
    checkRequiredHeaders(response, headers, where, deref);
    checkContent(response, headers, observed, where, validatorFor);
    const key = { method: method.toUpperCase(), path: template, status: statusKey };
    seen.set(formatResponseKey(key), key);
    return key;
  }

  return {
    assertResponse,
    covered: () => [...seen.values()],
    uncovered: () => documented.filter((key) => !seen.has(formatResponseKey(key))),
  };
}

function checkContent(
  response: Located,
  headers: Map<string, string>,
  observed: ObservedResponse,
  where: string,
  validatorFor: (pointer: string) => ValidateFunction,
): void {
  const content = asNode(response.node.content);
  const documentedTypes = content ? Object.keys(content) : [];
  if (documentedTypes.length === 0) {
    const redirect = observed.status >= 300 && observed.status < 400;
    const redirectOrHead = redirect || observed.method.toLowerCase() === 'head';
    if (!isEmptyBody(observed.body) && !redirectOrHead) {
      throw new ContractViolation('unexpected_body', `${where}: the spec documents no body for this response`);
    }
    return;
  }
  const actual = mediaEssence(headers.get('content-type') ?? '');
  const documentedType = matchMediaType(documentedTypes, actual);
  if (!documentedType) {
    const got = actual || 'no Content-Type';
    throw new ContractViolation('content_type_mismatch', `${where}: ${got}, documented: ${documentedTypes.join(', ')}`);
  }
  const media = asNode(content?.[documentedType]);
  if (!isJsonMediaType(actual) || media?.schema === undefined) return;
  const body = parseJsonBody(observed.body, where);
  const validate = validatorFor(pointer(response.pointer, 'content', documentedType, 'schema'));
  if (!validate(body)) {
    const errors = (validate.errors ?? []).map(
      (e) => `  ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
    throw new ContractViolation('schema_violation', `${where}: body does not match the schema:\n${errors.join('\n')}`);
  }
}

function checkRequiredHeaders(
  response: Located,
  headers: Map<string, string>,
  where: string,
  deref: (located: Located) => Located,
): void {
  const documented = asNode(response.node.headers) ?? {};
  for (const [name, value] of Object.entries(documented)) {
    if (name.toLowerCase() === 'content-type') continue; // OpenAPI: ignored, content-type is checked via content
    const header = deref({ node: asNode(value) ?? {}, pointer: pointer(response.pointer, 'headers', name) });
    if (header.node.required === true && !headers.has(name.toLowerCase())) {
      throw new ContractViolation('missing_header', `${where}: required header ${name} is missing`);
    }
  }
}

function listDocumented(paths: Node, deref: (located: Located) => Located): ResponseKey[] {
  return Object.entries(paths).flatMap(([template, value]) => {
    const item = deref({ node: asNode(value) ?? {}, pointer: pointer('#', 'paths', template) }).node;
    return METHODS.flatMap((method) =>
      Object.keys(asNode(asNode(item[method])?.responses) ?? {}).map((status) => ({
        method: method.toUpperCase(),
        path: template,
        status,
      })),
    );
  });
}

function compileTemplate(template: string): PathTemplate {
  const params = template.match(/\{[^}/]+\}/g)?.length ?? 0;
  const source = template
    .split(/(\{[^}/]+\})/)
    .map((part) => (/^\{[^}/]+\}$/.test(part) ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { template, regex: new RegExp(`^${source}$`), params };
}

/** Concrete paths win over templated ones (OpenAPI 3.1 §4.8.8); fewest parameters first. */
function matchTemplate(
  templates: readonly PathTemplate[],
  path: string,
  prefixes: readonly string[],
): string | undefined {
  const candidates = [path, ...prefixes.filter((p) => path.startsWith(`${p}/`)).map((p) => path.slice(p.length))];
  const matches = templates.filter((t) => candidates.some((c) => t.regex.test(c)));
  matches.sort((a, b) => a.params - b.params || b.template.length - a.template.length);
  return matches[0]?.template;
}

/** Exact status, then its range (`4XX`), then `default`. */
function matchStatus(keys: readonly string[], status: number): string | undefined {
  const exact = keys.find((k) => k === String(status));
  const range = keys.find((k) => k.toUpperCase() === `${String(status)[0]}XX`);
  return exact ?? range ?? keys.find((k) => k === 'default');
}

/** Exact media type, then `type/*`, then `*\/*` (parameters such as charset are ignored). */
function matchMediaType(documented: readonly string[], actual: string): string | undefined {
  if (!actual) return undefined;
  const byEssence = (wanted: string) => documented.find((d) => mediaEssence(d) === wanted);
  return byEssence(actual) ?? byEssence(`${actual.split('/')[0]}/*`) ?? byEssence('*/*');
}

function mediaEssence(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

function isJsonMediaType(essence: string): boolean {
  return essence === 'application/json' || essence.endsWith('+json');
}

function parseJsonBody(body: unknown, where: string): unknown {
  const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : body;
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new ContractViolation('invalid_json', `${where}: the body is not valid JSON`);
  }
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === '' || (body instanceof Uint8Array && body.length === 0);
}

function normalizeHeaders(headers: HeaderInput): Map<string, string> {
  const entries: [string, string][] =
    headers instanceof Headers
      ? [...headers.entries()]
      : Object.entries(headers).flatMap(([k, v]): [string, string][] =>
          v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : String(v)]],
        );
  return new Map(entries.map(([k, v]) => [k.toLowerCase(), v]));
}

/** Server URLs with a path (`/api`, `https://host/base`) are prefixes concrete paths may carry. */
function serverPrefixes(doc: Node): string[] {
  const servers = Array.isArray(doc.servers) ? (doc.servers as unknown[]) : [];
  return servers.flatMap((server) => {
    const url = asNode(server)?.url;
    if (typeof url !== 'string' || url.includes('{')) return [];
    const pathname = new URL(url, 'http://contract.invalid').pathname.replace(/\/+$/, '');
    return pathname ? [pathname] : [];
  });
}

export interface CheckedFetchResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON for JSON media types, otherwise the text. */
  readonly body: T;
  readonly text: string;
}

/**
 * A real fetch against a listening server, asserted against the contract.
 * Redirects are not followed (`redirect: 'manual'`) so 302s are checked as such.
 */
export async function fetchChecked<T = unknown>(
  contract: OpenApiContract,
  baseUrl: string | URL,
  path: string,
  init: RequestInit = {},
): Promise<CheckedFetchResponse<T>> {
  const url = new URL(path, baseUrl);
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  const method = init.method ?? 'GET';
  const { status, headers } = response;
  contract.assertResponse({ method, url: url.pathname + url.search, status, headers, body: text });
  const json = isJsonMediaType(mediaEssence(response.headers.get('content-type') ?? '')) && text !== '';
  return { status, headers, body: (json ? JSON.parse(text) : text) as T, text };
}
