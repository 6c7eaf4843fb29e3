// The console's router: hash routes (#/alerts?clientId=…, #/alert/{client}/{key}), so moving between pages never
// reloads the shell and filters stay in the address bar. Who you are comes from GET /api/ops/me.
import { getJson, ApiError } from './api.js';
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

function showWho(identity) {
  const who = document.getElementById('who');
  const abilities = [identity.mayReadBodies ? 'bodies' : null, identity.mayAct ? 'actions' : null].filter(Boolean);
  clear(who, h('strong', null, identity.name), ` · ${identity.role} · ${identity.method}`,
    abilities.length ? ` · may read ${abilities.join(' and run ')}` : ' · read only');
  if (identity.local) {
    const banner = document.getElementById('banner');
    banner.textContent = 'Local mode: no sign-in, open on loopback only. In Azure the console needs an Entra ID sign-in with an Alerts role.';
    banner.hidden = false;
  }
}

// App Service Authentication's own sign-in route: a fixed same-origin path, then back to the console.
function signIn() {
  location.assign('/.auth/login/aad?post_login_redirect_uri=' + encodeURIComponent('/api/console/'));
}

async function start() {
  try {
    me = await getJson('ops/me');
  } catch (error) {
    const refused = error instanceof ApiError && (error.status === 401 || error.status === 403);
    document.getElementById('who').textContent = refused ? 'not allowed' : 'unknown';
    clear(main, h('section', { class: 'page refused', 'data-testid': 'refused' },
      h('h1', null, refused ? 'Not allowed' : 'The operator API did not answer'),
      message('error', refused
        ? 'This console needs a signed-in Entra ID user or service principal with the Alerts.Reader or Alerts.Operator role.'
        : error.message),
      error.status === 401 ? h('button', { type: 'button', 'data-testid': 'sign-in', onclick: signIn }, 'Sign in with Entra ID') : null));
    main.dataset.ready = 'refused';
    return;
  }
  showWho(me);
  window.addEventListener('hashchange', render);
  await render();
}

start();
