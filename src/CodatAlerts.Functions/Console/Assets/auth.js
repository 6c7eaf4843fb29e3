// Entra ID sign-in for the console, without a library: the OAuth 2.0 authorization code flow with PKCE (S256) as a
// single-page application against the tenant's v2.0 endpoints (docs/console-sign-in.md).
//  - The authorization response comes back in the URL fragment (response_mode=fragment), which the browser never
//    sends to a server; this module reads it before the router does and removes it from the address bar at once.
//  - state and the PKCE code_verifier come from crypto.getRandomValues and live in sessionStorage for the round trip
//    only (read once, then deleted).
//  - The access token is kept in this tab's sessionStorage (never in a URL, never logged) and sent by api.js as
//    "Authorization: Bearer". No refresh token is asked for (no offline_access): when the token expires or the API
//    refuses it, the page runs the flow again, which with a live Entra ID session needs no prompt.
// Locally (config mode "loopback") nothing here runs: the operator API admits loopback callers.

const PENDING = 'codat-alerts.sign-in';
const SESSION = 'codat-alerts.session';
// A token this young that the API refuses is not stale: signing in again would loop, so the refusal is shown.
const FRESH_MS = 60_000;
// Renew a little before the expiry the token endpoint announced, so a request never carries a token about to lapse.
const EARLY_MS = 60_000;

let config = { mode: 'loopback' };

export class SignInError extends Error {}

/** The public sign-in settings served next to the shell (GET /api/console/config.json). */
export async function loadConfig() {
  const response = await fetch('/api/console/config.json', { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new SignInError(`The console's settings did not load (HTTP ${response.status}).`);
  config = await response.json();
  return config;
}

/** The settings loadConfig read: sign-in, and the trace link template when the app has one. */
export function settings() {
  return config;
}

export function signsIn() {
  return config.mode === 'entra-id';
}

function redirectUri() {
  // Registered on the app registration as a SPA redirect URI (scripts/hooks/postprovision.sh): exactly this.
  return location.origin + '/api/console/';
}

function base64Url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(size) {
  return base64Url(crypto.getRandomValues(new Uint8Array(size)));
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function readSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
    return session && typeof session.accessToken === 'string' ? session : null;
  } catch {
    return null;
  }
}

/** The access token to send, or null when there is none or it is about to expire. */
export function accessToken() {
  if (!signsIn()) return null;
  const session = readSession();
  return session && session.expiresAt - EARLY_MS > Date.now() ? session.accessToken : null;
}

/** Whether a token is held (valid or not): a 401 then means it went stale, not that nobody signed in. */
export function hasSession() {
  return signsIn() && readSession() !== null;
}

/** Leaves for the tenant's sign-in page; the console comes back to returnTo (a hash route) afterwards. */
export async function signIn(returnTo = location.hash) {
  const state = random(32);
  const verifier = random(32);
  sessionStorage.setItem(PENDING, JSON.stringify({ state, verifier, returnTo: returnTo.startsWith('#/') ? returnTo : '#/overview' }));
  const query = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    redirect_uri: redirectUri(),
    response_mode: 'fragment',
    scope: config.scope,
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  });
  location.assign(config.authorizeEndpoint + '?' + query.toString());
}

/** Forgets the token and any sign-in in flight (this tab only; the Entra ID session itself is left alone). */
export function signOut() {
  sessionStorage.removeItem(SESSION);
  sessionStorage.removeItem(PENDING);
}

/**
 * Completes a sign-in when the address bar holds the authorization response (#code=…&state=… or #error=…): removes
 * it at once, checks state against the one this tab sent, and redeems the code with the verifier. Returns true when
 * a token was obtained, false when there was no response to handle; throws SignInError when the response is refused.
 */
export async function completeSignIn() {
  // The console's own routes are "#/…" (and may hold a "state" filter); an authorization response never starts so.
  if (!signsIn() || location.hash.startsWith('#/')) return false;
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!fragment.has('state') && !fragment.has('code') && !fragment.has('error')) return false;

  const pendingText = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  let pending = null;
  try {
    pending = JSON.parse(pendingText ?? 'null');
  } catch {
    pending = null;
  }
  // Off the address bar and out of the history before anything else: the code must not be bookmarked or shared.
  history.replaceState(null, '', location.pathname + location.search + (pending?.returnTo ?? '#/overview'));

  if (!pending || typeof pending.state !== 'string' || fragment.get('state') !== pending.state) {
    throw new SignInError('This sign-in response was not started by this page (its state does not match), so it was ignored. Sign in again.');
  }
  if (fragment.has('error')) {
    throw new SignInError(`Entra ID refused the sign-in: ${fragment.get('error_description') || fragment.get('error')}`);
  }
  const code = fragment.get('code');
  if (!code) throw new SignInError('The sign-in response carried no code. Sign in again.');

  const response = await fetch(config.tokenEndpoint, {
    method: 'POST',
    // Cross-origin, without cookies: the token endpoint answers SPA redirect URIs' CORS requests.
    credentials: 'omit',
    cache: 'no-store',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: config.clientId,
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
      scope: config.scope,
    }),
  });
  let body = {};
  try {
    body = await response.json();
  } catch {
    body = {};
  }
  if (!response.ok || typeof body.access_token !== 'string') {
    throw new SignInError(`The token request failed: ${body.error_description || body.error || 'HTTP ' + response.status}`);
  }
  const lifetime = Number(body.expires_in) > 0 ? Number(body.expires_in) * 1000 : 3_600_000;
  sessionStorage.setItem(SESSION, JSON.stringify({ accessToken: body.access_token, expiresAt: Date.now() + lifetime, obtainedAt: Date.now() }));
  return true;
}

/**
 * The API refused the token held (401): forget it and sign in again, unless it was just obtained, when signing in
 * again would only loop. Returns true when the page is leaving to sign in.
 */
export async function renewAfterRefusal() {
  const session = readSession();
  signOut();
  if (!session || Date.now() - (session.obtainedAt ?? 0) < FRESH_MS) return false;
  await signIn();
  return true;
}

/** Before a request: a token that expired is renewed by signing in again. Returns true when the page is leaving. */
export async function renewIfExpired() {
  if (!hasSession() || accessToken()) return false;
  signOut();
  await signIn();
  return true;
}
