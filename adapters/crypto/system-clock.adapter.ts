import type { Clock } from '../../src/ports/clock.port.js';

export const systemClock: Clock = { now: () => Date.now() };
