// A collapsible JSON tree that builds a node's children only when it is first opened, and
// splits long arrays and objects into groups of GROUP: a 10,000-member list opens at once.
// Every value is set as text, never as markup.

const GROUP = 100;
const OPEN_UP_TO = 25;
const SMALL = 6;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function scalar(value) {
  if (value === null) return el('span', 'null', 'null');
  if (typeof value === 'string') return el('span', 'str', JSON.stringify(value));
  if (typeof value === 'number') return el('span', 'num', String(value));
  return el('span', 'bool', String(value));
}

function label(key) {
  const span = document.createElement('span');
  if (key !== undefined) {
    span.append(
      el('span', 'key', typeof key === 'number' ? String(key) : JSON.stringify(key)),
      ': ',
    );
  }
  return span;
}

function describe(value) {
  if (Array.isArray(value)) return `[ ${value.length} ${value.length === 1 ? 'item' : 'items'} ]`;
  const n = Object.keys(value).length;
  return `{ ${n} ${n === 1 ? 'field' : 'fields'} }`;
}

/** A node whose children are made by `fill` the first time it opens. */
function lazy(summaryParts, fill, open) {
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.append(...summaryParts);
  details.append(summary);
  let filled = false;
  const ensure = () => {
    if (filled) return;
    filled = true;
    fill(details);
  };
  details.addEventListener('toggle', () => {
    if (details.open) ensure();
  });
  if (open) {
    ensure();
    details.open = true;
  }
  return details;
}

function entriesOf(value) {
  return Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
}

/** A small object of plain values (a member, a message element) is shown open. */
function isSmallFlat(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const values = Object.values(value);
  return values.length <= SMALL && values.every((v) => v === null || typeof v !== 'object');
}

function fillRange(parent, entries, from, to) {
  for (let i = from; i < to; i++) {
    const [key, value] = entries[i];
    parent.append(node(key, value, isSmallFlat(value)));
  }
}

function fillChildren(parent, value) {
  const entries = entriesOf(value);
  if (entries.length <= GROUP) {
    fillRange(parent, entries, 0, entries.length);
    return;
  }
  for (let from = 0; from < entries.length; from += GROUP) {
    const to = Math.min(from + GROUP, entries.length);
    const name = Array.isArray(value) ? `[${from} … ${to - 1}]` : `fields ${from + 1} … ${to}`;
    parent.append(
      lazy([el('span', 'size', name)], (group) => fillRange(group, entries, from, to), false),
    );
  }
}

function node(key, value, open) {
  if (value === null || typeof value !== 'object') {
    const leaf = el('div', 'leaf');
    leaf.append(label(key), scalar(value));
    return leaf;
  }
  const size = Array.isArray(value) ? value.length : Object.keys(value).length;
  return lazy(
    [label(key), el('span', 'size', describe(value))],
    (details) => fillChildren(details, value),
    open && size <= OPEN_UP_TO,
  );
}

/** The tree of a parsed JSON value: the top level open, small objects below it too. */
export function jsonView(value) {
  const root = el('div', 'json');
  if (value === null || typeof value !== 'object') {
    root.append(node(undefined, value, true));
    return root;
  }
  const top = lazy(
    [el('span', 'size', describe(value))],
    (details) => {
      for (const [key, child] of entriesOf(value).slice(0, GROUP)) {
        details.append(
          node(key, child, child !== null && typeof child === 'object' && !Array.isArray(child)),
        );
      }
      if (entriesOf(value).length > GROUP) fillRest(details, value);
    },
    true,
  );
  root.append(top);
  return root;
}

function fillRest(details, value) {
  const entries = entriesOf(value);
  for (let from = GROUP; from < entries.length; from += GROUP) {
    const to = Math.min(from + GROUP, entries.length);
    details.append(
      lazy(
        [el('span', 'size', `${from} … ${to - 1}`)],
        (group) => fillRange(group, entries, from, to),
        false,
      ),
    );
  }
}
