// The console's router: hash routes (#/alerts?clientId=…, #/alert/{client}/{key}), so moving between pages never
// reloads the shell and filters stay in the address bar. Who you are comes from GET /api/ops/me. In Azure the page
// signs in with Entra ID first (auth.js); an authorization response in the fragment is handled before any route.
import { getJson, ApiError } from './api.js';
import { loadConfig, completeSignIn, signsIn, hasSession, signIn, signOut } from './auth.js';
import { h, add, clear, message } from './dom.js';
// Each page's module is loaded when first shown, so a first visit fetches only what that page needs.
const pages = {
  overview: () => import('./overview.js').then(m => m.renderOverview),
  alerts: () => import('./alerts.js').then(m => m.renderAlerts),
  alert: () => import('./alert.js').then(m => m.renderAlert),
  poison: () => import('./poison.js').then(m => m.renderPoison),
  actions: () => import('./actions.js').then(m => m.renderActions),
};

const main = document.getElementById('main');
let me = null;
let rendering = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, search] = raw.split('?', 2);
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  const page = segments.shift() || 'overview';
  return { page, segments, params: new URLSearchParams(search ?? '') };
}

async function render() {
  const route = parseHash();
  const load = Object.hasOwn(pages, route.page) ? pages[route.page] : null;
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('current', link.dataset.page === (route.page === 'alert' ? 'alerts' : route.page));
  }
  if (!load) {
    clear(main, message('error', 'No such page.'));
    return;
  }
  const token = ++rendering;
  delete main.dataset.ready;
  const section = h('section', { class: 'page', 'data-page': route.page });
  clear(main, section);
  const context = { me, params: route.params, segments: route.segments, stale: () => token !== rendering };
  try {
    const draw = await load();
    await draw(section, context);
  } catch (error) {
    if (token === rendering) add(section, message('error', error.message));
  }
  if (token === rendering) main.dataset.ready = route.page;
}

const ROLES = 'the Alerts.Reader or Alerts.Operator app role';

function signInButton() {
  return h('button', { type: 'button', 'data-testid': 'sign-in', onclick: () => signIn(location.hash) }, 'Sign in with Entra ID');
}

function signOutButton() {
  return h('button', { type: 'button', class: 'sign-out', 'data-testid': 'sign-out', onclick: showSignedOut }, 'Sign out');
}

/** A page instead of the console: not signed in, refused, or signed out. */
function stop(who, title, text, ...controls) {
  document.getElementById('who').textContent = who;
  clear(main, h('section', { class: 'page refused', 'data-testid': 'refused' },
    h('h1', null, title), message('error', text), h('p', { class: 'buttons' }, ...controls)));
  main.dataset.ready = 'refused';
}

function showSignedOut() {
  signOut();
  window.removeEventListener('hashchange', render);
  me = null;
  document.getElementById('who').textContent = 'signed out';
  clear(main, h('section', { class: 'page signed-out', 'data-testid': 'signed-out' },
    h('h1', null, 'Signed out'),
    message('ok', 'This tab no longer holds your sign-in. Your Entra ID session itself is unchanged, so signing in again may not ask for your password; close the browser to end it.'),
    h('p', { class: 'buttons' }, signInButton())));
  main.dataset.ready = 'signed-out';
}

function showWho(identity) {
  const who = document.getElementById('who');
  const abilities = [identity.mayReadBodies ? 'bodies' : null, identity.mayAct ? 'actions' : null].filter(Boolean);
  clear(who, h('strong', { 'data-testid': 'who-name' }, identity.name), ` · ${identity.role} · ${identity.method}`,
    abilities.length ? ` · may read ${abilities.join(' and run ')}` : ' · read only',
    hasSession() ? signOutButton() : null);
  if (identity.local) {
    const banner = document.getElementById('banner');
    banner.textContent = 'Local mode: no sign-in, open on loopback only. In Azure the console needs an Entra ID sign-in with an Alerts role.';
    banner.hidden = false;
  }
}

function refuse(error) {
  const status = error instanceof ApiError ? error.status : 0;
  if (status === 401 && signsIn()) {
    stop('not signed in', 'Sign in required', `Sign in with your Entra ID account. The console needs ${ROLES}.`, signInButton());
  } else if (status === 401 || status === 403) {
    const detail = status === 403 && error.detail ? ` (${error.detail})` : '';
    stop('not allowed', 'Not allowed',
      `This console needs a signed-in Entra ID user or service principal with ${ROLES}${detail}. ` +
      'An administrator assigns it in Entra ID: Enterprise applications, the codat-alerts-operators app, Users and groups.',
      hasSession() ? signOutButton() : null);
  } else {
    stop('unknown', 'The operator API did not answer', error.message);
  }
}

async function start() {
  try {
    await loadConfig();
    await completeSignIn();
  } catch (error) {
    signOut();
    stop('not signed in', 'Sign-in failed', error.message, signsIn() ? signInButton() : null);
    return;
  }
  try {
    me = await getJson('ops/me');
  } catch (error) {
    refuse(error);
    return;
  }
  showWho(me);
  window.addEventListener('hashchange', render);
  await render();
}

start();
