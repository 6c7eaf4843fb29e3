// Poison: the poison messages per partition with their reasons (GET /api/poison), and replay or close by filter,
// each after a dry run and a confirmation (POST /api/poison/replay, /api/poison/close).
import { getJson } from './api.js';
import { h, add, time, table, field, message, pageLink } from './dom.js';
import { dryRunThenConfirm, filterOf } from './flow.js';

const PARTITIONS = 8;

export async function renderPoison(section, { params, me, stale }) {
  const partition = params.get('partition') ?? '';
  add(section, h('h1', null, 'Poison'));
  const list = await getJson('poison', { partition, limit: 200 });
  if (stale()) return;
  const messages = list.messages ?? list.items ?? [];

  const byPartition = new Map();
  for (const m of messages) {
    const key = m.partition ?? '?';
    if (!byPartition.has(key)) byPartition.set(key, []);
    byPartition.get(key).push(m);
  }
  add(section, messages.length === 0
    ? message('ok', 'No poison messages.')
    : [...byPartition.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([p, items]) =>
      h('section', { class: 'partition', 'data-testid': `poison-partition-${p}` },
        h('h2', null, `Partition ${p}: ${items.length}`),
        table([
          { title: 'Poisoned', cell: m => time(m.poisonedAt) },
          { title: 'Client', cell: m => h('span', { class: 'mono' }, m.clientId || '(none)') },
          { title: 'Rule type', cell: m => m.ruleType ?? '—' },
          { title: 'Dedup key', cell: m => (m.dedupKey ? pageLink(m.dedupKey, 'alert', m.clientId || '_', m.dedupKey) : '(unreadable)') },
          { title: 'Reason', cell: m => h('span', { class: 'reason' }, m.reason ?? '—') },
        ], items, { 'data-testid': 'poison-table' }))));

  if (!me?.mayAct) {
    add(section, message('info', 'Replaying and closing need the Alerts.Operator role.'));
    return;
  }

  const panel = h('div', { class: 'panel', 'data-testid': 'poison-panel' });
  const form = h('form', { class: 'filters', 'data-testid': 'poison-filters' },
    field('Partition', h('select', { name: 'partition' }, h('option', { value: '' }, 'all'),
      Array.from({ length: PARTITIONS }, (_, i) => h('option', { value: String(i), selected: partition === String(i) }, String(i))))),
    field('Client ID', h('input', { name: 'clientId', placeholder: 'any', autocomplete: 'off' })),
    field('Rule type', h('input', { name: 'ruleType', placeholder: 'any', autocomplete: 'off' })),
    field('From (UTC)', h('input', { name: 'since', type: 'datetime-local' })),
    field('To (UTC)', h('input', { name: 'until', type: 'datetime-local' })),
    h('button', { type: 'submit', value: 'replay', 'data-testid': 'replay' }, 'Replay…'),
    h('button', { type: 'submit', value: 'close', 'data-testid': 'close' }, 'Close…'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const verb = event.submitter?.value === 'close' ? 'close' : 'replay';
    dryRunThenConfirm(panel, { verb, path: `poison/${verb}`, filter: filterOf(form) })
      .catch(error => panel.replaceChildren(message('error', error.message)));
  });
  add(section, h('h2', null, 'Replay or close'), form, panel);
}
