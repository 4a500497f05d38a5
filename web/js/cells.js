// Small renderers shared by the table and the detail panel.
import { h, httpUrl } from './dom.js';
import { exactTime, parseTimestamp, relativeTime, stateInfo } from './format.js';

/** A <time> with the relative time, the exact one on hover; repainted by autorefresh.js. */
export function timeCell(ts) {
  const d = parseTimestamp(ts);
  return h(
    'time',
    {
      datetime: d ? d.toISOString() : '',
      title: d ? exactTime(d) : String(ts ?? ''),
      'data-ts': ts ?? '',
    },
    d ? relativeTime(d) : '—',
  );
}

export function stateBadge(state, { small = false } = {}) {
  const info = stateInfo(state);
  return h(
    'span',
    {
      class: `badge state-${info.cls}${small ? ' badge-small' : ''}`,
      title: state == null ? 'No state reported' : `state: ${state}`,
    },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    info.label,
  );
}

export function labelChips(labels, max = 2) {
  const entries = Object.entries(labels || {});
  if (!entries.length) return h('span', { class: 'muted', text: '—' });
  const wrap = h('span', { class: 'labels' });
  for (const [k, v] of entries.slice(0, max)) {
    wrap.append(
      h(
        'span',
        { class: 'label', title: `${k}=${v}` },
        h('span', { class: 'label-k', text: k }),
        h('span', { class: 'label-v', text: v }),
      ),
    );
  }
  if (entries.length > max) {
    wrap.append(
      h('span', {
        class: 'label label-more',
        title: entries
          .slice(max)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n'),
        text: `+${entries.length - max}`,
      }),
    );
  }
  return wrap;
}

/** `127.0.0.1:8018/v1/predict` for http(s) URLs (the full URL is the link's title). */
export function shortUrl(value) {
  const u = httpUrl(value);
  return u ? `${u.host}${u.pathname === '/' ? '' : u.pathname}${u.search}` : value;
}

/** The admin state as text, or a muted dash when there is none. */
export function adminState(value) {
  return value == null
    ? h('span', { class: 'muted', text: '—' })
    : h('span', { class: 'admin', text: value });
}
