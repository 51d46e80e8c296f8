import type { operations } from '../generated/openapi.js';
import { loadOpenApiDocument } from './openapi-document.js';
import { createRequestValidators } from './request-validator.js';
import type { OperationRequest } from './request-validator.js';

type OperationId = keyof operations;
type JsonBodyOf<K extends OperationId> = operations[K] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type ParametersOf<K extends OperationId, In extends 'path' | 'query'> = operations[K]['parameters'] extends { [P in In]?: infer V } ? Exclude<V, undefined> : never;
type ApiRequest<K extends OperationId> = OperationRequest<JsonBodyOf<K>, ParametersOf<K, 'path'>, ParametersOf<K, 'query'>>;

let validators: ReturnType<typeof createRequestValidators> | undefined;
const compiled = new Map<OperationId, unknown>();

/**
 * The request checks of one operation of openapi.yaml, typed by the generated types. Routes call
 * it when they are built (start-up); the document is read once per process and each operation
 * compiled once.
 */
export function apiRequest<K extends OperationId>(operationId: K): ApiRequest<K> {
  let request = compiled.get(operationId) as ApiRequest<K> | undefined;
  if (!request) {
    validators ??= createRequestValidators(loadOpenApiDocument());
    request = validators(operationId);
    compiled.set(operationId, request);
  }
  return request;
}
