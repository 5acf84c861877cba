// DOM helpers. Data from the API only ever becomes text nodes (textContent), never markup,
// so a NIK, reason or error message can not inject anything into the page.

/** An element with attributes and children; string and number children become text. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces the children of the element with the given id. */
export function fill(id, ...children) {
  document.getElementById(id).replaceChildren(...children.filter((c) => c !== undefined && c !== null));
}

export function setText(id, text) {
  document.getElementById(id).textContent = text;
}

/** A message line; {@code error} marks it red. */
export function message(id, text, error = false) {
  const node = document.getElementById(id);
  node.textContent = text;
  node.classList.toggle('error', error);
}

/** Fills a <dl> with [label, value] pairs; absent values show as a dash. */
export function facts(id, pairs) {
  fill(id, ...pairs.flatMap(([label, value]) => [el('dt', {}, label), el('dd', {}, show(value))]));
}

/** Fills a <table>: a header row and one row per item, cells made by {@code cells}. */
export function table(id, headers, items, cells) {
  if (!items || items.length === 0) {
    fill(id);
    return;
  }
  fill(id, el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...items.map((item) => el('tr', {}, ...cells(item).map((c) => el('td', {}, show(c)))))));
}

/** A value for display: numbers rounded, missing values as a dash. */
export function show(value) {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(2);
  return value;
}

export function seconds(value) {
  return typeof value === 'number' ? `${value.toFixed(value < 10 ? 2 : 0)} s` : value;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString('en-GB') : iso;
}
