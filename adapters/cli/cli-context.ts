import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { CommandContext } from '../../src/app/shared/context.js';

/** Events written by the CLI name the operating-system user who ran it. */
export function cliContext(): CommandContext {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep 'unknown'
  }
  return { actor: `cli:${name}`, correlationId: randomUUID() };
}
