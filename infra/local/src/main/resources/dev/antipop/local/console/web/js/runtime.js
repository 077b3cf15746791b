// Mappings and functions: each stream mapping's lag (records behind, age of the oldest), failures and retries; each
// function's invocations, p50/p99 duration and cold start; the last errors with their request ids. Refreshed every
// second while the view is shown.

import { local } from './api.js';
import { byId, duration, fill, h, notify } from './dom.js';

let timer = null;

function num(value) {
  return h('td', { class: 'num' }, value === null || value === undefined ? '–' : String(value));
}

/** The table name inside a stream ARN (arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>). */
function tableOf(streamArn) {
  const match = /:table\/([^/]+)/.exec(streamArn || '');
  return match ? match[1] : streamArn;
}

function renderMappings(health) {
  const skipped = (m) => health.onFailureRecords.filter((r) => r.function === m.function && r.streamArn === m.streamArn).length;
  fill(byId('mappings'),
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {},
        ['mapping', 'table', 'behind', 'oldest', 'invocations', 'failures', 'retries', 'delivered', 'skipped'].map((t, i) => h('th', { class: i > 1 ? 'num' : '' }, t)))),
      h('tbody', {}, health.mappings.map((m) => {
        const behind = m.lag ? m.lag.recordsBehind : null;
        return h('tr', { class: `mapping ${behind ? 'behind' : ''}`, dataset: { mapping: m.name, behind: behind ?? 'unknown' } },
          h('td', {}, m.name, h('div', { class: 'muted' }, `${m.startingPosition}, batch ${m.batchSize}`)),
          h('td', {}, tableOf(m.streamArn)),
          h('td', { class: 'num lag' }, behind === null ? '?' : `${behind}${m.lag.recordsBehindCapped ? '+' : ''}`),
          h('td', { class: 'num' }, m.lag ? duration(m.lag.oldestRecordAgeMs) : '?'),
          num(m.counters.invocations), num(m.counters.failures), num(m.counters.retries), num(m.counters.recordsDelivered),
          num(`${m.counters.skippedRecords}${skipped(m) ? ` (${skipped(m)} batches)` : ''}`));
      }))),
    h('p', { class: 'muted' }, health.endpoints.map((e) => `${e.kind} ${e.url}${e.connections !== undefined ? ` (${e.connections} connections)` : ''}`).join(' · ')));
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
    const [health, functions] = await Promise.all([local('health'), local('functions')]);
    renderMappings(health);
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
