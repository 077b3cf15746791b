// Tiny DOM helpers: the console has no framework and no build step.

/** Creates an element: h('button', {class: 'x', onclick: f}, 'text', child...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** The element with this id (throws when missing: a broken page should say so). */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no element #${id}`);
  return el;
}

/** JSON for people: two-space indent. */
export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

/** A <pre> of JSON. */
export function jsonBlock(value, attrs = {}) {
  return h('pre', { class: 'json', ...attrs }, pretty(value));
}

/** A short status line in the page's footer. */
export function notify(message, kind = 'info') {
  const bar = byId('status');
  bar.textContent = message;
  bar.dataset.kind = kind;
}

/** A random id for correlation and mutation ids (RFC 9562 v4 UUID). */
export function uuid() {
  return crypto.randomUUID();
}

/** "3.2 s", "140 ms", "2 min". */
export function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 120000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60000)} min`;
}
