// Overview: one call (GET /api/ops/overview) for the chart, the partitions and the oldest unprocessed alert.
import { getJson } from './api.js';
import { h, add, age, table, message } from './dom.js';
import { alertsPerMinute, OUTCOMES } from './chart.js';

const WINDOWS = [1, 6, 24];

export async function renderOverview(section, { params, stale }) {
  const hours = WINDOWS.includes(Number(params.get('hours'))) ? Number(params.get('hours')) : 6;
  add(section, h('h1', null, 'Overview'),
    h('p', { class: 'choices' }, 'Window: ', WINDOWS.map(n =>
      h('a', { href: `#/overview?hours=${n}`, class: n === hours ? 'current' : null }, `${n} h`))));

  const overview = await getJson('ops/overview', { hours });
  if (stale()) return;

  const totals = Object.fromEntries(OUTCOMES.map(o => [o.key, 0]));
  for (const bucket of overview.buckets ?? []) {
    for (const o of OUTCOMES) totals[o.key] += Number(bucket[o.key]) || 0;
  }
  const poison = (overview.partitions ?? []).reduce((sum, p) => sum + (Number(p.poison) || 0), 0);
  const depth = (overview.partitions ?? []).reduce((sum, p) => sum + (Number(p.depth) || 0), 0);

  add(section, 
    h('div', { class: 'tiles' },
      tile('Oldest unprocessed', age(overview.oldestUnprocessedAgeSeconds), 'oldest'),
      tile('Waiting', String(depth), 'depth'),
      tile('Poison', String(poison), 'poison', poison > 0 ? 'bad' : null),
      OUTCOMES.map(o => tile(o.label, String(totals[o.key]), `total-${o.key}`))),
    h('h2', null, `Alerts per minute, last ${hours} h`),
    h('figure', null, alertsPerMinute(overview.buckets ?? [], overview.since),
      h('figcaption', { class: 'legend' }, OUTCOMES.map(o =>
        h('span', { class: 'key' }, swatch(o.color), o.label)))),
    h('h2', null, 'Partitions'),
    (overview.partitions ?? []).length === 0
      ? message('info', 'No partition figures.')
      : table([
        { title: 'Partition', cell: p => String(p.partition) },
        { title: 'Waiting', cell: p => String(p.depth) },
        { title: 'Poison', cell: p => (Number(p.poison) > 0 ? h('a', { href: `#/poison?partition=${Number(p.partition)}` }, String(p.poison)) : '0') },
        { title: 'Oldest waiting', cell: p => age(p.oldestAgeSeconds) },
      ], overview.partitions, { 'data-testid': 'partitions' }));
}

function tile(label, value, id, tone) {
  return h('div', { class: `tile ${tone ?? ''}`, 'data-testid': `tile-${id}` }, h('span', { class: 'value' }, value), h('span', { class: 'label' }, label));
}

function swatch(color) {
  const mark = h('span', { class: 'swatch' });
  mark.style.backgroundColor = color;
  return mark;
}
