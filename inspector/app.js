// The inspector page of `tim-callback listen --ui`: a live list over Server-Sent Events, filters,
// a detail view and its actions. Plain DOM, no framework; everything it loads is served by the
// listener's own inspector, and every value a callback carries is set as text.
import { jsonView } from './json-view.js';

const PAGE = 100;
const MAX_ROWS = 2000;
const VERDICT_LABELS = {
  accepted: 'accepted',
  invalid: 'schema problems',
  rejected: 'rejected',
  failed: 'failed',
};

const $ = (id) => document.getElementById(id);
const state = {
  rows: [],
  keys: new Set(),
  commands: new Set(),
  cursor: null,
  latest: 0,
  selected: -1,
  open: null,
  // Requests that arrived too fast to be streamed one by one: loaded when asked for.
  gaps: [],
  filter: { text: '', command: '', verdict: '' },
  events: null,
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

const keyOf = (row) => (row.seq > 0 ? `s${row.seq}` : `f${row.at}`);

function refQuery(row) {
  const params = new URLSearchParams({ id: row.id });
  if (row.seq > 0) params.set('seq', String(row.seq));
  if (row.at !== null) params.set('at', String(row.at));
  return params.toString();
}

function clock(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function took(ms) {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

async function getJson(url, init) {
  const response = await fetch(url, init);
  const value = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw new Error(value.error || `HTTP ${response.status}`);
  return value;
}

// ---- the list ----

function matches(row) {
  const { text, command, verdict } = state.filter;
  if (verdict && row.verdict !== verdict) return false;
  if (command && row.command !== command) return false;
  if (!text) return true;
  const haystack = [
    row.summary,
    row.command,
    row.alias,
    row.path,
    row.id,
    row.method,
    String(row.status),
  ]
    .join('\n')
    .toLowerCase();
  return haystack.includes(text);
}

function rowElement(row) {
  const li = el('li', 'row');
  li.setAttribute('role', 'option');
  li.tabIndex = -1;
  li.dataset.key = keyOf(row);
  li.dataset.verdict = row.verdict;
  const time = el('span', 'time', clock(row.receivedAt));
  if (row.earlier) {
    time.classList.add('earlier');
    time.title = 'read from the --record file at start';
  }
  li.append(time);
  const cmd = el('span', 'cmd', row.alias || row.command || `${row.method} ${row.path}`);
  cmd.title = row.command || `${row.method} ${row.path}`;
  const summary = el('span', 'summary', row.summary);
  summary.title = row.summary;
  const verdict = el('span', 'verdict');
  verdict.append(el('span', `badge ${row.verdict}`, VERDICT_LABELS[row.verdict] || row.verdict));
  if (row.duplicate) {
    const dup = el('span', 'dup', 'DUP');
    dup.title = 'the same event arrived before (a retry?)';
    verdict.append(dup);
  }
  li.append(
    cmd,
    summary,
    verdict,
    el('span', 'status', String(row.status || '—')),
    el('span', 'took', took(row.durationMs)),
  );
  li.addEventListener('click', () => {
    select(visibleRows().indexOf(li));
    openDetail(row);
  });
  return li;
}

function visibleRows() {
  return [...$('rows').querySelectorAll(':scope > li.row')];
}

function gapElement(gap) {
  const li = el('li', 'gap');
  gap.element = li;
  fillGap(gap);
  return li;
}

function fillGap(gap, kept = true) {
  const li = gap.element;
  const count = gap.before - gap.after - 1;
  if (!kept) {
    li.replaceChildren(
      `⋯ ${count} more ${count === 1 ? 'request is' : 'requests are'} no longer kept here (they are in the --record file, if any)`,
    );
    return;
  }
  const button = el('button', '', 'Load them');
  button.type = 'button';
  button.addEventListener('click', () => loadGap(gap, button));
  li.replaceChildren(
    `⋯ ${count} more ${count === 1 ? 'request' : 'requests'} arrived too fast to show one by one `,
    button,
  );
}

function insertRowSorted(row) {
  const index = state.rows.findIndex((other) => other.seq > 0 && other.seq < row.seq);
  if (index === -1) state.rows.push(row);
  else state.rows.splice(index, 0, row);
}

async function loadGap(gap, button) {
  button.disabled = true;
  try {
    const page = await getJson(`/api/rows?limit=${PAGE}&before=${gap.before}&after=${gap.after}`);
    for (const row of page.rows) {
      const key = keyOf(row);
      if (state.keys.has(key)) continue;
      state.keys.add(key);
      insertRowSorted(row);
      noteCommand(row);
      if (matches(row)) $('rows').insertBefore(rowElement(row), gap.element);
    }
    const last = page.rows[page.rows.length - 1];
    if (last) gap.before = last.seq;
    if (gap.before - gap.after - 1 <= 0) {
      gap.element.remove();
      state.gaps = state.gaps.filter((g) => g !== gap);
    } else fillGap(gap, page.rows.length === PAGE);
  } catch (error) {
    button.textContent = `Could not load them: ${error.message}`;
  } finally {
    button.disabled = false;
  }
  updateEmpty();
}

function addGap(gap) {
  state.gaps.unshift(gap);
  const list = $('rows');
  list.insertBefore(gapElement(gap), list.firstChild);
  if (state.selected >= 0) state.selected++;
}

function renderList() {
  const list = $('rows');
  const items = [];
  const gaps = [...state.gaps].sort((a, b) => b.after - a.after);
  let next = 0;
  for (const row of state.rows) {
    while (next < gaps.length && row.seq > 0 && row.seq <= gaps[next].after)
      items.push(gapElement(gaps[next++]));
    if (matches(row)) items.push(rowElement(row));
  }
  while (next < gaps.length) items.push(gapElement(gaps[next++]));
  list.replaceChildren(...items);
  state.selected = -1;
  if (state.open) {
    const index = items.findIndex((item) => item.dataset.key === state.open);
    if (index !== -1) select(index, false);
  }
  updateEmpty();
}

function updateEmpty() {
  const empty = $('empty');
  const shown = visibleRows().length;
  empty.hidden = shown > 0;
  if (state.rows.length > 0 && shown === 0) empty.textContent = 'No request matches these filters.';
  else empty.textContent = 'Waiting for callbacks… send one with tim-callback send.';
}

function noteCommand(row) {
  if (!row.command || state.commands.has(row.command)) return;
  state.commands.add(row.command);
  const select = $('command');
  const option = el('option', '', row.alias ? `${row.alias}  (${row.command})` : row.command);
  option.value = row.command;
  const after = [...select.options]
    .slice(1)
    .find((o) => o.textContent.localeCompare(option.textContent) > 0);
  select.insertBefore(option, after || null);
}

function setCounts(counts) {
  let all = 0;
  for (const verdict of Object.keys(VERDICT_LABELS)) {
    const n = counts[verdict] || 0;
    all += n;
    $(`count-${verdict}`).textContent = String(n);
  }
  $('count-all').textContent = String(all);
}

function setCursorFromLast() {
  const last = state.rows[state.rows.length - 1];
  if (!last) return;
  state.cursor =
    last.seq > 0 ? { before: last.seq, at: last.at } : last.at !== null ? { at: last.at } : null;
  showOlder();
}

function showOlder() {
  $('older').hidden = state.cursor === null;
  $('older-note').textContent =
    state.cursor === null && state.rows.length > 0
      ? 'That is all that is kept (older requests are in the --record file, if any).'
      : '';
}

function addLive(row) {
  state.latest = Math.max(state.latest, row.seq);
  const key = keyOf(row);
  if (state.keys.has(key)) return;
  state.keys.add(key);
  state.rows.unshift(row);
  noteCommand(row);
  if (state.rows.length > MAX_ROWS) {
    const dropped = state.rows.pop();
    state.keys.delete(keyOf(dropped));
    const item = $('rows').querySelector(`[data-key="${keyOf(dropped)}"]`);
    if (item) item.remove();
    setCursorFromLast();
  }
  if (!matches(row)) return;
  const list = $('rows');
  list.insertBefore(rowElement(row), list.firstChild);
  if (state.selected >= 0) state.selected++;
  updateEmpty();
}

function appendOlder(rows) {
  const list = $('rows');
  for (const row of rows) {
    const key = keyOf(row);
    if (state.keys.has(key)) continue;
    state.keys.add(key);
    state.rows.push(row);
    noteCommand(row);
    if (matches(row)) list.append(rowElement(row));
  }
  updateEmpty();
}

async function loadFirst() {
  const page = await getJson(`/api/rows?limit=${PAGE}`);
  setCounts(page.counts);
  for (const row of page.rows) state.latest = Math.max(state.latest, row.seq);
  appendOlder(page.rows);
  state.cursor =
    page.rows.length === PAGE
      ? { before: page.rows[PAGE - 1].seq }
      : page.older !== null
        ? { at: page.older }
        : null;
  showOlder();
}

async function loadOlder() {
  const cursor = state.cursor;
  if (cursor === null) return;
  $('older').disabled = true;
  try {
    if (cursor.before !== undefined) {
      const at = cursor.at !== undefined && cursor.at !== null ? `&at=${cursor.at}` : '';
      const page = await getJson(`/api/rows?limit=${PAGE}&before=${cursor.before}${at}`);
      appendOlder(page.rows);
      const last = page.rows[page.rows.length - 1];
      state.cursor =
        page.rows.length === PAGE
          ? { before: last.seq, at: last.at }
          : page.older !== null
            ? { at: page.older }
            : null;
    } else {
      const page = await getJson(`/api/older?limit=${PAGE}&at=${cursor.at}`);
      appendOlder(page.rows);
      state.cursor = page.older !== null ? { at: page.older } : null;
    }
  } catch (error) {
    $('older-note').textContent = `Could not load older requests: ${error.message}`;
  } finally {
    $('older').disabled = false;
    showOlder();
  }
}

function connect() {
  const live = $('live');
  const events = new EventSource(`/api/events?after=${state.latest}`);
  state.events = events;
  events.addEventListener('open', () => {
    live.textContent = 'live';
    live.className = 'live on';
  });
  events.addEventListener('row', (event) => addLive(JSON.parse(event.data)));
  events.addEventListener('counts', (event) => setCounts(JSON.parse(event.data)));
  events.addEventListener('gap', (event) => addGap(JSON.parse(event.data)));
  events.addEventListener('error', () => {
    live.textContent = 'reconnecting…';
    live.className = 'live off';
    events.close();
    setTimeout(connect, 2000);
  });
}

// ---- selection and keys ----

function select(index, focus = true) {
  const items = visibleRows();
  if (items.length === 0) return;
  const next = Math.max(0, Math.min(index, items.length - 1));
  if (state.selected >= 0 && items[state.selected])
    items[state.selected].setAttribute('aria-selected', 'false');
  state.selected = next;
  const item = items[next];
  item.setAttribute('aria-selected', 'true');
  item.scrollIntoView({ block: 'nearest' });
  if (focus) item.focus({ preventScroll: true });
}

function rowOfItem(item) {
  return state.rows.find((row) => keyOf(row) === item.dataset.key);
}

function onKey(event) {
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLSelectElement;
  if (event.key === 'Escape') {
    if (typing) target.blur();
    else closeDetail();
    return;
  }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === '/') {
    event.preventDefault();
    $('search').focus();
  } else if (event.key === 'j') select(state.selected + 1);
  else if (event.key === 'k') select(state.selected - 1);
  else if (event.key === 'Enter' && state.selected >= 0) {
    const row = rowOfItem(visibleRows()[state.selected]);
    if (row) openDetail(row);
  }
}

function bindFilters() {
  $('search').addEventListener('input', (event) => {
    state.filter.text = event.target.value.trim().toLowerCase();
    renderList();
  });
  $('command').addEventListener('change', (event) => {
    state.filter.command = event.target.value;
    renderList();
  });
  const setVerdict = (verdict) => {
    state.filter.verdict = verdict;
    $('verdict').value = verdict;
    for (const chip of document.querySelectorAll('.count')) {
      chip.setAttribute('aria-pressed', String(chip.dataset.verdict === verdict));
    }
    renderList();
  };
  $('verdict').addEventListener('change', (event) => setVerdict(event.target.value));
  for (const chip of document.querySelectorAll('.count')) {
    chip.addEventListener('click', () => setVerdict(chip.dataset.verdict));
  }
  $('older').addEventListener('click', loadOlder);
  document.addEventListener('keydown', onKey);
}

// ---- the detail view ----

function section(title, ...content) {
  const wrap = el('section', 'part');
  wrap.append(el('h3', '', title), ...content);
  return wrap;
}

function table(object) {
  const t = el('table', 'kv');
  const body = el('tbody');
  for (const [name, value] of Object.entries(object)) {
    const tr = el('tr');
    tr.append(el('th', '', name), el('td', 'mono', value));
    body.append(tr);
  }
  t.append(body);
  return t;
}

function checkList(checks, warnings) {
  const list = el('ul', 'checks');
  for (const check of checks) {
    const li = el('li', check.ok ? 'ok' : 'bad');
    li.dataset.check = check.name;
    li.append(el('span', 'name', check.name), check.message);
    list.append(li);
  }
  for (const warning of warnings || []) list.append(el('li', 'warn', warning));
  return list;
}

function prettyOrText(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function bodyPart(line) {
  if (line.bodyTruncated)
    return el('p', 'notice', `${line.bodyBytes} bytes, over --max-body: not kept.`);
  if (line.bodyEncoding === 'base64')
    return el(
      'p',
      'notice',
      `${line.bodyBytes} bytes, not UTF-8 (kept in base64 in the record line).`,
    );
  if (line.body === '') return el('p', 'notice', 'empty body');
  let value;
  try {
    value = JSON.parse(line.body);
  } catch {
    return el('pre', 'text', line.body);
  }
  const view = jsonView(value);
  view.id = 'body-view';
  return view;
}

function forwardPart(forward) {
  const parts = [];
  const head = forward.error
    ? `${forward.url}: ${forward.error}`
    : `${forward.url} answered ${forward.status} in ${took(forward.latencyMs)}`;
  parts.push(el('p', 'notice mono', head));
  if (forward.checks) parts.push(checkList(forward.checks, forward.warnings));
  return section('Backend (--forward-to)', ...parts);
}

/** Copies what the inspector serves at `url`; the fetch runs inside the click's permission. */
async function copy(url, button) {
  const text = fetch(url).then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  });
  try {
    const blob = text.then((t) => new Blob([t], { type: 'text/plain' }));
    await navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
  } catch {
    try {
      await navigator.clipboard.writeText(await text);
    } catch (error) {
      button.textContent = `Could not copy: ${error.message}`;
      return;
    }
  }
  const before = button.textContent;
  button.textContent = 'Copied';
  setTimeout(() => {
    button.textContent = before;
  }, 1200);
}

function resendResult(result) {
  const box = el('div', 'notice');
  box.id = 'resend-result';
  if (result.error) {
    box.append(el('div', 'mono', `${result.url}: ${result.error}`));
    return box;
  }
  box.append(
    el('div', 'mono', `→ ${result.url}`),
    el('div', '', `answered ${result.status} in ${took(result.latencyMs)}`),
  );
  if (result.body) box.append(el('pre', 'text', prettyOrText(result.body)));
  if (result.check) box.append(checkList(result.check.checks, result.check.warnings));
  return box;
}

async function resend(detail, to, slot) {
  slot.replaceChildren(el('div', 'notice', 'Sending…'));
  const row = detail.row;
  try {
    const result = await getJson('/api/resend', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seq: row.seq, at: row.at, id: row.id, to }),
    });
    slot.replaceChildren(resendResult(result));
  } catch (error) {
    slot.replaceChildren(el('div', 'notice', `Resend failed: ${error.message}`));
  }
}

function actions(detail) {
  const bar = el('div', 'actions');
  const slot = el('div');
  const row = detail.row;
  const body = !detail.line.bodyTruncated;
  const button = (id, text, onClick, className = '') => {
    const b = el('button', className, text);
    b.type = 'button';
    b.id = id;
    b.addEventListener('click', () => onClick(b));
    bar.append(b);
    return b;
  };
  if (body) {
    button('resend', 'Resend', () => resend(detail, 'listener', slot), 'primary');
    if (detail.forwardTo)
      button('resend-forward', 'Resend to the backend', () => resend(detail, 'forward', slot));
  }
  button('copy-curl', 'Copy as curl', (b) => copy(`/api/copy?kind=curl&${refQuery(row)}`, b));
  if (detail.sendable) {
    button('copy-send', 'Copy as tim-callback send', (b) =>
      copy(`/api/copy?kind=send&${refQuery(row)}`, b),
    );
  }
  const download = el('a');
  download.href = `/api/line?${refQuery(row)}`;
  download.download = `callback-${row.id}.jsonl`;
  download.id = 'download';
  const dl = el('button', '', 'Download record line');
  dl.type = 'button';
  dl.tabIndex = -1;
  download.append(dl);
  bar.append(download);
  return [bar, slot];
}

function renderDetail(detail) {
  const { row, line } = detail;
  const pane = $('detail');
  const back = el('button', 'back', '← Back to the list');
  back.type = 'button';
  back.addEventListener('click', closeDetail);
  const title = el('h2', '', row.command || `${line.method} ${line.path}`);
  const meta = el('div', 'meta');
  meta.append(
    el('span', `badge ${row.verdict}`, VERDICT_LABELS[row.verdict] || row.verdict),
    el('span', '', `${line.method} ${line.path}`),
    el('span', '', `answered ${line.response.status || 'nothing (connection cut)'}`),
    el('span', '', took(line.durationMs)),
    el('span', '', new Date(line.receivedAt).toLocaleString()),
    el('span', '', `from ${line.remoteAddress}`),
  );
  if (row.duplicate) meta.append(el('span', 'dup', 'DUPLICATE'));
  const parts = [back, title, meta, ...actions(detail)];
  if (row.summary) parts.push(el('p', '', row.summary));
  const checks = checkList(detail.checks, detail.warnings);
  checks.id = 'detail-checks';
  parts.push(section('Checks', checks));
  const answer = el('pre', 'text', prettyOrText(line.response.body));
  answer.id = 'answer';
  parts.push(section(`Answer sent (HTTP ${line.response.status})`, answer));
  if (line.forward) parts.push(forwardPart(line.forward));
  parts.push(section('Query', table(line.query)), section('Headers', table(line.headers)));
  parts.push(section(`Body (${line.bodyBytes ?? line.body.length} bytes)`, bodyPart(line)));
  pane.replaceChildren(...parts);
  pane.hidden = false;
  pane.scrollTop = 0;
}

async function openDetail(row) {
  const key = keyOf(row);
  state.open = key;
  const pane = $('detail');
  pane.hidden = false;
  pane.replaceChildren(el('p', 'notice', 'Loading…'));
  try {
    const started = performance.now();
    const detail = await getJson(`/api/entry?${refQuery(row)}`);
    if (state.open !== key) return;
    const fetched = performance.now();
    renderDetail(detail);
    // How long the fetch and the rendering took, for anyone timing a large body.
    pane.dataset.fetchMs = (fetched - started).toFixed(1);
    pane.dataset.renderMs = (performance.now() - fetched).toFixed(1);
  } catch (error) {
    if (state.open === key)
      pane.replaceChildren(el('p', 'notice', `Could not open it: ${error.message}`));
  }
}

function closeDetail() {
  state.open = null;
  $('detail').hidden = true;
  const items = visibleRows();
  if (state.selected >= 0 && items[state.selected])
    items[state.selected].focus({ preventScroll: true });
}

bindFilters();
loadFirst()
  .catch((error) => {
    $('empty').textContent = `Could not load the list: ${error.message}`;
  })
  .finally(connect);
