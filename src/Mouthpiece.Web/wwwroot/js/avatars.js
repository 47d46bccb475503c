// The Avatars tab: save a person's video under a name once (it uploads, is analysed, and gets a thumbnail), then
// render from the name. Several faces: the boxes drawn over the thumbnail are buttons; a click makes that face speak.
import { get, post, put, del } from './api.js';
import { label, message, setLabel, setMessage } from './i18n.js';
import { el, clock } from './format.js';
import { FilePicker } from './picker.js';

const $ = id => document.getElementById(id);

export class AvatarsView {
  constructor() {
    this.video = new FilePicker($('avatar-video-picker'), () => this.check());
    $('avatar-name').addEventListener('input', () => this.check());
    $('avatar-save').addEventListener('click', () => this.save());
  }

  check() {
    $('avatar-save').disabled = this.saving || !$('avatar-name').value.trim() || this.video.ready.length !== 1;
  }

  async save() {
    this.saving = true;
    this.check();
    setLabel($('avatar-status'), 'avatars.analysing');
    try {
      await post('/api/avatars', { name: $('avatar-name').value.trim(), video: this.video.ready[0].upload.id });
      $('avatar-name').value = '';
      this.video.clear();
      setLabel($('avatar-status'), 'avatars.saved');
      await this.load();
    } catch (error) {
      setMessage($('avatar-status'), error.problem);
    } finally {
      this.saving = false;
      this.check();
    }
  }

  show() { this.load(); }

  async load() {
    const avatars = await get('/api/avatars');
    $('avatar-list').replaceChildren(...avatars.map(avatar => this.card(avatar)));
    $('avatar-empty').hidden = avatars.length > 0;
  }

  card(avatar) {
    const status = el('span', { class: 'error' });
    const picture = el('div', { class: 'avatar-picture' }, el('img', { src: avatar.thumbnail, alt: avatar.name }));
    if (avatar.faces.length > 1) {
      for (const face of avatar.faces) {
        const chosen = avatar.faceIndex === face.index;
        const box = el('button', {
          class: chosen ? 'face chosen' : 'face',
          'aria-pressed': chosen ? 'true' : 'false',
          title: face.index,
          onclick: () => this.choose(avatar, face.index, status),
        });
        // Through the CSSOM: the page's Content-Security-Policy refuses inline style attributes.
        Object.assign(box.style, { left: `${face.x * 100}%`, top: `${face.y * 100}%`, width: `${face.width * 100}%`, height: `${face.height * 100}%` });
        picture.append(box);
      }
    }
    const verdict = [...avatar.policyBreaches.map(m => message(m, 'warning')), ...avatar.policyNotes.map(m => message(m, 'note'))];
    return el('li', { class: 'avatar', dataset: { avatar: avatar.name } },
      picture,
      el('div', { class: 'avatar-facts' },
        el('strong', {}, avatar.name),
        el('span', {}, `${clock(avatar.durationSeconds)} · ${avatar.width}×${avatar.height} · ${avatar.framesPerSecond} fps`),
        label(avatar.faces.length > 1 ? (avatar.faceIndex == null ? 'avatars.facesMain' : 'avatars.facesChosen') : 'avatars.oneFace',
          { n: avatar.faces.length, number: (avatar.faceIndex ?? 0) + 1 }),
        label(avatar.normalized ? 'avatars.normalized' : 'avatars.policyOk'),
        ...verdict,
        label('avatars.analysis', { seconds: avatar.analysisSeconds }),
        status,
        el('button', { onclick: () => this.remove(avatar, status) }, label('action.delete'))));
  }

  async choose(avatar, faceIndex, status) {
    setLabel(status, 'avatars.analysing');
    try {
      await put(`/api/avatars/${encodeURIComponent(avatar.name)}/face`, { faceIndex });
      await this.load();
    } catch (error) {
      setMessage(status, error.problem);
    }
  }

  async remove(avatar, status) {
    try {
      await del(`/api/avatars/${encodeURIComponent(avatar.name)}`);
      await this.load();
    } catch (error) {
      setMessage(status, error.problem);
    }
  }
}
