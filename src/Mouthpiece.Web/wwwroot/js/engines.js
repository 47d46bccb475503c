// The engine (classic, or one of the server's Wav2Lip models) and the device (auto, cpu, gpu) a submission chooses.
import { get } from './api.js';
import { t } from './i18n.js';
import { el } from './format.js';

let choices = { models: [], devices: ['auto', 'cpu', 'gpu'], device: 'auto' };

export async function loadEngines() {
  choices = await get('/api/engines');
  fillAll();
}

// Fills every engine and device select, keeping what the user picked (also after a language switch).
export function fillAll() {
  for (const select of document.querySelectorAll('select.engine-select')) {
    const picked = select.value || 'classic';
    select.replaceChildren(
      el('option', { value: 'classic' }, t('engine.classic')),
      ...choices.models.map(model => el('option', { value: model }, t('engine.wav2lip', { model }))));
    select.value = [...select.options].some(o => o.value === picked) ? picked : 'classic';
  }
  for (const select of document.querySelectorAll('select.device-select')) {
    const picked = select.value || choices.device;
    select.replaceChildren(...choices.devices.map(device => el('option', { value: device }, t(`device.${device}`))));
    select.value = picked;
  }
}

// The request's fields for the selects next to a Start button.
export function chosen(engineSelect, deviceSelect) {
  const model = engineSelect.value === 'classic' ? undefined : engineSelect.value;
  return { engine: model ? 'wav2lip' : 'classic', model, device: deviceSelect.value || undefined };
}
