// The SPA with oidc-client-ts (global `oidc` from its browser bundle): everything it needs comes
// from the issuer's discovery document, read cross-origin.
(async () => {
  const config = window.SPA_CONFIG;
  const userManager = new oidc.UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}/oidc/callback`,
    post_logout_redirect_uri: `${window.location.origin}/oidc/logged-out`,
    response_type: 'code',
    scope: 'openid profile email',
    loadUserInfo: true,
    automaticSilentRenew: false,
    userStore: new oidc.WebStorageStateStore({ store: window.sessionStorage }),
  });
  const show = (id, text) => { document.getElementById(id).textContent = text; };
  const run = (action) => async () => {
    try {
      await action();
    } catch (error) {
      show('error', error.message);
    }
  };
  const showUser = async () => {
    const user = await userManager.getUser();
    if (user) show('email', user.profile.email ?? '(no email)');
  };

  document.getElementById('sign-in').addEventListener('click', run(() => userManager.signinRedirect()));
  document.getElementById('renew').addEventListener('click', run(async () => {
    const before = (await userManager.getUser()).access_token;
    const user = await userManager.signinSilent();
    if (user.access_token === before) throw new Error('the access token did not change');
    await showUser();
    show('refreshed', 'yes');
  }));
  document.getElementById('sign-out').addEventListener('click', run(() => userManager.signoutRedirect()));

  await run(async () => {
    const path = window.location.pathname;
    if (path === '/oidc/callback') {
      await userManager.signinRedirectCallback();
      history.replaceState(null, '', '/oidc/');
    } else if (path === '/oidc/logged-out') {
      await userManager.signoutRedirectCallback();
      show('notice', 'Signed out');
    }
    await showUser();
  })();
  document.body.dataset.ready = 'true';
})();
