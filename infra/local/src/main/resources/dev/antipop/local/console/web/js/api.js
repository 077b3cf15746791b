// Talking to the local cloud: the console's JSON endpoints and the HTTP API (same origin).

let overviewCache = null;

/** An error answer: status plus the body ({"ok":false,"error":{code,message}}) when there is one. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** GET or POST one console endpoint (/_local/api/<path>); resolves to the JSON body, rejects with ApiError. */
export async function local(path, { method = 'GET', body } = {}) {
  const response = await fetch(`/_local/api/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** The stack's endpoints (cached: they do not change while the local cloud runs). */
export async function overview() {
  if (!overviewCache) overviewCache = await local('overview');
  return overviewCache;
}

/**
 * Calls a route of the HTTP API. Resolves to {status, body, ms} whatever the status (the console shows errors as
 * answers, not as failures); rejects only when the request could not be sent.
 */
export async function http(method, path, { body, token } = {}) {
  const { httpApi } = await overview();
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const started = performance.now();
  const response = await fetch(`${httpApi.base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await readBody(response), ms: performance.now() - started };
}

/** The WebSocket API's URL with the page's host when the local cloud listens on every interface. */
export async function webSocketUrl() {
  const { webSocket } = await overview();
  if (!webSocket) return null;
  const url = new URL(webSocket.url);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = location.hostname;
  return url.toString();
}
