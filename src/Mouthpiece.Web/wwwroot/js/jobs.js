// How a job is shown: a table row for batches, and the shared actions (play, download, cancel, retry).
import { post } from './api.js';
import { label, language, setLabel, setMessage, t } from './i18n.js';
import { el, clock } from './format.js';

export const stateLabel = job => label(`state.${job.state}`);

// A job still on its way shows its stage (a server message); a finished one its state.
export function showStage(target, job) {
  return ['rendering', 'preparing', 'queued'].includes(job.state) ? setMessage(target, job.stage) : setLabel(target, `state.${job.state}`);
}

// Why a job failed, as the server said it, worded in the page's language.
export const errorLine = job => (job.error ? setMessage(el('div', { class: 'error' }), job.error) : null);

export function play(url) {
  const dialog = document.getElementById('player-dialog');
  const video = document.getElementById('dialog-player');
  video.src = url;
  dialog.showModal();
  dialog.addEventListener('close', () => { video.pause(); video.removeAttribute('src'); video.load(); }, { once: true });
  video.play().catch(() => { /* the user presses play */ });
}

// "talk.mp4 + speech.wav", or for a typed script "talk.mp4 + “Maybe Bob will…” (en-us)".
export function inputsText(job) {
  if (!job.script) return `${job.videoName} + ${job.audioName}`;
  const text = job.script.text.length > 40 ? `${job.script.text.slice(0, 40)}…` : job.script.text;
  return `${job.videoName} + “${text}” (${job.script.voice})`;
}

export function jobActions(job, refresh) {
  const actions = [];
  if (job.state === 'done' && job.outputUrl) {
    actions.push(el('button', { class: 'play', onclick: () => play(job.outputUrl) }, label('action.play')));
    actions.push(el('a', { class: 'button download', href: job.outputUrl, download: job.outputName }, label('action.download')));
    // Subtitles beside each result.
    if (job.srtUrl) actions.push(el('a', { class: 'button subtitles', href: job.srtUrl, dataset: { format: 'srt' } }, 'SRT'));
    if (job.vttUrl) actions.push(el('a', { class: 'button subtitles', href: job.vttUrl, dataset: { format: 'vtt' } }, 'VTT'));
  }
  if (['queued', 'preparing', 'rendering'].includes(job.state))
    actions.push(el('button', { class: 'cancel', onclick: async () => { await post(`/api/jobs/${job.id}/cancel`); refresh(); } }, label('action.cancel')));
  if (['failed', 'canceled'].includes(job.state))
    actions.push(el('button', { class: 'retry', onclick: async () => { await post(`/api/jobs/${job.id}/retry`); refresh(); } }, label('action.retry')));
  return actions;
}

// A queued job's place in line and expected start, as the server forecasts them ("2 in line · starts in 0:12").
export function queueLine(job) {
  if (job.state !== 'queued' || job.queuePosition == null) return null;
  return el('div', { class: 'sub queue' },
    label('queue.position', { position: job.queuePosition }), ' · ', label('queue.startsIn', { time: job.startsInSeconds }));
}

export const isFinal = job => ['done', 'failed', 'canceled'].includes(job.state);

// A failed or canceled item has no progress to show: its row says why instead (in the stage cell).
const progressCell = job => (['failed', 'canceled'].includes(job.state) ? []
  : [el('progress', { max: 100, value: job.state === 'done' ? 100 : job.progress }), ` ${Math.round(job.state === 'done' ? 100 : job.progress)}%`]);

// A finished render's sync report: its score and lag, and the chart of the mouth drawn against the speech (a link to it full size).
export function syncReport(job) {
  if (job.state !== 'done' || !job.sync) return null;
  const summary = job.sync.score == null ? label('sync.notMeasured')
    : label('sync.summary', { score: job.sync.score.toFixed(2), lag: job.sync.lagFrames > 0 ? `+${job.sync.lagFrames}` : String(job.sync.lagFrames) });
  const chart = `${job.sync.chartUrl}?lang=${encodeURIComponent(language())}`;
  return el('div', { class: 'sync-report' },
    el('div', { class: 'sync-summary' }, summary),
    el('a', { href: chart, target: '_blank', rel: 'noopener' }, el('img', { class: 'sync-chart', src: chart, alt: t('sync.chartAlt') })));
}

export function jobRow(job, refresh) {
  return el('tr', { dataset: { job: job.id, state: job.state } },
    el('td', { class: 'name' }, job.outputName, el('div', { class: 'sub' }, inputsText(job))),
    el('td', { class: 'stage' }, showStage(el('span'), job), queueLine(job), errorLine(job)),
    el('td', { class: 'progress' }, progressCell(job)),
    el('td', { class: 'eta' }, isFinal(job) ? '' : clock(job.remainingSeconds)),
    el('td', { class: 'sync' }, syncReport(job)),
    el('td', { class: 'actions' }, jobActions(job, refresh)));
}
