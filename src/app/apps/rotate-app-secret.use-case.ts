import { sha256 } from '../../domain/shared/hash.js';
import type { CommandContext } from '../shared/context.js';
import type { AppCommandDeps } from './app-command.js';
import { decideOnApp } from './app-command.js';
import { newClientSecret } from './client-secret.js';

export interface RotateAppSecretInput {
  readonly appId: string;
  /** Set when the owner acts: another user's app is then reported missing. */
  readonly ownerId?: string | undefined;
  /** How long the old secret keeps working; 0 = it stops at once. */
  readonly graceSeconds: number;
}

export interface RotatedAppSecret {
  readonly appId: string;
  /** Shown once to whoever rotated it; only its hash is recorded. */
  readonly appSecret: string;
  /** Epoch ms; null when the old secret stopped at once. */
  readonly previousSecretValidUntil: number | null;
  readonly position: bigint;
}

/** A new 256-bit secret for a confidential app (AppSecretRotated records its SHA-256 only). */
export async function rotateAppSecret(deps: AppCommandDeps, input: RotateAppSecretInput, context: CommandContext): Promise<RotatedAppSecret> {
  const appSecret = newClientSecret(deps.random);
  const command = { type: 'RotateAppSecret', ownerId: input.ownerId, secretHash: sha256(appSecret), graceSeconds: input.graceSeconds, now: deps.clock.now() } as const;
  const outcome = await decideOnApp(deps, input.appId, command, context);
  const rotated = outcome.events.find((event) => event.type === 'AppSecretRotated');
  return {
    appId: input.appId,
    appSecret,
    previousSecretValidUntil: rotated?.type === 'AppSecretRotated' ? rotated.data.previousSecretValidUntil : null,
    position: outcome.position,
  };
}
