import type { CommandContext } from '../../../src/app/shared/context.js';
import type { HttpRequest } from '../http-request.js';
import { correlationIdOf } from './correlation-id.js';

/** Longer User-Agent headers are cut: the metadata is for telling clients apart, not for storing what anyone sends. */
export const MAX_USER_AGENT_LENGTH = 256;

/**
 * The actor and correlation id of a request; a well-formed `X-Request-Id` header is reused. The
 * client IP (`req.ip`, which reads X-Forwarded-For only as TRUST_PROXY allows) and the User-Agent go
 * into the metadata of the events the request causes.
 */
export function requestContext(req: HttpRequest, actor: string): CommandContext {
  const userAgent = req.headers['user-agent']?.slice(0, MAX_USER_AGENT_LENGTH);
  return {
    actor,
    correlationId: correlationIdOf(req),
    ...(req.ip === undefined ? {} : { ip: req.ip }),
    ...(userAgent === undefined || userAgent === '' ? {} : { userAgent }),
  };
}
