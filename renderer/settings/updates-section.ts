/** Settings › Updates: automatic updates, the channel and an optional update server. */
import { el, field } from '../dom';
import { checkField, section, textField } from './form-kit';
import type { Draft, FormKit } from './form-kit';

export function updatesSection(draft: Draft, kit: FormKit): HTMLElement {
  const channel = el('select', {}, el('option', { attrs: { value: 'stable' }, text: 'Stable releases' }), el('option', { attrs: { value: 'beta' }, text: 'Beta releases (earlier, less tested)' }));
  channel.value = draft.updates.channel;
  channel.addEventListener('change', () => {
    draft.updates.channel = channel.value === 'beta' ? 'beta' : 'stable';
    kit.changed('updates.channel');
  });
  const channelField = field('Update channel', channel);
  kit.register('updates.channel', channel, channelField.error);
  return section(
    'Updates',
    checkField(kit, 'Download and install updates automatically', draft.updates.enabled, (on) => (draft.updates.enabled = on), 'updates.enabled'),
    channelField.root,
    textField(kit, 'updates.feedUrl', 'Update server (optional)', draft.updates.feedUrl ?? '', (v) => (draft.updates.feedUrl = v.trim() === '' ? null : v), 'Leave empty for the Clay Tray releases. Your IT department may give you an https:// address of its own.'),
    el('p', { className: 'field-hint', text: 'Updates install when you quit Clay Tray or choose Restart to update. Clay Tray never restarts on its own while an urgent incident is not acknowledged or these settings have unsaved changes.' }),
  );
}
