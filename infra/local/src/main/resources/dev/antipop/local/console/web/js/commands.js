// Commands: any command of any context, from the descriptors (/_local/api/contexts), with a form generated from its
// payload's declared fields (the rules PayloadSchema checks); sent through POST /command; the answer (202 or the error
// body) and then the events it caused, linked by correlationId, as they arrive on the WebSocket.

import { http, local } from './api.js';
import { byId, fill, h, jsonBlock, notify, uuid } from './dom.js';
import { onFrame, receivedEvents } from './live.js';
import { current } from './session.js';

let contexts = [];
let selected = null; // {context, command}
let correlationId = null;

/** A form control for one declared field; its value is read back by fieldValue. */
function control(field) {
  const id = `field-${field.name}`;
  const common = { id, name: field.name, required: field.required, dataset: { type: field.type } };
  switch (field.type) {
    case 'boolean':
      return h('input', { ...common, type: 'checkbox', required: false });
    case 'enum':
      return h('select', common,
        field.required ? null : h('option', { value: '' }, '(none)'),
        field.values.map((v) => h('option', { value: v }, v)));
    case 'integer':
      return h('input', { ...common, type: 'number', step: 1, min: field.min ?? undefined, max: field.max ?? undefined });
    case 'email':
      return h('input', { ...common, type: 'email', maxlength: 254, autocomplete: 'off' });
    case 'id':
      return h('input', { ...common, type: 'text', pattern: '[0-9]{1,20}', inputmode: 'numeric', title: 'a Snowflake id: 1–20 digits' });
    case 'money':
      return h('span', { class: 'money', id, dataset: { type: 'money' } },
        h('input', { name: `${field.name}.amount`, type: 'number', step: 1, required: field.required, placeholder: 'minor units', 'aria-label': `${field.name} amount` }),
        h('input', { name: `${field.name}.currency`, type: 'text', pattern: '[A-Z]{3}', maxlength: 3, required: field.required, placeholder: 'EUR', 'aria-label': `${field.name} currency` }));
    case 'object':
    case 'array':
    case 'any':
      return h('textarea', { ...common, rows: 3, placeholder: field.type === 'array' ? '[ ]' : field.type === 'object' ? '{ }' : 'JSON' });
    default: {
      const long = field.max && field.max > 200;
      return h(long ? 'textarea' : 'input', {
        ...common,
        type: long ? undefined : 'text',
        rows: long ? 3 : undefined,
        minlength: field.min ?? undefined,
        maxlength: field.max ?? undefined,
      });
    }
  }
}

function rule(field) {
  const parts = [field.type];
  if (field.type === 'string' && (field.min !== null || field.max !== null)) parts.push(`${field.min ?? 0}–${field.max ?? '∞'} chars`);
  if (field.type === 'integer' && (field.min !== null || field.max !== null)) parts.push(`${field.min ?? '−∞'}…${field.max ?? '∞'}`);
  if (field.type === 'array' && field.max !== null) parts.push(`≤ ${field.max} items`);
  if (!field.required) parts.push('optional');
  return parts.join(', ');
}

/** The payload from the form: empty optional fields are left out; JSON fields parsed (throws naming the field). */
function payload(form, fields) {
  const out = {};
  for (const field of fields) {
    if (field.type === 'money') {
      const amount = form.elements[`${field.name}.amount`].value;
      const currency = form.elements[`${field.name}.currency`].value.trim();
      if (amount === '' && currency === '') continue;
      out[field.name] = { amount: Number(amount), currency };
      continue;
    }
    const el = form.elements[field.name];
    if (field.type === 'boolean') {
      out[field.name] = el.checked;
      continue;
    }
    const raw = el.value;
    if (raw === '' && !field.required) continue;
    if (field.type === 'integer') out[field.name] = Number(raw);
    else if (['object', 'array', 'any'].includes(field.type)) {
      try {
        out[field.name] = JSON.parse(raw);
      } catch (e) {
        throw new Error(`${field.name}: not JSON (${e.message})`);
      }
    } else out[field.name] = raw;
  }
  return out;
}

function renderPickers() {
  const contextSelect = byId('command-context');
  fill(contextSelect, contexts.map((c) => h('option', { value: c.name }, c.name)));
  contextSelect.onchange = () => renderCommands();
  renderCommands();
}

function renderCommands() {
  const context = contexts.find((c) => c.name === byId('command-context').value);
  const commandSelect = byId('command-name');
  fill(commandSelect, context.commands.map((c) =>
    h('option', { value: c.name, disabled: c.access === 'internal' }, c.access === 'internal' ? `${c.name} (internal)` : c.name)));
  const first = context.commands.find((c) => c.access !== 'internal');
  if (first) commandSelect.value = first.name;
  commandSelect.onchange = () => renderForm();
  renderForm();
}

/** Selects a command by name (the URL hash #commands/UPDATE_PROFILE does too). */
export function select(name) {
  const context = contexts.find((c) => c.commands.some((cmd) => cmd.name === name));
  if (!context) return;
  byId('command-context').value = context.name;
  renderCommands();
  byId('command-name').value = name;
  renderForm();
}

function renderForm() {
  const context = contexts.find((c) => c.name === byId('command-context').value);
  const command = context.commands.find((c) => c.name === byId('command-name').value);
  selected = { context, command };
  const who = command.access === 'anonymous' ? 'anyone' : command.roles.length ? `roles: ${command.roles.join(', ')} (or admin)` : 'every signed-in user';
  fill(byId('command-info'),
    h('p', {}, command.summary || ''),
    h('p', { class: 'muted' }, `${command.route || 'no HTTP route'} · aggregate ${command.aggregate} · ${who}`));
  fill(byId('command-fields'), command.fields.length === 0 ? h('p', { class: 'muted' }, 'No payload fields.') : command.fields.map((field) =>
    h('div', { class: 'field' },
      h('label', { for: `field-${field.name}` }, field.name, field.required ? h('span', { class: 'required', title: 'required' }, '*') : ''),
      control(field),
      h('small', { class: 'muted' }, rule(field)))));
}

function renderCaused() {
  const events = receivedEvents().filter((f) => f.json.data?.meta?.correlationId === correlationId);
  fill(byId('command-events'),
    h('h3', {}, `Events caused (correlationId ${correlationId})`),
    events.length === 0
      ? h('p', { class: 'muted', id: 'command-events-waiting' }, 'Waiting for events on the WebSocket…')
      : h('ol', { class: 'caused' }, events.map((f) =>
          h('li', { class: 'caused-event', dataset: { type: f.json.data.type } },
            h('details', {}, h('summary', {}, `${f.json.data.type} · ${f.json.data.stream} v${f.json.data.version}`), jsonBlock(f.json.data))))));
}

async function submit(event) {
  event.preventDefault();
  const { command } = selected;
  let body;
  try {
    correlationId = uuid();
    body = { command: command.name, payload: payload(event.target, command.fields), correlationId, clientMutationId: uuid() };
  } catch (e) {
    notify(e.message, 'error');
    return;
  }
  fill(byId('command-request'), h('h3', {}, 'Request'), jsonBlock(body));
  fill(byId('command-answer'), h('p', { class: 'muted' }, 'Sending…'));
  const answer = await http('POST', '/command', { body, token: current()?.accessToken });
  fill(byId('command-answer'),
    h('h3', {}, 'Answer ', h('span', { id: 'command-status', class: `badge ${answer.status < 300 ? 'good' : 'bad'}` }, String(answer.status)), h('small', { class: 'muted' }, ` ${Math.round(answer.ms)} ms`)),
    jsonBlock(answer.body, { id: 'command-answer-body' }));
  const position = answer.body?.position;
  if (position?.stream) {
    // The aggregate's stream in its context's events table (<Name>EventsTable), in version order.
    const logicalId = `${selected.context.name[0].toUpperCase()}${selected.context.name.slice(1)}EventsTable`;
    const events = (await local('tables')).tables.find((t) => t.logicalId === logicalId);
    if (events) {
      byId('command-answer').append(h('p', {},
        h('a', { href: `#tables/${encodeURIComponent(events.name)}/${encodeURIComponent(position.stream)}`, id: 'command-stream-link' },
          `${position.stream} v${position.version} in ${events.logicalId}`)));
    }
  }
  if (answer.status < 300) renderCaused();
  else fill(byId('command-events'));
}

/** Loads the descriptors and builds the picker. */
export async function init() {
  const body = await local('contexts');
  contexts = body.contexts;
  renderPickers();
  byId('command-form').addEventListener('submit', submit);
  onFrame((frame) => {
    if (correlationId && frame.json?.op === 'event' && frame.json.data?.meta?.correlationId === correlationId) renderCaused();
  });
}
