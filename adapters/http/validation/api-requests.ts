import type { operations } from '../generated/openapi.js';
import { loadOpenApiDocument } from './openapi-document.js';
import { createRequestValidators } from './request-validator.js';
import type { OperationRequest } from './request-validator.js';

type OperationId = keyof operations;
type JsonBodyOf<K extends OperationId> = operations[K] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type ParametersOf<K extends OperationId, In extends 'path' | 'query'> = operations[K]['parameters'] extends { [P in In]?: infer V } ? Exclude<V, undefined> : never;

let validators: ReturnType<typeof createRequestValidators> | undefined;

/**
 * The request checks of one operation of openapi.yaml, typed by the generated types. Routes call
 * it when they are built (start-up); the document is read and compiled once per process.
 */
export function apiRequest<K extends OperationId>(operationId: K): OperationRequest<JsonBodyOf<K>, ParametersOf<K, 'path'>, ParametersOf<K, 'query'>> {
  validators ??= createRequestValidators(loadOpenApiDocument());
  return validators(operationId);
}
