/** Injection tokens of the one container (explicit symbols: no reflected constructor types). */
export const TOKENS = {
  Config: Symbol('Config'),
  Logger: Symbol('Logger'),
  Clock: Symbol('Clock'),
  Random: Symbol('Random'),
  PasswordHasher: Symbol('PasswordHasher'),
  EventStore: Symbol('EventStore'),
  ReadModels: Symbol('ReadModels'),
  KeyManager: Symbol('KeyManager'),
  Jwt: Symbol('Jwt'),
} as const;
