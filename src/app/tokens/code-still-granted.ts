import type { IssuedCode } from '../../domain/oauth/authorization-code.evolve.js';
import { InvalidGrantError } from '../../domain/shared/errors.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { RegisteredAppState } from '../apps/load-app.js';
import { loadUser } from '../users/load-user.js';

/**
 * A redeemed code grants nothing when what issued it has been revoked since: its app was disabled
 * or deleted after it was issued (the app's tokensValidAfter watermark), or its user is disabled or
 * was disabled after the login behind it (sessionsValidAfter). Codes live minutes, but a disable and
 * an enable can fall inside them.
 */
export async function assertCodeStillGranted(store: EventStore, app: RegisteredAppState, code: IssuedCode): Promise<void> {
  if (app.tokensValidAfter !== null && code.issuedAt <= app.tokensValidAfter) throw new InvalidGrantError('the authorization code was revoked');
  const { state: user } = await loadUser(store, code.userId);
  const revoked = user.status !== 'registered' || user.disabled !== null || (user.sessionsValidAfter !== null && code.authTime <= user.sessionsValidAfter);
  if (revoked) throw new InvalidGrantError('the authorization code was revoked');
}
