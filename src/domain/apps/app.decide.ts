import type { Decider } from '../shared/decider.js';
import { decisionOf } from '../shared/decider.js';
import { ConflictError } from '../shared/errors.js';
import type { AppEvent } from './app.events.js';
import { isAppEvent } from './app.events.js';
import type { AppState } from './app.evolve.js';
import { evolveApp, initialAppState } from './app.evolve.js';
import type { ValidAppRegistration } from './app-registration.rules.js';
import type { AppId, UserId } from '../shared/ids.js';

/** A registration whose fields passed `validateAppRegistration`, with its id, owner and secret hash. */
export interface RegisterApp extends ValidAppRegistration {
  readonly appId: AppId;
  readonly ownerId: UserId;
  /** SHA-256 of the generated secret; null for a public app. */
  readonly secretHash: string | null;
  readonly now: number;
}

export function decideRegisterApp(command: RegisterApp, state: AppState): AppEvent[] {
  if (state.status !== 'none') throw new ConflictError('an app with this id already exists');
  const { secretHash, now, ...fields } = command;
  const registered: AppEvent = { type: 'AppRegistered', data: { ...fields, registeredAt: now } };
  if (secretHash === null) return [registered];
  return [registered, { type: 'AppSecretIssued', data: { appId: command.appId, secretHash, issuedAt: now } }];
}

/** Stream `app-<appId>`. */
export const appDecider: Decider<AppState, RegisterApp, AppEvent> = {
  initialState: initialAppState,
  evolve: evolveApp,
  decide: decisionOf(decideRegisterApp),
  isEvent: isAppEvent,
};
