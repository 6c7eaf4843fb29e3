// One alert: its record, its journey as a timeline, its body (pretty-printed when JSON, downloadable as the exact
// archived bytes) and a re-run with a dry run first. Three calls in parallel: record, journey, body.
import { getJson, getBytes, postJson, recordPath } from './api.js';
import { h, add, time, message, traceLink } from './dom.js';
import { settings } from './auth.js';
import { newIdempotencyKey } from './flow.js';

export async function renderAlert(section, { segments, me, stale }) {
  const [clientSegment, dedupKey] = segments;
  if (!clientSegment || !dedupKey) {
    add(section, message('error', 'Use #/alert/{clientId or _}/{dedupKey}.'));
    return;
  }
  const clientId = clientSegment === '_' ? '' : clientSegment;
  add(section, h('h1', null, 'Alert ', h('span', { class: 'mono', 'data-testid': 'alert-key' }, dedupKey)));

  const [record, journey, body] = await Promise.allSettled([
    getJson(recordPath(clientId, dedupKey)),
    getJson(recordPath(clientId, dedupKey, 'journey')),
    me?.mayReadBodies ? getBytes(recordPath(clientId, dedupKey, 'body')) : Promise.reject(new Error('Bodies need the Alerts.Operator role.')),
  ]);
  if (stale()) return;
  if (record.status === 'rejected') {
    add(section, message('error', record.reason.message));
    return;
  }

  add(section, 
    facts(record.value),
    me?.mayAct ? rerunPanel(clientId, dedupKey) : null,
    h('h2', null, 'Journey'),
    journey.status === 'fulfilled' ? timeline(journey.value.events ?? []) : message('error', journey.reason.message),
    h('h2', null, 'Body'),
    body.status === 'fulfilled' ? bodyView(body.value, dedupKey) : message('info', body.reason.message));
}

function facts(r) {
  const rows = [
    ['Client', r.clientId || '(none)'],
    ['Client from', r.clientIdSource],
    ['Rule type', r.ruleType],
    ['State', r.outcome ? `${r.state} (${r.outcome})` : r.state],
    ['Reason', r.reason],
    ['Last error', r.lastError],
    ['Attempts', String(r.attempts ?? 0)],
    ['Delivery', r.delivery],
    ['Received', time(r.receivedAt)],
    ['First claimed', time(r.firstClaimedAt)],
    ['Updated', time(r.updatedAt)],
    ['Partition', r.partition === null || r.partition === undefined ? null : String(r.partition)],
    ['Ingestion ids', (r.ingestionIds ?? []).join(', ')],
    ['Trace id', r.traceId ? traceLink(r.traceId, settings().traceLink) : null],
  ].filter(([, value]) => value !== null && value !== undefined && value !== '');
  return h('dl', { class: 'facts', 'data-testid': 'facts' }, rows.map(([name, value]) => [h('dt', null, name), h('dd', { class: 'mono' }, value)]));
}

function timeline(events) {
  if (events.length === 0) return message('info', 'No journey recorded.');
  return h('ol', { class: 'timeline', 'data-testid': 'journey' }, events.map(e => {
    const details = [
      e.attempt ? `attempt ${e.attempt}` : null,
      e.outcome,
      e.delivery ? `${e.delivery} delivery` : null,
      e.ingestionId ? `ingestion ${e.ingestionId}` : null,
      e.messageId ? `message ${e.messageId}${e.dequeueCount ? ` (dequeue ${e.dequeueCount})` : ''}` : null,
      e.nextAttemptAt ? `next attempt ${time(e.nextAttemptAt)}` : null,
      e.actor ? `by ${e.actor}` : null,
      e.operationId ? `operation ${e.operationId}` : null,
    ].filter(Boolean);
    return h('li', { class: `event ${e.kind}`, 'data-kind': e.kind },
      h('time', null, time(e.at)),
      h('span', { class: 'kind' }, e.kind),
      details.length ? h('span', { class: 'details' }, details.join(' · ')) : null,
      e.error ? h('span', { class: 'error' }, e.error) : null);
  }));
}

/** JSON re-indented token by token from the archived text, so numbers, escapes and key order stay as sent. */
export function prettyJson(text) {
  JSON.parse(text); // Only JSON is re-indented; anything else is shown as it is.
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = () => '\n' + '  '.repeat(depth);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (c === '"') { inString = true; out += c; continue; }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let j = i + 1;
      while (' \n\r\t'.includes(text[j])) j++;
      if (text[j] === close) { out += c + close; i = j; continue; }
      depth++;
      out += c + newline();
      continue;
    }
    if (c === '}' || c === ']') { depth--; out += newline() + c; continue; }
    if (c === ',') { out += ',' + newline(); continue; }
    if (c === ':') { out += ': '; continue; }
    out += c;
  }
  return out;
}

function bodyView(bytes, dedupKey) {
  let text = null;
  let pretty = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    pretty = prettyJson(text);
  } catch {
    // Not UTF-8 JSON: shown as text when it decodes, always downloadable.
  }
  const download = h('a', {
    href: URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' })),
    download: `${dedupKey.replace(/[^A-Za-z0-9._-]/g, '_')}.body`,
    'data-testid': 'download-body',
  }, `Download the exact ${bytes.length} bytes`);
  return h('div', { class: 'body' },
    h('p', null, download, pretty === null ? (text === null ? ' (binary: not shown)' : ' (not JSON: shown as text)') : ''),
    text === null ? null : h('pre', { class: 'json', 'data-testid': 'body' }, pretty ?? text));
}

function rerunPanel(clientId, dedupKey) {
  const panel = h('div', { class: 'outcome', 'data-testid': 'rerun-outcome' });
  const start = h('button', { type: 'button', 'data-testid': 'rerun' }, 'Re-run…');
  start.addEventListener('click', async () => {
    start.disabled = true;
    try {
      const path = recordPath(clientId, dedupKey, 'rerun');
      const dry = await postJson(path, {}, { query: { dryRun: true } });
      const key = newIdempotencyKey();
      const confirm = h('button', { type: 'button', class: 'danger', 'data-testid': 'confirm' }, 'Confirm re-run');
      confirm.addEventListener('click', async () => {
        confirm.disabled = true;
        try {
          const run = await postJson(path, {}, { query: { dryRun: false }, idempotencyKey: key });
          panel.replaceChildren(message('ok', run.body.enqueued
            ? `Re-run queued on ${run.body.queue} (message ${run.body.messageId}). Reload to follow its journey.`
            : `Not queued: ${run.body.error ?? 'see the journey'}.`));
        } catch (error) {
          panel.append(message('error', error.message));
          confirm.disabled = false;
        }
      });
      panel.replaceChildren(
        h('p', { 'data-testid': 'dry-run' }, `Dry run: the alert is ${dry.body.previousState ?? 'unknown'}; a re-run would queue it again from its archived body.`),
        h('div', { class: 'buttons' }, confirm));
    } catch (error) {
      panel.replaceChildren(message('error', error.message));
      start.disabled = false;
    }
  });
  return h('div', { class: 'actions-inline' }, start, panel);
}
