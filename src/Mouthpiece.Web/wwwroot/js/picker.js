// A file picker: click or drop, each file uploads at once and shows its probe result, policy warning and a preview
// (the browser plays the file itself; a video it cannot play, .flv or .avi say, shows a still the server makes).
import { upload } from './api.js';
import { label, message } from './i18n.js';
import { el, probeSummary, bytes } from './format.js';

// "srt · 12 cues" or "text · 310 characters"
function scriptSummary(u) {
  const script = u.script;
  return script.cues ? label('file.scriptCues', { format: script.format, cues: script.cues }) : label('file.scriptText', { characters: script.characters });
}

// The names each kind of picker offers in the browser's file dialog; the server checks the content whatever the name says.
const accepted = {
  audio: '.wav,.mp3,.m4a,.aac,.flac,.ogg,.opus,.mp4,.mov,.mkv,.webm',
  video: '.mp4,.mov,.m4v,.mkv,.webm,.avi,.flv',
  script: '.srt,.vtt,.txt',
};

export class FilePicker {
  // `root` holds a `.drop` label around a file input and a `.files` list; data-kind and data-multiple say what it takes.
  constructor(root, onChange) {
    this.root = root;
    this.kind = root.dataset.kind;
    this.multiple = root.dataset.multiple === 'true';
    this.list = root.querySelector('.files');
    this.entries = [];
    this.onChange = onChange;
    const input = root.querySelector('input[type=file]');
    input.accept = accepted[this.kind];
    input.multiple = this.multiple;
    input.after(label(this.multiple ? 'picker.drop' : 'picker.dropOne'));
    input.addEventListener('change', () => { this.add([...input.files]); input.value = ''; });
    const drop = root.querySelector('.drop');
    drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', e => {
      e.preventDefault();
      drop.classList.remove('over');
      this.add([...e.dataTransfer.files]);
    });
  }

  get ready() { return this.entries.filter(e => e.state === 'ready'); }
  get busy() { return this.entries.some(e => e.state === 'uploading' || e.state === 'checking'); }

  clear() {
    for (const entry of this.entries) URL.revokeObjectURL(entry.preview);
    this.entries = [];
    this.render();
  }

  add(files) {
    if (!files.length) return;
    if (!this.multiple) this.clear();
    for (const file of this.multiple ? files : files.slice(0, 1)) {
      const entry = { file, state: 'uploading', progress: 0, preview: URL.createObjectURL(file) };
      this.entries.push(entry);
      this.start(entry);
    }
    this.render();
  }

  async start(entry) {
    try {
      entry.upload = await upload(entry.file, this.kind, fraction => {
        entry.progress = fraction;
        if (fraction >= 1) entry.state = 'checking';
        this.render();
      });
      entry.state = 'ready';
    } catch (error) {
      entry.state = 'error';
      entry.error = error.problem;
    }
    this.render();
  }

  remove(entry) {
    URL.revokeObjectURL(entry.preview);
    this.entries = this.entries.filter(e => e !== entry);
    this.render();
  }

  render() {
    this.list.replaceChildren(...this.entries.map(entry => this.row(entry)));
    this.onChange();
  }

  // Each file's row is built once and then updated, so its preview keeps playing while others upload.
  row(entry) {
    if (!entry.node) {
      entry.status = el('div', { class: 'file-status' });
      entry.warning = el('div', { class: 'warning', hidden: true });
      entry.node = el('li', { class: 'file' },
        el('div', { class: 'file-head' },
          el('strong', { class: 'file-name' }, entry.file.name),
          el('span', { class: 'size' }, bytes(entry.file.size)),
          el('button', { class: 'link', onclick: () => this.remove(entry) }, label('file.remove'))),
        entry.status, entry.warning, this.kind === 'script' ? null : this.preview(entry));
    }
    const u = entry.upload;
    entry.node.className = `file ${entry.state}`;
    entry.node.dataset.state = entry.state;
    entry.status.replaceChildren(...[].concat(entry.state === 'uploading'
      ? [el('progress', { max: 1, value: entry.progress }), ' ', label('file.uploading', { percent: Math.round(entry.progress * 100) })]
      : entry.state === 'checking' ? label('file.checking')
      : entry.state === 'error' ? message(entry.error, 'error')
      : this.kind === 'script' ? scriptSummary(u) : probeSummary(u)));
    // A video beyond the policy, and a speech recording without a voice, are told before anything starts.
    const warnings = [];
    if (u && u.breaksPolicy) warnings.push(label('file.normalize', { reasons: u.policyBreaches }));
    for (const warning of u?.warnings ?? []) warnings.push(message(warning), ' ', label('file.goOn'));
    entry.warning.hidden = warnings.length === 0;
    entry.warning.replaceChildren(...warnings);
    if (entry.state === 'error') entry.node.querySelector('.preview')?.remove();
    else this.showPoster(entry);
    return entry.node;
  }

  preview(entry) {
    const player = el(this.kind === 'video' ? 'video' : 'audio', { src: entry.preview, controls: true, preload: 'metadata', class: 'preview' });
    if (this.kind === 'video') {
      const unplayable = () => { entry.unplayable = true; this.showPoster(entry); };
      player.addEventListener('error', unplayable);
      // A container the browser opens but whose picture it cannot decode reports no size.
      player.addEventListener('loadedmetadata', () => { if (!player.videoWidth) unplayable(); });
    }
    return player;
  }

  // Once the upload is in and the browser has given up on playing it, the server's still takes the player's place.
  showPoster(entry) {
    if (!entry.unplayable || entry.state !== 'ready' || entry.node.querySelector('img.poster')) return;
    entry.node.querySelector('.preview')?.replaceWith(
      el('img', { class: 'preview poster', src: `/api/uploads/${entry.upload.id}/poster`, alt: entry.file.name }));
  }
}
