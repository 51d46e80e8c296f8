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
    /** Absent from registrations recorded before logout existed: none. */
    postLogoutRedirectUris?: string[];
    /** Absent from older registrations: none beyond the redirect URIs' origins. */
    allowedOrigins?: string[];
    /** Absent from older registrations: not a resource server. */
    resourceUri?: string | null;
    registeredAt: number;
  }
>;

/** Stream `app-<appId>`. `secretHash` is SHA-256 (base64url) of a 256-bit random secret. */
export type AppSecretIssued = DomainEvent<'AppSecretIssued', { appId: string; secretHash: string; issuedAt: number }>;

/**
 * A new secret replaces the old one (only its SHA-256 hash is recorded, never the secret). The old
 * secret stops working at once, or at `previousSecretValidUntil` (epoch ms) when a grace window was asked for.
 */
export type AppSecretRotated = DomainEvent<'AppSecretRotated', { appId: string; secretHash: string; previousSecretValidUntil: number | null; rotatedAt: number }>;

/**
 * The app may obtain nothing until AppEnabled: client authentication and authorize refuse it, and
 * every token family it started up to `disabledAt` is dead for good (the app's tokensValidAfter).
 */
export type AppDisabled = DomainEvent<'AppDisabled', { appId: string; reason: string; disabledAt: number }>;

/** The app works again; the families killed by its disabling stay dead. */
export type AppEnabled = DomainEvent<'AppEnabled', { appId: string; enabledAt: number }>;

/** The owner changed what users see and where codes go (checked by the registration rules). */
export type AppUpdated = DomainEvent<
  'AppUpdated',
  {
    appId: string;
    name: string;
    description: string | null;
    redirectUris: string[];
    /** Absent from updates recorded before these fields existed: unchanged. */
    postLogoutRedirectUris?: string[];
    allowedOrigins?: string[];
    resourceUri?: string | null;
    updatedAt: number;
  }
>;

/** Disabled for good, every token family revoked; the id is never used again. */
export type AppDeleted = DomainEvent<'AppDeleted', { appId: string; reason: string | null; deletedAt: number }>;

export type AppEvent = AppRegistered | AppSecretIssued | AppSecretRotated | AppDisabled | AppEnabled | AppUpdated | AppDeleted;

export const APP_EVENT_TYPES = ['AppRegistered', 'AppSecretIssued', 'AppSecretRotated', 'AppDisabled', 'AppEnabled', 'AppUpdated', 'AppDeleted'] as const satisfies readonly AppEvent['type'][];

export const isAppEvent = eventGuard<AppEvent>(APP_EVENT_TYPES);
