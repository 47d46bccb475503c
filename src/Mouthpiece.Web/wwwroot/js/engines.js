// The engine (classic, or one of the server's Wav2Lip models), the device (auto, cpu, gpu) and the output settings a submission chooses.
import { get } from './api.js';
import { setLabel } from './i18n.js';
import { el } from './format.js';

// Written out, not built from the value, so the catalog test sees every label the page uses.
const deviceLabels = { auto: 'device.auto', cpu: 'device.cpu', gpu: 'device.gpu' };
export const checkLabels = { nvencEncode: 'check.nvencEncode', cudaDecode: 'check.cudaDecode', cudaInference: 'check.cudaInference' };
export const deviceLabel = device => deviceLabels[device] ?? 'device.auto';

let choices = { models: [], devices: ['auto', 'cpu', 'gpu'], device: 'auto' };

export async function loadEngines() {
  choices = await get('/api/engines');
  fillAll();
}

// Fills every engine and device select, keeping what the user picked; the options re-word themselves on a language switch.
function fillAll() {
  for (const select of document.querySelectorAll('select.engine-select')) {
    const picked = select.value || 'classic';
    select.replaceChildren(
      setLabel(el('option', { value: 'classic' }), 'engine.classic'),
      ...choices.models.map(model => setLabel(el('option', { value: model }), 'engine.model', { model })));
    select.value = [...select.options].some(o => o.value === picked) ? picked : 'classic';
  }
  for (const select of document.querySelectorAll('select.device-select')) {
    const picked = select.value || choices.device;
    select.replaceChildren(...choices.devices.map(device => setLabel(el('option', { value: device }), deviceLabel(device))));
    select.value = picked;
  }
}

// The output settings both tabs offer: size, quality, and how a video shorter than the speech plays. Each is a
// select `<prefix>-<id>` with its label; an option without a label key shows its value as a height (1080p).
const outputSettings = [
  { id: 'size', field: 'size', label: 'output.size', options: [['source', 'output.sizeSource'], ['1080'], ['720'], ['480']] },
  { id: 'quality', field: 'quality', label: 'output.quality', picked: 'standard',
    options: [['draft', 'output.qualityDraft'], ['standard', 'output.qualityStandard'], ['high', 'output.qualityHigh']] },
  { id: 'long-audio', field: 'longAudio', label: 'output.longAudio', options: [['pingpong', 'output.pingPong'], ['loop', 'output.loop']] },
];

const choice = (key, select) => el('label', { class: 'choice' }, setLabel(el('span'), key), ' ', select);

// Puts the engine, device and output selects in place of each `.render-choices` (data-prefix names its tab);
// loadEngines fills the engine and device options once the server has said which it has.
export function addRenderChoices() {
  for (const place of document.querySelectorAll('.render-choices')) {
    const prefix = place.dataset.prefix;
    place.replaceWith(
      choice('engine.label', el('select', { id: `${prefix}-engine`, class: 'engine-select' })),
      choice('device.label', el('select', { id: `${prefix}-device`, class: 'device-select' })),
      ...outputSettings.map(setting => {
        const select = el('select', { id: `${prefix}-${setting.id}` }, setting.options.map(([value, key]) =>
          key ? setLabel(el('option', { value }), key) : el('option', { value }, `${value}p`)));
        if (setting.picked) select.value = setting.picked;
        return choice(setting.label, select);
      }));
  }
}

// The request's fields from the selects next to a Start button: engine (a model means Wav2Lip), device and output.
export function renderChoices(prefix) {
  const value = id => document.getElementById(`${prefix}-${id}`).value;
  const model = value('engine') === 'classic' ? undefined : value('engine');
  return {
    engine: model ? 'wav2lip' : 'classic', model, device: value('device') || undefined,
    ...Object.fromEntries(outputSettings.map(setting => [setting.field, value(setting.id)])),
  };
}
