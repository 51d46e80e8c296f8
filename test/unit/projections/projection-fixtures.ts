import type { AppRegistered } from '../../../src/domain/apps/app.events.js';
import type { UserRegistered } from '../../../src/domain/users/user.events.js';
import type { JsonObject, NewEvent, RecordedEvent } from '../../../src/ports/event-store.port.js';
import type { Logger } from '../../../src/ports/logger.port.js';

let counter = 0;

export function newEvent(type: string, data: JsonObject, time = '2025-01-01T00:00:00.000Z'): NewEvent {
  counter += 1;
  return { id: `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`, type, data, metadata: { actor: 'system:test', correlationId: 'c', time } };
}

export function recorded(event: NewEvent, position: bigint, streamName = 'test', revision = 0): RecordedEvent {
  return { ...event, streamName, revision, position };
}

export function userRegistered(over: Partial<UserRegistered['data']> = {}): NewEvent {
  const data: UserRegistered['data'] = {
    userId: 'u1',
    email: 'ada@example.com',
    name: 'Ada',
    passwordHash: '$scrypt$not-a-real-hash',
    registeredAt: Date.UTC(2025, 0, 2, 3, 4, 5),
    ...over,
  };
  return newEvent('UserRegistered', data);
}

export function appRegistered(over: Partial<AppRegistered['data']> = {}): NewEvent {
  const data: AppRegistered['data'] = {
    appId: 'a1',
    ownerId: 'u1',
    name: 'My App',
    description: null,
    redirectUris: ['https://app.example/cb'],
    scopes: ['openid', 'email'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    grantTypes: ['authorization_code', 'refresh_token'],
    idTokenSignedResponseAlg: 'RS256',
    registeredAt: Date.UTC(2025, 1, 3, 4, 5, 6),
    ...over,
  };
  return newEvent('AppRegistered', data);
}

export function appSecretIssued(appId = 'a1'): NewEvent {
  return newEvent('AppSecretIssued', { appId, secretHash: 'hash-of-a-secret', issuedAt: 1 });
}

export interface RecordingLogger extends Logger {
  readonly lines: { level: string; fields: Record<string, unknown>; message: string }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, fields, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
