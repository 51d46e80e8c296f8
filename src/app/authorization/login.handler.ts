import type { AuthorizeParams } from '../../domain/oauth/authorization-params.js';
import { KeyedQueue } from '../shared/keyed-queue.js';
import { loadUserByEmail } from '../users/load-user.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import type { AuthorizationStep, CarriedParams, LoginPageModel } from './authorization-step.js';
import { accessDenied } from './authorization-step.js';
import { carriedParams, resumeAfterLogin } from './carried-params.js';
import type { CredentialChecker } from './credential-checker.js';
import type { LoginRequest } from './login-attempts.js';
import { emailKey, isThrottled, recordLoginAttempt } from './login-attempts.js';
import { endReplacedSession, startSession } from './start-session.js';
import { validateRequest } from './validate-request.js';

/** Login attempts for one email are checked and recorded one at a time (see KeyedQueue). */
const attempts = new KeyedQueue();

export interface LoginDeps extends AuthorizationDeps {
  readonly credentials: CredentialChecker;
}

export interface LoginForm {
  /** The authorization request carried by the login form (validated again here). */
  readonly params: AuthorizeParams;
  readonly email: string;
  readonly password: string;
  /** The session cookie the browser had, if any: ended when the new one starts. */
  readonly previousSessionId: string | null;
}

export type LoginOutcome =
  | AuthorizationStep
  /** Logged in: set the session cookie, then resume the authorization with `resume`. */
  | { readonly kind: 'logged_in'; readonly sessionId: string; readonly resume: CarriedParams };

/**
 * The login form's answer. A wrong password, an unknown email or a non-email all read alike
 * (`invalid_credentials`, same KDF work, same UserLoginFailed), and so does a disabled user's
 * login; a throttled email is refused
 * before any password check.
 */
export async function logIn(deps: LoginDeps, form: LoginForm, request: LoginRequest): Promise<LoginOutcome> {
  const { correlationId } = request;
  const validated = await validateRequest(deps, form.params);
  if (!validated.ok) return validated.step;
  const carried = carriedParams(form.params);
  const cancel = accessDenied(validated.request, deps.settings.issuer, 'the user cancelled the sign-in');
  const page = (problem: LoginPageModel['problem'], email: string): AuthorizationStep => ({
    kind: 'login',
    page: { appName: validated.app.name, carried, cancel, email, problem },
  });
  if (form.email.trim() === '' || form.password === '') return page('missing_fields', form.email);

  const key = emailKey(form.email);
  const checked = await attempts.run(key.hash, async () => {
    const now = deps.clock.now();
    if (await isThrottled(deps, key, now)) return 'too_many_attempts' as const;
    const user = key.email === null ? null : await loadUserByEmail(deps.store, key.email);
    const verified = await deps.credentials.verify(form.password, user?.passwordHash ?? null);
    // A disabled user reads exactly like a wrong password (after the same KDF work).
    if (user === null || !verified || user.disabled !== null) {
      await recordLoginAttempt(deps, key, { type: 'RecordLoginFailed', emailHash: key.hash, now }, request);
      return 'invalid_credentials' as const;
    }
    return { user, now };
  });
  if (typeof checked === 'string') return page(checked, form.email);
  const { user, now } = checked;

  const session = await startSession(deps, user.userId, now, correlationId);
  await recordLoginAttempt(deps, key, { type: 'RecordLoginSucceeded', userId: user.userId, sessionIdHash: session.sessionIdHash, now }, request);
  await endReplacedSession(deps, form.previousSessionId, `user:${user.userId}`, now, correlationId);
  return { kind: 'logged_in', sessionId: session.sessionId, resume: resumeAfterLogin(carried) };
}
