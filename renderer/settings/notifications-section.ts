/** Settings › Notifications: categories, quiet hours, pause, storms, the alarm and repeat offenders. */
import { knownCategories } from '../../app/common/category-names';
import { categorySwitchesKey, STREAM_KINDS, streamKind } from '../../app/common/stream-kinds';
import type { PauseRequest } from '../../app/common/ipc-contract';
import type { StreamKind } from '../../app/common/models';
import { button, el } from '../dom';
import { categoryWords, streamPlural } from '../format';
import { checkField, numberField, section, textField } from './form-kit';
import type { Draft, FormKit } from './form-kit';
import { t } from '../../app/common/messages/catalog';
import type { MessageKey } from '../../app/common/messages/catalog';

/** The pause controls, which act at once rather than on save. */
export interface PauseControls {
  readonly status: HTMLElement;
  pause(request: PauseRequest): void;
  resume(): void;
}

export function notificationsSection(draft: Draft, kit: FormKit, pause: PauseControls): HTMLElement {
  const n = draft.notifications;
  const table = (stream: StreamKind): HTMLElement => {
    const { notifyByDefault } = streamKind(stream);
    const record = (n[categorySwitchesKey(stream)] ??= {});
    const names = [...new Set([...knownCategories(stream), ...Object.keys(record)])];
    const caption = t(notifyByDefault ? 'notifications.captionNotify' : 'notifications.captionSilent', { kinds: streamPlural(stream) });
    return el(
      'table',
      { className: 'categories' },
      el('caption', { text: caption }),
      el('thead', {}, el('tr', {}, el('th', { attrs: { scope: 'col' }, text: t('notifications.category') }), el('th', { attrs: { scope: 'col' }, text: t('notifications.notify') }), el('th', { attrs: { scope: 'col' }, text: t('notifications.always') }))),
      el(
        'tbody',
        {},
        ...names.map((name) => {
          const on = record[name] ?? notifyByDefault;
          const notify = el('input', { attrs: { type: 'checkbox', 'aria-label': t('notifications.notifyLabel', { category: categoryWords(name) }) } });
          notify.checked = on;
          notify.addEventListener('change', () => {
            record[name] = notify.checked;
            kit.changed(`notifications.${stream}Categories`);
          });
          const always = el('input', { attrs: { type: 'checkbox', 'aria-label': t('notifications.alwaysLabel', { category: categoryWords(name) }) } });
          always.checked = n.alwaysNotify.includes(name);
          always.addEventListener('change', () => {
            n.alwaysNotify = always.checked ? [...n.alwaysNotify.filter((c) => c !== name), name] : n.alwaysNotify.filter((c) => c !== name);
            kit.changed('notifications.alwaysNotify');
          });
          return el('tr', {}, el('th', { attrs: { scope: 'row' }, text: categoryWords(name) }), el('td', {}, notify), el('td', {}, always));
        }),
      ),
    );
  };
  const pauseButtons = ([['notifications.pauseHour', { for: 'one-hour' }], ['notifications.pauseMorning', { for: 'until-morning' }], ['notifications.pauseResumed', { for: 'until-resumed' }]] as const).map(
    ([label, request]: readonly [MessageKey, PauseRequest]) => button(t(label), () => pause.pause(request), 'btn btn-quiet'),
  );
  return section(
    t('notifications.title'),
    ...STREAM_KINDS.map(table),
    el('fieldset', {}, el('legend', { text: t('notifications.quietHours') }),
      checkField(kit, t('notifications.quietHoursOn'), n.quietHours.enabled, (on) => (n.quietHours.enabled = on), 'notifications.quietHours.enabled'),
      textField(kit, 'notifications.quietHours.start', t('filter.from'), n.quietHours.start, (v) => (n.quietHours.start = v), undefined, 'time'),
      textField(kit, 'notifications.quietHours.end', t('notifications.until'), n.quietHours.end, (v) => (n.quietHours.end = v), t('notifications.quietHint'), 'time'),
    ),
    el('fieldset', {}, el('legend', { text: t('notifications.pause') }), pause.status, el('div', { className: 'row-buttons' }, ...pauseButtons, button(t('notifications.resume'), () => pause.resume(), 'btn btn-quiet'))),
    el('fieldset', {}, el('legend', { text: t('notifications.storms') }),
      numberField(kit, 'notifications.storm.maxCount', t('notifications.stormCount'), n.storm.maxCount, (v) => (n.storm.maxCount = v)),
      numberField(kit, 'notifications.storm.windowSeconds', t('notifications.stormWindow'), n.storm.windowSeconds, (v) => (n.storm.windowSeconds = v)),
      numberField(kit, 'notifications.offlineNoticeMinutes', t('notifications.offlineMinutes'), n.offlineNoticeMinutes, (v) => (n.offlineNoticeMinutes = v), t('notifications.offlineHint')),
    ),
    el('fieldset', { attrs: { 'aria-describedby': 'alarm-hint' } }, el('legend', { text: t('notifications.alarm') }),
      el('p', { className: 'field-hint', attrs: { id: 'alarm-hint' }, text: t('notifications.alarmHint') }),
      checkField(kit, t('notifications.sound'), n.escalation.sound === 'alarm', (on) => (n.escalation.sound = on ? 'alarm' : 'silent'), 'notifications.escalation.sound'),
      numberField(kit, 'notifications.escalation.volume', t('notifications.volume'), n.escalation.volume, (v) => (n.escalation.volume = v)),
      numberField(kit, 'notifications.escalation.repeatSeconds', t('notifications.repeat'), n.escalation.repeatSeconds, (v) => (n.escalation.repeatSeconds = v)),
      numberField(kit, 'notifications.escalation.maxRepeats', t('notifications.maxRepeats'), n.escalation.maxRepeats, (v) => (n.escalation.maxRepeats = v), t('notifications.maxRepeatsHint')),
      checkField(kit, t('notifications.bringToFront'), n.escalation.bringToFront, (on) => (n.escalation.bringToFront = on), 'notifications.escalation.bringToFront'),
      checkField(kit, 'Flash the taskbar button until acknowledged (Windows)', n.escalation.flashTaskbar, (on) => (n.escalation.flashTaskbar = on), 'notifications.escalation.flashTaskbar'),
      checkField(kit, 'Bounce the Dock icon until acknowledged (macOS)', n.escalation.bounceDock, (on) => (n.escalation.bounceDock = on), 'notifications.escalation.bounceDock'),
    ),
    el('fieldset', {}, el('legend', { text: t('notifications.repeatOffenders') }),
      checkField(kit, t('notifications.repeatOn'), n.repeatOffender.enabled, (on) => (n.repeatOffender.enabled = on), 'notifications.repeatOffender.enabled'),
      numberField(kit, 'notifications.repeatOffender.count', t('notifications.repeatCount'), n.repeatOffender.count, (v) => (n.repeatOffender.count = v)),
      numberField(kit, 'notifications.repeatOffender.minutes', t('notifications.repeatMinutes'), n.repeatOffender.minutes, (v) => (n.repeatOffender.minutes = v), t('notifications.repeatHint')),
    ),
  );
}
