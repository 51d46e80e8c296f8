import { describe, expect, it } from 'vitest';
import { asNode, loadOpenApiDocument } from '../../../adapters/http/validation/openapi-document.js';
import { validateAppRegistration } from '../../../src/domain/apps/app-registration.rules.js';
import { APP_STATUSES } from '../../../src/domain/apps/app-token-revocation.js';
import { TOKEN_ENDPOINT_AUTH_METHODS } from '../../../src/domain/apps/token-endpoint-auth-methods.js';
import { MAX_REVOCATION_REASON_LENGTH } from '../../../src/domain/keys/revocation-reason.js';
import { KEY_STATES, PUBLISHED_KEY_STATES, SIGNING_ALGORITHMS } from '../../../src/domain/keys/signing-algorithms.js';
import { FAMILY_GRANTS } from '../../../src/domain/oauth/token-family.events.js';
import { GRANT_TYPES } from '../../../src/domain/oauth/grant-types.js';
import { PKCE_METHODS } from '../../../src/domain/oauth/pkce.js';
import { RESPONSE_TYPES } from '../../../src/domain/oauth/response-types.js';
import { SUPPORTED_SCOPES } from '../../../src/domain/oauth/scopes.js';
import { USER_STATUSES } from '../../../src/domain/users/user.events.js';
import { READINESS_CHECKS } from '../../../src/composition/readiness.js';

const doc = loadOpenApiDocument();
const at = (...keys: readonly string[]) => keys.reduce<Record<string, unknown> | undefined>((node, key) => asNode(node?.[key]), doc);

/** Every `enum` (and `const` of a parameter) in the document, by JSON pointer. */
function enumerations(node: unknown, at = '#'): Map<string, readonly unknown[]> {
  const found = new Map<string, readonly unknown[]>();
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, `${path}/${i}`));
    const object = asNode(value);
    if (!object) return;
    if (Array.isArray(object['enum'])) found.set(path, object['enum']);
    for (const [key, child] of Object.entries(object)) visit(child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  visit(node, at);
  return found;
}

const ROTATE = '#/paths/~1api~1v1~1admin~1keys~1rotate/post/requestBody/content/application~1json/schema/properties';

/** Where the spec restates a domain enumeration. */
const DOMAIN: Record<string, readonly string[]> = {
  '#/components/schemas/Scope': SUPPORTED_SCOPES,
  '#/components/schemas/TokenRequest/properties/grant_type': GRANT_TYPES,
  '#/components/schemas/AppRegistrationRequest/properties/grant_types/items': GRANT_TYPES,
  '#/components/schemas/AppFields/properties/grant_types/items': GRANT_TYPES,
  '#/components/schemas/AppRegistrationRequest/properties/token_endpoint_auth_method': TOKEN_ENDPOINT_AUTH_METHODS,
  '#/components/schemas/AppFields/properties/token_endpoint_auth_method': TOKEN_ENDPOINT_AUTH_METHODS,
  '#/components/schemas/AppRegistrationRequest/properties/id_token_signed_response_alg': SIGNING_ALGORITHMS,
  '#/components/schemas/AppFields/properties/id_token_signed_response_alg': SIGNING_ALGORITHMS,
  [`${ROTATE}/alg`]: SIGNING_ALGORITHMS,
  '#/components/schemas/AuditSeal/properties/alg': SIGNING_ALGORITHMS,
  '#/components/schemas/AuditStateItem/oneOf/0/properties/grant': FAMILY_GRANTS,
  '#/components/schemas/AuditStateItem/oneOf/2/properties/state': PUBLISHED_KEY_STATES,
  '#/components/schemas/SigningKey/properties/alg': SIGNING_ALGORITHMS,
  '#/components/schemas/Jwk/properties/alg': SIGNING_ALGORITHMS,
  '#/components/schemas/SigningKey/properties/state': KEY_STATES,
  '#/components/parameters/CodeChallengeMethod/schema': PKCE_METHODS,
  '#/components/responses/UserLifecycle/content/application~1json/schema/properties/status': USER_STATUSES,
  '#/components/schemas/App/properties/status': APP_STATUSES,
  '#/components/schemas/AppStatus/properties/status': APP_STATUSES,
  '#/components/schemas/AppRegistrationRequest/properties/response_types/items': RESPONSE_TYPES,
  '#/components/schemas/AppRegistration/properties/response_types/items': RESPONSE_TYPES,
  '#/components/schemas/Readiness/properties/failing/items': READINESS_CHECKS,
};

/** Protocol vocabularies the spec enumerates that are not domain enumerations (error codes are classes). */
const NOT_DOMAIN = new Set([
  '#/components/schemas/OAuthError/properties/error',
  '#/components/schemas/TokenHintRequest/properties/token_type_hint',
  '#/components/schemas/Introspection/properties/token_type',
  '#/components/schemas/Jwk/properties/kty',
  '#/components/schemas/Readiness/properties/status',
  '#/paths/~1oauth2~1consent/post/requestBody/content/application~1x-www-form-urlencoded/schema/allOf/1/properties/decision',
  '#/paths/~1oauth2~1logout~1confirm/post/requestBody/content/application~1x-www-form-urlencoded/schema/allOf/1/properties/decision',
]);

const sorted = (values: readonly unknown[]) => [...values].map(String).sort();

describe('openapi.yaml enumerations are the domain\'s', () => {
  const found = enumerations(doc);

  it.each(Object.entries(DOMAIN))('%s', (where, values) => {
    expect(found.get(where), `no enum at ${where}`).toBeDefined();
    expect(sorted(found.get(where) ?? [])).toEqual(sorted(values));
  });

  it('every enum in the spec is either a domain enumeration or a listed protocol vocabulary', () => {
    const unclaimed = [...found.keys()].filter((where) => !(where in DOMAIN) && !NOT_DOMAIN.has(where));
    expect(unclaimed).toEqual([]);
  });

  it('the one response type is the spec\'s response_type const', () => {
    expect([at('components', 'parameters', 'ResponseType', 'schema')?.['const']]).toEqual([...RESPONSE_TYPES]);
  });

  it('the revocation reason is as long in the spec as in the domain', () => {
    const reason = at('paths', '/api/v1/admin/keys/{kid}/revoke', 'post', 'requestBody', 'content', 'application/json', 'schema', 'properties', 'reason');
    expect(reason?.['maxLength']).toBe(MAX_REVOCATION_REASON_LENGTH);
    const opsReason = at('components', 'schemas', 'TokensRevocationRequest', 'properties', 'reason');
    expect(opsReason?.['maxLength']).toBe(MAX_REVOCATION_REASON_LENGTH);
    const disableReason = at('paths', '/api/v1/admin/users/{id}/disable', 'post', 'requestBody', 'content', 'application/json', 'schema', 'properties', 'reason');
    expect(disableReason?.['maxLength']).toBe(MAX_REVOCATION_REASON_LENGTH);
  });
});

describe('openapi.yaml defaults are the domain\'s', () => {
  it('an app registered without a method or an algorithm gets the same ones over HTTP (spec) and elsewhere (domain)', () => {
    const fields = at('components', 'schemas', 'AppRegistrationRequest', 'properties');
    const domain = validateAppRegistration({ name: 'x', redirectUris: ['https://app.example/cb'] });
    expect(asNode(fields?.['token_endpoint_auth_method'])?.['default']).toBe(domain.tokenEndpointAuthMethod);
    expect(asNode(fields?.['id_token_signed_response_alg'])?.['default']).toBe(domain.idTokenSignedResponseAlg);
  });
});
