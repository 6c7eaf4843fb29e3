// Every bulk action runs the same way: a dry run shows the count and the alerts it would touch; only a confirmation
// starts it, with an Idempotency-Key made for that confirmation (a retried click returns the same operation); then
// the operation's status is polled (GET /api/operations/{id}) until it ends.
import { postJson, getJson } from './api.js';
import { h, time, table, message, pageLink } from './dom.js';

const POLL_MS = 1000;
const POLL_LIMIT = 300;

export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

export function alertsTable(alerts, testid) {
  const columns = [
    { title: 'Received', cell: a => time(a.receivedAt) },
    { title: 'Client', cell: a => h('span', { class: 'mono' }, a.clientId || '(none)') },
    { title: 'Rule type', cell: a => a.ruleType ?? '—' },
    { title: 'Dedup key', cell: a => (a.dedupKey ? pageLink(a.dedupKey, 'alert', a.clientId || '_', a.dedupKey) : '—') },
    { title: 'State', cell: a => a.state ?? a.reason ?? '—' },
  ];
  // An operation's rows say what it did with each alert (rerun, busy, refused, replayed).
  if ((alerts ?? []).some(a => a.result)) columns.push({ title: 'Result', cell: a => a.result ?? '—' });
  return table(columns, alerts ?? [], { 'data-testid': testid });
}

/**
 * Runs a dry run of <verb> over <filter> at POST /api/<path> and renders it into <panel> with a confirmation.
 * Resolves when the dry run is shown.
 */
export async function dryRunThenConfirm(panel, { verb, path, filter }) {
  panel.replaceChildren(message('info', `Counting what ${verb} would touch…`));
  const dry = await postJson(path, { ...filter, dryRun: true });
  const count = Number(dry.body.count ?? 0);
  const alerts = dry.body.alerts ?? [];
  const key = newIdempotencyKey();
  const outcome = h('div', { class: 'outcome', 'data-testid': 'outcome' });
  const confirm = h('button', { type: 'button', class: 'danger', 'data-testid': 'confirm', disabled: count === 0 }, `Confirm: ${verb} ${count}`);
  const cancel = h('button', { type: 'button', 'data-testid': 'cancel' }, 'Cancel');
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    cancel.disabled = true;
    try {
      const started = await postJson(path, { ...filter, dryRun: false }, { idempotencyKey: key });
      await follow(outcome, started.body);
    } catch (error) {
      outcome.replaceChildren(message('error', `${error.message} Confirming again retries the same operation.`));
      confirm.disabled = false;
    }
  });
  cancel.addEventListener('click', () => panel.replaceChildren(message('info', 'Cancelled; nothing changed.')));
  panel.replaceChildren(
    h('div', { class: 'dry-run', 'data-testid': 'dry-run' },
      h('p', { class: 'count' }, h('strong', { 'data-testid': 'dry-run-count' }, String(count)),
        ` alert${count === 1 ? '' : 's'} would be affected by ${verb}`,
        alerts.length < count ? ` (the first ${alerts.length} are listed)` : '', '.'),
      alerts.length ? alertsTable(alerts, 'dry-run-alerts') : null,
      h('div', { class: 'buttons' }, confirm, cancel)),
    outcome);
}

/** Polls an operation (from a 202 answer) and shows its status until it succeeds or fails. */
export async function follow(outcome, started) {
  const id = started.operationId;
  if (!id) {
    outcome.replaceChildren(message('info', 'Done.'));
    return;
  }
  for (let i = 0; i < POLL_LIMIT; i++) {
    const operation = await getJson('operations/' + encodeURIComponent(id));
    outcome.replaceChildren(describe(operation));
    if (operation.status === 'succeeded' || operation.status === 'failed') return;
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
  outcome.append(message('info', 'Still running; its status stays under Actions.'));
}

function describe(operation) {
  const counts = Object.entries(operation.counts ?? {}).map(([name, value]) => `${name}: ${value}`).join(', ');
  return h('div', { class: `operation ${operation.status}`, 'data-testid': 'operation', 'data-status': operation.status },
    h('p', null, h('strong', null, `${operation.kind ?? 'operation'} ${operation.status}`),
      ` · id ${operation.operationId} · by ${operation.requestedBy ?? '?'} at ${time(operation.requestedAt)}`),
    counts ? h('p', { 'data-testid': 'operation-counts' }, counts) : null,
    operation.error ? message('error', String(operation.error)) : null,
    (operation.alerts ?? []).length ? alertsTable(operation.alerts, 'operation-alerts') : null);
}

/** A filter form's values: blanks left out (never "any" by accident), partitions as numbers, UTC times as ISO. */
export function filterOf(form) {
  const filter = {};
  for (const [name, raw] of new FormData(form)) {
    const value = String(raw).trim();
    if (value === '') continue;
    if (name === 'partition') filter.partition = Number(value);
    else if (name === 'since' || name === 'until') filter[name] = new Date(value + (value.length === 16 ? ':00Z' : 'Z')).toISOString();
    else filter[name] = value;
  }
  return filter;
}
