import type { Request } from 'express';
import type { Logger } from '../../../src/ports/logger.port.js';
import { correlationIdOf } from './correlation-id.js';

/** A login refused because its email had too many recent failures (LOGIN_THROTTLE_*): a security event, at warn. The email is not logged. */
export function logLoginThrottled(logger: Logger, req: Request, clientId: string | undefined): void {
  logger.warn({ correlation_id: correlationIdOf(req), client_id: clientId, ip: req.socket.remoteAddress, user_agent: req.get('user-agent') }, 'login throttled: too many failed attempts for this email');
}
