// What is said and subtitled: an uploaded recording (the view's audio picker) or typed scripts read by a voice,
// and the subtitle options (files, burn-in, and for a recording its words as an SRT, WebVTT or text upload).
import { get } from './api.js';
import { t, label, setLabel } from './i18n.js';
import { el } from './format.js';
import { FilePicker } from './picker.js';

let voices = null;

// The voices come once per page; the picker lists "auto", the Mandarin and English voices first, then the rest.
async function loadVoices() {
  voices ??= get('/api/voices').catch(error => { voices = null; throw error; });
  return voices;
}

// The subtitle fieldset's contents, the same in both tabs: the formats, and for a recording its words as an upload.
function subtitleOptions(prefix) {
  const box = (attrs, key) => el('label', {}, el('input', { type: 'checkbox', ...attrs }), ' ', label(key));
  return [
    setLabel(el('legend'), 'subtitles.title'),
    box({ value: 'srt' }, 'subtitles.srt'),
    box({ value: 'vtt' }, 'subtitles.vtt'),
    box({ value: 'burn' }, 'subtitles.burn'),
    el('div', { class: 'picker subtitle-script', id: `${prefix}-script-picker`, dataset: { kind: 'script' } },
      setLabel(el('p', { class: 'hint' }), 'subtitles.scriptHint'),
      el('label', { class: 'drop small' }, el('input', { type: 'file', id: `${prefix}-script-file` })),
      el('ul', { class: 'files' }),
      box({ id: `${prefix}-retime` }, 'subtitles.retime')),
  ];
}

// The speech picker's own parts, the same in both tabs: a recording or typed scripts, and the scripts with their voice.
function addSpeechParts(prefix, root, multiple) {
  const mode = (value, key, attrs) => el('label', {}, el('input', { type: 'radio', name: `${prefix}-mode`, value, ...attrs }), ' ', label(key));
  root.querySelector('.drop').before(el('div', { class: 'speech-mode', role: 'radiogroup' },
    mode('audio', 'speech.modeAudio', { checked: true }), mode('text', 'speech.modeText', { id: `${prefix}-mode-text` })));
  root.append(el('div', { class: 'script-input', id: `${prefix}-script-input`, hidden: true },
    el('div', { class: 'texts', id: `${prefix}-texts` }),
    multiple ? el('button', { type: 'button', class: 'link', id: `${prefix}-add-text` }, label('speech.addScript')) : null,
    el('label', { class: 'voice' }, label('speech.voice'), ' ', el('select', { id: `${prefix}-voice` }))));
}

export class SpeechInput {
  constructor(prefix, audioPicker, { multiple, onChange }) {
    this.prefix = prefix;
    this.audio = audioPicker;
    this.multiple = multiple;
    this.onChange = onChange;
    this.root = document.getElementById(`${prefix}-audio-picker`);
    addSpeechParts(prefix, this.root, multiple);
    this.texts = document.getElementById(`${prefix}-texts`);
    this.voice = document.getElementById(`${prefix}-voice`);
    this.subtitles = document.getElementById(`${prefix}-subtitles`);
    this.subtitles.replaceChildren(...subtitleOptions(prefix));
    this.retime = document.getElementById(`${prefix}-retime`);
    this.script = new FilePicker(document.getElementById(`${prefix}-script-picker`), () => onChange());
    for (const radio of this.root.querySelectorAll('.speech-mode input')) radio.addEventListener('change', () => this.render());
    for (const box of this.formatBoxes) box.addEventListener('change', () => onChange());
    document.getElementById(`${prefix}-add-text`)?.addEventListener('click', () => this.addText().focus());
    this.voice.addEventListener('change', () => onChange());
    this.addText();
    this.render();
  }

  get mode() { return this.root.querySelector('.speech-mode input:checked').value; }

  // Non-empty scripts, in order.
  get scripts() { return [...this.texts.querySelectorAll('textarea')].map(a => a.value.trim()).filter(Boolean); }

  get busy() { return this.script.busy; }

  get formatBoxes() { return [...this.subtitles.querySelectorAll(':scope > label > input[type=checkbox]')]; }

  get formats() { return this.formatBoxes.filter(box => box.checked).map(box => box.value); }

  // A recording's subtitles need its words; a script is its own. The label key of what is missing, or ''.
  get problem() {
    return this.mode === 'audio' && this.formats.length && !this.script.ready.length ? 'subtitles.needScript' : '';
  }

  addText() {
    const area = el('textarea', { rows: this.multiple ? 4 : 6, placeholder: t('speech.placeholder'), dataset: { i18nPlaceholder: 'speech.placeholder' }, oninput: () => this.onChange() });
    const remove = el('button', { type: 'button', class: 'link remove-text', onclick: () => { item.remove(); this.render(); } }, label('speech.removeScript'));
    const item = el('div', { class: 'text-item' }, area, this.multiple ? remove : null);
    this.texts.append(item);
    this.render();
    return area;
  }

  clear() {
    for (const item of [...this.texts.children].slice(1)) item.remove();
    this.texts.querySelector('textarea').value = '';
    this.script.clear();
    for (const box of this.formatBoxes) box.checked = false;
    this.retime.checked = false;
    this.render();
  }

  async render() {
    const text = this.mode === 'text';
    for (const part of this.root.querySelectorAll(':scope > .drop, :scope > .files')) part.hidden = text;
    document.getElementById(`${this.prefix}-script-input`).hidden = !text;
    this.subtitles.querySelector('.subtitle-script').hidden = text;
    for (const button of this.texts.querySelectorAll('.remove-text')) button.hidden = this.texts.children.length < 2;
    if (text && !this.voice.options.length) await this.fillVoices();
    this.onChange();
  }

  async fillVoices() {
    try {
      const all = await loadVoices();
      const first = ['cmn', 'en-us', 'en', 'service'];
      const sorted = [...all].sort((a, b) => (first.indexOf(a.name) + 1 || 99) - (first.indexOf(b.name) + 1 || 99) || a.name.localeCompare(b.name));
      this.voice.replaceChildren(setLabel(el('option', { value: 'auto' }), 'speech.voiceAuto'),
        ...sorted.map(v => el('option', { value: v.name }, `${v.name} — ${v.description}`)));
    } catch (error) {
      this.voice.replaceChildren(setLabel(el('option', { value: 'auto' }), 'speech.voicesUnavailable', { error: error.message }));
    }
  }

  // The request fields for POST /api/jobs (single) or /api/batches.
  fields() {
    const body = { subtitles: this.formats };
    if (this.mode === 'text') {
      body.voice = this.voice.value || 'auto';
      if (this.multiple) body.texts = this.scripts; else body.text = this.scripts[0];
    } else {
      if (this.multiple) body.audios = this.audio.ready.map(e => e.upload.id); else body.audio = this.audio.ready[0]?.upload.id;
      if (this.script.ready.length) {
        body.script = this.script.ready[0].upload.id;
        body.retimeScript = this.retime.checked;
      }
    }
    return body;
  }

  // How many speeches are ready: uploaded recordings, or typed scripts.
  get count() { return this.mode === 'text' ? this.scripts.length : this.audio.ready.length; }
}
