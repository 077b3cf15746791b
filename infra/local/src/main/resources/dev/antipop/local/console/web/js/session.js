// The signed-in user: register, log in or paste a token; shows who, which roles and until when; refreshes the access
// token before it expires with the rotation flow (each refresh token is used once; the answer carries the next one).

import { http } from './api.js';

const STORAGE_KEY = 'antipop.console.session';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

const listeners = new Set();
let state = load();
let timer = null;

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY)) || null;
  } catch {
    return null;
  }
}

function save(next, reason) {
  state = next;
  if (state) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  else sessionStorage.removeItem(STORAGE_KEY);
  schedule();
  for (const listener of listeners) listener(state, reason);
}

/** Calls listener(session, reason) now and on every change (sign-in, refresh, sign-out). */
export function onSession(listener) {
  listeners.add(listener);
  listener(state, 'initial');
}

/** The current session or null: {userId, roles, accessToken, refreshToken, expiresAt, email, displayName}. */
export function current() {
  return state;
}

/** Decodes a JWT's claims (no verification: the API verifies; this only shows them). */
export function claims(token) {
  const parts = String(token).trim().split('.');
  if (parts.length !== 3) throw new Error('an access token has three dot-separated parts');
  const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

function fromTokens(body, extra = {}) {
  return {
    userId: body.userId,
    roles: body.roles || [],
    accessToken: body.accessToken,
    refreshToken: body.refreshToken || null,
    expiresAt: Date.now() + (body.expiresIn || 0) * 1000,
    ...extra,
  };
}

async function tokenCall(path, payload, extra) {
  const answer = await http('POST', path, { body: payload });
  if (answer.status === 200 || answer.status === 201) {
    save(fromTokens(answer.body, extra), path);
    await loadProfile();
  }
  return answer;
}

/** POST /auth/register; signs in on 201. Resolves to the answer {status, body}. */
export function register({ email, password, displayName, inviteCode }) {
  const payload = { email, password, displayName };
  if (inviteCode) payload.inviteCode = inviteCode;
  return tokenCall('/auth/register', payload, { email, displayName });
}

/** POST /auth/login; signs in on 200. */
export function login({ email, password }) {
  return tokenCall('/auth/login', { email, password }, { email });
}

/** Uses an access token obtained elsewhere (no refresh token: it is not refreshed). */
export async function useToken(token) {
  const c = claims(token);
  save(
    {
      userId: c.sub,
      roles: c.roles || [],
      accessToken: token.trim(),
      refreshToken: null,
      expiresAt: (c.exp || 0) * 1000,
    },
    'token',
  );
  await loadProfile();
}

/** GET /auth/me: fills in email and display name. */
export async function loadProfile() {
  if (!state) return null;
  const answer = await http('GET', '/auth/me', { token: state.accessToken });
  if (answer.status === 200 && state) {
    save({ ...state, email: answer.body.email, displayName: answer.body.displayName, roles: answer.body.roles || state.roles }, 'profile');
  }
  return answer;
}

/**
 * POST /auth/refresh with the refresh token: the answer's pair replaces both tokens (the old refresh token stops
 * working). A refused refresh token (reused, revoked, expired) signs out.
 */
export async function refresh() {
  if (!state?.refreshToken) return null;
  const answer = await http('POST', '/auth/refresh', { body: { refreshToken: state.refreshToken } });
  if (answer.status === 200) {
    const next = fromTokens(answer.body);
    next.userId = next.userId || state.userId;
    save({ ...next, email: state.email, displayName: state.displayName, refreshedAt: Date.now() }, 'refresh');
  } else if (answer.status === 401 || answer.status === 403) {
    save(null, 'refresh refused');
  }
  return answer;
}

/** POST /auth/logout (revokes every refresh token of the user) and forgets the session. */
export async function logout() {
  if (state?.refreshToken) await http('POST', '/auth/logout', { token: state.accessToken }).catch(() => null);
  save(null, 'logout');
}

function schedule() {
  clearTimeout(timer);
  timer = null;
  if (!state?.refreshToken) return;
  const wait = Math.max(1_000, state.expiresAt - Date.now() - REFRESH_MARGIN_MS);
  timer = setTimeout(() => refresh().catch(() => schedule()), wait);
}
