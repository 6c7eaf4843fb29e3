// The operator API, same origin. No secret, key or token ever goes into a URL: the caller is identified by the
// Authorization header (the Entra ID access token auth.js obtained) or, locally, by calling from loopback.
import { accessToken, hasSession, renewAfterRefusal, renewIfExpired } from './auth.js';

export class ApiError extends Error {
  constructor(status, text, detail) {
    super(text || `HTTP ${status}`);
    this.status = status;
    // A problem document's explanation (the access check says which role is missing), when the API gave one.
    this.detail = detail ?? '';
  }
}

/** Requests made so far (the tests read it to count what each page costs). */
export const stats = { requests: 0 };

function url(path, query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== null && value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return '/api/' + path + (search ? '?' + search : '');
}

async function fail(response) {
  let text = '';
  let detail = '';
  try {
    const body = await response.json();
    text = body.error ?? body.title ?? body.detail ?? '';
    detail = typeof body.detail === 'string' ? body.detail : '';
  } catch {
    // Not JSON: the status says enough.
  }
  const explained = {
    401: 'Not signed in.',
    403: 'Your role does not allow this.',
    404: 'Not found.',
    503: 'Storage is unavailable; try again shortly.',
  }[response.status];
  return new ApiError(response.status, text || explained || `HTTP ${response.status}`, detail);
}

/** Never settles: the page is leaving for the sign-in page, and nothing should render in the meantime. */
const leaving = () => new Promise(() => {});

async function send(method, path, query, init) {
  if (await renewIfExpired()) return leaving();
  stats.requests++;
  const headers = { ...init.headers };
  const token = accessToken();
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(url(path, query), { method, credentials: 'same-origin', cache: 'no-store', ...init, headers });
  if (response.status === 401 && token && hasSession() && (await renewAfterRefusal())) return leaving();
  if (!response.ok) throw await fail(response);
  return response;
}

export async function getJson(path, query) {
  const response = await send('GET', path, query, { headers: { Accept: 'application/json' } });
  return response.json();
}

export async function getBytes(path) {
  const response = await send('GET', path, null, { headers: { Accept: 'application/octet-stream' } });
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * A state-changing call: JSON, and the header a cross-site page cannot send without a CORS preflight the app never
 * grants. An idempotency key makes a retried confirmation return the first one's operation.
 */
export async function postJson(path, body, { query, idempotencyKey } = {}) {
  const headers = {
    Accept: 'application/json',
    'Content-Type': 'application/json',
    'X-Requested-With': 'codat-alerts-console',
  };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const response = await send('POST', path, query, { headers, body: JSON.stringify(body ?? {}) });
  const json = response.status === 204 ? {} : await response.json();
  return { status: response.status, body: json };
}

/** A record's route segment: "_" stands for "no client ID", as the API reads it. */
export function clientSegment(clientId) {
  return clientId ? clientId : '_';
}

export function recordPath(clientId, dedupKey, ...rest) {
  return ['records', clientSegment(clientId), dedupKey, ...rest].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/');
}
