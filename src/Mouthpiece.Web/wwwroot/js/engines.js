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

// The request's fields for the selects next to a Start button.
export function chosen(engineSelect, deviceSelect) {
  const model = engineSelect.value === 'classic' ? undefined : engineSelect.value;
  return { engine: model ? 'wav2lip' : 'classic', model, device: deviceSelect.value || undefined };
}

// The output settings next to a Start button: size, quality, and how a video shorter than the speech plays.
export function outputChoices(prefix) {
  const value = id => document.getElementById(`${prefix}-${id}`).value;
  return { size: value('size'), quality: value('quality'), longAudio: value('long-audio') };
}
