// Roundtable sandbox page: one chat pane per fictional person. Renders the neutral message model with DOM
// methods and textContent only (never innerHTML with data), and stays live through server-sent events.

const state = { personas: [], panes: new Map(), messages: new Map() };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Plain text, with `code` spans shown as code (built from text nodes, so nothing becomes markup). */
function richText(tag, text, cls) {
  const node = el(tag, { class: cls });
  String(text)
    .split('`')
    .forEach((part, i) => {
      if (part === '') return;
      node.append(i % 2 === 1 ? el('code', { text: part }) : document.createTextNode(part));
    });
  return node;
}

function safeUrl(url) {
  try {
    const u = new URL(url, window.location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body || {}),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || 'Something went wrong. Please try again.');
  return data;
}

function setStatus(text) {
  document.getElementById('status').textContent = text;
}

/** Show or hide the notice that Redis is missing, in the server's own words (text only, never HTML). */
function showRedis(redis) {
  const notice = document.getElementById('redis-notice');
  if (!redis || redis.ok) {
    notice.hidden = true;
    return;
  }
  document.getElementById('redis-notice-missing').textContent = redis.missing;
  document.getElementById('redis-notice-fix').textContent = redis.fix;
  notice.hidden = false;
}

// ---- panes ------------------------------------------------------------------------------------------------

function buildPanes(personas) {
  const main = document.getElementById('panes');
  main.replaceChildren();
  state.panes.clear();
  for (const p of personas) {
    const titleId = `pane-${p.id}-title`;
    const inputId = `say-${p.id}`;
    const list = el('ol', {
      class: 'messages',
      'aria-live': 'polite',
      'aria-relevant': 'additions text',
      'aria-label': `Messages between ${p.name} and Roundtable`,
      tabindex: '0',
    });
    keepAtBottom(list);
    const input = el('input', {
      id: inputId,
      type: 'text',
      autocomplete: 'off',
      placeholder: '/roundtable help',
      maxlength: '4000',
    });
    const error = el('p', { class: 'pane-error', role: 'alert' });
    const form = el(
      'form',
      { class: 'composer' },
      el('label', { for: inputId, class: 'say-label', text: `Message as ${p.name}` }),
      el('div', { class: 'row' }, input, el('button', { type: 'submit', text: 'Send' })),
      error,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void say(p.id, input, error);
    });
    const band = p.band.charAt(0).toUpperCase() + p.band.slice(1).replace('-', ' ');
    const who = `${band} · ${p.timezone}${p.admin ? ' · Roundtable admin' : ''}`;
    const pane = el(
      'section',
      { class: 'pane', 'aria-labelledby': titleId, 'data-persona': p.id },
      el('header', {}, el('h2', { id: titleId, text: p.title }), el('p', { class: 'who', text: who })),
      list,
      form,
    );
    main.append(pane);
    state.panes.set(p.id, { list, error, persona: p });
    showEmpty(p.id);
  }
}

/**
 * A chat list that shows its latest message stays that way when the window (and so the list) changes size; one
 * scrolled up to read older messages is left where it is.
 */
function keepAtBottom(list) {
  let atBottom = true;
  list.addEventListener('scroll', () => {
    atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 8;
  });
  new ResizeObserver(() => {
    if (atBottom) list.scrollTop = list.scrollHeight;
  }).observe(list);
}

function showEmpty(personaId) {
  const pane = state.panes.get(personaId);
  if (!pane || pane.list.querySelector('.msg')) return;
  if (!pane.list.querySelector('.empty')) {
    pane.list.append(el('li', { class: 'empty', text: 'No messages yet. Try /roundtable help.' }));
  }
}

async function say(personaId, input, error) {
  const text = input.value.trim();
  if (!text) return;
  error.textContent = '';
  input.value = '';
  try {
    const data = await post('/sandbox/say', { persona: personaId, text });
    for (const m of data.messages || []) upsert(m);
  } catch (e) {
    input.value = text;
    error.textContent = e.message;
  }
}

// ---- messages ---------------------------------------------------------------------------------------------

function panesFor(message) {
  if (message.persona) return state.panes.has(message.persona) ? [message.persona] : [];
  return [...state.panes.keys()];
}

function upsert(message) {
  state.messages.set(message.id, message);
  for (const personaId of panesFor(message)) {
    const pane = state.panes.get(personaId);
    const existing = pane.list.querySelector(`li.msg[data-id="${message.id}"]`);
    const fresh = renderMessage(message, personaId);
    if (existing) {
      const hadFocus = existing.contains(document.activeElement);
      existing.replaceWith(fresh);
      // The button that was clicked is gone (the message changed): keep keyboard users where they were.
      if (hadFocus) fresh.focus();
      continue;
    }
    pane.list.querySelector('.empty')?.remove();
    const after = [...pane.list.querySelectorAll('li.msg')].find((li) => Number(li.dataset.id) > message.id);
    pane.list.insertBefore(fresh, after || null);
    if (!after) pane.list.scrollTop = pane.list.scrollHeight;
  }
}

function renderMessage(message, personaId) {
  const li = el('li', {
    class: `msg ${message.author}`,
    'data-id': String(message.id),
    tabindex: '-1',
  });
  const persona = state.panes.get(personaId).persona;
  const meta = el(
    'p',
    { class: 'meta' },
    el('span', {
      class: 'author',
      text: message.author === 'person' ? `${persona.name} (you)` : 'Roundtable',
    }),
  );
  if (message.private && message.author === 'bot')
    meta.append(el('span', { class: 'tag', text: 'only you can see this' }));
  if (message.channel) meta.append(el('span', { class: 'tag', text: `in #${message.channel}` }));
  const at = new Date(message.at);
  meta.append(
    el('time', {
      datetime: message.at,
      text: at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }),
    }),
  );
  li.append(meta);

  const body = message.body;
  if (body.kind === 'said') {
    li.append(richText('p', body.text));
  } else if (body.kind === 'message') {
    renderBlocks(li, body.message.blocks, message, personaId);
    if (body.message.blocks.length === 0) li.append(richText('p', body.message.text));
  } else if (body.kind === 'form') {
    li.append(renderForm(body, message, personaId));
  }
  for (const a of message.attachments || []) {
    li.append(el('p', {}, el('a', { href: a.url, download: a.filename, text: `Download ${a.filename}` })));
  }
  return li;
}

function inputId(message, personaId, id) {
  return `m${message.id}-${personaId}-${id}`;
}

/** An input's label, marked optional once: some labels already say so in their own words. */
function labelText(block) {
  return block.optional && !/\boptional\b/i.test(block.label) ? `${block.label} (optional)` : block.label;
}

function renderBlocks(container, blocks, message, personaId) {
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        container.append(richText('p', block.text));
        break;
      case 'section': {
        const p = el('p');
        if (block.title) p.append(el('strong', { text: block.title }), document.createTextNode('\n'));
        p.append(...richText('span', block.text).childNodes);
        container.append(p);
        break;
      }
      case 'context':
        container.append(richText('p', block.text, 'context'));
        break;
      case 'relayed': {
        // The label apart from the body, the body as a quote: a line break cannot pass for someone else's line.
        container.append(el('p', { text: block.from, class: 'relayed-from' }));
        const quote = el('blockquote', { class: 'relayed' });
        quote.append(el('span', { text: block.text }));
        container.append(quote);
        break;
      }
      case 'divider':
        container.append(el('hr'));
        break;
      case 'link': {
        const href = safeUrl(block.url);
        container.append(
          el(
            'p',
            {},
            href
              ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: block.text })
              : document.createTextNode(`${block.text} (${block.url})`),
          ),
        );
        break;
      }
      case 'image': {
        // A report's chart: the same figures are in the words around it; alt summarises them.
        // Charts are served by this same server: load them from this page's origin (its CSP allows only 'self'),
        // whatever PUBLIC_URL says (localhost and 127.0.0.1 are different origins).
        const href = safeUrl(block.url);
        const src =
          href && new URL(href).pathname.startsWith('/charts/')
            ? new URL(href).pathname + new URL(href).search
            : href;
        if (src) {
          const img = el('img', { src, alt: block.alt, class: 'chart' });
          container.append(el('p', {}, img));
        }
        break;
      }
      case 'buttons': {
        const row = el('div', { class: 'buttons' });
        for (const b of block.buttons) {
          const button = el('button', { type: 'button', class: b.style, text: b.label });
          button.addEventListener('click', () => void click(message, personaId, b, container, button));
          row.append(button);
        }
        container.append(row);
        break;
      }
      case 'choice': {
        const name = inputId(message, personaId, block.id);
        const set = el('fieldset', { 'data-input': block.id }, el('legend', { text: labelText(block) }));
        block.options.forEach((o, i) => {
          const id = `${name}-${i}`;
          set.append(
            el(
              'div',
              { class: 'option' },
              el('input', { type: 'radio', id, name, value: o.value, checked: o.value === block.initial }),
              el('label', { for: id, text: o.label }),
            ),
          );
        });
        container.append(set);
        break;
      }
      case 'input': {
        const id = inputId(message, personaId, block.id);
        const attrs = {
          id,
          name: block.id,
          'data-input': block.id,
          placeholder: block.placeholder,
          maxlength: block.maxLength,
        };
        const field = block.multiline
          ? el('textarea', { ...attrs, rows: '3' })
          : el('input', { ...attrs, type: 'text' });
        if (block.initial) field.value = block.initial;
        container.append(
          el('div', { class: 'field' }, el('label', { for: id, text: labelText(block) }), field),
        );
        break;
      }
      case 'checkbox': {
        const id = inputId(message, personaId, block.id);
        container.append(
          el(
            'div',
            { class: 'tick' },
            el('input', { type: 'checkbox', id, 'data-input': block.id, checked: Boolean(block.initial) }),
            el('label', { for: id, text: block.label }),
          ),
        );
        break;
      }
      default:
        break;
    }
  }
}

/** The current values of every input in a message or form, as the platform would send them with a click. */
function collectValues(container) {
  const values = {};
  for (const node of container.querySelectorAll('[data-input]')) {
    const id = node.dataset.input;
    if (node.tagName === 'FIELDSET') {
      const checked = node.querySelector('input[type="radio"]:checked');
      if (checked) values[id] = checked.value;
    } else if (node.type === 'checkbox') {
      if (node.checked) values[id] = 'true';
    } else if (node.value !== '') {
      values[id] = node.value;
    }
  }
  return values;
}

async function click(message, personaId, button, container, node) {
  const pane = state.panes.get(personaId);
  pane.error.textContent = '';
  node.disabled = true;
  try {
    const data = await post('/sandbox/action', {
      persona: personaId,
      messageId: message.id,
      actionId: button.actionId,
      value: button.value,
      values: collectValues(container),
    });
    for (const m of data.messages || []) upsert(m);
  } catch (e) {
    pane.error.textContent = e.message;
  } finally {
    node.disabled = false;
  }
}

function renderForm(body, message, personaId) {
  const form = body.form;
  if (body.closed) return richText('p', `Sent: ${form.title}.`, 'context');
  const card = el('form', { class: 'card', novalidate: true });
  const titleId = `${inputId(message, personaId, 'title')}`;
  card.setAttribute('aria-labelledby', titleId);
  card.append(el('h3', { class: 'card-title', id: titleId, text: form.title }));
  renderBlocks(card, form.blocks, message, personaId);
  const submit = el('button', { type: 'submit', class: 'button', text: form.submitLabel });
  card.append(el('div', { class: 'buttons' }, submit));
  card.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitForm(message, personaId, card, submit);
  });
  return card;
}

async function submitForm(message, personaId, card, submit) {
  const pane = state.panes.get(personaId);
  pane.error.textContent = '';
  for (const old of card.querySelectorAll('.error')) old.remove();
  submit.disabled = true;
  try {
    const data = await post('/sandbox/form', {
      persona: personaId,
      messageId: message.id,
      values: collectValues(card),
    });
    if (data.errors) {
      showFormErrors(card, data.errors);
      return;
    }
    for (const m of data.messages || []) upsert(m);
  } catch (e) {
    pane.error.textContent = e.message;
  } finally {
    submit.disabled = false;
  }
}

function showFormErrors(card, errors) {
  let first;
  for (const [id, text] of Object.entries(errors)) {
    const target = card.querySelector(`[data-input="${CSS.escape(id)}"]`);
    const errorId = `${target?.id || card.getAttribute('aria-labelledby')}-${id}-error`;
    const note = el('p', { class: 'error', id: errorId, text });
    if (target) {
      target.setAttribute('aria-invalid', 'true');
      target.setAttribute('aria-describedby', errorId);
      (target.closest('.field') || target).after(note);
      first = first || target;
    } else {
      card.prepend(note);
    }
  }
  (first?.tagName === 'FIELDSET' ? first.querySelector('input') : first)?.focus();
}

// ---- state, live events, reset ----------------------------------------------------------------------------

async function loadState() {
  const res = await fetch('/sandbox/state');
  if (!res.ok) throw new Error('The sandbox did not answer.');
  const data = await res.json();
  state.personas = data.personas;
  showRedis(data.redis);
  state.messages.clear();
  buildPanes(data.personas);
  for (const m of data.messages) upsert(m);
}

function listen() {
  const events = new EventSource('/sandbox/events');
  let lost = false;
  events.addEventListener('open', () => {
    // After a reconnect, events may have been missed: reload everything once.
    if (lost) {
      lost = false;
      setStatus('Connected again.');
      void loadState();
    }
  });
  events.addEventListener('error', () => {
    lost = true;
    setStatus('Connection lost; trying again…');
  });
  events.addEventListener('message', (e) => upsert(JSON.parse(e.data).message));
  events.addEventListener('update', (e) => upsert(JSON.parse(e.data).message));
  events.addEventListener('reload', () => void loadState());
  events.addEventListener('redis', (e) => showRedis(JSON.parse(e.data).redis));
  // Said once the panes show the fresh state, not while the old messages are still on screen.
  events.addEventListener('reset', () => {
    loadState()
      .then(() => setStatus('The sandbox was reset.'))
      .catch((e) => setStatus(e.message));
  });
}

async function reset() {
  if (!window.confirm('Reset the sandbox? Every message and setting goes, and the five people start again.'))
    return;
  const button = document.getElementById('reset');
  button.disabled = true;
  try {
    await post('/sandbox/reset');
    await loadState();
    setStatus('The sandbox was reset.');
  } catch (e) {
    setStatus(e.message);
  } finally {
    button.disabled = false;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('reset').addEventListener('click', () => void reset());
  loadState()
    .then(listen)
    .catch((e) => setStatus(e.message));
});
