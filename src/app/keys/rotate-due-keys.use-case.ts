import type { KeyAdministrationDeps } from './key-administration-deps.js';
import { changeSigningKeys } from './change-signing-keys.js';
import { kidOf } from '../../domain/shared/ids.js';

/**
 * The scheduled rotation (KEY_ROTATION_INTERVAL): rotates each configured algorithm whose active key
 * has signed for `intervalMs`. Guarded by the active kid, so nodes racing each other rotate once and
 * a node with a stale view rotates nothing. A refusal is logged and retried at the next check.
 */
export async function rotateDueKeys(deps: KeyAdministrationDeps, intervalMs: number): Promise<void> {
  const now = deps.clock.now();
  const keys = await deps.keys.list();
  for (const alg of deps.algorithms) {
    const current = keys.find((k) => k.alg === alg && k.state === 'active');
    if (!current || (current.activatedAt ?? 0) + intervalMs > now) continue;
    const context = { actor: 'system:key-rotation', correlationId: deps.random.uuid() };
    await changeSigningKeys(deps, { type: 'RotateKeys', alg, now, policy: deps.policy, ifActiveKid: kidOf(current.kid) }, context).catch((error: unknown) => {
      deps.logger.warn({ alg, code: (error as { code?: string }).code }, 'scheduled key rotation postponed');
    });
  }
}
