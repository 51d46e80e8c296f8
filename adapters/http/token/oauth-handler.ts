import type { ServerResponse } from 'node:http';
import type { Logger } from '../../../src/ports/logger.port.js';
import { sendError } from '../errors/send-error.js';
import type { HttpRequest } from '../http-request.js';

/**
 * An endpoint whose every failure is answered in RFC 6749 §5.2 form (the error table's `oauth`
 * family) by the endpoint itself, through node's API only: the token endpoint is mounted both on
 * the router and on the fast path (token-fast-path.ts), which has no express request or response.
 */
export function oauthHandler<Req extends HttpRequest, Res extends ServerResponse>(logger: Logger, handle: (req: Req, res: Res) => Promise<void>): (req: Req, res: Res) => Promise<void> {
  return async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      if (res.headersSent) throw error;
      sendError(res, req, 'oauth', error, logger);
    }
  };
}
