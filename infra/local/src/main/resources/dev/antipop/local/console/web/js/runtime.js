// Mappings and functions: each stream mapping's lag (records behind, age of the oldest), failures and retries; each
// function's invocations, p50/p99 duration and cold start; the last errors with their request ids. Refreshed every
// second while the view is shown.

import { local } from './api.js';
import { byId, duration, fill, h, notify } from './dom.js';

let timer = null;

function num(value) {
  return h('td', { class: 'num' }, value === null || value === undefined ? '–' : String(value));
}

function renderMappings(mappings) {
  fill(byId('mappings'),
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {},
        ['mapping', 'table', 'behind', 'oldest', 'invocations', 'failures', 'retries', 'delivered', 'skipped'].map((t, i) => h('th', { class: i > 1 ? 'num' : '' }, t)))),
      h('tbody', {}, mappings.map((m) =>
        h('tr', { class: `mapping ${m.lag.recordsBehind > 0 ? 'behind' : ''}`, dataset: { mapping: m.name, behind: m.lag.recordsBehind } },
          h('td', {}, m.name, h('div', { class: 'muted' }, `${m.startingPosition}, batch ${m.batchSize}`)),
          h('td', {}, m.table),
          h('td', { class: 'num lag' }, m.lag.recordsBehind === null ? `? ${m.lag.error || ''}` : String(m.lag.recordsBehind)),
          h('td', { class: 'num' }, duration(m.lag.oldestAgeMs)),
          num(m.invocations), num(m.failures), num(m.retries), num(m.recordsDelivered),
          num(m.recordsSkipped + (m.onFailureRecords ? ` (${m.onFailureRecords} on-failure)` : '')))))));
}

function renderFunctions(functions) {
  const errors = functions.flatMap((f) => f.lastErrors.map((e) => ({ ...e, function: f.name })))
    .sort((a, b) => b.at.localeCompare(a.at)).slice(0, 20);
  fill(byId('functions'),
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, ['function', 'invocations', 'errors', 'p50', 'p99', 'cold start'].map((t, i) => h('th', { class: i ? 'num' : '' }, t)))),
      h('tbody', {}, functions.map((f) =>
        h('tr', { class: `function ${f.invocations ? '' : 'idle'}`, dataset: { function: f.name } },
          h('td', {}, f.name),
          num(f.invocations), num(f.errors),
          h('td', { class: 'num' }, duration(f.p50Ms)),
          h('td', { class: 'num' }, duration(f.p99Ms)),
          h('td', { class: 'num' }, duration(f.coldStartMs)))))));
  fill(byId('last-errors'), errors.length === 0 ? h('p', { class: 'muted' }, 'No errors.') :
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, ['when', 'function', 'request id', 'error'].map((t) => h('th', {}, t)))),
      h('tbody', {}, errors.map((e) =>
        h('tr', {}, h('td', {}, new Date(e.at).toLocaleTimeString()), h('td', {}, e.function), h('td', {}, h('code', {}, e.requestId)),
          h('td', {}, h('strong', {}, e.errorType), ' ', e.message))))));
}

async function load() {
  try {
    const [mappings, functions] = await Promise.all([local('mappings'), local('functions')]);
    renderMappings(mappings.mappings);
    renderFunctions(functions.functions);
    byId('runtime-updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    notify(e.message, 'error');
  }
}

/** Starts (shown) or stops (hidden) the refresh. */
export function visible(shown) {
  clearInterval(timer);
  timer = null;
  if (shown) {
    load();
    timer = setInterval(load, 1000);
  }
}
