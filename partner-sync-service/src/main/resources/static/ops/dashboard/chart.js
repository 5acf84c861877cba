// A small line chart in inline SVG: enough for a few minutes of samples, and no charting
// library to vendor, license or keep patched.
const SVG = 'http://www.w3.org/2000/svg';
const W = 300;
const H = 120;
const PAD = { left: 34, right: 6, top: 8, bottom: 16 };

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function label(value) {
  if (value >= 10000) return `${Math.round(value / 1000)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 2 : 1);
}

/** Draws {t: epoch millis, v: number} points into the element with the given id. */
export function lineChart(id, points) {
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img' });
  // Every figure drawn here is a count or a duration: nothing below zero is real.
  const data = points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v))
    .map((p) => ({ t: p.t, v: Math.max(0, p.v) }));
  if (data.length === 0) {
    root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'empty' }, 'no samples yet'));
    document.getElementById(id).replaceChildren(root);
    return;
  }
  const t0 = data[0].t;
  const t1 = Math.max(data[data.length - 1].t, t0 + 1);
  // A flat line at zero still needs a scale; 1 keeps it on the bottom axis.
  const max = Math.max(...data.map((p) => p.v), 1) * 1.1;
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const line = data.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  const bottom = H - PAD.bottom;
  root.append(
    svg('line', { x1: PAD.left, y1: bottom, x2: W - PAD.right, y2: bottom, class: 'axis' }),
    svg('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: bottom, class: 'axis' }),
    svg('text', { x: PAD.left - 3, y: PAD.top + 8, 'text-anchor': 'end' }, label(max)),
    svg('text', { x: PAD.left - 3, y: bottom, 'text-anchor': 'end' }, '0'),
    svg('text', { x: PAD.left, y: H - 3 }, new Date(t0).toLocaleTimeString('en-GB')),
    svg('text', { x: W - PAD.right, y: H - 3, 'text-anchor': 'end' }, new Date(t1).toLocaleTimeString('en-GB')),
    svg('polygon', { points: `${x(data[0].t)},${bottom} ${line} ${x(data[data.length - 1].t)},${bottom}`, class: 'area' }),
    svg('polyline', { points: line, class: 'line' }),
    svg('text', { x: W - PAD.right, y: PAD.top + 8, 'text-anchor': 'end' }, `now ${label(data[data.length - 1].v)}`),
  );
  document.getElementById(id).replaceChildren(root);
}
