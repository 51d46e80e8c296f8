import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../../src/ports/logger.port.js';
import { sendError } from '../errors/send-error.js';

/** An endpoint whose every failure is answered in RFC 6749 §5.2 form (the error table's `oauth` family) by the endpoint itself. */
export function oauthHandler(logger: Logger, handle: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      if (res.headersSent) throw error;
      sendError(res, req, 'oauth', error, logger);
    }
  };
}
