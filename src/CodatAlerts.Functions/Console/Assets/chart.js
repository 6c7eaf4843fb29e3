// The overview's picture: alerts per minute as stacked bars by outcome, drawn as SVG with DOM calls.
import { s } from './dom.js';

export const OUTCOMES = [
  { key: 'handled', label: 'handled', color: '#2f7d4f' },
  { key: 'duplicate', label: 'duplicate', color: '#8aa4c8' },
  { key: 'retrying', label: 'retrying', color: '#d9a400' },
  { key: 'parked', label: 'parked', color: '#8c6bb1' },
  { key: 'poisoned', label: 'poisoned', color: '#c0392b' },
];

const WIDTH = 960;
const HEIGHT = 240;
const LEFT = 40;
const BOTTOM = 22;
const TOP = 8;

function niceMax(value) {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
}

function hhmm(date) {
  return date.toISOString().slice(11, 16);
}

/** buckets: [{ minute, handled, duplicate, retrying, poisoned, parked }], sinceIso: the window's start. */
export function alertsPerMinute(buckets, sinceIso, untilMs) {
  const since = new Date(sinceIso).getTime();
  const until = untilMs ?? Date.now();
  const minutes = Math.max(1, Math.round((until - since) / 60000));
  const plotWidth = WIDTH - LEFT - 8;
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const barWidth = plotWidth / minutes;
  const totals = buckets.map(b => OUTCOMES.reduce((sum, o) => sum + (Number(b[o.key]) || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const y = value => TOP + plotHeight - (value / max) * plotHeight;

  const svg = s('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img', 'data-testid': 'chart',
    'aria-label': `Alerts per minute by outcome since ${sinceIso}`,
  });

  for (const tick of [0, max / 2, max]) {
    svg.append(
      s('line', { x1: LEFT, x2: WIDTH - 8, y1: y(tick), y2: y(tick), class: 'grid' }),
      s('text', { x: LEFT - 6, y: y(tick) + 4, class: 'axis', 'text-anchor': 'end' }, String(tick)));
  }

  const hours = minutes / 60;
  const stepMinutes = hours > 12 ? 180 : hours > 3 ? 60 : hours > 1 ? 15 : 5;
  const firstTick = Math.ceil(since / (stepMinutes * 60000)) * stepMinutes * 60000;
  for (let at = firstTick; at <= until; at += stepMinutes * 60000) {
    const x = LEFT + ((at - since) / 60000) * barWidth;
    svg.append(s('text', { x, y: HEIGHT - 6, class: 'axis', 'text-anchor': 'middle' }, hhmm(new Date(at))));
  }

  buckets.forEach((bucket, i) => {
    const minute = new Date(bucket.minute).getTime();
    if (Number.isNaN(minute) || minute < since || minute > until) return;
    const x = LEFT + ((minute - since) / 60000) * barWidth;
    let base = 0;
    const bar = s('g', { class: 'bar', 'data-minute': bucket.minute });
    for (const outcome of OUTCOMES) {
      const value = Number(bucket[outcome.key]) || 0;
      if (value === 0) continue;
      bar.append(s('rect', {
        x: x.toFixed(2), width: Math.max(1, barWidth - 0.5).toFixed(2),
        y: y(base + value).toFixed(2), height: (y(base) - y(base + value)).toFixed(2), fill: outcome.color,
      }));
      base += value;
    }
    const parts = OUTCOMES.filter(o => Number(bucket[o.key])).map(o => `${bucket[o.key]} ${o.label}`);
    bar.append(s('title', null, `${hhmm(new Date(minute))} UTC: ${totals[i]} alerts (${parts.join(', ')})`));
    svg.append(bar);
  });

  svg.append(s('line', { x1: LEFT, x2: WIDTH - 8, y1: y(0), y2: y(0), class: 'baseline' }));
  return svg;
}
