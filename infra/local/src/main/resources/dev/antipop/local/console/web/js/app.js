// The console's entry point: the overview, the session view, and the tabs (from the URL hash).

import { overview } from './api.js';
import * as commands from './commands.js';
import { byId, fill, h, jsonBlock, notify } from './dom.js';
import * as live from './live.js';
import * as replay from './replay.js';
import * as runtime from './runtime.js';
import * as session from './session.js';
import * as tables from './tables.js';

const VIEWS = ['session', 'commands', 'live', 'tables', 'runtime', 'replay'];

function remaining(expiresAt) {
  const s = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function renderSession() {
  const s = session.current();
  const who = byId('who');
  const panel = byId('session-panel');
  if (!s) {
    fill(who, h('a', { href: '#session' }, 'not signed in'));
    fill(panel, h('p', { class: 'muted' }, 'Not signed in. Register, log in, or paste an access token.'));
    return;
  }
  fill(who,
    h('span', { id: 'who-name' }, s.displayName || s.email || s.userId),
    ' ', s.roles.map((r) => h('span', { class: 'badge role' }, r)),
    ' ', h('span', { class: 'muted', id: 'who-expiry' }, `token ${remaining(s.expiresAt)}`));
  fill(panel,
    h('dl', { class: 'facts' },
      h('dt', {}, 'user id'), h('dd', { id: 'session-user' }, h('code', {}, s.userId)),
      h('dt', {}, 'email'), h('dd', {}, s.email || '–'),
      h('dt', {}, 'display name'), h('dd', {}, s.displayName || '–'),
      h('dt', {}, 'roles'), h('dd', { id: 'session-roles' }, s.roles.length ? s.roles.join(', ') : '(none)'),
      h('dt', {}, 'access token expires'), h('dd', { id: 'session-expiry' }, `${new Date(s.expiresAt).toLocaleTimeString()} (in ${remaining(s.expiresAt)})`),
      h('dt', {}, 'refresh'), h('dd', {}, s.refreshToken
        ? `automatic, one minute before expiry, with the rotation flow${s.refreshedAt ? `; last ${new Date(s.refreshedAt).toLocaleTimeString()}` : ''}`
        : 'none (a pasted token is not refreshed)')),
    h('p', {},
      h('button', { type: 'button', disabled: !s.refreshToken, onclick: () => session.refresh().then((a) => a && notify(`refresh: ${a.status}`)) }, 'Refresh now'),
      ' ', h('button', { type: 'button', onclick: () => session.logout() }, 'Log out')),
    h('details', {}, h('summary', {}, 'Access token'), h('pre', { class: 'json token' }, s.accessToken)));
}

function showAnswer(answer) {
  fill(byId('session-answer'),
    h('p', {}, h('span', { class: `badge ${answer.status < 300 ? 'good' : 'bad'}` }, String(answer.status))),
    answer.status < 300 ? null : jsonBlock(answer.body));
  if (answer.status < 300) notify('signed in');
}

function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

function initSessionForms() {
  byId('register-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    showAnswer(await session.register(formValues(event.target)));
  });
  byId('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    showAnswer(await session.login(formValues(event.target)));
  });
  byId('token-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await session.useToken(event.target.token.value);
      notify('using the pasted token');
    } catch (e) {
      notify(`not an access token: ${e.message}`, 'error');
    }
  });
  session.onSession(renderSession);
  // The countdown only: re-rendering the panel would close what the user opened in it.
  setInterval(() => {
    const s = session.current();
    if (!s) return;
    const who = document.getElementById('who-expiry');
    if (who) who.textContent = `token ${remaining(s.expiresAt)}`;
    const expiry = document.getElementById('session-expiry');
    if (expiry) expiry.textContent = `${new Date(s.expiresAt).toLocaleTimeString()} (in ${remaining(s.expiresAt)})`;
  }, 1000);
}

function route() {
  const [view, ...rest] = location.hash.replace(/^#/, '').split('/');
  const name = VIEWS.includes(view) ? view : 'session';
  for (const v of VIEWS) {
    byId(`view-${v}`).hidden = v !== name;
    const tab = document.querySelector(`nav a[href="#${v}"]`);
    if (tab) tab.setAttribute('aria-current', v === name ? 'page' : 'false');
  }
  runtime.visible(name === 'runtime');
  if (name === 'tables') {
    if (rest.length) tables.open(decodeURIComponent(rest[0]), rest[1] ? decodeURIComponent(rest[1]) : null);
    else tables.refresh();
  }
  if (name === 'replay') replay.load().catch((e) => notify(e.message, 'error'));
  if (name === 'commands' && rest.length) commands.select(rest[0]);
}

async function main() {
  const info = await overview();
  fill(byId('stack'), `${info.stack} · ${info.region}`);
  fill(byId('endpoints'),
    h('li', {}, 'HTTP API ', h('code', {}, `${location.origin}${info.httpApi.base}`)),
    info.webSocket ? h('li', {}, 'WebSocket ', h('code', {}, info.webSocket.url)) : null,
    h('li', {}, 'DynamoDB ', h('code', {}, info.dynamoDb)));
  initSessionForms();
  live.init();
  tables.init();
  replay.init();
  await commands.init();
  window.addEventListener('hashchange', route);
  route();
  // Navigation start to a usable page with its data (the browser test reads it with the Performance API's timings).
  document.body.dataset.readyAt = String(performance.now());
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  notify(`the console could not start: ${e.message}`, 'error');
  throw e;
});
