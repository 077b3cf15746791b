// Replay: drop a fixture file (or pick one of the repository's events/), invoke the function it belongs to on the
// running local cloud, see the response.

import { local } from './api.js';
import { byId, fill, h, jsonBlock, notify } from './dom.js';
import { current } from './session.js';

let functionsLoaded = false;

function setEvent(text, name) {
  byId('replay-event').value = text;
  byId('replay-name').textContent = name || '';
}

async function readFile(file) {
  setEvent(await file.text(), file.name);
}

/**
 * Fixtures stand ${ACCESS_TOKEN} and ${USER_ID} for the signed-in user's (events/README.md); fill them in when signed
 * in, as the tests do. Other placeholders (${BRAND_ID}, …) are left for the person to replace.
 */
function substitute(text) {
  const session = current();
  if (!session) return text;
  return text.replaceAll('${ACCESS_TOKEN}', session.accessToken).replaceAll('${USER_ID}', session.userId);
}

async function invoke() {
  const text = substitute(byId('replay-event').value);
  try {
    JSON.parse(text);
  } catch (e) {
    notify(`the event is not JSON: ${e.message}`, 'error');
    return;
  }
  const fn = byId('replay-function').value;
  fill(byId('replay-result'), h('p', { class: 'muted' }, 'Invoking…'));
  try {
    const answer = await local(`replay${fn ? `?function=${encodeURIComponent(fn)}` : ''}`, { method: 'POST', body: text });
    fill(byId('replay-result'), answer.results.map((r) =>
      h('div', { class: 'replay-result' },
        h('h3', {}, r.function, ' ', h('span', { class: `badge ${r.ok ? 'good' : 'bad'}` }, r.ok ? 'ok' : r.error.errorType), h('small', { class: 'muted' }, ` ${r.durationMs} ms`)),
        jsonBlock(r.ok ? r.response : r.error, { class: 'json replay-response' }))));
  } catch (e) {
    fill(byId('replay-result'), h('p', { class: 'error' }, `${e.status}: ${e.message}`));
  }
}

/** Loads the fixture and function lists once. */
export async function load() {
  if (functionsLoaded) return;
  functionsLoaded = true;
  const [fixtures, functions] = await Promise.all([local('fixtures'), local('functions')]);
  fill(byId('replay-fixture'), h('option', { value: '' }, '(pick a fixture)'), fixtures.fixtures.map((f) => h('option', { value: f }, f)));
  fill(byId('replay-function'), h('option', { value: '' }, '(the function the event belongs to)'),
    functions.functions.map((f) => h('option', { value: f.logicalId }, f.logicalId)));
}

/** Builds the view. */
export function init() {
  const zone = byId('drop-zone');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const file = event.dataTransfer.files[0];
    if (file) readFile(file);
  });
  byId('replay-file').addEventListener('change', (event) => {
    const file = event.target.files[0];
    if (file) readFile(file);
  });
  byId('replay-fixture').addEventListener('change', async (event) => {
    if (!event.target.value) return;
    const fixture = await local(`fixtures/${event.target.value.split('/').map(encodeURIComponent).join('/')}`);
    setEvent(JSON.stringify(fixture, null, 2), event.target.value);
  });
  byId('replay-invoke').addEventListener('click', invoke);
}
