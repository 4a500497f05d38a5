// DOM helpers. Data only ever becomes text: strings are appended as Text nodes or set with
// textContent, never parsed as HTML (the page's Trusted Types policy would refuse it anyway).

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Attributes that could execute or navigate; only set through safeLink() / literals here. */
const FORBIDDEN_ATTR = /^(on|srcdoc$|formaction$|action$|style$)/i;

function setProps(el, props) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'href' || k === 'src') throw new Error(`use safeLink() for ${k}`);
    else if (FORBIDDEN_ATTR.test(k)) throw new Error(`attribute ${k} is not allowed`);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function appendChildren(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** h('td', { class: 'x', text: value }, child, 'text', …) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  appendChildren(el, children);
  return el;
}

/** An SVG element (attributes only; text via the `text` prop). */
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setProps(el, props);
  appendChildren(el, children);
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function $(sel, root = document) {
  const el = root.querySelector(sel);
  if (!el) throw new Error(`missing element ${sel}`);
  return el;
}

/** The URL when it is an absolute http(s) URL, else null. */
export function httpUrl(value) {
  if (typeof value !== 'string' || value === '') return null;
  let u;
  try {
    u = new URL(value);
  } catch {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
}

/**
 * A link for an http(s) URL (new tab, no opener, no referrer); any other value (javascript:,
 * data:, relative, garbage) becomes inert text in <code>.
 */
export function safeLink(value, label) {
  const u = httpUrl(value);
  if (!u) {
    return h(
      'code',
      { class: 'inert-url', title: 'Not an http(s) URL: shown as text' },
      String(value ?? ''),
    );
  }
  const a = document.createElement('a');
  a.href = u.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.referrerPolicy = 'no-referrer';
  a.textContent = label ?? value;
  a.title = u.href;
  return a;
}

/** Sets or clears a message element (text only) and toggles `hidden`. */
export function setMessage(el, text) {
  el.textContent = text || '';
  el.hidden = !text;
}
