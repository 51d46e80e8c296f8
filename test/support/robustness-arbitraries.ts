/**
 * fast-check arbitraries for hostile HTTP input: strings, JSON texts, form bodies, content types,
 * Authorization headers, cookies, path segments and query strings.
 */
import fc from 'fast-check';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const b64url = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Strings that have broken parsers before: NUL, lone surrogates, bad escapes, traversal, prototype keys. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '\u0000', 'a\u0000b', '%00', '%E0%A4%A', '%', '%%', '%zz', '%u0041', '+', '&', '=', '&&==&&', '../../etc/passwd', '..', '.',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '{"a":1}', '[]', 'null', 'undefined', 'NaN', '-1', '1e309',
  '<script>alert(1)</script>', '"', "'", '\\', '\r\n', '\n\nX-Injected: 1', '\u2028\u2029', '\uD800', '\uDFFF\uD800', '\uFFFE\uFFFF', '\u202E',
  'ǅ', '😀'.repeat(50), 'ﬀ', 'İ', 'x'.repeat(3000), 'é'.repeat(2000), 'Bearer x', 'openid openid openid', 'openid\u0000email',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 200, maxLength: 2000 }) },
);

/** Any JSON value, with hostile strings and keys; depth kept moderate (deep nesting has its own texts). */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.constantFrom(0, -0, 1, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1, 42),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** JSON texts a parser must refuse or survive: duplicates, deep nesting, BOM, truncation, huge. */
export const NASTY_JSON_TEXTS: readonly string[] = [
  '', ' ', 'null', 'true', '0', '"x"', '[]', '{}', '{', '}', '{"a":', '{"a":1,}', "{'a':1}", '{"a":1}{"b":2}', '\uFEFF{}', '{"a":"\\u0000"}',
  '{"a":"\\ud800"}', '{"a":NaN}', '{"a":Infinity}', '{"a":1e999}', '{"a":-0}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}',
  '{"name":"a","name":"b"}', '{"name":"a","name":{"x":1}}', '{"grant_type":"client_credentials","grant_type":"refresh_token"}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`, `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`, `[${'1,'.repeat(5000)}1]`,
  `{"name":"${'x'.repeat(30_000)}"}`, `{"name":"${'x'.repeat(40_000)}"}`, `{"x":"${'\\u0041'.repeat(5000)}"}`, '\u0000', 'a=b&c=d', '<xml/>',
];

const jsonObjectWith = (fields: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: hostileString }), hostileJsonValue), { maxLength: 8 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`); // duplicates kept

/** A JSON body text for an endpoint whose fields are `fields`: known names with hostile values, or junk. */
export function hostileJsonText(fields: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: jsonObjectWith(fields) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_JSON_TEXTS) },
    { weight: 1, arbitrary: hostileJsonValue.map((v) => JSON.stringify(v) ?? '') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  );
}

/** Percent-encoded, or sent raw; a lone surrogate (which cannot be encoded) is sent raw. */
function formPart(value: string, raw: boolean): string {
  if (raw) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A form body for an endpoint whose fields are `fields`: known names (repeated too), nested names, raw bad escapes. */
export function hostileFormText(fields: readonly string[], base: Readonly<Record<string, string>> = {}): fc.Arbitrary<string> {
  const name = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...fields) },
    { weight: 1, arbitrary: fc.constantFrom('a[b]', 'a[]', '__proto__', 'constructor[prototype][x]', '__proto__[admin]', '', '=', '%E0%A4%A') },
    { weight: 1, arbitrary: hostileString },
  );
  const pair = fc.tuple(name, hostileString, fc.boolean()).map(([k, v, raw]) => `${formPart(k, raw)}=${formPart(v, raw)}`);
  const baseText = new URLSearchParams(base).toString();
  return fc.oneof(
    { weight: 5, arbitrary: fc.array(pair, { maxLength: 10 }).map((pairs) => [baseText, ...pairs].filter((p) => p !== '').join('&')) },
    { weight: 1, arbitrary: fc.constantFrom('', '&', '&&&', '=', '==', 'a', 'a=%', 'a=%E0%A4%A', '%=%', `${'a=1&'.repeat(2000)}`, `x=${'y'.repeat(20_000)}`, 'a[b][c][d][e][f]=1') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  );
}

/** Content types, right and wrong, with odd charsets and parameters. */
export const CONTENT_TYPES: readonly (string | null)[] = [
  null, '', ';', 'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON; CHARSET=UTF-8', 'application/json; charset="utf-8"',
  'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=nope-42', 'application/json;;;', 'application/json; foo',
  'application/json, text/plain', 'application/merge-patch+json', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=iso-8859-1',
  'application/x-www-form-urlencoded; charset=utf-7', 'application/x-www-form-urlencoded; charset=UTF-8', 'text/plain', 'text/html', '*/*', 'application/',
  'multipart/form-data; boundary=x', 'multipart/form-data', 'application/octet-stream', 'application/xml', 'x'.repeat(1000),
];
export const contentType: fc.Arbitrary<string | null> = fc.constantFrom(...CONTENT_TYPES);

/** Content-Encoding values, mostly lies about the body. */
export const contentEncoding: fc.Arbitrary<string | null> = fc.constantFrom(null, null, null, 'gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip');

/** Compact JWS-shaped strings that are not ours: alg none, HMAC, a stolen kid, junk segments. */
export function forgedJwts(issuer: string, kids: readonly string[]): string[] {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: issuer, sub: 'attacker', aud: issuer, client_id: 'x', scope: 'openid email profile', iat: now, exp: now + 3600, jti: 'forged' };
  const kid = kids[0] ?? 'k1';
  const sig = b64url('not a signature');
  return [
    `${b64url({ alg: 'none', typ: 'at+jwt' })}.${b64url(claims)}.`,
    `${b64url({ alg: 'none' })}.${b64url(claims)}`,
    `${b64url({ alg: 'HS256', typ: 'at+jwt', kid })}.${b64url(claims)}.${sig}`,
    `${b64url({ alg: 'RS256', typ: 'at+jwt', kid })}.${b64url(claims)}.${sig}`,
    `${b64url({ alg: 'ES256', typ: 'JWT', kid })}.${b64url({ ...claims, role: 'admin', roles: ['admin'] })}.${sig}`,
    `${b64url({ alg: 'EdDSA', kid: '../../../etc/passwd' })}.${b64url(claims)}.${sig}`,
    `${b64url({ alg: 'RS256', kid: { $ne: null }, jku: 'https://evil.example/jwks', jwk: { kty: 'oct', k: 'AAAA' } })}.${b64url(claims)}.${sig}`,
    `${b64url({ alg: 'RS256', crit: ['exp'], kid })}.${b64url(claims)}.${sig}`,
    `${b64url('not json')}.${b64url(claims)}.${sig}`,
    `${b64url({ alg: 'RS256', kid })}.${b64url('[1,2,3]')}.${sig}`,
    `${b64url({ alg: 'RS256', kid })}.${b64url({ ...claims, exp: 'tomorrow', iat: null })}.${sig}`,
    `${b64url({ alg: 'RS256', kid })}.${b64url({ ...claims, exp: 1e308, sub: { a: 1 } })}.${sig}`,
    `${b64url({ alg: 'RS256', kid })}.${b64url(claims)}.${'A'.repeat(342)}`,
    'a.b.c', '..', 'a..c', '...', `${b64url({ alg: 'RS256' })}..`, `${'eyJ'.repeat(2000)}.x.y`,
  ];
}

/** Authorization header values: broken Basic, broken Bearer, forged JWTs, other schemes, huge. */
export function authorizationHeader(jwts: readonly string[]): fc.Arbitrary<string> {
  const tokenChar = fc.constantFrom(...'ABCXYZabcxyz0189-._~+/='.split(''));
  return fc.oneof(
    fc.constantFrom(
      '', ' ', 'Basic', 'Basic ', 'Basic !!!', 'Basic ====', 'Basic A', 'Basic AAA', `Basic ${b64('no-colon-here')}`, `Basic ${b64(':')}`, `Basic ${b64(':secret')}`,
      `Basic ${b64('id:')}`, `Basic ${b64('%E0%A4%A:%zz')}`, `Basic ${b64('\u0000:\u0000')}`, `Basic ${b64('__proto__:x')}`, `Basic ${b64('constructor:x')}`,
      `Basic ${b64('a:b:c')}`, `Basic ${'A'.repeat(10_000)}`, `Basic ${b64(`${'i'.repeat(3000)}:${'s'.repeat(3000)}`)}`, `Basic  ${b64('a:b')}  `, `basic ${b64('a:b')}`,
      `Basic ${b64('a:b')}, Basic ${b64('c:d')}`, `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0xff]).toString('base64')}`,
      'Bearer', 'Bearer ', 'Bearer  ', 'Bearer a b', 'Bearer a,b', 'Bearer "x"', 'Bearer ===', 'bearer x', 'BEARER x', `Bearer ${'x'.repeat(10_000)}`,
      'Bearer x, Bearer y', 'Digest username="a"', 'Negotiate YII=', 'Token x', 'Bearer\tx', 'x',
    ),
    fc.constantFrom(...jwts).map((jwt) => `Bearer ${jwt}`),
    fc.string({ unit: tokenChar, minLength: 1, maxLength: 300 }).map((junk) => `Bearer ${junk}`),
    fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((junk) => `Basic ${b64(junk)}`),
    fc.string({ unit: fc.constantFrom(...' !#$%&()*,;<>?@[]^`{|}'.split('')), maxLength: 20 }).map((junk) => `Basic ${junk}`),
  );
}

/** Cookie headers: broken pairs, duplicates, quotes, bad escapes, prototype names, big values. */
export const cookieHeader: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ';', ';;;', '=', '=x', 'am_session', 'am_session=', 'am_session="', 'am_session=""', 'am_session=%E0%A4%A', 'am_csrf=%', 'am_session=a; am_session=b',
    `am_session=${'A'.repeat(43)}`, `am_csrf=${'A'.repeat(43)}`, `am_session=${'x'.repeat(6000)}`, '__proto__=x', 'constructor=x; toString=y', 'am_csrf=../../x',
    '__Host-am_session=x', 'am_session=\t', 'a=b=c=d',
  ),
  fc.array(fc.tuple(fc.constantFrom('am_session', 'am_csrf', '__proto__', 'x'), fc.string({ unit: 'grapheme-ascii', maxLength: 50 })), { maxLength: 4 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v.replace(/[;\r\n]/g, '')}`).join('; ')),
);

/** Raw (already on-the-wire) path segments: bad escapes, traversal, NUL, long, unicode escaped. */
export const rawPathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%E0%A4%A', '%', '%%', '%zz', '%C0%AF', '%ED%A0%80', '%00', 'a%00b', '..', '.', '%2e%2e', '..%2F..%2Fhealthz', '%2F', '%252F', ';', ';a=b', '~', '*', '$', "'",
    '__proto__', 'constructor', 'x'.repeat(10_000), 'a'.repeat(200), encodeURIComponent('é😀'), '%F0%9F%98', '%FF', 'app%20id', 'null',
  ),
  hostileString.filter((s) => s.length < 3000).map((s) => {
    try {
      return encodeURIComponent(s) || 'x';
    } catch {
      return 'x'; // a lone surrogate cannot be encoded
    }
  }),
);

/** Raw query strings: repeats, arrays, nested names, bad escapes, long values. */
export function rawQuery(fields: readonly string[], base: Readonly<Record<string, string>> = {}): fc.Arbitrary<string> {
  const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: fc.constantFrom('a[b]', 'a[]', '__proto__', 'constructor', '', '%E0%A4%A', '%') });
  const value = fc.oneof(rawPathSegment, fc.constantFrom('', '%', '+', '%2B', 'a+b', 'x'.repeat(6000)));
  const pair = fc.tuple(name, value).map(([k, v]) => `${k}=${v}`);
  const baseText = new URLSearchParams(base).toString();
  // under Node's 16 kB limit for the request line and headers (beyond it: 431, tested on its own)
  return fc.array(pair, { maxLength: 8 }).map((pairs) => [baseText, ...pairs].filter((p) => p !== '').join('&').slice(0, 12_000));
}

/** Values that pass a type check but not the rules: near-miss URIs, scopes, PKCE, numbers. */
export const NEAR_MISS_VALUES: readonly string[] = [
  'https://client.example/cb/', 'https://client.example/cb?x=1', 'https://client.example/cb#frag', 'https://CLIENT.example/cb', 'https://client.example/cb/../cb',
  'https://client.example/%E0%A4%A', 'https://client.example/cb\u0000', 'http://127.0.0.1:99999/cb', 'http://[::1]:0/cb', 'http://localhost.evil.example/cb',
  'https://user:pass@client.example/cb', 'https:///cb', 'https://*.example/cb', 'javascript:alert(1)', 'data:text/html,x', `https://${'a'.repeat(3000)}.example/`,
  'openid openid', 'openid\tprofile', 'openid  email', ' openid', 'OPENID', 'openid admin', 'openid\u00a0email', 'read write email profile openid',
  'S256', 's256', 'plain', 'S256 ', 'none', 'none login', 'login consent', 'select_account', '-1', '0', '1e3', '0x10', ' 5', '9999999999999999999999', 'NaN',
  'A'.repeat(42), 'A'.repeat(43), 'A'.repeat(128), 'A'.repeat(129), '~'.repeat(43), 'code', 'token', 'code id_token', 'Code',
  'client_credentials', 'authorization_code', 'refresh_token', 'password', 'urn:ietf:params:oauth:grant-type:device_code', 'access_token', 'allow', 'deny', 'ALLOW',
];

const overrideValue: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...NEAR_MISS_VALUES), hostileString);

/** A valid request with one to three of `fields` given a hostile or near-miss value (no repeats): reaches the handlers. */
export function overriddenForm(base: Readonly<Record<string, string>>, fields: readonly string[]): fc.Arbitrary<string> {
  return fc.dictionary(fc.constantFrom(...fields), fc.option(overrideValue, { nil: undefined, freq: 6 }), { minKeys: 1, maxKeys: 3 }).map((overrides) => {
    const merged: Record<string, string> = { ...base };
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) delete merged[name];
      else merged[name] = value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'); // URLSearchParams would do the same
    }
    return new URLSearchParams(merged).toString();
  });
}

/** As overriddenForm, as a JSON object whose values may also be non-strings (arrays, numbers, objects). */
export function overriddenJson(base: Readonly<Record<string, unknown>>, fields: readonly string[]): fc.Arbitrary<string> {
  const value = fc.oneof({ weight: 3, arbitrary: overrideValue }, { weight: 1, arbitrary: hostileJsonValue }, { weight: 1, arbitrary: fc.array(overrideValue, { maxLength: 25 }) });
  return fc.dictionary(fc.constantFrom(...fields), fc.option(value, { nil: undefined, freq: 6 }), { minKeys: 1, maxKeys: 3 }).map((overrides) => {
    const merged: Record<string, unknown> = { ...base };
    for (const [name, v] of Object.entries(overrides)) {
      if (v === undefined) delete merged[name];
      else merged[name] = v;
    }
    return JSON.stringify(merged);
  });
}
