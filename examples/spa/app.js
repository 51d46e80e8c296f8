// The seed document's browser JavaScript ("PKCE ... Store the verifier securely (e.g., sessionStorage)"),
// as close to verbatim as a page allows: only the endpoints and ids come from window.SPA_CONFIG
// (served as /config.js by serve.mjs); the redirect URIs are this origin's /callback and /logged-out.
// Around it: the helpers the seed leaves out (base64URLEncode, generateRandomState), a state check,
// userinfo, refresh, a prompt=none check and logout.
const config = window.SPA_CONFIG;
const AUTHORIZE = `${config.issuer}/oauth2/authorize`;
const TOKEN = `${config.issuer}/oauth2/token`;
const USERINFO = `${config.issuer}/oauth2/userinfo`;
const REDIRECT_URI = `${window.location.origin}/callback`;
const POST_LOGOUT_REDIRECT_URI = `${window.location.origin}/logged-out`;

function base64URLEncode(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function generateRandomState() {
  const array = new Uint8Array(16);
  crypto.getRandomValues(array);
  return base64URLEncode(array);
}

// --- from the seed -------------------------------------------------------------------------------
function generateCodeVerifier() {
  const array = new Uint8Array(32);
  crypto.getRandomValues(array);
  return base64URLEncode(array);
}

async function generateCodeChallenge(verifier) {
  const encoder = new TextEncoder();
  const data = encoder.encode(verifier);
  const hash = await crypto.subtle.digest('SHA-256', data);
  return base64URLEncode(new Uint8Array(hash));
}

async function signIn(extra = {}) {
  // 1. Generate PKCE values
  const codeVerifier = generateCodeVerifier();
  const codeChallenge = await generateCodeChallenge(codeVerifier);
  // 2. Store verifier
  sessionStorage.setItem('code_verifier', codeVerifier);
  // 3. Redirect to authorization
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    state: generateRandomState(),
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  sessionStorage.setItem('state', params.get('state'));
  window.location.href = `${AUTHORIZE}?${params}`;
}

async function handleCallback() {
  // 4. Handle callback
  const urlParams = new URLSearchParams(window.location.search);
  const code = urlParams.get('code');
  const verifier = sessionStorage.getItem('code_verifier');
  if (urlParams.get('state') !== sessionStorage.getItem('state')) throw new Error('state mismatch');
  sessionStorage.removeItem('state');
  if (urlParams.has('error')) throw new Error(urlParams.get('error'));
  // 5. Exchange code for tokens
  const response = await fetch(TOKEN, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: config.clientId,
      client_secret: config.clientSecret, // the seed sends it; JSON.stringify drops it for a public app
      code_verifier: verifier,
    }),
  });
  const tokens = await response.json();
  if (!response.ok) throw new Error(tokens.error);
  sessionStorage.removeItem('code_verifier');
  sessionStorage.setItem('tokens', JSON.stringify(tokens));
  history.replaceState(null, '', '/');
}
// --- end of the seed ---------------------------------------------------------------------------

async function showUser() {
  const tokens = JSON.parse(sessionStorage.getItem('tokens') ?? 'null');
  if (tokens === null) return;
  const response = await fetch(USERINFO, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  const claims = await response.json();
  if (!response.ok) throw new Error(claims.error);
  document.getElementById('email').textContent = claims.email;
}

async function refresh() {
  const tokens = JSON.parse(sessionStorage.getItem('tokens'));
  const response = await fetch(TOKEN, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: config.clientId,
      client_secret: config.clientSecret,
    }),
  });
  const fresh = await response.json();
  if (!response.ok) throw new Error(fresh.error);
  sessionStorage.setItem('tokens', JSON.stringify({ ...tokens, ...fresh }));
  await showUser();
  document.getElementById('refreshed').textContent = 'yes';
}

async function signOut() {
  const discovery = await (await fetch(`${config.issuer}/.well-known/openid-configuration`)).json();
  if (!discovery.end_session_endpoint) throw new Error('the issuer has no end_session_endpoint');
  const tokens = JSON.parse(sessionStorage.getItem('tokens') ?? '{}');
  const state = generateRandomState();
  sessionStorage.setItem('logout_state', state);
  sessionStorage.removeItem('tokens');
  const params = new URLSearchParams({ post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI, state });
  if (tokens.id_token) params.set('id_token_hint', tokens.id_token);
  else params.set('client_id', config.clientId);
  window.location.href = `${discovery.end_session_endpoint}?${params}`;
}

function handleLoggedOut() {
  const state = new URLSearchParams(window.location.search).get('state');
  if (state === null || state !== sessionStorage.getItem('logout_state')) throw new Error('logout state mismatch');
  sessionStorage.removeItem('logout_state');
  document.getElementById('notice').textContent = 'Signed out';
}

function run(action) {
  return async () => {
    try {
      await action();
    } catch (error) {
      document.getElementById('error').textContent = error.message;
    }
  };
}

document.getElementById('sign-in').addEventListener('click', run(() => signIn()));
document.getElementById('refresh').addEventListener('click', run(refresh));
document.getElementById('check-session').addEventListener('click', run(() => signIn({ prompt: 'none' })));
document.getElementById('sign-out').addEventListener('click', run(signOut));

await run(async () => {
  if (window.location.pathname === '/callback') await handleCallback();
  else if (window.location.pathname === '/logged-out') handleLoggedOut();
  await showUser();
})();
document.body.dataset.ready = 'true';
