import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { CommandContext } from '../../../src/app/shared/context.js';

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

/** The actor and correlation id of a request; a well-formed `X-Request-Id` header is reused. */
export function requestContext(req: Request, actor: string): CommandContext {
  const incoming = req.get('x-request-id');
  return { actor, correlationId: incoming !== undefined && CORRELATION.test(incoming) ? incoming : randomUUID() };
}
