// Every text on the page comes from the catalog of its language (/i18n/<lang>.json, the same file the server
// words its messages with). Elements remember what they show (a label key or a server message's code and
// params), so switching the language re-words everything on screen without a reload.
const supported = ['en', 'zh-CN'];
let strings = {};
let current = 'en';

export function initialLanguage() {
  const saved = localStorage.getItem('mouthpiece.lang');
  if (supported.includes(saved)) return saved;
  const browser = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
  return browser.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export async function setLanguage(lang) {
  const response = await fetch(`/i18n/${lang}.json`);
  strings = await response.json();
  current = lang;
  localStorage.setItem('mouthpiece.lang', lang);
  document.documentElement.lang = lang;
  apply(document);
}

export const language = () => current;

/** A catalog text with its {placeholders} filled: numbers in the page's language, {x:duration} as h:mm:ss, nested messages worded too. */
export function t(key, vars = {}) {
  const text = strings[key] ?? key;
  return text.replace(/\{(\w+)(?::(\w+))?\}/g, (whole, name, format) => (name in vars ? value(vars[name], format) : whole));
}

/** A server message ({code, params, message}): worded from the catalog; the server's own wording if the code is unknown here. */
export function msg(m) {
  if (!m) return '';
  return m.code in strings ? t(m.code, m.params || {}) : (m.message ?? m.code);
}

function value(v, format) {
  if (Array.isArray(v)) return v.map(item => value(item, format)).join('; ');
  if (v && typeof v === 'object' && 'code' in v) return msg(v);
  if (typeof v === 'number' && format === 'duration') return duration(v);
  if (typeof v === 'number') return new Intl.NumberFormat(current, { maximumFractionDigits: 2, useGrouping: false }).format(v);
  return String(v);
}

function duration(seconds) {
  const s = Math.round(seconds);
  const two = n => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}

/** Shows a catalog label in an element, and keeps the key so a language switch re-words it. */
export function setLabel(el, key, vars) {
  el.dataset.i18n = key;
  if (vars) el.dataset.i18nVars = JSON.stringify(vars);
  else delete el.dataset.i18nVars;
  delete el.dataset.msg;
  el.textContent = t(key, vars);
  return el;
}

/** Shows a server message in an element, and keeps its code and params so a language switch re-words it. */
export function setMessage(el, m) {
  delete el.dataset.i18n;
  if (m) el.dataset.msg = JSON.stringify(m);
  else delete el.dataset.msg;
  el.textContent = msg(m);
  return el;
}

export const label = (key, vars) => setLabel(document.createElement('span'), key, vars);

export const message = (m, className) => {
  const span = setMessage(document.createElement('span'), m);
  if (className) span.className = className;
  return span;
};

export function apply(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n, el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : {});
  for (const el of root.querySelectorAll('[data-msg]')) el.textContent = msg(JSON.parse(el.dataset.msg));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}
