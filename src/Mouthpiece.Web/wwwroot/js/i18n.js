// Strings come from /i18n/<lang>.json; the language follows the browser unless the user picked one.
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

export function t(key, vars = {}) {
  const text = strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

export function apply(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}
