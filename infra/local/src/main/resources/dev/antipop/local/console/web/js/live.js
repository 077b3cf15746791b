// Live events: one WebSocket as the signed-in user (?token=), sub/unsub with start_seq and presence, and every frame
// in and out in a scrolling, filterable list.

import { webSocketUrl } from './api.js';
import { byId, fill, h, notify, pretty } from './dom.js';
import { current, onSession } from './session.js';

/** Frames kept in the list at most (older ones are dropped; the page must stay light). */
const MAX_FRAMES = 2000;

const frames = [];
const frameListeners = new Set();
const subscriptions = new Map(); // target -> {start_seq, presence, acked}
const pending = new Map(); // request id -> {op, target}
let socket = null;
let socketUser = null;
let counter = 0;
let filterText = '';
let filterDirection = 'all';

/** Calls listener(frame) for every frame in or out: {dir, at, text, json}. */
export function onFrame(listener) {
  frameListeners.add(listener);
}

/** Every event frame received so far (newest last). */
export function receivedEvents() {
  return frames.filter((f) => f.dir === 'in' && f.json?.op === 'event');
}

function record(dir, text) {
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* shown as text */
  }
  const frame = { dir, at: new Date(), text, json };
  frames.push(frame);
  if (frames.length > MAX_FRAMES) frames.splice(0, frames.length - MAX_FRAMES);
  for (const listener of frameListeners) listener(frame);
  renderFrame(frame);
}

async function connect() {
  disconnect();
  const session = current();
  if (!session) return;
  socketUser = session.userId;
  const url = await webSocketUrl();
  if (!url) {
    setState('no WebSocket API in the template');
    return;
  }
  const ws = new WebSocket(`${url}?token=${encodeURIComponent(session.accessToken)}`);
  socket = ws;
  setState('connecting');
  ws.onopen = () => {
    setState('open');
    for (const [target, sub] of subscriptions) sendSub(target, sub.start_seq, sub.presence);
  };
  ws.onmessage = (message) => {
    record('in', message.data);
    const json = safeJson(message.data);
    if (json?.id && pending.has(json.id)) {
      const request = pending.get(json.id);
      pending.delete(json.id);
      if (request.op === 'sub' && subscriptions.has(request.target)) {
        subscriptions.get(request.target).acked = json.op === 'ack';
        subscriptions.get(request.target).error = json.op === 'error' ? json.data?.code : null;
      }
      renderSubscriptions();
    }
    if (json?.op === 'presence') renderPresence(json);
    if (json?.op === 'event' && json.data?.type === 'typing.started') showTyping(json);
  };
  ws.onclose = (event) => {
    if (socket === ws) {
      socket = null;
      setState(`closed ${event.code}${event.reason ? ` ${event.reason}` : ''}`);
    }
  };
  ws.onerror = () => notify('the WebSocket connection failed', 'error');
}

function disconnect() {
  if (socket) {
    const old = socket;
    socket = null;
    old.close(1000, 'console');
  }
  setState('closed');
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Sends one protocol message; returns its id. */
export function send(op, target, data) {
  if (!socket || socket.readyState !== WebSocket.OPEN) {
    notify('the WebSocket is not open', 'error');
    return null;
  }
  const id = `c${++counter}`;
  const message = { v: 1, op, id };
  if (target) message.target = target;
  if (data && Object.keys(data).length) message.data = data;
  pending.set(id, { op, target });
  const text = JSON.stringify(message);
  socket.send(text);
  record('out', text);
  return id;
}

function sendSub(target, startSeq, presence) {
  const data = {};
  if (startSeq !== null && startSeq !== undefined && startSeq !== '') data.start_seq = Number(startSeq);
  if (presence) data.presence = true;
  send('sub', target, data);
}

function setState(text) {
  const badge = document.getElementById('ws-state');
  if (badge) {
    badge.textContent = text;
    badge.dataset.state = text.split(' ')[0];
  }
}

function matches(frame) {
  if (filterDirection !== 'all' && frame.dir !== filterDirection) return false;
  return !filterText || frame.text.toLowerCase().includes(filterText);
}

function frameRow(frame) {
  const op = frame.json?.op || '?';
  const summary = frame.json?.op === 'event'
    ? `${frame.json.data?.type || ''} ${frame.json.target || ''} v${frame.json.data?.version ?? ''}`
    : `${frame.json?.target || ''} ${frame.json?.id || ''}`;
  return h(
    'li',
    { class: `frame ${frame.dir}`, dataset: { op } },
    h('details', {},
      h('summary', {},
        h('span', { class: 'dir' }, frame.dir === 'in' ? '←' : '→'),
        h('time', {}, frame.at.toLocaleTimeString()),
        h('span', { class: 'op' }, op),
        h('span', { class: 'summary' }, summary)),
      h('pre', { class: 'json' }, frame.json ? pretty(frame.json) : frame.text)),
  );
}

function renderFrame(frame) {
  const list = document.getElementById('frames');
  if (!list || !matches(frame)) return;
  const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  list.append(frameRow(frame));
  while (list.children.length > MAX_FRAMES) list.firstChild.remove();
  if (stick) list.scrollTop = list.scrollHeight;
}

function renderFrames() {
  const list = byId('frames');
  fill(list, frames.filter(matches).map(frameRow));
  list.scrollTop = list.scrollHeight;
}

function renderSubscriptions() {
  fill(
    byId('subscriptions'),
    [...subscriptions].map(([target, sub]) =>
      h('li', {},
        h('code', {}, target),
        sub.start_seq ? ` start_seq ${sub.start_seq}` : '',
        sub.presence ? ' presence' : '',
        h('span', { class: `badge ${sub.error ? 'bad' : sub.acked ? 'good' : ''}` }, sub.error || (sub.acked ? 'ack' : 'sent')),
        h('button', { type: 'button', class: 'small', onclick: () => unsubscribe(target) }, 'unsub'))),
  );
}

function renderPresence(frame) {
  const members = frame.data?.members || [];
  fill(byId('presence'),
    h('p', {}, `${frame.target}: ${members.length} present`),
    h('ul', {}, members.map((m) => h('li', {}, `${m.userId} since ${m.joinedAt}`))));
}

/** Typing signals are never stored: show each for its expiresInMs, then drop it. */
const typing = new Map(); // `${topic}|${userId}` -> timeout
function showTyping(frame) {
  const { userId, topic, expiresInMs } = frame.data;
  const key = `${topic}|${userId}`;
  clearTimeout(typing.get(key));
  typing.set(key, setTimeout(() => {
    typing.delete(key);
    renderTyping();
  }, expiresInMs || 5000));
  renderTyping();
}

function renderTyping() {
  fill(byId('typing'), [...typing.keys()].map((key) => {
    const [topic, userId] = key.split('|');
    return h('li', {}, `${userId} is typing in ${topic}`);
  }));
}

function unsubscribe(target) {
  subscriptions.delete(target);
  send('unsub', target);
  renderSubscriptions();
}

/** Builds the view and follows the session (reconnects as another user, closes on sign-out). */
export function init() {
  byId('sub-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const target = form.target.value.trim();
    if (!target) return;
    const sub = { start_seq: form.start_seq.value, presence: form.presence.checked, acked: false };
    subscriptions.set(target, sub);
    sendSub(target, sub.start_seq, sub.presence);
    renderSubscriptions();
  });
  byId('unsub-button').addEventListener('click', () => {
    const target = byId('sub-form').target.value.trim();
    if (target) unsubscribe(target);
  });
  byId('presence-button').addEventListener('click', () => {
    const target = byId('sub-form').target.value.trim();
    if (target) send('presence', target);
  });
  byId('typing-button').addEventListener('click', () => {
    const target = byId('sub-form').target.value.trim();
    if (target) send('typing', target);
  });
  byId('ping-button').addEventListener('click', () => send('ping'));
  byId('reconnect-button').addEventListener('click', () => connect());
  byId('frame-filter').addEventListener('input', (event) => {
    filterText = event.target.value.trim().toLowerCase();
    renderFrames();
  });
  byId('frame-direction').addEventListener('change', (event) => {
    filterDirection = event.target.value;
    renderFrames();
  });
  byId('clear-frames').addEventListener('click', () => {
    frames.length = 0;
    renderFrames();
  });
  onSession((session) => {
    if (!session) {
      socketUser = null;
      disconnect();
    } else if (session.userId !== socketUser) {
      // A refreshed token keeps the connection: API Gateway checks the token at $connect only.
      connect();
    }
  });
}
