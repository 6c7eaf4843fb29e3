// Every value reaches the page through these helpers as text (textContent, text nodes, attributes set one by one),
// never as markup: nothing in an alert can become HTML, script or a link.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) {
      if (typeof value !== 'function') throw new Error(`handler ${name} must be a function`);
      element.addEventListener(name.slice(2), value);
    } else if (name === 'href' && !String(value).startsWith('#/') && !String(value).startsWith('blob:')) {
      // Links go to the console's own pages or a download made here: never to a URL that came with data.
      throw new Error('only console links');
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

/** An HTML element: h('td', { class: 'x' }, 'text', otherNode). */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

/** An SVG element, for the charts. */
export function s(tag, attributes, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

/** A link to a console page; the route's parts are percent-encoded, so data stays inside its segment. */
export function pageLink(text, ...segments) {
  return h('a', { href: '#/' + segments.map(encodeURIComponent).join('/') }, text);
}

/**
 * A trace id, linked into the operator's telemetry when the app is configured with a template. The one link that
 * leaves the console: its target is the app's own setting (https, validated at start-up, checked again here), and the
 * id from the data only fills the {traceId} placeholder, percent-encoded.
 */
export function traceLink(traceId, template) {
  if (typeof template !== 'string' || !template.startsWith('https://') || !template.includes('{traceId}')) return traceId;
  const link = document.createElement('a');
  link.href = template.replaceAll('{traceId}', encodeURIComponent(traceId));
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.dataset.testid = 'trace-link';
  link.textContent = traceId;
  return link;
}

/** Appends nodes, text, arrays of them; skips null, undefined and false. */
export function add(parent, ...children) {
  append(parent, children);
  return parent;
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function time(value) {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC');
}

export function age(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(Number(seconds));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** A table: columns [{ title, cell: row => node|text }]. */
export function table(columns, rows, attributes) {
  return h('table', attributes,
    h('thead', null, h('tr', null, columns.map(c => h('th', { scope: 'col' }, c.title)))),
    h('tbody', null, rows.map(row => h('tr', null, columns.map(c => h('td', null, c.cell(row)))))));
}

export function field(label, control) {
  return h('label', { class: 'field' }, h('span', null, label), control);
}

export function message(kind, ...text) {
  return h('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...text);
}
