// A saved avatar in place of an uploaded video (Single and Batch tabs): a select filled from GET /api/avatars.
import { get } from './api.js';
import { setLabel } from './i18n.js';
import { el } from './format.js';

export class AvatarChoice {
  // `single`: the avatar is the one video, so the upload zone hides while an avatar is chosen.
  constructor(select, picker, { single, onChange }) {
    this.select = select;
    this.picker = picker;
    this.single = single;
    select.addEventListener('change', () => { this.sync(); onChange(); });
  }

  get name() { return this.select.value || null; }

  async load() {
    const avatars = await get('/api/avatars');
    const picked = this.select.value;
    this.select.replaceChildren(
      setLabel(el('option', { value: '' }), 'picker.noAvatar'),
      ...avatars.map(avatar => el('option', { value: avatar.name }, avatar.name)));
    this.select.value = avatars.some(a => a.name === picked) ? picked : '';
    this.select.closest('label').hidden = avatars.length === 0;
    this.sync();
  }

  clear() {
    this.select.value = '';
    this.sync();
  }

  sync() {
    if (!this.single) return;
    for (const part of this.picker.querySelectorAll('.drop, .files')) part.hidden = !!this.name;
  }
}
