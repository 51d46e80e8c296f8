import { eventGuard } from '../shared/decider.js';
import type { SigningAlgorithm } from '../keys/signing-algorithms.js';
import type { GrantType } from '../oauth/grant-types.js';
import type { DomainEvent } from '../shared/event.js';
import type { TokenEndpointAuthMethod } from './token-endpoint-auth-methods.js';

export type { GrantType, TokenEndpointAuthMethod };
/** An app's ID tokens are signed with any of the signing algorithms. */
export type IdTokenAlgorithm = SigningAlgorithm;

/** Stream `app-<appId>`. Holds no secret: the secret's hash travels in AppSecretIssued. */
export type AppRegistered = DomainEvent<
  'AppRegistered',
  {
    appId: string;
    ownerId: string;
    name: string;
    description: string | null;
    redirectUris: string[];
    scopes: string[];
    tokenEndpointAuthMethod: TokenEndpointAuthMethod;
    grantTypes: GrantType[];
    idTokenSignedResponseAlg: IdTokenAlgorithm;
    registeredAt: number;
  }
>;

/** Stream `app-<appId>`. `secretHash` is SHA-256 (base64url) of a 256-bit random secret. */
export type AppSecretIssued = DomainEvent<'AppSecretIssued', { appId: string; secretHash: string; issuedAt: number }>;

export type AppEvent = AppRegistered | AppSecretIssued;

export const isAppEvent = eventGuard<AppEvent>(['AppRegistered', 'AppSecretIssued']);
