import { ConflictError } from '../shared/errors.js';
import type { AppEvent, GrantType, IdTokenAlgorithm, TokenEndpointAuthMethod } from './app.events.js';
import type { AppState } from './app.evolve.js';

/** A registration whose fields passed `validateAppRegistration`. */
export interface RegisterApp {
  readonly appId: string;
  readonly ownerId: string;
  readonly name: string;
  readonly description: string | null;
  readonly redirectUris: string[];
  readonly scopes: string[];
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  readonly grantTypes: GrantType[];
  readonly idTokenSignedResponseAlg: IdTokenAlgorithm;
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
