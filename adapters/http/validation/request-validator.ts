import type { ValidateFunction } from 'ajv/dist/2020.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';
import { asNode, derefIn, pointer } from './openapi-document.js';
import type { Located, SpecNode } from './openapi-document.js';
import { schemaViolation } from './schema-violation.js';
import { SPEC_ID, createSpecAjv } from './spec-ajv.js';

type ParameterLocation = 'path' | 'query';

/**
 * The request checks of one operation, compiled from the spec. Each returns its input (with the
 * spec's defaults filled in) or throws a ValidationError naming the offending field.
 */
export interface OperationRequest<Body = unknown, Path = Record<string, string>, Query = Record<string, unknown>> {
  /** The `application/json` request body. */
  body(value: unknown): Body;
  path(params: Readonly<Record<string, unknown>>): Path;
  query(params: Readonly<Record<string, unknown>>): Query;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  readonly operation: Located;
  /** Path-level parameters, overridden by the operation's (OpenAPI 3.1 §4.8.10.1). */
  readonly parameters: Located[];
}

function findOperation(doc: SpecNode, operationId: string): Operation {
  const paths = asNode(doc['paths']) ?? {};
  for (const [template, value] of Object.entries(paths)) {
    const item = derefIn(doc, { node: asNode(value) ?? {}, pointer: pointer('#', 'paths', template) });
    for (const method of METHODS) {
      const node = asNode(item.node[method]);
      if (node?.['operationId'] !== operationId) continue;
      const operation = { node, pointer: pointer(item.pointer, method) };
      const listed = (at: Located): Located[] =>
        (Array.isArray(at.node['parameters']) ? (at.node['parameters'] as unknown[]) : []).map((p, i) =>
          derefIn(doc, { node: asNode(p) ?? {}, pointer: pointer(at.pointer, 'parameters', String(i)) }),
        );
      const own = listed(operation);
      const key = (p: Located) => `${String(p.node['in'])}:${String(p.node['name'])}`;
      const inherited = listed(item).filter((p) => !own.some((o) => key(o) === key(p)));
      return { operation, parameters: [...inherited, ...own] };
    }
  }
  throw new Error(`openapi.yaml has no operation ${operationId}`);
}

/**
 * One object schema over the operation's parameters in `location`, each by reference to its own
 * schema. A parameter's `default` is copied beside the reference: Ajv fills in defaults only from
 * a property's own subschema.
 */
function parametersSchema(doc: SpecNode, parameters: readonly Located[], location: ParameterLocation): object {
  const mine = parameters.filter((p) => p.node['in'] === location && typeof p.node['name'] === 'string');
  const property = (p: Located) => {
    const schema = derefIn(doc, { node: asNode(p.node['schema']) ?? {}, pointer: pointer(p.pointer, 'schema') });
    return { $ref: SPEC_ID + schema.pointer, ...('default' in schema.node ? { default: schema.node['default'] } : {}) };
  };
  const properties = Object.fromEntries(mine.map((p) => [String(p.node['name']), property(p)]));
  const required = mine.filter((p) => p.node['required'] === true).map((p) => String(p.node['name']));
  // A query parameter the operation does not declare is refused, naming it (a typo must not be ignored).
  return { type: 'object', properties, required, ...(location === 'query' ? { additionalProperties: false } : {}) };
}

/**
 * Compiles request validators from an OpenAPI 3.1 document, once per operation. Bodies are
 * checked as sent (no type coercion); parameters arrive as strings, so they are coerced to the
 * types their schemas name (a query `limit` of type integer).
 */
export function createRequestValidators(doc: SpecNode): <Body, Path, Query>(operationId: string) => OperationRequest<Body, Path, Query> {
  const bodies = createSpecAjv(doc, { allErrors: false, useDefaults: true });
  const params = createSpecAjv(doc, { allErrors: false, useDefaults: true, coerceTypes: true });

  return <Body, Path, Query>(operationId: string): OperationRequest<Body, Path, Query> => {
    const { operation, parameters } = findOperation(doc, operationId);
    const requestBody = derefIn(doc, { node: asNode(operation.node['requestBody']) ?? {}, pointer: pointer(operation.pointer, 'requestBody') });
    const documented = asNode(asNode(requestBody.node['content'])?.['application/json'])?.['schema'] !== undefined;
    const jsonSchema = documented ? bodies.compile({ $ref: SPEC_ID + pointer(requestBody.pointer, 'content', 'application/json', 'schema') }) : null;
    const bodyRequired = requestBody.node['required'] === true;
    const pathSchema = params.compile(parametersSchema(doc, parameters, 'path'));
    const querySchema = params.compile(parametersSchema(doc, parameters, 'query'));

    const check = <T>(validate: ValidateFunction, value: unknown, root: string): T => {
      if (!validate(value)) throw schemaViolation(validate.errors?.[0], value, root);
      return value as T;
    };
    return {
      body(value: unknown): Body {
        if (!jsonSchema) throw new Error(`openapi.yaml documents no JSON request body for ${operationId}`);
        if (value === undefined) {
          if (bodyRequired) throw new ValidationError('body', 'body: is required');
          return value as Body;
        }
        return check<Body>(jsonSchema, value, 'body');
      },
      path: (values) => check<Path>(pathSchema, { ...values }, 'path'),
      query: (values) => check<Query>(querySchema, { ...values }, 'query'),
    };
  };
}
