// How a job is shown: a table row for batches, and the shared actions (play, download, cancel, retry).
import { post } from './api.js';
import { t } from './i18n.js';
import { el, clock } from './format.js';

export function stateText(job) {
  return t(`state.${job.state}`);
}

// Stages come from the server in English; known ones are translated, new ones are shown as they are.
export function stageText(job) {
  if (!['rendering', 'preparing', 'queued'].includes(job.state)) return stateText(job);
  const key = `stage.${job.stage}`;
  const text = t(key);
  return text === key ? job.stage : text;
}

export function play(url) {
  const dialog = document.getElementById('player-dialog');
  const video = document.getElementById('dialog-player');
  video.src = url;
  dialog.showModal();
  dialog.addEventListener('close', () => { video.pause(); video.removeAttribute('src'); video.load(); }, { once: true });
  video.play().catch(() => { /* the user presses play */ });
}

export function jobActions(job, refresh) {
  const actions = [];
  if (job.state === 'done' && job.outputUrl) {
    actions.push(el('button', { class: 'play', onclick: () => play(job.outputUrl) }, t('action.play')));
    actions.push(el('a', { class: 'button download', href: job.outputUrl, download: job.outputName }, t('action.download')));
  }
  if (['queued', 'preparing', 'rendering'].includes(job.state))
    actions.push(el('button', { class: 'cancel', onclick: async () => { await post(`/api/jobs/${job.id}/cancel`); refresh(); } }, t('action.cancel')));
  if (['failed', 'canceled'].includes(job.state))
    actions.push(el('button', { class: 'retry', onclick: async () => { await post(`/api/jobs/${job.id}/retry`); refresh(); } }, t('action.retry')));
  return actions;
}

// A queued job's place in line and expected start, as the server forecasts them ("2nd in line · starts in 0:12").
export function queueText(job) {
  if (job.state !== 'queued' || job.queuePosition == null) return '';
  return [t('queue.position', { position: job.queuePosition }), t('queue.startsIn', { time: clock(job.startsInSeconds) })].join(' · ');
}

// A failed or canceled job shows its state, never the bar it had reached.
function progressCell(job) {
  if (['failed', 'canceled'].includes(job.state)) return el('td', { class: 'progress' });
  const percent = job.state === 'done' ? 100 : job.progress;
  return el('td', { class: 'progress' }, el('progress', { max: 100, value: percent }), ` ${Math.round(percent)}%`);
}

export function jobRow(job, refresh) {
  const queue = queueText(job);
  return el('tr', { dataset: { job: job.id, state: job.state } },
    el('td', { class: 'name' }, job.outputName, el('div', { class: 'sub' }, `${job.videoName} + ${job.audioName}`)),
    el('td', { class: 'stage' }, stageText(job), queue ? el('div', { class: 'sub queue' }, queue) : null,
      job.error ? el('div', { class: 'error' }, job.error) : null),
    progressCell(job),
    el('td', { class: 'eta' }, clock(job.remainingSeconds)),
    el('td', { class: 'actions' }, jobActions(job, refresh)));
}
