// The filterable fields of GET /api/v1/services and the operators the server accepts on each
// (include/zenml/filter.hpp, docs/server-behaviour.md §3.5): the same three kinds as the package.
// Validation itself is the package's validateFilter(); this file only decides what to offer.

export const KINDS = {
  string: ['equals', 'notequals', 'contains', 'notcontains', 'startswith', 'endswith', 'oneof', 'notoneof',
           'gt', 'gte', 'lt', 'lte', 'isnull', 'isnotnull'],
  uuid: ['equals', 'notequals', 'startswith', 'endswith', 'contains', 'notcontains', 'oneof', 'notoneof',
         'gt', 'gte', 'lt', 'lte', 'isnull', 'isnotnull'],
  datetime: ['gte', 'lte', 'gt', 'lt', 'in', 'equals', 'notequals', 'isnull', 'isnotnull'],
};

export const FIELDS = [
  { name: 'name', label: 'Name', kind: 'string' },
  { name: 'type', label: 'Type', kind: 'string' },
  { name: 'flavor', label: 'Flavor', kind: 'string' },
  { name: 'user', label: 'Owner (name, full name or id)', short: 'Owner', kind: 'string' },
  { name: 'pipeline_name', label: 'Pipeline', kind: 'string' },
  { name: 'pipeline_step_name', label: 'Pipeline step', kind: 'string' },
  { name: 'created', label: 'Created (UTC)', short: 'Created', kind: 'datetime' },
  { name: 'updated', label: 'Updated (UTC)', short: 'Updated', kind: 'datetime' },
  { name: 'id', label: 'ID', kind: 'uuid' },
  { name: 'pipeline_run_id', label: 'Pipeline run ID', kind: 'uuid' },
  { name: 'model_version_id', label: 'Model version ID', kind: 'uuid' },
];

export const FIELD_BY_NAME = Object.fromEntries(FIELDS.map((f) => [f.name, f]));

const OP_TEXT = {
  equals: 'is', notequals: 'is not', contains: 'contains', notcontains: 'does not contain',
  startswith: 'starts with', endswith: 'ends with', oneof: 'is one of', notoneof: 'is none of',
  gt: '> (numeric)', gte: '≥ (numeric)', lt: '< (numeric)', lte: '≤ (numeric)',
  in: 'between', isnull: 'is empty', isnotnull: 'is set',
};
const OP_TEXT_DATETIME = { gt: 'after', gte: 'on or after', lt: 'before', lte: 'on or before', equals: 'at', notequals: 'not at' };

export const ALL_OPS = Object.keys(OP_TEXT);

export function opLabel(kind, op) {
  return (kind === 'datetime' && OP_TEXT_DATETIME[op]) || OP_TEXT[op] || op;
}

export function opsFor(field) {
  const f = FIELD_BY_NAME[field];
  return f ? KINDS[f.kind] : KINDS.string;
}

export const NO_VALUE_OPS = new Set(['isnull', 'isnotnull']);
export const LIST_OPS = new Set(['oneof', 'notoneof']);

/** Wire condition `op:value`. Always explicit, so a value such as `contains:x` is never misread. */
export function toCondition({ op, value }) {
  return `${op}:${NO_VALUE_OPS.has(op) ? '' : value}`;
}

/** `startswith:svc-` → { op, value }; a bare value (or an unknown prefix) is `equals`. */
export function parseCondition(text) {
  const s = String(text);
  const i = s.indexOf(':');
  if (i > 0) {
    const op = s.slice(0, i);
    if (ALL_OPS.includes(op)) return { op, value: s.slice(i + 1) };
  }
  return { op: 'equals', value: s };
}

/** [{field, op, value}] → the package's `filter` object (repeated fields become arrays). */
export function chipsToFilter(chips) {
  const filter = {};
  for (const c of chips) {
    const cond = toCondition(c);
    if (filter[c.field] === undefined) filter[c.field] = cond;
    else if (Array.isArray(filter[c.field])) filter[c.field].push(cond);
    else filter[c.field] = [filter[c.field], cond];
  }
  return filter;
}

/** The package's `filter` object → chips, for the fields this page knows (others are kept aside). */
export function filterToChips(filter) {
  const chips = [];
  const other = {};
  for (const [field, value] of Object.entries(filter || {})) {
    if (!FIELD_BY_NAME[field]) {
      other[field] = value;
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value]) chips.push({ field, ...parseCondition(v) });
  }
  return { chips, other };
}

/** For oneof/notoneof: a JSON list as typed, or comma-separated words → JSON list. */
export function listValue(text) {
  const t = String(text ?? '').trim();
  if (t.startsWith('[')) return t;
  const items = t === '' ? [] : t.split(',').map((x) => x.trim()).filter((x) => x !== '');
  return JSON.stringify(items);
}

/** The three display parts of a chip: { field: 'Name', op: 'starts with', value: '"svc-"' }. */
export function chipParts({ field, op, value }) {
  const f = FIELD_BY_NAME[field];
  const label = f ? (f.short || f.label) : field;
  const kind = f ? f.kind : 'string';
  const parts = { field: label, op: opLabel(kind, op), value: '' };
  if (NO_VALUE_OPS.has(op)) return parts;
  if (LIST_OPS.has(op)) {
    let items;
    try {
      items = JSON.parse(value);
    } catch {
      items = null;
    }
    if (Array.isArray(items)) {
      parts.value = items.map((x) => JSON.stringify(String(x))).join(', ') || '(nothing)';
      return parts;
    }
  }
  if (op === 'in') {
    const [a, b] = value.split(',');
    parts.value = `${a} and ${b ?? ''}`;
    return parts;
  }
  parts.value = JSON.stringify(value);
  return parts;
}

/** Human text for a chip: `Name starts with "svc-"`. */
export function chipText(chip) {
  const p = chipParts(chip);
  return [p.field, p.op, p.value].filter(Boolean).join(' ');
}

/** Placeholder and help for the value input. */
export function valueHelp(field, op) {
  const f = FIELD_BY_NAME[field] || { kind: 'string' };
  if (NO_VALUE_OPS.has(op)) return { placeholder: '', help: 'No value needed.' };
  if (LIST_OPS.has(op)) return { placeholder: 'a, b, c  or  ["a","b"]', help: 'Comma-separated values, or a JSON list of strings.' };
  if (f.kind === 'datetime') {
    return op === 'in'
      ? { placeholder: '2026-01-01 00:00:00', help: 'Two datetimes, YYYY-MM-DD HH:MM:SS in UTC; both ends included.' }
      : { placeholder: '2026-01-31 13:00:00', help: 'YYYY-MM-DD HH:MM:SS in UTC (a date alone means midnight).' };
  }
  if (['gt', 'gte', 'lt', 'lte'].includes(op)) return { placeholder: '10', help: 'The server compares the field as a number.' };
  if (f.kind === 'uuid') return { placeholder: op === 'equals' || op === 'notequals' ? '3fa85f64-5717-4562-b3fc-2c963f66afa6' : 'b6dd85bc', help: op === 'equals' || op === 'notequals' ? 'A full UUID.' : 'Hex digits of the UUID (hyphens ignored).' };
  if (op === 'contains' || op === 'startswith' || op === 'endswith' || op === 'notcontains') {
    return { placeholder: '', help: 'Case-insensitive for ASCII letters; % and _ act as wildcards on the server.' };
  }
  if (field === 'user') return { placeholder: 'admin', help: 'A user name, full name or id.' };
  return { placeholder: '', help: 'Exact, case-sensitive match.' };
}
