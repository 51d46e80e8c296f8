import { assertNever } from '../shared/event.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { AppDeleted, AppDisabled, AppEnabled, AppEvent, AppSecretRotated, AppUpdated } from './app.events.js';
import type { AppState } from './app.evolve.js';
import { validateAppRegistration } from './app-registration.rules.js';

/**
 * Commands of an app's life after registration. `ownerId` is set when the app's owner acts (HTTP):
 * then another user's app, and a deleted one, are reported as missing. Without it an operator acts.
 */
interface AppCommandBase {
  readonly ownerId?: string | undefined;
  readonly now: number;
}

export interface DisableApp extends AppCommandBase {
  readonly type: 'DisableApp';
  readonly reason: string;
}
export interface EnableApp extends AppCommandBase {
  readonly type: 'EnableApp';
}
export interface RotateAppSecret extends AppCommandBase {
  readonly type: 'RotateAppSecret';
  /** SHA-256 of the new secret, as at registration. */
  readonly secretHash: string;
  /** How long the replaced secret keeps working; 0 = it stops at once. */
  readonly graceSeconds: number;
}
export interface UpdateApp extends AppCommandBase {
  readonly type: 'UpdateApp';
  readonly name?: string | undefined;
  /** null clears it. */
  readonly description?: string | null | undefined;
  readonly redirectUris?: readonly string[] | undefined;
  readonly postLogoutRedirectUris?: readonly string[] | undefined;
  readonly allowedOrigins?: readonly string[] | undefined;
  /** null clears it. */
  readonly resourceUri?: string | null | undefined;
}
export interface DeleteApp extends AppCommandBase {
  readonly type: 'DeleteApp';
  readonly reason: string | null;
}

export type AppLifecycleCommand = DisableApp | EnableApp | RotateAppSecret | UpdateApp | DeleteApp;

/** A rotation's grace window may not outlast a month. */
export const MAX_SECRET_GRACE_SECONDS = 30 * 86400;
export const MAX_REASON_LENGTH = 500;

type LiveApp = AppState & { status: 'registered' };

/** The app the command may act on, or the error that refuses it. */
function liveApp(command: AppLifecycleCommand, state: AppState): LiveApp {
  if (state.status !== 'registered') throw new NotFoundError('no such app');
  if (command.ownerId !== undefined && (state.ownerId !== command.ownerId || state.deletedAt !== null)) throw new NotFoundError('no such app');
  if (state.deletedAt !== null) throw new ConflictError('the app was deleted');
  return state;
}

export function checkReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw new ValidationError('reason', 'reason is required');
  if (trimmed.length > MAX_REASON_LENGTH) throw new ValidationError('reason', `reason must be at most ${MAX_REASON_LENGTH} characters`);
  return trimmed;
}

function disable(command: DisableApp, app: LiveApp): AppDisabled[] {
  const reason = checkReason(command.reason);
  if (app.disabled !== null) return [];
  return [{ type: 'AppDisabled', data: { appId: app.appId, reason, disabledAt: command.now } }];
}

function enable(command: EnableApp, app: LiveApp): AppEnabled[] {
  return app.disabled === null ? [] : [{ type: 'AppEnabled', data: { appId: app.appId, enabledAt: command.now } }];
}

function rotate(command: RotateAppSecret, app: LiveApp): AppSecretRotated[] {
  if (app.tokenEndpointAuthMethod === 'none' || app.secretHash === null) throw new ConflictError('a public app has no secret to rotate');
  const { graceSeconds, now } = command;
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_SECRET_GRACE_SECONDS) {
    throw new ValidationError('grace_seconds', `grace_seconds must be a whole number from 0 to ${MAX_SECRET_GRACE_SECONDS}`);
  }
  if (command.secretHash === app.secretHash) throw new ConflictError('the new secret equals the current one');
  const previousSecretValidUntil = graceSeconds === 0 ? null : now + graceSeconds * 1000;
  return [{ type: 'AppSecretRotated', data: { appId: app.appId, secretHash: command.secretHash, previousSecretValidUntil, rotatedAt: now } }];
}

function update(command: UpdateApp, app: LiveApp): AppUpdated[] {
  const description = command.description === undefined ? app.description : command.description;
  const valid = validateAppRegistration({
    name: command.name ?? app.name,
    description: description ?? undefined,
    redirectUris: command.redirectUris ?? app.redirectUris,
    scopes: app.scopes,
    tokenEndpointAuthMethod: app.tokenEndpointAuthMethod,
    grantTypes: app.grantTypes,
    idTokenSignedResponseAlg: app.idTokenSignedResponseAlg,
    postLogoutRedirectUris: command.postLogoutRedirectUris ?? app.postLogoutRedirectUris,
    allowedOrigins: command.allowedOrigins ?? app.allowedOrigins,
    resourceUri: command.resourceUri === undefined ? app.resourceUri : command.resourceUri,
  });
  const same = (a: readonly string[], b: readonly string[]): boolean => a.join('\n') === b.join('\n');
  const unchanged =
    valid.name === app.name &&
    valid.description === app.description &&
    same(valid.redirectUris, app.redirectUris) &&
    same(valid.postLogoutRedirectUris, app.postLogoutRedirectUris) &&
    same(valid.allowedOrigins, app.allowedOrigins) &&
    valid.resourceUri === app.resourceUri;
  if (unchanged) return [];
  const { name, redirectUris, postLogoutRedirectUris, allowedOrigins, resourceUri } = valid;
  return [
    {
      type: 'AppUpdated',
      data: { appId: app.appId, name, description: valid.description, redirectUris, postLogoutRedirectUris, allowedOrigins, resourceUri, updatedAt: command.now },
    },
  ];
}

function remove(command: DeleteApp, app: LiveApp): AppDeleted[] {
  const reason = command.reason === null ? null : checkReason(command.reason);
  return [{ type: 'AppDeleted', data: { appId: app.appId, reason, deletedAt: command.now } }];
}

/** Throwing style (see decisionOf): returns the events, throws a DomainError to refuse. */
export function decideAppLifecycle(command: AppLifecycleCommand, state: AppState): AppEvent[] {
  const app = liveApp(command, state);
  switch (command.type) {
    case 'DisableApp':
      return disable(command, app);
    case 'EnableApp':
      return enable(command, app);
    case 'RotateAppSecret':
      return rotate(command, app);
    case 'UpdateApp':
      return update(command, app);
    case 'DeleteApp':
      return remove(command, app);
    default:
      return assertNever(command);
  }
}
