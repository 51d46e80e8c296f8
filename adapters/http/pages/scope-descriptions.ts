/**
 * What each scope lets the application do, in words a user can judge.
 * Unknown scopes are still shown (by name), never silently dropped.
 */
const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  openid: 'Confirm who you are and sign you in',
  profile: 'See your name and basic profile information',
  email: 'See your email address',
  offline_access: 'Keep access to your account while you are not using the app',
  read: 'Read your data',
  write: 'Create, change and delete your data',
};

export interface ScopeDescription {
  readonly scope: string;
  readonly text: string;
  readonly known: boolean;
}

/** One entry per distinct scope, in request order. */
export function describeScopes(scopes: readonly string[]): ScopeDescription[] {
  return [...new Set(scopes)].map((scope) => {
    const text = Object.hasOwn(SCOPE_DESCRIPTIONS, scope) ? SCOPE_DESCRIPTIONS[scope] : undefined;
    return text === undefined ? { scope, text: 'Use the permission', known: false } : { scope, text, known: true };
  });
}
