import type { Request } from 'express';
import type { CommandContext } from '../../../src/app/shared/context.js';
import { correlationIdOf } from './correlation-id.js';

/** The actor and correlation id of a request; a well-formed `X-Request-Id` header is reused. */
export function requestContext(req: Request, actor: string): CommandContext {
  return { actor, correlationId: correlationIdOf(req) };
}
