// Alerts: newest first, filtered, a page at a time (GET /api/records?order=newest&limit=…&continuation=…).
// Filters live in the address bar; continuation tokens stay in memory (they are not for sharing).
import { getJson } from './api.js';
import { h, add, time, table, field, message, pageLink } from './dom.js';

export const PAGE_SIZE = 25;
const STATES = ['', 'processing', 'completed', 'released', 'failed'];
const WINDOWS = { '1h': 1, '6h': 6, '24h': 24, '7d': 168, '30d': 720, all: 0 };
const FILTERS = ['clientId', 'ruleType', 'state', 'companyId', 'window', 'since', 'until'];

// The pages seen for the current filter: continuation tokens of page 1, 2, … (page 1's is null).
let paging = { filter: null, tokens: [null], index: 0 };

function utc(local) {
  // datetime-local inputs are read as UTC, as labelled.
  return local ? new Date(local + (local.length === 16 ? ':00Z' : 'Z')).toISOString() : null;
}

export function queryFor(params, now = Date.now()) {
  const window = params.get('window') || '24h';
  const hours = WINDOWS[window] ?? 24;
  const since = utc(params.get('since')) ?? (hours ? new Date(now - hours * 3600000).toISOString() : null);
  return {
    order: 'newest',
    limit: PAGE_SIZE,
    clientId: params.get('clientId'),
    ruleType: params.get('ruleType'),
    state: params.get('state'),
    companyId: params.get('companyId'),
    since,
    until: utc(params.get('until')),
  };
}

export async function renderAlerts(section, { params, stale }) {
  const filterKey = FILTERS.map(name => params.get(name) ?? '').join('\u0000');
  if (paging.filter !== filterKey) paging = { filter: filterKey, tokens: [null], index: 0 };

  add(section, h('h1', null, 'Alerts'), filterForm(params));
  const results = h('div', { class: 'results', 'data-testid': 'alerts-results' });
  add(section, results);

  const load = async () => {
    results.replaceChildren(message('info', 'Loading…'));
    const page = await getJson('records', { ...queryFor(params), continuation: paging.tokens[paging.index] });
    if (stale()) return;
    const records = page.records ?? [];
    if (page.continuation && paging.tokens.length === paging.index + 1) paging.tokens.push(page.continuation);
    const hasNext = Boolean(page.continuation) && paging.tokens.length > paging.index + 1;
    results.replaceChildren(
      records.length === 0 ? message('info', 'No alerts match.') : table([
        { title: 'Received', cell: r => time(r.receivedAt) },
        { title: 'Client', cell: r => h('span', { class: 'mono' }, r.clientId || '(none)') },
        { title: 'Rule type', cell: r => r.ruleType ?? '—' },
        { title: 'Dedup key', cell: r => pageLink(r.dedupKey, 'alert', r.clientId || '_', r.dedupKey) },
        { title: 'State', cell: r => h('span', { class: `state ${r.state}` }, r.outcome ? `${r.state} (${r.outcome})` : r.state) },
        { title: 'Attempts', cell: r => String(r.attempts ?? 0) },
        { title: 'Delivery', cell: r => r.delivery ?? '—' },
        { title: 'Client from', cell: r => r.clientIdSource ?? '—' },
      ], records, { 'data-testid': 'alerts-table', class: 'alerts' }),
      h('div', { class: 'pager' },
        h('button', { type: 'button', 'data-testid': 'previous', disabled: paging.index === 0, onclick: () => { paging.index--; load().catch(show); } }, '← Newer'),
        h('span', { 'data-testid': 'page-number' }, `Page ${paging.index + 1}`),
        h('button', { type: 'button', 'data-testid': 'next', disabled: !hasNext, onclick: () => { paging.index++; load().catch(show); } }, 'Older →')));
  };
  const show = error => results.replaceChildren(message('error', error.message));
  await load();
}

function filterForm(params) {
  const input = (name, placeholder) => h('input', { name, value: params.get(name) ?? '', placeholder, autocomplete: 'off', spellcheck: 'false' });
  const state = h('select', { name: 'state' }, STATES.map(v => h('option', { value: v, selected: (params.get('state') ?? '') === v }, v || 'any')));
  const window = h('select', { name: 'window' }, Object.keys(WINDOWS).map(v =>
    h('option', { value: v, selected: (params.get('window') || '24h') === v }, v === 'all' ? 'any time' : `last ${v}`)));
  const form = h('form', { class: 'filters', 'data-testid': 'filters' },
    field('Client ID', input('clientId', 'any')),
    field('Rule type', input('ruleType', 'any, e.g. read.completed')),
    field('State', state),
    field('Company ID', input('companyId', 'any')),
    field('Received', window),
    field('From (UTC)', h('input', { name: 'since', type: 'datetime-local', value: params.get('since') ?? '' })),
    field('To (UTC)', h('input', { name: 'until', type: 'datetime-local', value: params.get('until') ?? '' })),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (String(value).trim() !== '') next.set(name, String(value).trim());
    }
    location.hash = '#/alerts' + (next.toString() ? '?' + next : '');
  });
  return form;
}
