import { InvalidTargetError } from '../shared/errors.js';

/** At most this many `resource` values in one request. */
export const MAX_RESOURCES = 10;
const MAX_RESOURCE_LENGTH = 2000;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * RFC 8707 §2: each `resource` value is an absolute URI without a fragment. Repeats collapse; the
 * order of first appearance is kept. Throws InvalidTargetError. Whether a value names a registered
 * resource server is the caller's question (src/app/apps/resource-servers.ts).
 */
export function parseResourceIndicators(values: readonly string[]): string[] {
  const resources: string[] = [];
  for (const value of values) {
    if (value.length > MAX_RESOURCE_LENGTH || !SCHEME.test(value) || /[\s#]/.test(value) || !URL.canParse(value)) {
      throw new InvalidTargetError('resource must be an absolute URI without a fragment');
    }
    if (!resources.includes(value)) resources.push(value);
  }
  if (resources.length > MAX_RESOURCES) throw new InvalidTargetError(`at most ${MAX_RESOURCES} resources may be requested at once`);
  return resources;
}

/**
 * The resources an access token is for: the requested ones, each of which the grant must hold
 * (RFC 8707 §2.2: narrower, never wider), or the whole grant when none is requested. Throws
 * InvalidTargetError.
 */
export function narrowResources(requested: readonly string[] | undefined, granted: readonly string[]): string[] {
  if (requested === undefined || requested.length === 0) return [...granted];
  const wider = requested.find((resource) => !granted.includes(resource));
  if (wider !== undefined) throw new InvalidTargetError('resource was not part of the grant');
  return [...requested];
}

/**
 * The resources of a token that may not be issued now (their app was disabled, deleted or gave the
 * identifier up since the grant): InvalidTargetError when any is among `resources`.
 */
export function assertResourcesAvailable(resources: readonly string[], unavailable: readonly string[] | undefined): void {
  if (unavailable !== undefined && resources.some((resource) => unavailable.includes(resource))) {
    throw new InvalidTargetError('a resource of the grant is no longer available');
  }
}
