/**
 * Settings › Alert rules: the ordered rules (add, edit, move, delete; Alt+↑/↓ moves the rule with the
 * focus in it), the alarm sound per kind of incident, and a live preview that runs main's own
 * decision (app/common/alert-decision.ts) on an event picked from recent history.
 */
import { ALARM_SOUND_WORDS } from '../../app/common/alarm';
import { decideAlert } from '../../app/common/alert-decision';
import type { AlertDecision } from '../../app/common/alert-decision';
import { ALERT_RULE_LIMITS, CATEGORY_FAMILIES, newAlertRule, RULE_SOUNDS } from '../../app/common/alert-rules';
import type { AlertAction, RuleSound } from '../../app/common/alert-rules';
import type { CategoryFamily } from '../../app/common/category-family';
import { KNOWN_ENTRY_CATEGORIES, categoryName } from '../../app/common/category-names';
import type { ClayApi } from '../../app/common/ipc-contract';
import type { ClayEvent } from '../../app/common/models';
import { STREAM_KINDS, isAcknowledgeable, streamKind, streamTitlePlural } from '../../app/common/stream-kinds';
import { settle } from '../bridge';
import { button, el, field, replaceChildren, uid } from '../dom';
import { eventSummary, shortTime } from '../format';
import { section, textField } from './form-kit';
import type { Control, Draft, FormKit } from './form-kit';

type DraftRule = Draft['alertRules']['rules'][number];

const ACTION_WORDS: Readonly<Record<AlertAction, string>> = {
  notify: 'Notify',
  urgent: 'Urgent: notify always, sound the alarm',
  silent: 'Silent: history only',
  ignore: 'Ignore: not even kept in history',
};

const FAMILY_WORDS: Readonly<Record<CategoryFamily, string>> = {
  intrusion: 'Intrusion',
  tamper: 'Tamper alarm',
  door_left_open: 'Door left open',
  low_battery: 'Low battery',
};

/** Monday first, as a week reads at a desk; the values are JavaScript's (0 Sunday). */
const DAYS: readonly (readonly [number, string])[] = [[1, 'Mon'], [2, 'Tue'], [3, 'Wed'], [4, 'Thu'], [5, 'Fri'], [6, 'Sat'], [0, 'Sun']];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const PREVIEW_EVENTS = 50;

function soundWords(sound: RuleSound, defaultWords: string): string {
  return sound === 'default' ? defaultWords : ALARM_SOUND_WORDS[sound];
}

function select<T extends string>(options: readonly T[], words: (value: T) => string, value: T, onChange: (value: T) => void): HTMLSelectElement {
  const node = el('select', {}, ...options.map((option) => el('option', { attrs: { value: option }, text: words(option) })));
  node.value = value;
  node.addEventListener('change', () => onChange(node.value as T));
  return node;
}

function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): HTMLElement {
  const input = el('input', { attrs: { type: 'checkbox' } });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return el('label', { className: 'check' }, input, ` ${label}`);
}

/** One value per line; blank lines are dropped as the user leaves the field. */
function linesField(kit: FormKit, path: string, label: string, values: string[], hint: string): HTMLElement {
  const area = el('textarea', { attrs: { rows: '2', spellcheck: 'false' } });
  area.value = values.join('\n');
  const { root, error } = field(label, area, hint);
  kit.register(path, area, error);
  const read = (): string[] => area.value.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  area.addEventListener('input', () => {
    values.splice(0, values.length, ...read());
    kit.changed(path, false);
  });
  area.addEventListener('blur', () => kit.changed(path));
  return root;
}

export function alertRulesSection(draft: Draft, kit: FormKit, clay: ClayApi): HTMLElement {
  const settings = draft.alertRules;
  const list = el('ol', { className: 'rule-list', attrs: { 'aria-label': 'Alert rules, first match wins' } });
  const announce = el('p', { className: 'visually-hidden', attrs: { 'aria-live': 'polite' } });
  const preview = new RulePreview(draft, clay);
  const local: FormKit = {
    register: (path, control, error) => kit.register(path, control, error),
    changed: (path, touch) => {
      kit.changed(path, touch);
      preview.update();
    },
  };

  /** Rebuilds the list and puts the focus back where the user was (by role in the rule). */
  const render = (focus?: { readonly index: number; readonly part: string }): void => {
    replaceChildren(list, ...settings.rules.map((rule, index) => ruleCard(rule, index)));
    if (settings.rules.length === 0) list.append(el('li', { className: 'muted rule-empty', text: 'No rules: every event is handled as set under Notifications.' }));
    if (focus !== undefined) {
      // A rule moved to the top or bottom has that move button disabled: the focus goes to the other one.
      const find = (part: string) => list.querySelector<HTMLButtonElement | HTMLInputElement>(`[data-rule="${focus.index}"] [data-part="${part}"]`);
      const wanted = find(focus.part);
      const other = focus.part === 'up' ? 'down' : focus.part === 'down' ? 'up' : null;
      (wanted?.disabled === true && other !== null ? find(other) : wanted)?.focus();
    }
    preview.update();
  };

  const changedList = (focus?: { readonly index: number; readonly part: string }): void => {
    render(focus);
    kit.changed('alertRules.rules');
  };

  const move = (index: number, by: -1 | 1, part: string): void => {
    const target = index + by;
    if (target < 0 || target >= settings.rules.length) return;
    const [rule] = settings.rules.splice(index, 1);
    if (rule === undefined) return;
    settings.rules.splice(target, 0, rule);
    changedList({ index: target, part });
    announce.textContent = `Rule “${rule.name}” is now rule ${target + 1} of ${settings.rules.length}.`;
  };

  const ruleCard = (rule: DraftRule, index: number): HTMLElement => {
    const path = `alertRules.rules[${index}]`;
    const number = index + 1;
    const legendId = uid('rule');
    const partOf = <T extends HTMLElement>(node: T, part: string): T => {
      node.dataset['part'] = part;
      return node;
    };
    const up = partOf(button('Move up', () => move(index, -1, 'up'), 'btn btn-quiet'), 'up');
    up.setAttribute('aria-label', `Move rule ${number} up`);
    up.disabled = index === 0;
    const down = partOf(button('Move down', () => move(index, 1, 'down'), 'btn btn-quiet'), 'down');
    down.setAttribute('aria-label', `Move rule ${number} down`);
    down.disabled = index === settings.rules.length - 1;
    const remove = partOf(
      button('Delete', () => {
        settings.rules.splice(index, 1);
        const next = Math.min(index, settings.rules.length - 1);
        changedList(next >= 0 ? { index: next, part: 'name' } : undefined);
        if (next < 0) addButton.focus();
        announce.textContent = `Rule “${rule.name}” deleted.`;
      }, 'btn btn-danger'),
      'delete',
    );
    remove.setAttribute('aria-label', `Delete rule ${number}`);

    const name = textField(local, `${path}.name`, 'Name', rule.name, (value) => {
      rule.name = value;
      legendText.textContent = `Rule ${number}: ${value}`;
    });
    partOf(name.querySelector('input') as HTMLElement, 'name');
    const legendText = el('span', { attrs: { id: legendId }, text: `Rule ${number}: ${rule.name}` });

    const actionSelect = select(['notify', 'urgent', 'silent', 'ignore'] as const, (a) => ACTION_WORDS[a], rule.action, (value) => {
      rule.action = value;
      soundRow.hidden = value !== 'urgent';
      local.changed(`${path}.action`);
    });
    const action = fieldWithError(local, `${path}.action`, 'What happens', actionSelect);
    const soundSelect = select(RULE_SOUNDS, (s) => soundWords(s, 'As set for its kind'), rule.sound, (value) => {
      rule.sound = value;
      local.changed(`${path}.sound`);
    });
    const soundRow = fieldWithError(local, `${path}.sound`, 'Alarm sound', soundSelect);
    soundRow.hidden = rule.action !== 'urgent';

    const streams = el(
      'fieldset',
      { className: 'inline-choices' },
      el('legend', { text: 'Streams (none ticked: all)' }),
      ...STREAM_KINDS.map((stream) =>
        checkbox(streamTitlePlural(stream), rule.streams.includes(stream), (on) => {
          rule.streams = on ? [...rule.streams.filter((s) => s !== stream), stream] : rule.streams.filter((s) => s !== stream);
          local.changed(`${path}.streams`);
        }),
      ),
      errorFor(local, `${path}.streams`),
    );

    const otherCategories = rule.categories.filter((c) => !(KNOWN_ENTRY_CATEGORIES as readonly string[]).includes(c));
    const kinds = el(
      'fieldset',
      { className: 'inline-choices' },
      el('legend', { text: 'Kinds (none ticked: any)' }),
      ...CATEGORY_FAMILIES.map((family) =>
        checkbox(FAMILY_WORDS[family], rule.families.includes(family), (on) => {
          rule.families = on ? [...rule.families.filter((f) => f !== family), family] : rule.families.filter((f) => f !== family);
          local.changed(`${path}.families`);
        }),
      ),
      ...KNOWN_ENTRY_CATEGORIES.map((category) =>
        checkbox(categoryName(category), rule.categories.includes(category), (on) => {
          rule.categories = on ? [...rule.categories.filter((c) => c !== category), category] : rule.categories.filter((c) => c !== category);
          local.changed(`${path}.categories`);
        }),
      ),
      errorFor(local, `${path}.families`),
    );
    const others = textField(local, `${path}.categories`, 'Other categories (optional)', otherCategories.join(', '), (value) => {
      const known = rule.categories.filter((c) => (KNOWN_ENTRY_CATEGORIES as readonly string[]).includes(c));
      rule.categories = [...known, ...value.split(',').map((c) => c.trim()).filter((c) => c !== '')];
    }, 'As the history shows them, separated by commas, such as office_mode, privacy_mode.');

    const doors = linesField(local, `${path}.doors`, 'Doors (optional)', rule.doors, 'One lock ID or door name per line; empty: any door.');
    const sites = linesField(local, `${path}.sites`, 'Sites (optional)', rule.sites, 'One site ID or name per line; empty: any site.');

    const timeBox = el('div', { className: 'stack' });
    const renderTime = (): void => {
      const window = rule.time;
      if (window === null) {
        replaceChildren(timeBox);
        return;
      }
      const tpath = `${path}.time`;
      const dayBoxes = DAYS.map(([day, short]) => {
        const input = el('input', { attrs: { type: 'checkbox', 'aria-label': DAY_NAMES[day] ?? short } });
        input.checked = window.days.includes(day as never);
        input.addEventListener('change', () => {
          window.days = (input.checked ? [...window.days.filter((d) => d !== day), day] : window.days.filter((d) => d !== day)) as typeof window.days;
          local.changed(`${tpath}.days`);
        });
        return el('label', { className: 'check' }, input, ` ${short}`);
      });
      const where = select(['inside', 'outside'] as const, (w) => (w === 'inside' ? 'Inside these hours' : 'Outside these hours'), window.outside ? 'outside' : 'inside', (value) => {
        window.outside = value === 'outside';
        local.changed(`${tpath}.outside`);
      });
      replaceChildren(
        timeBox,
        el('fieldset', { className: 'inline-choices' }, el('legend', { text: 'Days' }), ...dayBoxes, errorFor(local, `${tpath}.days`)),
        el(
          'div',
          { className: 'time-row' },
          textField(local, `${tpath}.start`, 'From', window.start, (value) => (window.start = value), undefined, 'time'),
          textField(local, `${tpath}.end`, 'Until', window.end, (value) => (window.end = value), 'Before From runs past midnight: Fri 22:00 until 06:00 ends Saturday morning.', 'time'),
          fieldWithError(local, `${tpath}.outside`, 'Match', where),
        ),
        el('p', { className: 'field-hint', text: 'In the site’s local time, as each event carries it.' }),
      );
    };
    const timed = checkbox('Only at certain times', rule.time !== null, (on) => {
      rule.time = on ? { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00', outside: false } : null;
      renderTime();
      local.changed(`${path}.time`);
    });
    renderTime();

    const card = el(
      'fieldset',
      { className: 'rule-card', attrs: { 'aria-labelledby': legendId } },
      el('legend', {}, legendText),
      el('div', { className: 'rule-grid' }, name, action, soundRow),
      el('div', { className: 'rule-grid' }, streams, kinds),
      others,
      el('div', { className: 'rule-grid' }, doors, sites),
      timed,
      timeBox,
      el('div', { className: 'row-buttons' }, up, down, remove),
    );
    card.addEventListener('keydown', (event) => {
      if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
      event.preventDefault();
      const part = (event.target as HTMLElement).dataset['part'] ?? 'name';
      move(index, event.key === 'ArrowUp' ? -1 : 1, part);
    });
    const item = el('li', { className: 'rule-item' }, card);
    item.dataset['rule'] = String(index);
    return item;
  };

  const addButton = button('Add a rule', () => {
    if (settings.rules.length >= ALERT_RULE_LIMITS.rules) {
      announce.textContent = `At most ${ALERT_RULE_LIMITS.rules} rules.`;
      return;
    }
    settings.rules.push(structuredClone(newAlertRule(`Rule ${settings.rules.length + 1}`)) as DraftRule);
    changedList({ index: settings.rules.length - 1, part: 'name' });
    announce.textContent = `Rule ${settings.rules.length} added.`;
  });

  const familySounds = el(
    'fieldset',
    {},
    el('legend', { text: 'Alarm sound per kind of incident' }),
    el('p', { className: 'field-hint', text: 'For urgent incidents of that kind, unless their rule chose a sound. “As set above” follows Sound the alarm under Notifications.' }),
    el(
      'div',
      { className: 'rule-grid' },
      ...CATEGORY_FAMILIES.map((family) =>
        fieldWithError(local, `alertRules.familySounds.${family}`, FAMILY_WORDS[family], select(RULE_SOUNDS, (s) => soundWords(s, 'As set above'), settings.familySounds[family], (value) => {
          settings.familySounds[family] = value;
          local.changed(`alertRules.familySounds.${family}`);
        })),
      ),
    ),
  );

  render();
  return section(
    'Alert rules',
    el('p', { className: 'field-hint', text: 'Rules decide per door, site, kind of event and time what happens to an event. The first rule that matches wins; an event no rule matches is handled as set under Notifications. Storms still collapse into one summary.' }),
    list,
    el('div', { className: 'row-buttons' }, addButton),
    el('p', { className: 'field-hint', text: 'Alt+↑ and Alt+↓ move the rule you are in.' }),
    announce,
    familySounds,
    preview.root,
  );
}

function errorFor(kit: FormKit, path: string): HTMLElement {
  const error = el('p', { className: 'field-error', attrs: { 'aria-live': 'polite' } });
  kit.register(path, null, error);
  return error;
}

function fieldWithError(kit: FormKit, path: string, label: string, control: Control): HTMLElement {
  const { root, error } = field(label, control);
  kit.register(path, control, error);
  return root;
}

/** "What would happen to this event": an event from recent history, run through the draft's rules. */
class RulePreview {
  private readonly picker = el('select', {});
  private readonly result = el('p', { className: 'rule-preview-result', attrs: { role: 'status' } });
  private events: readonly ClayEvent[] = [];
  readonly root: HTMLElement;

  constructor(private readonly draft: Draft, private readonly clay: ClayApi) {
    this.picker.addEventListener('change', () => this.update());
    const pick = field('Recent event', this.picker, 'The newest events in history; the preview follows your edits before you save.');
    this.root = el(
      'fieldset',
      { className: 'rule-preview' },
      el('legend', { text: 'What would happen to this event?' }),
      pick.root,
      el('div', { className: 'row-buttons' }, button('Refresh the list', () => void this.load(), 'btn btn-quiet')),
      this.result,
    );
    void this.load();
  }

  async load(): Promise<void> {
    const result = await settle(this.clay.history.query({ offset: 0, limit: PREVIEW_EVENTS }));
    if (!result.ok) {
      this.result.textContent = `Could not read the history: ${result.error.message}`;
      return;
    }
    const chosen = this.picker.value;
    this.events = result.value.items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
    replaceChildren(
      this.picker,
      ...this.events.map((event) => el('option', { attrs: { value: event.key }, text: `${shortTime(event.time ?? event.receivedAt)} · ${eventSummary(event)} · ${event.lock.name ?? event.lock.id ?? 'no door'}${event.recovered === true ? ' · recovered' : ''}` })),
    );
    if (this.events.some((event) => event.key === chosen)) this.picker.value = chosen;
    this.picker.disabled = this.events.length === 0;
    this.update();
  }

  update(): void {
    const event = this.events.find((e) => e.key === this.picker.value);
    if (event === undefined) {
      this.result.textContent = this.events.length === 0 ? 'No events in history yet to try the rules on.' : '';
      return;
    }
    const sites = this.draft.connection.sites;
    const siteName = (id: string | null): string | null => {
      const site = id === null ? undefined : sites.find((s) => s.id.toLowerCase() === id.toLowerCase());
      return site !== undefined && site.name !== '' ? site.name : null;
    };
    const decision = decideAlert(event, this.draft.notifications, this.draft.alertRules, { siteName });
    this.result.textContent = `${matchWords(decision, this.draft)} ${outcomeWords(decision, event)}`;
  }
}

function matchWords(decision: AlertDecision, draft: Draft): string {
  if (decision.rule === null) return 'No rule matches: as set under Notifications.';
  const rule = draft.alertRules.rules[decision.rule];
  return `Rule ${decision.rule + 1}, “${rule?.name ?? ''}”, matches.`;
}

function outcomeWords(decision: AlertDecision, event: ClayEvent): string {
  if (!decision.keep) return 'Ignored: no notification, and not kept in history.';
  if (!decision.notify) return 'Silent: kept in history, no notification.';
  const notify = decision.urgent ? 'Notifies, even in quiet hours or pause' : 'Notifies (held back in quiet hours and pause)';
  if (!decision.escalate) return `${notify}.`;
  if (event.recovered === true) return `${notify}; recovered events never sound the alarm.`;
  if (!isAcknowledgeable(event.stream)) return `${notify}, and sounds ${soundName(decision)} once (${streamKind(event.stream).plural} cannot be acknowledged).`;
  return `${notify}, and sounds ${soundName(decision)} until someone acknowledges it.`;
}

function soundName(decision: AlertDecision): string {
  return decision.sound === 'silent' ? 'nothing (the alarm is silent)' : `the alarm “${ALARM_SOUND_WORDS[decision.sound]}”`;
}
