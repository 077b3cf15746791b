// Tables: every template table with its item count; a page of items by key condition (Query) or a paged Scan; an
// item as JSON; for events tables, one stream's events in version order.

import { local } from './api.js';
import { byId, fill, h, jsonBlock, notify } from './dom.js';

let tables = [];
let table = null;
let lastQuery = null;
let cursor = null;
/** Only the latest request's page is shown: an earlier one answering late must not replace it. */
let latest = 0;

function keyCells(item) {
  return [table.partitionKey, table.sortKey].filter(Boolean).map((k) => h('td', { class: 'key' }, item[k] === undefined ? '' : String(item[k])));
}

function itemSummary(item) {
  const rest = Object.fromEntries(Object.entries(item).filter(([k]) => k !== table.partitionKey && k !== table.sortKey));
  const text = JSON.stringify(rest);
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

function renderList() {
  fill(byId('tables-list'),
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, 'table'), h('th', { class: 'num' }, 'items'), h('th', {}, 'key'), h('th', {}, 'stream'))),
      h('tbody', {}, tables.map((t) =>
        h('tr', { class: t === table ? 'selected' : '', dataset: { table: t.name } },
          h('td', {}, h('a', { href: `#tables/${encodeURIComponent(t.name)}`, class: 'table-link' }, t.logicalId), t.eventsTable ? h('span', { class: 'badge' }, 'events') : ''),
          h('td', { class: 'num item-count' }, String(t.itemCount)),
          h('td', {}, h('code', {}, [t.partitionKey, t.sortKey].filter(Boolean).join(' + '))),
          h('td', {}, t.stream || ''))))));
}

/** Reloads the table list (item counts change). */
export async function refresh() {
  tables = (await local('tables')).tables;
  if (table) table = tables.find((t) => t.name === table.name) || null;
  renderList();
}

/** Opens one table (from the hash #tables/<name>[/<stream>]); with a stream, an events table shows its events. */
export async function open(name, stream = null) {
  if (!tables.length) await refresh();
  table = tables.find((t) => t.name === name) || null;
  renderList();
  if (!table) return;
  const form = byId('items-form');
  form.reset();
  byId('stream-form').reset();
  fill(byId('items-title'), table.logicalId, ' ', h('small', { class: 'muted' }, table.name));
  form.hidden = false;
  fill(form.index, h('option', { value: '' }, '(table)'), table.indexes.map((i) => h('option', { value: i }, i)));
  form.partition.placeholder = table.partitionKey;
  form.sort.placeholder = table.sortKey || '(no sort key)';
  form.sortOp.disabled = !table.sortKey;
  byId('stream-form').hidden = !table.eventsTable;
  fill(byId('item-json'));
  if (stream && table.eventsTable) {
    byId('stream-form').stream.value = stream;
    await run({ partition: stream, order: 'asc', limit: '100' }, false);
  } else {
    await run({}, false);
  }
}

async function run(params, more) {
  const request = ++latest;
  if (!more) cursor = null;
  lastQuery = params;
  const query = new URLSearchParams({ ...params, limit: params.limit || '25' });
  if (more && cursor) query.set('cursor', cursor);
  try {
    const page = await local(`tables/${encodeURIComponent(table.name)}/items?${query}`);
    if (request !== latest) return;
    cursor = page.cursor;
    renderItems(page, more);
  } catch (e) {
    notify(e.message, 'error');
    fill(byId('items'), h('p', { class: 'error' }, e.message));
  }
}

function renderItems(page, more) {
  const container = byId('items');
  let body = container.querySelector('tbody');
  if (!more || !body) {
    body = h('tbody');
    const stream = table.eventsTable && lastQuery.partition && lastQuery.order !== 'desc';
    fill(container,
      h('p', { class: 'muted' }, `${page.operation}${page.index ? ` on ${page.index}` : ''}${stream ? ` · stream ${lastQuery.partition} in version order` : ''}`),
      h('table', { class: 'grid items' },
        h('thead', {}, h('tr', {}, [table.partitionKey, table.sortKey].filter(Boolean).map((k) => h('th', {}, k)), h('th', {}, 'attributes'))),
        body));
  }
  for (const item of page.items) {
    body.append(h('tr', { class: 'item', onclick: () => showItem(item) }, keyCells(item), h('td', { class: 'summary' }, itemSummary(item))));
  }
  const existing = container.querySelector('.more');
  if (existing) existing.remove();
  if (page.cursor) container.append(h('button', { type: 'button', class: 'more', onclick: () => run(lastQuery, true) }, 'Next page'));
  else if (body.children.length === 0) container.append(h('p', { class: 'muted more' }, 'No items.'));
}

function showItem(item) {
  fill(byId('item-json'), h('h3', {}, 'Item'), jsonBlock(item, { id: 'item-json-body' }));
}

/** Builds the view. */
export function init() {
  byId('items-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const f = event.target;
    const params = {};
    if (f.partition.value) params.partition = f.partition.value;
    if (f.index.value) params.index = f.index.value;
    if (f.partition.value && f.sortOp.value && f.sort.value) {
      params.sortOp = f.sortOp.value;
      params.sort = f.sort.value;
      if (f.sortOp.value === 'between') params.sort2 = f.sort2.value;
    }
    params.order = f.order.value;
    params.limit = f.limit.value;
    run(params, false);
  });
  byId('stream-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const stream = event.target.stream.value.trim();
    if (stream) run({ partition: stream, order: 'asc', limit: '100' }, false);
  });
  byId('tables-refresh').addEventListener('click', () => refresh());
}
