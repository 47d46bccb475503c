// Small charts of the last hour, drawn as SVG from the server's samples (GET /api/system/history): no library, nothing fetched.
const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 300, HEIGHT = 70;

function svg(tag, attrs = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

/**
 * A filled line over the last `spanMs` up to now. `points` are {t: epoch ms, v: number}; the scale goes
 * up to `max`, or to the highest value (at least 1) when `max` is null.
 */
export function lineChart(points, spanMs, max) {
  const now = Date.now();
  const top = max ?? Math.max(1, ...points.map(p => p.v));
  const x = t => Math.max(0, WIDTH * (1 - (now - t) / spanMs)).toFixed(1);
  const y = v => (HEIGHT - 1 - (HEIGHT - 4) * Math.min(v, top) / top).toFixed(1);
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', class: 'chart', 'data-points': points.length });
  for (const fraction of [0.5, 1]) chart.append(svg('line', { x1: 0, x2: WIDTH, y1: y(top * fraction), y2: y(top * fraction), class: 'grid' }));
  if (points.length) {
    const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t)},${y(p.v)}`).join(' ');
    chart.append(svg('path', { d: `${line} L${x(points.at(-1).t)},${HEIGHT} L${x(points[0].t)},${HEIGHT} Z`, class: 'area' }));
    chart.append(svg('path', { d: line, class: 'line' }));
    chart.append(svg('circle', { cx: x(points.at(-1).t), cy: y(points.at(-1).v), r: 2.5, class: 'dot' }));
  }
  return chart;
}
