import type { Request, Response } from 'express';
import { constantEquals } from '../../../src/domain/oauth/constant-equals.js';
import type { Random } from '../../../src/ports/random.port.js';
import type { CookiePolicy } from './cookies.js';
import { sendErrorPage } from './page-response.js';
import { parseCookies, setCookie } from './cookies.js';
import { singleValuedForm } from './form-body.js';
import { CSRF_FIELD } from '../pages/form-fields.js';

/**
 * CSRF by double submit: a random token in an HttpOnly, SameSite=Lax cookie and the same value in
 * each form's hidden `csrf_token` field; a POST must bring both, equal (compared in constant time).
 * A cross-site page can make the browser send the cookie but cannot read it to fill the field.
 */
const TOKEN_BYTES = 32;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The browser's CSRF token when it has a well-formed one, else a new one (set as a cookie). */
export function csrfTokenFor(req: Request, res: Response, policy: CookiePolicy, random: Random): string {
  const existing = parseCookies(req.headers.cookie).get(policy.csrfName);
  if (existing !== undefined && TOKEN.test(existing)) return existing;
  const token = random.token(TOKEN_BYTES);
  setCookie(res, policy, policy.csrfName, token);
  return token;
}

/** Does the submitted field match the cookie? False when either is missing or malformed. */
export function isCsrfValid(req: Request, policy: CookiePolicy, submitted: string | undefined): boolean {
  const cookie = parseCookies(req.headers.cookie).get(policy.csrfName);
  if (cookie === undefined || submitted === undefined || !TOKEN.test(cookie)) return false;
  return constantEquals(cookie, submitted);
}

/** 403 page for a POST whose CSRF token is missing or wrong. */
export function sendCsrfFailure(res: Response): void {
  sendErrorPage(res, 403, {
    code: 'invalid_request',
    title: 'This form has expired',
    description: 'The form was not sent from this site or has expired. Go back to the application and start again.',
  });
}

/**
 * The fields of an interaction form POST, each sent once and carrying this browser's CSRF token;
 * otherwise the error page is sent (400 or 403) and the result is null.
 */
export function readProtectedForm(req: Request, res: Response, policy: CookiePolicy): Readonly<Record<string, string>> | null {
  const form = singleValuedForm(req.body);
  if (form === null) {
    sendErrorPage(res, 400, { code: 'invalid_request', description: 'Every form field must be sent once.' });
    return null;
  }
  if (!isCsrfValid(req, policy, form[CSRF_FIELD])) {
    sendCsrfFailure(res);
    return null;
  }
  return form;
}
