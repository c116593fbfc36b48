/** Settings › Updates: automatic updates, the channel and an optional update server. */
import { el, field } from '../dom';
import { checkField, section, textField } from './form-kit';
import type { Draft, FormKit } from './form-kit';
import { t } from '../../app/common/messages/catalog';

export function updatesSection(draft: Draft, kit: FormKit): HTMLElement {
  const channel = el('select', {}, el('option', { attrs: { value: 'stable' }, text: t('updates.stable') }), el('option', { attrs: { value: 'beta' }, text: t('updates.beta') }));
  channel.value = draft.updates.channel;
  channel.addEventListener('change', () => {
    draft.updates.channel = channel.value === 'beta' ? 'beta' : 'stable';
    kit.changed('updates.channel');
  });
  const channelField = field(t('updates.channel'), channel);
  kit.register('updates.channel', channel, channelField.error);
  return section(
    t('updates.title'),
    checkField(kit, t('updates.automatic'), draft.updates.enabled, (on) => (draft.updates.enabled = on), 'updates.enabled'),
    channelField.root,
    textField(kit, 'updates.feedUrl', t('updates.server'), draft.updates.feedUrl ?? '', (v) => (draft.updates.feedUrl = v.trim() === '' ? null : v), t('updates.serverHint')),
    el('p', { className: 'field-hint', text: t('updates.hint') }),
  );
}
