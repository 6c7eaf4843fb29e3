// Actions: re-run many alerts by filter (POST /api/operations/rerun, dry run first) and the audit trail of who did
// what (GET /api/audit).
import { getJson } from './api.js';
import { h, add, time, table, field, message } from './dom.js';
import { dryRunThenConfirm, filterOf } from './flow.js';

export async function renderActions(section, { me, stale }) {
  add(section, h('h1', null, 'Actions'));
  if (me?.mayAct) {
    const panel = h('div', { class: 'panel', 'data-testid': 'rerun-panel' });
    const form = h('form', { class: 'filters', 'data-testid': 'rerun-filters' },
      field('Client ID', h('input', { name: 'clientId', placeholder: 'any', autocomplete: 'off' })),
      field('Rule type', h('input', { name: 'ruleType', placeholder: 'any', autocomplete: 'off' })),
      field('State', h('select', { name: 'state' }, ['', 'completed', 'failed', 'released', 'processing'].map(v => h('option', { value: v }, v || 'any')))),
      field('Company ID', h('input', { name: 'companyId', placeholder: 'any', autocomplete: 'off' })),
      field('From (UTC)', h('input', { name: 'since', type: 'datetime-local', required: true })),
      field('To (UTC)', h('input', { name: 'until', type: 'datetime-local', required: true })),
      h('button', { type: 'submit', 'data-testid': 'bulk-rerun' }, 'Re-run…'));
    form.addEventListener('submit', event => {
      event.preventDefault();
      dryRunThenConfirm(panel, { verb: 're-run', path: 'operations/rerun', filter: filterOf(form) })
        .catch(error => panel.replaceChildren(message('error', error.message)));
    });
    add(section, h('h2', null, 'Re-run by filter'), form, panel);
  } else {
    add(section, message('info', 'Re-runs, replays and closes need the Alerts.Operator role.'));
  }

  add(section, h('h2', null, 'Audit: who did what'));
  const since = new Date(Date.now() - 7 * 86400000).toISOString();
  const audit = await getJson('audit', { since, limit: 50 });
  if (stale()) return;
  const entries = audit.entries ?? [];
  add(section, entries.length === 0 ? message('info', 'No operator actions in the last 7 days.') : table([
    { title: 'When', cell: e => time(e.at) },
    { title: 'Who', cell: e => `${e.actor ?? '?'} (${e.method ?? '?'})` },
    { title: 'What', cell: e => h('span', null, e.action ?? '—', e.target ? h('span', { class: 'mono' }, ' ', e.target) : null) },
    { title: 'Filter', cell: e => h('span', { class: 'mono' }, typeof e.filter === 'string' ? e.filter : e.filter ? JSON.stringify(e.filter) : '—') },
    { title: 'Operation', cell: e => h('span', { class: 'mono' }, e.operationId ?? '—') },
    { title: 'Result', cell: e => e.result ?? '—' },
  ], entries, { 'data-testid': 'audit' }));
}
