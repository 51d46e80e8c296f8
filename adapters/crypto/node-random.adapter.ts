import { randomBytes, randomUUID } from 'node:crypto';
import type { Random } from '../../src/ports/random.port.js';

export const nodeRandom: Random = {
  uuid: () => randomUUID(),
  token: (bytes) => randomBytes(bytes).toString('base64url'),
};
