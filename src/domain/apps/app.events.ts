import { eventGuard } from '../shared/decider.js';
import type { DomainEvent } from '../shared/event.js';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';
export type IdTokenAlgorithm = 'RS256' | 'ES256' | 'EdDSA';

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
