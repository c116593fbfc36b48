/**
 * Settings › Alert rules › "What would happen to this event?": an event picked from recent history,
 * run through the rules as edited (before saving) by main's own decision (app/common/alert-decision.ts).
 */
import type { AlarmSoundChoice } from '../../app/common/alarm';
import { decideAlert } from '../../app/common/alert-decision';
import type { AlertDecision } from '../../app/common/alert-decision';
import type { ClayApi } from '../../app/common/ipc-contract';
import { t } from '../../app/common/messages/catalog';
import type { MessageKey } from '../../app/common/messages/catalog';
import type { ClayEvent } from '../../app/common/models';
import { isAcknowledgeable } from '../../app/common/stream-kinds';
import { settle } from '../bridge';
import { button, el, field, replaceChildren } from '../dom';
import { eventSummary, shortTime, streamNounPlural } from '../format';
import type { Draft } from './form-kit';

const PREVIEW_EVENTS = 50;

/** The bundled sounds' names (app/common/alarm.ts stays free of the catalog: the renderer's vite config imports it). */
const SOUND_WORDS: Readonly<Record<AlarmSoundChoice, MessageKey>> = {
  alarm: 'sound.alarm',
  chime: 'sound.chime',
  siren: 'sound.siren',
  silent: 'sound.silent',
};
export const alarmSoundWords = (sound: AlarmSoundChoice): string => t(SOUND_WORDS[sound]);

/** "What would happen to this event": an event from recent history, run through the draft's rules. */
export class RulePreview {
  private readonly picker = el('select', {});
  private readonly result = el('p', { className: 'rule-preview-result', attrs: { role: 'status' } });
  private events: readonly ClayEvent[] = [];
  readonly root: HTMLElement;

  constructor(private readonly draft: Draft, private readonly clay: ClayApi) {
    this.picker.addEventListener('change', () => this.update());
    const pick = field(t('preview.event'), this.picker, t('preview.eventHint'));
    this.root = el(
      'fieldset',
      { className: 'rule-preview' },
      el('legend', { text: t('preview.title') }),
      pick.root,
      el('div', { className: 'row-buttons' }, button(t('preview.refresh'), () => void this.load(), 'btn btn-quiet')),
      this.result,
    );
    void this.load();
  }

  async load(): Promise<void> {
    const result = await settle(this.clay.history.query({ offset: 0, limit: PREVIEW_EVENTS }));
    if (!result.ok) {
      this.result.textContent = t('preview.loadFailed', { reason: result.error.message });
      return;
    }
    const chosen = this.picker.value;
    this.events = result.value.items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
    replaceChildren(
      this.picker,
      ...this.events.map((event) => el('option', { attrs: { value: event.key }, text: optionWords(event) })),
    );
    if (this.events.some((event) => event.key === chosen)) this.picker.value = chosen;
    this.picker.disabled = this.events.length === 0;
    this.update();
  }

  update(): void {
    const event = this.events.find((e) => e.key === this.picker.value);
    if (event === undefined) {
      this.result.textContent = this.events.length === 0 ? t('preview.empty') : '';
      return;
    }
    const sites = this.draft.connection.sites;
    const siteName = (id: string | null): string | null => {
      const site = id === null ? undefined : sites.find((s) => s.id.toLowerCase() === id.toLowerCase());
      return site !== undefined && site.name !== '' ? site.name : null;
    };
    const decision = decideAlert(event, this.draft.notifications, this.draft.alertRules, { siteName });
    this.result.textContent = t('preview.result', { match: matchWords(decision, this.draft), outcome: outcomeWords(decision, event) });
  }
}

function optionWords(event: ClayEvent): string {
  const params = { time: shortTime(event.time ?? event.receivedAt), summary: eventSummary(event), door: event.lock.name ?? event.lock.id ?? t('preview.noDoor') };
  return t(event.recovered === true ? 'preview.optionRecovered' : 'preview.option', params);
}

function matchWords(decision: AlertDecision, draft: Draft): string {
  if (decision.rule === null) return t('preview.noRule');
  const rule = draft.alertRules.rules[decision.rule];
  return t('preview.rule', { number: decision.rule + 1, name: rule?.name ?? '' });
}

function outcomeWords(decision: AlertDecision, event: ClayEvent): string {
  if (!decision.keep) return t('preview.ignored');
  if (!decision.notify) return t('preview.silent');
  const notify = t(decision.urgent ? 'preview.notifiesAlways' : 'preview.notifies');
  if (!decision.escalate) return t('preview.notifyOnly', { notify });
  if (event.recovered === true) return t('preview.notifyRecovered', { notify });
  if (!isAcknowledgeable(event.stream)) return t('preview.soundsOnce', { notify, sound: soundName(decision), kinds: streamNounPlural(event.stream) });
  return t('preview.soundsUntilAcknowledged', { notify, sound: soundName(decision) });
}

function soundName(decision: AlertDecision): string {
  return decision.sound === 'silent' ? t('preview.soundNothing') : t('preview.soundNamed', { sound: alarmSoundWords(decision.sound) });
}
