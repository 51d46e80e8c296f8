import type { ErrorObject } from 'ajv/dist/2020.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';

/** The property an error is about when it is not the value at `instancePath` itself. */
function childOf(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return String(params['missingProperty']);
    case 'additionalProperties':
      return String(params['additionalProperty']);
    case 'unevaluatedProperties':
      return String(params['unevaluatedProperty']);
    default:
      return undefined;
  }
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return 'is required';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'is not allowed';
    case 'enum':
      return `must be one of ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The request field a JSON pointer names, as the API reports it: `redirect_uris[0]`, `owner.name`.
 * Walks `data` so an array index and an object key that looks like a number read differently.
 */
export function fieldName(instancePath: string, data: unknown, child?: string): string {
  const segments = instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) segments.push(child);
  let name = '';
  let node = data;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      name += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      name = name ? `${name}.${segment}` : segment;
      node = isObject(node) ? node[segment] : undefined;
    }
  }
  return name;
}

/** Ajv's first error as the ValidationError the error mapper answers 400 with; `root` names the whole value. */
export function schemaViolation(error: ErrorObject | undefined, data: unknown, root: string): ValidationError {
  if (!error) return new ValidationError(root, `${root}: is invalid`);
  const field = fieldName(error.instancePath, data, childOf(error)) || root;
  return new ValidationError(field, `${field}: ${describe(error)}`);
}
