// The page: four tabs, state always loaded from the server (reload-safe), live updates over Server-Sent Events.
import { get, post, del, ApiError } from './api.js';
import { t, msg, setLanguage, initialLanguage, language, label, setLabel, setMessage } from './i18n.js';
import { el, clock, bytes, dateTime } from './format.js';
import { FilePicker } from './picker.js';
import { SpeechInput } from './speech.js';
import { jobRow, jobActions, stateLabel, showStage, errorLine, inputsText, isFinal, queueLine, syncReport } from './jobs.js';
import { loadEngines, addRenderChoices, renderChoices, checkLabels, deviceLabel } from './engines.js';
import { lineChart } from './charts.js';
import { AvatarsView } from './avatars.js';
import { AvatarChoice } from './avatar-choice.js';

const $ = id => document.getElementById(id);
const views = {};
let activeTab = 'batch';

// Runs `fn` once, `ms` after the last of a burst of calls: a batch of job events reloads a list once.
function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

// ---- tabs and the address bar: #batch, #batch/<id>, #single, #single/<jobId>, #history, #system ----
function route() {
  const [tab, id] = (location.hash.slice(1) || 'batch').split('/');
  activeTab = views[tab] ? tab : 'batch';
  for (const button of document.querySelectorAll('[role=tab]')) button.setAttribute('aria-selected', button.dataset.tab === activeTab);
  for (const view of document.querySelectorAll('.view')) view.hidden = view.dataset.view !== activeTab;
  views[activeTab].show(id);
}

// ---- batch ----
views.batch = new class {
  constructor() {
    this.audio = new FilePicker($('batch-audio-picker'), () => this.check());
    this.video = new FilePicker($('batch-video-picker'), () => this.check());
    this.speech = new SpeechInput('batch', this.audio, { multiple: true, onChange: () => this.check() });
    this.avatar = new AvatarChoice($('batch-avatar'), $('batch-video-picker'), { single: false, onChange: () => this.check() });
    $('batch-start').addEventListener('click', () => this.start());
    $('batch-new').addEventListener('click', () => { this.audio.clear(); this.video.clear(); this.speech.clear(); this.avatar.clear(); location.hash = 'batch'; });
    $('batch-cancel').addEventListener('click', async () => { await post(`/api/batches/${this.id}/cancel`); this.load(); });
  }

  check() {
    if (!this.speech) return;
    // A saved avatar counts as one more video.
    const speeches = this.speech.count, videos = this.video.ready.length + (this.avatar?.name ? 1 : 0);
    const typed = this.speech.mode === 'text';
    let key, vars, ok = false;
    if (this.audio.busy || this.video.busy || this.speech.busy) key = 'batch.waitUploads';
    else if (!speeches || !videos) key = typed ? 'batch.needScripts' : 'batch.needFiles';
    else if (speeches > 1 && videos > 1) key = typed ? 'batch.tooManyScripts' : 'batch.tooMany';
    else if (this.speech.problem) key = this.speech.problem;
    else {
      ok = true;
      key = typed ? (speeches > 1 ? 'batch.summaryManyScripts' : 'batch.summaryScriptManyVideos')
        : (speeches > 1 ? 'batch.summaryManyAudios' : 'batch.summaryManyVideos');
      vars = { n: Math.max(speeches, videos) };
    }
    $('batch-start').disabled = !ok;
    setLabel($('batch-summary'), key, vars);
  }

  async start() {
    $('batch-start').disabled = true;
    try {
      const batch = await post('/api/batches', {
        ...this.speech.fields(),
        videos: this.video.ready.map(e => e.upload.id),
        avatar: this.avatar.name ?? undefined,
        ...renderChoices('batch'),
      });
      location.hash = `batch/${batch.id}`;
    } catch (error) {
      this.check();
      setMessage($('batch-summary'), error.problem);
    }
  }

  show(id) {
    this.id = id;
    this.watch();
    $('batch-results').hidden = !id;
    for (const part of document.querySelectorAll('#view-batch .pickers, #view-batch > .actions, #view-batch > .hint, #view-batch > .subtitle-options')) part.hidden = !!id;
    if (id) this.load();
    else this.avatar.load().then(() => this.check());
  }

  async load() {
    if (!this.id) return;
    try {
      this.render(await get(`/api/batches/${this.id}`));
    } catch (error) {
      if (error.status === 404) location.hash = 'batch';
    }
  }

  // Places in line and expected starts move as other jobs run: the server's forecast is fetched again every two seconds.
  watch() {
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (activeTab !== 'batch' || !this.id) return clearInterval(this.timer);
      if (![...(this.jobs?.values() ?? [])].every(j => ['done', 'failed', 'canceled'].includes(j.state))) this.load();
    }, 2000);
  }

  render(batch) {
    this.jobs = new Map(batch.jobs.map(job => [job.id, job]));
    this.remainingSeconds = batch.remainingSeconds;
    $('batch-rows').replaceChildren(...batch.jobs.map(job => jobRow(job, () => this.load())));
    this.renderCounts();
  }

  renderCounts() {
    const jobs = [...this.jobs.values()];
    const done = jobs.filter(j => j.state === 'done').length;
    const failed = jobs.filter(j => j.state === 'failed').length;
    const canceled = jobs.filter(j => j.state === 'canceled').length;
    setLabel($('batch-counts'), canceled ? 'batch.countsCanceled' : 'batch.counts', { done, total: jobs.length, failed, canceled });
    $('batch-left').hidden = this.remainingSeconds == null;
    if (this.remainingSeconds != null) setLabel($('batch-left'), 'batch.timeLeft', { time: this.remainingSeconds });
    $('batch-zip').hidden = done === 0;
    $('batch-zip').href = `/api/batches/${this.id}/zip`;
    $('batch-cancel').hidden = jobs.every(isFinal);
  }

  update(change) {
    if (activeTab !== 'batch' || !this.id || change.batchId !== this.id || !this.jobs?.has(change.id)) return;
    const job = this.jobs.get(change.id);
    const finished = change.state !== job.state && isFinal(change);
    Object.assign(job, change);
    if (finished) return this.load();
    $('batch-rows').querySelector(`[data-job="${job.id}"]`)?.replaceWith(jobRow(job, () => this.load()));
    this.renderCounts();
  }
}();

// ---- single ----
views.single = new class {
  constructor() {
    this.audio = new FilePicker($('single-audio-picker'), () => this.check());
    this.video = new FilePicker($('single-video-picker'), () => this.check());
    this.speech = new SpeechInput('single', this.audio, { multiple: false, onChange: () => this.check() });
    this.avatar = new AvatarChoice($('single-avatar'), $('single-video-picker'), { single: true, onChange: () => this.check() });
    $('single-start').addEventListener('click', () => this.start());
    // Another version: keep the speech or the video (or neither) and choose the other again.
    $('single-keep-audio').addEventListener('click', () => this.another([this.video, this.avatar]));
    $('single-keep-video').addEventListener('click', () => this.another([this.audio, this.speech]));
    $('single-new').addEventListener('click', () => this.another([this.audio, this.speech, this.video, this.avatar]));
    $('single-cancel').addEventListener('click', () => this.act('cancel'));
    $('single-retry').addEventListener('click', () => this.act('retry'));
  }

  another(pickersToClear) {
    for (const picker of pickersToClear) picker.clear();
    location.hash = 'single';
    this.check();
  }

  async act(action) {
    try {
      this.render(await post(`/api/jobs/${this.id}/${action}`));
    } catch (error) {
      setMessage($('single-error'), error.problem);
    }
  }

  check() {
    if (!this.speech) return;
    const problem = this.speech.problem;
    $('single-start').disabled = !(this.speech.count === 1 && this.hasVideo() && !problem && !this.speech.busy);
    if (problem) setLabel($('single-summary'), problem);
    else setMessage($('single-summary'), null);
  }

  // The person: a saved avatar when one is chosen (the upload zone is hidden then), else the uploaded video.
  hasVideo() { return !!this.avatar?.name || this.video.ready.length === 1; }

  async start() {
    $('single-start').disabled = true;
    try {
      const job = await post('/api/jobs', {
        ...this.speech.fields(),
        ...(this.avatar.name ? { avatar: this.avatar.name } : { video: this.video.ready[0].upload.id }),
        ...renderChoices('single'),
      });
      location.hash = `single/${job.id}`;
    } catch (error) {
      setMessage($('single-summary'), error.problem);
      this.check();
    }
  }

  show(id) {
    this.id = id;
    $('single-result').hidden = !id;
    for (const part of document.querySelectorAll('#view-single .pickers, #view-single > .actions, #view-single > .hint, #view-single > .subtitle-options')) part.hidden = !!id;
    if (id) this.load();
    else this.avatar.load().then(() => this.check());
  }

  async load() {
    if (!this.id) return;
    try { this.render(await get(`/api/jobs/${this.id}`)); } catch (error) { if (error.status === 404) location.hash = 'single'; }
  }

  render(job) {
    this.job = job;
    showStage($('single-stage'), job);
    $('single-queue').replaceChildren(...[queueLine(job)].filter(Boolean));
    $('single-progress').value = job.state === 'done' ? 100 : job.progress;
    $('single-progress').hidden = ['failed', 'canceled'].includes(job.state);
    $('single-eta').textContent = clock(job.remainingSeconds);
    setMessage($('single-error'), job.error);
    const player = $('single-player');
    const done = job.state === 'done';
    if (done && player.getAttribute('src') !== job.outputUrl) {
      player.src = job.outputUrl;
      // The WebVTT file doubles as the player's own subtitle track.
      player.replaceChildren(...(job.vttUrl ? [el('track', { kind: 'subtitles', src: job.vttUrl, default: true, srclang: language() })] : []));
    }
    player.hidden = !done;
    $('single-sync').replaceChildren(...[syncReport(job)].filter(Boolean));
    $('single-download').hidden = !done;
    if (done) { $('single-download').href = job.outputUrl; $('single-download').download = job.outputName; }
    for (const format of ['srt', 'vtt']) {
      const link = $(`single-${format}`), url = job[`${format}Url`];
      link.hidden = !url;
      if (url) link.href = url;
    }
    $('single-progress').hidden = ['failed', 'canceled'].includes(job.state);
    $('single-cancel').hidden = isFinal(job);
    $('single-retry').hidden = !['failed', 'canceled'].includes(job.state);
    // A kept file is still in its picker only in this page (a reload keeps the result, not the choice).
    $('single-keep-audio').disabled = this.speech.count !== 1;
    $('single-keep-video').disabled = !this.hasVideo();
  }

  update(change) {
    if (activeTab !== 'single' || change.id !== this.id || !this.job) return;
    if (change.state !== this.job.state && isFinal(change)) return this.load();
    this.render({ ...this.job, ...change });
  }
}();

views.avatars = new AvatarsView();

// ---- history ----
views.history = new class {
  constructor() {
    this.page = 1;
    this.reload = debounce(() => activeTab === 'history' && this.load(this.page), 300);
    $('history-prev').addEventListener('click', () => this.load(this.page - 1));
    $('history-next').addEventListener('click', () => this.load(this.page + 1));
    $('history-all').addEventListener('change', e => {
      for (const box of document.querySelectorAll('#history-rows input[type=checkbox]')) box.checked = e.target.checked;
      this.selectionChanged();
    });
    $('history-delete').addEventListener('click', () => this.remove(this.selected()));
  }

  show() { this.load(this.page); }

  selected() { return [...document.querySelectorAll('#history-rows input:checked')].map(box => box.value); }

  selectionChanged() { $('history-delete').disabled = this.selected().length === 0; }

  async remove(ids) {
    if (!ids.length || !confirm(t('history.confirmDelete', { n: ids.length }))) return;
    await post('/api/jobs/delete', { ids });
    this.load(this.page);
  }

  async load(page) {
    const result = await get(`/api/jobs?page=${Math.max(1, page)}&pageSize=10`);
    this.page = result.page;
    $('history-all').checked = false;
    $('history-rows').replaceChildren(...result.items.map(job => this.row(job)));
    $('history-empty').hidden = result.total > 0;
    setLabel($('history-page'), 'history.page', { page: result.page, pages: result.pages });
    setLabel($('history-total'), 'history.total', { total: result.total });
    $('history-prev').disabled = result.page <= 1;
    $('history-next').disabled = result.page >= result.pages;
    this.selectionChanged();
  }

  row(job) {
    return el('tr', { dataset: { job: job.id, state: job.state } },
      el('td', {}, el('input', { type: 'checkbox', value: job.id, onchange: () => this.selectionChanged() })),
      el('td', {}, el('img', { class: 'thumb', src: job.thumbnailUrl, alt: '', loading: 'lazy' })),
      el('td', { class: 'name' }, job.outputName, el('div', { class: 'sub' }, inputsText(job))),
      el('td', {}, clock(job.durationSeconds)),
      el('td', {}, dateTime(job.createdAt, language())),
      el('td', { class: 'status' }, stateLabel(job), errorLine(job)),
      el('td', { class: 'actions' }, jobActions(job, () => this.load(this.page)),
        el('button', { class: 'delete', onclick: () => this.remove([job.id]) }, label('action.delete'))));
  }

  // Every job of the data directory, whichever process runs it: a new one appears on the first page, a
  // row whose state changes is read again; progress alone changes nothing here.
  update(change) {
    if (activeTab !== 'history') return;
    const row = $('history-rows').querySelector(`[data-job="${change.id}"]`);
    if (row ? row.dataset.state !== change.state : this.page === 1) this.reload();
  }
}();

// ---- system ----
const CHARTS = [
  { id: 'cpu', key: 'system.chartCpu', value: s => s.cpuPercent, max: 100, unit: '%' },
  { id: 'memory', key: 'system.chartMemory', value: s => s.memoryPercent, max: 100, unit: '%' },
  { id: 'queue', key: 'system.chartQueue', value: s => s.queued + s.running, max: null, unit: '' },
  { id: 'throughput', key: 'system.chartThroughput', value: s => s.finishedPerMinute, max: null, unit: '' },
];

views.system = new class {
  constructor() {
    // The queue follows the event stream; the machine's numbers and the log are read every few seconds.
    this.refreshSoon = debounce(() => activeTab === 'system' && this.refresh(), 500);
    $('system-log-job').addEventListener('input', debounce(() => this.refreshLog(), 300));
  }

  show() {
    this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => activeTab === 'system' ? this.refresh() : clearInterval(this.timer), 5000);
  }

  update() { this.refreshSoon(); }

  async refresh() {
    const [status, history] = await Promise.all([get('/api/system'), get('/api/system/history'), this.refreshLog()]);
    const card = (id, title, detail) => el('div', { class: 'card', id }, el('h3', {}, label(title)), el('p', {}, detail));
    $('system-cards').replaceChildren(
      card('system-cpu', 'system.cpu', label('system.cpuDetail', { cores: status.cpu.cores, load: status.cpu.load1, percent: status.cpu.loadPercent })),
      card('system-memory', 'system.memory', label('system.memoryDetail', { available: bytes(status.memory.availableBytes), total: bytes(status.memory.totalBytes) })),
      card('system-disk', 'system.disk', label('system.diskDetail', { free: bytes(status.disk.freeBytes), total: bytes(status.disk.totalBytes) })),
      card('system-gpu', 'system.gpu', status.gpus ? status.gpus.join('\n') : label('system.noGpu')),
      el('div', { class: 'card', id: 'system-devices' },
        el('h3', {}, label('system.devices', { device: t(deviceLabel(status.devices.setting)) })),
        el('p', {}, ...status.devices.checks.map(c => el('span', {}, `${c.ok ? '✓' : '✗'} `, label(checkLabels[c.path]), `: ${c.detail}\n`)))),
      card('system-queue', 'system.queue', label('system.queueDetail', status.queue)),
      card('system-workers', 'system.workers', String(status.workers)),
      card('system-mode', 'system.mode', label(status.mode === 'cluster' ? 'system.modeCluster' : 'system.modeEmbedded')));
    $('system-worker-rows').replaceChildren(...status.workerProcesses.map(w => el('tr', { 'data-worker': w.id },
      el('td', {}, w.host), el('td', {}, String(w.processId)), el('td', {}, String(w.slots)),
      el('td', {}, w.running.length ? w.running.join(', ') : label('system.idle')),
      el('td', {}, new Date(w.startedAt).toLocaleTimeString()))));
    $('system-worker-none').hidden = status.workerProcesses.length > 0;
    this.renderCharts(history);
  }

  renderCharts(history) {
    const span = 3600 * 1000;
    $('system-charts').replaceChildren(...CHARTS.map(chart => {
      const points = history.samples.map(s => ({ t: Date.parse(s.at), v: chart.value(s) }));
      const last = points.length ? `${Math.round(points.at(-1).v)}${chart.unit}` : '';
      return el('div', { class: 'chart-card', id: `chart-${chart.id}` },
        el('h3', {}, label(chart.key), el('span', { class: 'now' }, last)), lineChart(points, span, chart.max));
    }));
  }

  async refreshLog() {
    const job = $('system-log-job').value.trim();
    const log = await get(`/api/system/log?lines=200${job ? `&job=${encodeURIComponent(job)}` : ''}`);
    const pre = $('system-log');
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.textContent = log.lines.join('\n');
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  }
}();

// ---- live updates ----
function connect() {
  const source = new EventSource('/api/events');
  source.addEventListener('ready', () => {
    setLabel($('connection'), 'connection.live');
    $('connection').dataset.state = 'live';
    views[activeTab].show(activeTab === 'batch' ? views.batch.id : activeTab === 'single' ? views.single.id : undefined);
  });
  source.addEventListener('job', e => {
    const change = JSON.parse(e.data);
    for (const view of Object.values(views)) view.update?.(change);
  });
  source.onerror = () => {
    setLabel($('connection'), 'connection.lost');
    $('connection').dataset.state = 'lost';
  };
}

// ---- API key, when the server asks for one ----
async function signIn() {
  const session = await get('/api/session');
  if (!session.keyRequired || session.signedIn) return;
  $('signin').hidden = false;
  for (const view of document.querySelectorAll('.view')) view.hidden = true;
  await new Promise(resolve => $('signin-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await post('/api/session', { key: $('signin-key').value });
      $('signin').hidden = true;
      resolve();
    } catch { setLabel($('signin-error'), 'signin.wrong'); }
  }));
}

async function main() {
  addRenderChoices();
  await setLanguage(initialLanguage());
  $('language').textContent = language() === 'zh-CN' ? 'English' : '中文';
  $('language').addEventListener('click', async () => {
    await setLanguage(language() === 'zh-CN' ? 'en' : 'zh-CN');
    $('language').textContent = language() === 'zh-CN' ? 'English' : '中文';
    route();
  });
  for (const button of document.querySelectorAll('[role=tab]'))
    button.addEventListener('click', () => {
      const tab = button.dataset.tab;
      location.hash = views[tab].id ? `${tab}/${views[tab].id}` : tab;
    });
  await signIn();
  await loadEngines();
  window.addEventListener('hashchange', route);
  route();
  connect();
  document.body.dataset.ready = 'true';
}

main().catch(error => {
  document.body.prepend(el('p', { class: 'error banner' }, error instanceof ApiError ? msg(error.problem) : t('error.network')));
});
