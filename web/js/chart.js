// Services per state: one stacked bar (inline SVG) and a legend with the counts.
import { clear, h, s } from './dom.js';
import { plural, STATES, stateInfo } from './format.js';

export const CHART_KEYS = [...STATES, 'unknown'];

/** Counts per chart key for a list of services. */
export function countStates(services) {
  const counts = Object.fromEntries(CHART_KEYS.map((k) => [k, 0]));
  for (const svc of services) counts[stateInfo(svc?.body?.state).key] += 1;
  return counts;
}

export function renderChart(container, counts) {
  clear(container);
  if (!counts) return;
  const total = CHART_KEYS.reduce((n, k) => n + counts[k], 0);
  const W = 600;
  const H = 14;
  const label =
    total === 0
      ? 'No services'
      : CHART_KEYS.filter((k) => counts[k])
          .map((k) => `${stateInfo(k === 'unknown' ? null : k).label}: ${counts[k]}`)
          .join(', ');
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    preserveAspectRatio: 'none',
    class: 'state-bar',
    role: 'img',
    'aria-label': `Services per state. ${label}`,
  });
  svg.append(s('rect', { x: 0, y: 0, width: W, height: H, rx: 4, class: 'bar-bg' }));
  let x = 0;
  if (total > 0) {
    for (const k of CHART_KEYS) {
      if (!counts[k]) continue;
      const w = (counts[k] / total) * W;
      const info = stateInfo(k === 'unknown' ? null : k);
      svg.append(
        s(
          'rect',
          {
            x: x.toFixed(2),
            y: 0,
            width: Math.max(w, 1).toFixed(2),
            height: H,
            class: `seg seg-${k}`,
          },
          s('title', { text: `${info.label}: ${plural(counts[k], 'service')}` }),
        ),
      );
      x += w;
    }
  }
  const legend = h('ul', { class: 'legend', 'aria-label': 'Services per state' });
  for (const k of CHART_KEYS) {
    const info = stateInfo(k === 'unknown' ? null : k);
    legend.append(
      h(
        'li',
        { class: counts[k] ? '' : 'zero' },
        h('span', { class: `swatch seg-${k}`, 'aria-hidden': 'true' }),
        k === 'unknown'
          ? h('span', { class: 'legend-label', text: info.label })
          : h('button', {
              type: 'button',
              class: 'legend-label legend-filter',
              'data-state': k,
              title: `Show only ${info.label.toLowerCase()} services (client-side)`,
              text: info.label,
            }),
        h('span', { class: 'legend-count', text: counts[k].toLocaleString('en') }),
      ),
    );
  }
  container.append(svg, legend);
}
