import type { RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '../errors/http-errors.js';

/** 415 unless the body is declared as JSON. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    next(new UnsupportedMediaTypeError('the request body must be application/json'));
    return;
  }
  next();
};

/** For an optional body: 415 when a body is sent and not declared as JSON; no (or an empty) body passes. */
export const optionalJson: RequestHandler = (req, _res, next) => {
  const empty = req.get('content-type') === undefined && (req.get('content-length') ?? '0') === '0' && req.get('transfer-encoding') === undefined;
  if (!empty && req.is('application/json') !== 'application/json') {
    next(new UnsupportedMediaTypeError('the request body must be application/json'));
    return;
  }
  next();
};
