/** Settings › Notifications: categories, quiet hours, pause, storms, the alarm and repeat offenders. */
import { knownCategories } from '../../app/common/category-names';
import { categorySwitchesKey, STREAM_KINDS, streamKind, streamTitlePlural } from '../../app/common/stream-kinds';
import type { PauseRequest } from '../../app/common/ipc-contract';
import type { StreamKind } from '../../app/common/models';
import { button, el } from '../dom';
import { categoryWords } from '../format';
import { checkField, numberField, section, textField } from './form-kit';
import type { Draft, FormKit } from './form-kit';

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
    const caption = `${streamTitlePlural(stream)} (${notifyByDefault ? 'notify unless switched off' : 'silent unless switched on'})`;
    return el(
      'table',
      { className: 'categories' },
      el('caption', { text: caption }),
      el('thead', {}, el('tr', {}, el('th', { attrs: { scope: 'col' }, text: 'Category' }), el('th', { attrs: { scope: 'col' }, text: 'Notify' }), el('th', { attrs: { scope: 'col' }, text: 'Always, even in quiet hours or pause' }))),
      el(
        'tbody',
        {},
        ...names.map((name) => {
          const on = record[name] ?? notifyByDefault;
          const notify = el('input', { attrs: { type: 'checkbox', 'aria-label': `Notify: ${categoryWords(name)}` } });
          notify.checked = on;
          notify.addEventListener('change', () => {
            record[name] = notify.checked;
            kit.changed(`notifications.${stream}Categories`);
          });
          const always = el('input', { attrs: { type: 'checkbox', 'aria-label': `Always notify: ${categoryWords(name)}` } });
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
  const pauseButtons = ([['Pause for 1 hour', { for: 'one-hour' }], ['Pause until tomorrow morning', { for: 'until-morning' }], ['Pause until resumed', { for: 'until-resumed' }]] as const).map(
    ([label, request]: readonly [string, PauseRequest]) => button(label, () => pause.pause(request), 'btn btn-quiet'),
  );
  return section(
    'Notifications',
    ...STREAM_KINDS.map(table),
    el('fieldset', {}, el('legend', { text: 'Quiet hours' }),
      checkField(kit, 'Quiet hours on', n.quietHours.enabled, (on) => (n.quietHours.enabled = on), 'notifications.quietHours.enabled'),
      textField(kit, 'notifications.quietHours.start', 'From', n.quietHours.start, (v) => (n.quietHours.start = v), undefined, 'time'),
      textField(kit, 'notifications.quietHours.end', 'Until', n.quietHours.end, (v) => (n.quietHours.end = v), 'A start after the end spans midnight.', 'time'),
    ),
    el('fieldset', {}, el('legend', { text: 'Pause' }), pause.status, el('div', { className: 'row-buttons' }, ...pauseButtons, button('Resume', () => pause.resume(), 'btn btn-quiet'))),
    el('fieldset', {}, el('legend', { text: 'Storms and outages' }),
      numberField(kit, 'notifications.storm.maxCount', 'Notifications before a summary', n.storm.maxCount, (v) => (n.storm.maxCount = v)),
      numberField(kit, 'notifications.storm.windowSeconds', 'Summary window in seconds', n.storm.windowSeconds, (v) => (n.storm.windowSeconds = v)),
      numberField(kit, 'notifications.offlineNoticeMinutes', 'Minutes offline before a notice', n.offlineNoticeMinutes, (v) => (n.offlineNoticeMinutes = v), '0 turns the offline notice off.'),
    ),
    el('fieldset', { attrs: { 'aria-describedby': 'alarm-hint' } }, el('legend', { text: 'Alarm for urgent incidents' }),
      el('p', { className: 'field-hint', attrs: { id: 'alarm-hint' }, text: 'Urgent incidents are the ones set to notify always. The alarm sounds when one arrives and repeats until someone acknowledges it.' }),
      checkField(kit, 'Sound the alarm', n.escalation.sound === 'alarm', (on) => (n.escalation.sound = on ? 'alarm' : 'silent'), 'notifications.escalation.sound'),
      numberField(kit, 'notifications.escalation.volume', 'Volume (0 to 100)', n.escalation.volume, (v) => (n.escalation.volume = v)),
      numberField(kit, 'notifications.escalation.repeatSeconds', 'Repeat every (seconds)', n.escalation.repeatSeconds, (v) => (n.escalation.repeatSeconds = v)),
      numberField(kit, 'notifications.escalation.maxRepeats', 'Stop after this many repeats', n.escalation.maxRepeats, (v) => (n.escalation.maxRepeats = v), '0 sounds once. Unacknowledged incidents stay counted in the tray.'),
      checkField(kit, 'Show the window when an urgent incident arrives', n.escalation.bringToFront, (on) => (n.escalation.bringToFront = on), 'notifications.escalation.bringToFront'),
      checkField(kit, 'Flash the taskbar button until acknowledged (Windows)', n.escalation.flashTaskbar, (on) => (n.escalation.flashTaskbar = on), 'notifications.escalation.flashTaskbar'),
      checkField(kit, 'Bounce the Dock icon until acknowledged (macOS)', n.escalation.bounceDock, (on) => (n.escalation.bounceDock = on), 'notifications.escalation.bounceDock'),
    ),
    el('fieldset', {}, el('legend', { text: 'Doors that keep raising incidents' }),
      checkField(kit, 'Treat a door as urgent when the same incident keeps coming back', n.repeatOffender.enabled, (on) => (n.repeatOffender.enabled = on), 'notifications.repeatOffender.enabled'),
      numberField(kit, 'notifications.repeatOffender.count', 'Incidents from one door', n.repeatOffender.count, (v) => (n.repeatOffender.count = v)),
      numberField(kit, 'notifications.repeatOffender.minutes', 'Within minutes', n.repeatOffender.minutes, (v) => (n.repeatOffender.minutes = v), 'For example 4 within 20: "Door left open 4 times in 20 min" arrives once, as urgent, with the alarm.'),
    ),
  );
}
