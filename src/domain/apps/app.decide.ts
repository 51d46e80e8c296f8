import type { Decider } from '../shared/decider.js';
import { decisionOf } from '../shared/decider.js';
import { ConflictError } from '../shared/errors.js';
import { assertNever } from '../shared/event.js';
import type { AppEvent } from './app.events.js';
import { isAppEvent } from './app.events.js';
import type { AppState } from './app.evolve.js';
import { evolveApp, initialAppState } from './app.evolve.js';
import type { AppLifecycleCommand } from './app-lifecycle.decide.js';
import { decideAppLifecycle } from './app-lifecycle.decide.js';
import type { ValidAppRegistration } from './app-registration.rules.js';
import type { AppId, UserId } from '../shared/ids.js';

/** A registration whose fields passed `validateAppRegistration`, with its id, owner and secret hash. */
export interface RegisterApp extends ValidAppRegistration {
  readonly type: 'RegisterApp';
  readonly appId: AppId;
  readonly ownerId: UserId;
  /** SHA-256 of the generated secret; null for a public app. */
  readonly secretHash: string | null;
  readonly now: number;
}

export type AppCommand = RegisterApp | AppLifecycleCommand;

export function decideRegisterApp(command: RegisterApp, state: AppState): AppEvent[] {
  // A deleted app's stream still holds its registration: its id is never reused.
  if (state.status !== 'none') throw new ConflictError('an app with this id already exists');
  const { type: _type, secretHash, now, ...fields } = command;
  const registered: AppEvent = { type: 'AppRegistered', data: { ...fields, registeredAt: now } };
  if (secretHash === null) return [registered];
  return [registered, { type: 'AppSecretIssued', data: { appId: command.appId, secretHash, issuedAt: now } }];
}

export function decideApp(command: AppCommand, state: AppState): AppEvent[] {
  switch (command.type) {
    case 'RegisterApp':
      return decideRegisterApp(command, state);
    case 'DisableApp':
    case 'EnableApp':
    case 'RotateAppSecret':
    case 'UpdateApp':
    case 'DeleteApp':
      return decideAppLifecycle(command, state);
    default:
      return assertNever(command);
  }
}

/** Stream `app-<appId>`. */
export const appDecider: Decider<AppState, AppCommand, AppEvent> = {
  initialState: initialAppState,
  evolve: evolveApp,
  decide: decisionOf(decideApp),
  isEvent: isAppEvent,
};
