/**
 * Settings › Alert rules: the ordered rules (add, edit, move, delete; Alt+↑/↓ moves the rule with the
 * focus in it), the alarm sound per kind of incident, and a live preview that runs main's own
 * decision (app/common/alert-decision.ts) on an event picked from recent history.
 */
import { ALERT_RULE_LIMITS, CATEGORY_FAMILIES, newAlertRule, RULE_SOUNDS } from '../../app/common/alert-rules';
import type { AlertAction, RuleSound } from '../../app/common/alert-rules';
import type { CategoryFamily } from '../../app/common/category-family';
import { KNOWN_ENTRY_CATEGORIES, categoryName } from '../../app/common/category-names';
import type { ClayApi } from '../../app/common/ipc-contract';
import { t } from '../../app/common/messages/catalog';
import type { MessageKey } from '../../app/common/messages/catalog';
import { STREAM_KINDS } from '../../app/common/stream-kinds';
import { button, el, field, replaceChildren, uid } from '../dom';
import { streamPlural } from '../format';
import { section, textField } from './form-kit';
import type { Control, Draft, FormKit } from './form-kit';
import { alarmSoundWords, RulePreview } from './rule-preview';

type DraftRule = Draft['alertRules']['rules'][number];

const ACTION_WORDS: Readonly<Record<AlertAction, MessageKey>> = {
  notify: 'rules.actionNotify',
  urgent: 'rules.actionUrgent',
  silent: 'rules.actionSilent',
  ignore: 'rules.actionIgnore',
};

/** A family is named as its own category is (app/common/category-names.ts), as the Notifications table does. */
const familyWords = (family: CategoryFamily): string => categoryName(family);

/** Monday first, as a week reads at a desk; the values are JavaScript's (0 Sunday). */
const DAYS: readonly (readonly [day: number, short: MessageKey, long: MessageKey])[] = [
  [1, 'weekday.mon', 'weekday.monday'],
  [2, 'weekday.tue', 'weekday.tuesday'],
  [3, 'weekday.wed', 'weekday.wednesday'],
  [4, 'weekday.thu', 'weekday.thursday'],
  [5, 'weekday.fri', 'weekday.friday'],
  [6, 'weekday.sat', 'weekday.saturday'],
  [0, 'weekday.sun', 'weekday.sunday'],
];

function soundWords(sound: RuleSound, defaultWords: string): string {
  return sound === 'default' ? defaultWords : alarmSoundWords(sound);
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
  const list = el('ol', { className: 'rule-list', attrs: { 'aria-label': t('rules.listLabel') } });
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
    if (settings.rules.length === 0) list.append(el('li', { className: 'muted rule-empty', text: t('rules.none') }));
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
    announce.textContent = t('rules.moved', { name: rule.name, number: target + 1, count: settings.rules.length });
  };

  const ruleCard = (rule: DraftRule, index: number): HTMLElement => {
    const path = `alertRules.rules[${index}]`;
    const number = index + 1;
    const legendId = uid('rule');
    const partOf = <T extends HTMLElement>(node: T, part: string): T => {
      node.dataset['part'] = part;
      return node;
    };
    const up = partOf(button(t('rules.moveUp'), () => move(index, -1, 'up'), 'btn btn-quiet'), 'up');
    up.setAttribute('aria-label', t('rules.moveUpLabel', { number }));
    up.disabled = index === 0;
    const down = partOf(button(t('rules.moveDown'), () => move(index, 1, 'down'), 'btn btn-quiet'), 'down');
    down.setAttribute('aria-label', t('rules.moveDownLabel', { number }));
    down.disabled = index === settings.rules.length - 1;
    const remove = partOf(
      button(t('rules.delete'), () => {
        settings.rules.splice(index, 1);
        const next = Math.min(index, settings.rules.length - 1);
        changedList(next >= 0 ? { index: next, part: 'name' } : undefined);
        if (next < 0) addButton.focus();
        announce.textContent = t('rules.deleted', { name: rule.name });
      }, 'btn btn-danger'),
      'delete',
    );
    remove.setAttribute('aria-label', t('rules.deleteLabel', { number }));

    const name = textField(local, `${path}.name`, t('rules.name'), rule.name, (value) => {
      rule.name = value;
      legendText.textContent = t('rules.legend', { number, name: value });
    });
    partOf(name.querySelector('input') as HTMLElement, 'name');
    const legendText = el('span', { attrs: { id: legendId }, text: t('rules.legend', { number, name: rule.name }) });

    const actionSelect = select(['notify', 'urgent', 'silent', 'ignore'] as const, (a) => t(ACTION_WORDS[a]), rule.action, (value) => {
      rule.action = value;
      soundRow.hidden = value !== 'urgent';
      local.changed(`${path}.action`);
    });
    const action = fieldWithError(local, `${path}.action`, t('rules.action'), actionSelect);
    const soundSelect = select(RULE_SOUNDS, (s) => soundWords(s, t('rules.soundAsKind')), rule.sound, (value) => {
      rule.sound = value;
      local.changed(`${path}.sound`);
    });
    const soundRow = fieldWithError(local, `${path}.sound`, t('rules.sound'), soundSelect);
    soundRow.hidden = rule.action !== 'urgent';

    const streams = el(
      'fieldset',
      { className: 'inline-choices' },
      el('legend', { text: t('rules.streams') }),
      ...STREAM_KINDS.map((stream) =>
        checkbox(streamPlural(stream), rule.streams.includes(stream), (on) => {
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
      el('legend', { text: t('rules.kinds') }),
      ...CATEGORY_FAMILIES.map((family) =>
        checkbox(familyWords(family), rule.families.includes(family), (on) => {
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
    const others = textField(local, `${path}.categories`, t('rules.otherCategories'), otherCategories.join(', '), (value) => {
      const known = rule.categories.filter((c) => (KNOWN_ENTRY_CATEGORIES as readonly string[]).includes(c));
      rule.categories = [...known, ...value.split(',').map((c) => c.trim()).filter((c) => c !== '')];
    }, t('rules.otherCategoriesHint'));

    const doors = linesField(local, `${path}.doors`, t('rules.doors'), rule.doors, t('rules.doorsHint'));
    const sites = linesField(local, `${path}.sites`, t('rules.sites'), rule.sites, t('rules.sitesHint'));

    const timeBox = el('div', { className: 'stack' });
    const renderTime = (): void => {
      const window = rule.time;
      if (window === null) {
        replaceChildren(timeBox);
        return;
      }
      const tpath = `${path}.time`;
      const dayBoxes = DAYS.map(([day, short, long]) => {
        const input = el('input', { attrs: { type: 'checkbox', 'aria-label': t(long) } });
        input.checked = window.days.includes(day as never);
        input.addEventListener('change', () => {
          window.days = (input.checked ? [...window.days.filter((d) => d !== day), day] : window.days.filter((d) => d !== day)) as typeof window.days;
          local.changed(`${tpath}.days`);
        });
        return el('label', { className: 'check' }, input, ` ${t(short)}`);
      });
      const where = select(['inside', 'outside'] as const, (w) => t(w === 'inside' ? 'rules.inside' : 'rules.outside'), window.outside ? 'outside' : 'inside', (value) => {
        window.outside = value === 'outside';
        local.changed(`${tpath}.outside`);
      });
      replaceChildren(
        timeBox,
        el('fieldset', { className: 'inline-choices' }, el('legend', { text: t('rules.days') }), ...dayBoxes, errorFor(local, `${tpath}.days`)),
        el(
          'div',
          { className: 'time-row' },
          textField(local, `${tpath}.start`, t('rules.from'), window.start, (value) => (window.start = value), undefined, 'time'),
          textField(local, `${tpath}.end`, t('rules.until'), window.end, (value) => (window.end = value), t('rules.untilHint'), 'time'),
          fieldWithError(local, `${tpath}.outside`, t('rules.match'), where),
        ),
        el('p', { className: 'field-hint', text: t('rules.siteTimeHint') }),
      );
    };
    const timed = checkbox(t('rules.timed'), rule.time !== null, (on) => {
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

  const addButton = button(t('rules.add'), () => {
    if (settings.rules.length >= ALERT_RULE_LIMITS.rules) {
      announce.textContent = t('rules.atMost', { count: ALERT_RULE_LIMITS.rules });
      return;
    }
    settings.rules.push(structuredClone(newAlertRule(t('rules.newName', { number: settings.rules.length + 1 }))) as DraftRule);
    changedList({ index: settings.rules.length - 1, part: 'name' });
    announce.textContent = t('rules.added', { number: settings.rules.length });
  });

  const familySounds = el(
    'fieldset',
    {},
    el('legend', { text: t('rules.familySounds') }),
    el('p', { className: 'field-hint', text: t('rules.familySoundsHint') }),
    el(
      'div',
      { className: 'rule-grid' },
      ...CATEGORY_FAMILIES.map((family) =>
        fieldWithError(local, `alertRules.familySounds.${family}`, familyWords(family), select(RULE_SOUNDS, (s) => soundWords(s, t('rules.soundAsAbove')), settings.familySounds[family], (value) => {
          settings.familySounds[family] = value;
          local.changed(`alertRules.familySounds.${family}`);
        })),
      ),
    ),
  );

  render();
  return section(
    t('rules.title'),
    el('p', { className: 'field-hint', text: t('rules.intro') }),
    list,
    el('div', { className: 'row-buttons' }, addButton),
    el('p', { className: 'field-hint', text: t('rules.keyboardHint') }),
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
