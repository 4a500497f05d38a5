// What the filter bar offers: the fields and operators of the package's filterSchema() (the
// tables every rule of the package comes from), with this page's words for them. Validation
// itself is the package's validateFilter(); this file only decides what to offer and how to
// show it. initFilters(filterSchema()) fills it once the package is loaded.

/** The fields the bar offers, in menu order: { name, kind, operators, label, short? }. */
export const FIELDS = [];
export const FIELD_BY_NAME = {};
/** Every operator name, in the tables' order. */
export const ALL_OPS = [];
/** Operators that take no value (`isnull:`), and those whose value is a list (`oneof:[…]`). */
export const NO_VALUE_OPS = new Set();
export const LIST_OPS = new Set();
/** The fields the table may be sorted by on the schema's release. */
export const SORTABLE = new Set();
/**
 * The release the schema is of (`serverVersion`), the range whose rules are known, and where the
 * release stands against it: 'older' than the oldest supported, 'newer' than the newest known
 * (whose rules it gets), or '' (tested). The package's schema says so; nothing is compared here.
 */
export const RELEASE = { version: '', oldest: '', newest: '', standing: '' };
/** Per field: the first release that sorts by it (for saying why a sort is not offered). */
const SORT_SINCE = {};
const RANGE_OPS = new Set(); // two datetimes: `in:<from>,<to>`
const ORDERED_OPS = new Set(); // gt, gte, …: a number (a datetime on datetime fields)

// This page's words. A field or operator the tables add later is offered under its own name.
const FIELD_TEXT = {
  name: ['Name'],
  type: ['Type'],
  flavor: ['Flavor'],
  user: ['Owner (name, full name or id)', 'Owner'],
  pipeline_name: ['Pipeline'],
  pipeline_step_name: ['Pipeline step'],
  created: ['Created (UTC)', 'Created'],
  updated: ['Updated (UTC)', 'Updated'],
  id: ['ID'],
  pipeline_run_id: ['Pipeline run ID'],
  model_version_id: ['Model version ID'],
};
const OP_TEXT = {
  equals: 'is',
  notequals: 'is not',
  contains: 'contains',
  notcontains: 'does not contain',
  startswith: 'starts with',
  endswith: 'ends with',
  oneof: 'is one of',
  notoneof: 'is none of',
  gt: '> (numeric)',
  gte: '≥ (numeric)',
  lt: '< (numeric)',
  lte: '≤ (numeric)',
  in: 'between',
  isnull: 'is empty',
  isnotnull: 'is set',
};
const OP_TEXT_DATETIME = {
  gt: 'after',
  gte: 'on or after',
  lt: 'before',
  lte: 'on or before',
  equals: 'at',
  notequals: 'not at',
};
// Menu order by kind: what people filter by most first. Kinds the server ignores are not offered.
const KIND_ORDER = ['text', 'exact', 'user', 'datetime', 'uuid'];

/**
 * Fills the tables above from the package's filterSchema() (for the connected release, or the
 * newest known): only what that release supports is offered. Called again, it replaces what it
 * filled.
 */
export function initFilters(schema) {
  FIELDS.length = 0;
  ALL_OPS.length = 0;
  for (const k of Object.keys(FIELD_BY_NAME)) delete FIELD_BY_NAME[k];
  for (const k of Object.keys(SORT_SINCE)) delete SORT_SINCE[k];
  for (const set of [NO_VALUE_OPS, LIST_OPS, RANGE_OPS, ORDERED_OPS, SORTABLE]) set.clear();
  RELEASE.version = schema.serverVersion;
  RELEASE.oldest = schema.oldestSupported;
  RELEASE.newest = schema.newestKnown;
  RELEASE.standing =
    schema.supported === false ? 'older' : schema.rulesOf !== schema.serverVersion ? 'newer' : '';
  for (const f of schema.fields) {
    if (f.sortable) SORTABLE.add(f.name);
    if (f.releases?.sortable) SORT_SINCE[f.name] = f.releases.sortable.since;
  }
  const bySyntax = { none: NO_VALUE_OPS, list: LIST_OPS, range: RANGE_OPS, ordered: ORDERED_OPS };
  for (const o of schema.operators) {
    ALL_OPS.push(o.name);
    bySyntax[o.value]?.add(o.name);
  }
  const offered = schema.fields.filter(
    (f) => KIND_ORDER.includes(f.kind) && f.operators.length > 0,
  );
  offered.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)); // stable: table order within a kind
  for (const f of offered) {
    const [label, short] = FIELD_TEXT[f.name] || [f.name];
    const field = {
      name: f.name,
      kind: f.kind,
      operators: f.operators,
      label,
      ...(short ? { short } : {}),
    };
    FIELDS.push(field);
    FIELD_BY_NAME[f.name] = field;
  }
}

/** Why the table cannot be sorted by `field` on the schema's release (one sentence). */
export function notSortableText(field) {
  const label = FIELD_TEXT[field]?.[1] || FIELD_TEXT[field]?.[0] || field;
  const since = SORT_SINCE[field];
  return since
    ? `ZenML ${RELEASE.version} cannot sort by ${label.toLowerCase()} (ZenML ${since} can)`
    : `ZenML ${RELEASE.version} cannot sort by ${label.toLowerCase()}`;
}

export function opLabel(kind, op) {
  return (kind === 'datetime' && OP_TEXT_DATETIME[op]) || OP_TEXT[op] || op;
}

/** The operators the field takes, in the tables' order. */
export function opsFor(field) {
  return FIELD_BY_NAME[field]?.operators || [];
}

/**
 * The builder's chip. With "is" (equals) the value box takes the server's own syntax: a typed
 * `startswith:svc-` is that operator, `equals:<text>` is the literal text, and a misspelt
 * operator (`startwith:svc-`) is refused by validateFilter() with the package's "did you mean"
 * (the chip keeps the text as written for that check). Other operators take the value as is.
 */
export function chipFromBuilder(field, op, value) {
  if (op !== 'equals') return { field, op, value };
  return { field, ...parseCondition(value), written: value };
}

/** Wire condition `op:value`: explicit, so a value such as `contains:x` is never misread. */
export function toCondition({ op, value, written }) {
  if (written !== undefined) return written;
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

/** The package's `filter` object → chips, for the fields this page offers (others are kept aside). */
export function filterToChips(filter) {
  const chips = [];
  const other = {};
  for (const [field, value] of Object.entries(filter || {})) {
    if (!FIELD_BY_NAME[field]) {
      other[field] = value;
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value])
      chips.push({ field, ...parseCondition(v) });
  }
  return { chips, other };
}

/** For oneof/notoneof: a JSON list as typed, or comma-separated words → JSON list. */
export function listValue(text) {
  const t = String(text ?? '').trim();
  if (t.startsWith('[')) return t;
  const items =
    t === ''
      ? []
      : t
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== '');
  return JSON.stringify(items);
}

/** The three display parts of a chip: { field: 'Name', op: 'starts with', value: '"svc-"' }. */
export function chipParts({ field, op, value }) {
  const f = FIELD_BY_NAME[field];
  const label = f ? f.short || f.label : field;
  const kind = f ? f.kind : 'text';
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
  if (RANGE_OPS.has(op)) {
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
  const f = FIELD_BY_NAME[field] || { kind: 'text' };
  if (NO_VALUE_OPS.has(op)) return { placeholder: '', help: 'No value needed.' };
  if (LIST_OPS.has(op))
    return {
      placeholder: 'a, b, c  or  ["a","b"]',
      help: 'Comma-separated values, or a JSON list of strings.',
    };
  if (f.kind === 'datetime') {
    return RANGE_OPS.has(op)
      ? {
          placeholder: '2026-01-01 00:00:00',
          help: 'Two datetimes, YYYY-MM-DD HH:MM:SS in UTC; both ends included.',
        }
      : {
          placeholder: '2026-01-31 13:00:00',
          help: 'YYYY-MM-DD HH:MM:SS in UTC (a date alone means midnight).',
        };
  }
  if (ORDERED_OPS.has(op))
    return { placeholder: '10', help: 'The server compares the field as a number.' };
  const whole = op === 'equals' || op === 'notequals';
  if (f.kind === 'uuid')
    return {
      placeholder: whole ? '3fa85f64-5717-4562-b3fc-2c963f66afa6' : 'b6dd85bc',
      help: whole ? 'A full UUID.' : 'Hex digits of the UUID (hyphens ignored).',
    };
  if (!whole)
    return {
      placeholder: '',
      help: 'Case-insensitive for ASCII letters; % and _ act as wildcards on the server.',
    };
  if (f.kind === 'user') return { placeholder: 'admin', help: 'A user name, full name or id.' };
  return { placeholder: '', help: 'Exact, case-sensitive match.' };
}
