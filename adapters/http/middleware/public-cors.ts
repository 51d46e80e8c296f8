import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * Discovery and the JWKS are public documents: any origin may read them (`*`, never with
 * credentials), by GET or HEAD, and preflights get a 204.
 */
export const publicCors: RequestHandler = cors({ origin: '*', methods: ['GET', 'HEAD'], credentials: false });
