// Formatting: ZenML timestamps, states, CSV.

/** The six states ZenML knows, in lifecycle order. */
export const STATES = [
  'active',
  'pending_startup',
  'pending_shutdown',
  'scaled_to_zero',
  'inactive',
  'error',
];

const STATE_LABELS = {
  active: 'Active',
  inactive: 'Inactive',
  pending_startup: 'Starting',
  pending_shutdown: 'Stopping',
  error: 'Error',
  scaled_to_zero: 'Scaled to zero',
};

/** { label, cls } for a state; null → "Unknown", a state this page does not know → its raw text. */
export function stateInfo(state) {
  if (state === null || state === undefined || state === '') {
    return { key: 'unknown', label: 'Unknown', cls: 'unknown' };
  }
  if (Object.hasOwn(STATE_LABELS, state)) {
    return { key: state, label: STATE_LABELS[state], cls: state };
  }
  return { key: 'unknown', label: String(state), cls: 'other' };
}

/**
 * ZenML timestamps are naive ISO-8601 in UTC (`2026-11-27T03:07:49.806490`, no zone).
 * Returns a Date, or null when unreadable.
 */
export function parseTimestamp(ts) {
  if (typeof ts !== 'string') return null;
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      ts,
    );
  if (!m) return null;
  const ms = m[7] ? Number(`${m[7]}000`.slice(0, 3)) : 0;
  let t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
  if (m[8] && m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
  }
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 minutes ago", "yesterday", "just now". */
export function relativeTime(date, now = Date.now()) {
  if (!date) return '—';
  const diff = (date.getTime() - now) / 1000;
  const abs = Math.abs(diff);
  // a server clock slightly ahead of this one must not say "in 20 seconds"
  if (abs < 10 || (diff > 0 && diff < 120)) return 'just now';
  for (const [unit, secs] of UNITS) {
    if (abs >= secs || unit === 'second') return rtf.format(Math.round(diff / secs), unit);
  }
  return '—';
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** `2026-11-27 03:07:49 UTC` */
export function utcString(date) {
  if (!date) return '';
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`
  );
}

const localFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Tooltip text: exact UTC and local time. */
export function exactTime(date) {
  if (!date) return '';
  return `${utcString(date)}\n${localFmt.format(date)} (local)`;
}

/** A datetime for the server's filters: `YYYY-MM-DD HH:MM:SS`, UTC. */
export function filterDatetime(date) {
  return utcString(date).replace(/ UTC$/, '');
}

/**
 * Lenient input for datetime filters: `2026-01-31T13:00`, `2026-01-31 13:00:00.123Z`,
 * `2026-01-31` → `2026-01-31 13:00:00`; anything else is returned trimmed (the package's
 * validateFilter then explains what is wrong).
 */
export function normaliseDatetimeInput(text) {
  const t = String(text ?? '').trim();
  let m = /^(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (m) return `${m[1]} 00:00:00`;
  m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?Z?$/.exec(t);
  if (m) return `${m[1]} ${m[2]}${m[3] || ':00'}`;
  return t;
}

export function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export function prettyJson(value) {
  return JSON.stringify(value, null, 2);
}

// --- CSV -------------------------------------------------------------------------------------

/** One CSV field (RFC 4180), neutralising spreadsheet formulas (=, +, -, @, tab, CR). */
export function csvField(value) {
  let s =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  ['id', (x) => x.id],
  ['name', (x) => x.name],
  ['type', (x) => x.body?.service_type?.type],
  ['flavor', (x) => x.body?.service_type?.flavor],
  ['state', (x) => x.body?.state],
  ['admin_state', (x) => x.metadata?.admin_state],
  ['labels', (x) => x.body?.labels],
  ['user', (x) => x.resources?.user?.name],
  ['user_id', (x) => x.body?.user_id],
  ['project_id', (x) => x.body?.project_id],
  ['created', (x) => x.body?.created],
  ['updated', (x) => x.body?.updated],
  ['prediction_url', (x) => x.metadata?.prediction_url],
  ['health_check_url', (x) => x.metadata?.health_check_url],
  ['pipeline_run', (x) => x.resources?.pipeline_run?.name],
  ['pipeline_run_id', (x) => x.resources?.pipeline_run?.id],
  ['model_version', (x) => x.resources?.model_version?.name],
  ['model_version_id', (x) => x.resources?.model_version?.id],
  ['service_source', (x) => x.metadata?.service_source],
  ['config', (x) => x.metadata?.config],
];

export function csvHeader() {
  return `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;
}

export function csvRow(service) {
  return `${CSV_COLUMNS.map(([, get]) => csvField(get(service))).join(',')}\r\n`;
}
