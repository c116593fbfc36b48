/**
 * The message catalog: `t` fills placeholders, groups numbers and picks plural forms by the
 * locale's rules; a translation is one catalog, and switching to the pseudo-locale changes what
 * the tray, its menu and the notifications say, so none of their text bypasses the catalog.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeCategory } from '../../app/common/category-names';
import { t, useCatalog } from '../../app/common/messages/catalog';
import type { Catalog } from '../../app/common/messages/catalog';
import en from '../../app/common/messages/en.json';
import type { ClayEvent, StatusSnapshot } from '../../app/common/models';
import { eventAlert, offlineAlert, reconnectAlert, recoveryAlert, repeatAlert, stormAlert, windowWords } from '../../app/core/alerts/alerts-content';
import type { AlertContext } from '../../app/core/alerts/alerts-content';
import { trayMenuTemplate, trayTooltip } from '../../app/shell/tray';
import { urgentWords } from '../../app/shell/urgent-badge';
import { statusSnapshot } from '../support/status';
import { PSEUDO_LOCALE, PSEUDO_OPEN, pseudoCatalog } from '../support/pseudo-locale';

afterEach(() => useCatalog(en, 'en'));

const event: ClayEvent = {
  key: 'incident:e1',
  stream: 'incident',
  site: 'site-hq',
  siteName: null,
  id: 'e1',
  category: 'door_left_open',
  detail: null,
  time: '2026-11-28T10:00:00.000Z',
  localTime: null,
  lock: { id: 'lock-1', name: null },
  accessor: null,
  accessBy: null,
  receivedAt: '2026-11-28T10:00:00.000Z',
  raw: '{}',
};
const context: AlertContext = { now: Date.parse('2026-11-28T10:00:30.000Z'), timeZone: 'UTC', siteName: () => null };

describe('t', () => {
  it('fills placeholders, groups numbers for the locale and leaves an unknown placeholder visible', () => {
    expect(t('history.saved', { count: 1, path: '/tmp/a.csv' })).toBe('Saved 1 event to /tmp/a.csv.');
    expect(t('history.saved', { count: 120_000, path: '/tmp/a.csv' })).toBe('Saved 120,000 events to /tmp/a.csv.');
    expect(t('footer.reconnectFailed')).toBe('Could not reconnect: {reason}');
  });

  it('uses a zero form where one is given and the locale’s plural rules otherwise', () => {
    expect(t('tray.unread', { count: 0 })).toBe('No unread events');
    expect(t('tray.unread', { count: 1 })).toBe('1 unread event');
    expect(t('tray.unread', { count: 2 })).toBe('2 unread events');
    // A language with more forms: Polish says 2–4 and 5+ differently, and the catalog decides which text.
    const polish = { ...en, 'tray.unread': { one: '{count} nieprzeczytane', few: '{count} nieprzeczytane (few)', many: '{count} nieprzeczytanych', other: '{count} (other)' } } satisfies Catalog;
    useCatalog(polish, 'pl');
    expect(t('tray.unread', { count: 1 })).toBe('1 nieprzeczytane');
    expect(t('tray.unread', { count: 3 })).toBe('3 nieprzeczytane (few)');
    expect(t('tray.unread', { count: 5 })).toBe('5 nieprzeczytanych');
    expect(t('tray.unread', { count: 1500 })).toBe('1500 nieprzeczytanych');
  });

  it('keeps every English placeholder in the pseudo-locale, so a translation can be checked the same way', () => {
    const pseudo = pseudoCatalog();
    const placeholders = (text: string): string[] => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();
    for (const [key, message] of Object.entries(en)) {
      const translated = pseudo[key as keyof typeof en];
      const forms = typeof message === 'string' ? { other: message } : message;
      const pseudoForms = typeof translated === 'string' ? { other: translated } : translated;
      for (const [form, text] of Object.entries(forms)) expect(placeholders(String(Reflect.get(pseudoForms, form))), `${key}.${form}`).toEqual(placeholders(text));
    }
  });
});

describe('with a pseudo-locale switched on', () => {
  const pseudo = (text: string | undefined): void => expect(text, text).toContain(PSEUDO_OPEN);

  it('the tray tooltip, every tray menu item and the urgent badge speak it', () => {
    useCatalog(pseudoCatalog(), PSEUDO_LOCALE);
    const status: StatusSnapshot = statusSnapshot({ unread: 2, unacknowledgedUrgent: 1, lastEvent: event });
    const tooltip = trayTooltip(status, () => '10:00');
    for (const line of tooltip.split('\n')) pseudo(line);
    const paused = statusSnapshot({ paused: { until: '2026-11-28T11:00:00.000Z' } });
    const actions = { openHistory: () => {}, openSettings: () => {}, pause: () => {}, resume: () => {}, reconnectNow: () => {}, restartToUpdate: () => {}, quit: () => {} };
    const labels = [...trayMenuTemplate(status, actions, () => '11:00', '1.2.3'), ...trayMenuTemplate(paused, actions, () => '11:00')]
      .flatMap((item) => [item, ...(Array.isArray(item.submenu) ? item.submenu : [])])
      .filter((item) => item.type !== 'separator')
      .map((item) => item.label);
    expect(labels.length).toBeGreaterThan(8);
    for (const label of labels) pseudo(label);
    pseudo(urgentWords(3));
  });

  it('every kind of notification speaks it: event, repeat offender, storm, offline, back online, recovered', () => {
    useCatalog(pseudoCatalog(), PSEUDO_LOCALE);
    const alerts = [
      eventAlert(event, true, context),
      repeatAlert(event, 4, 20, context),
      stormAlert([{ stream: 'incident', door: 'Door 3', urgent: false }, { stream: 'incident', door: 'Door 3', urgent: false }], windowWords(60)),
      offlineAlert(context.now - 60_000, false, context),
      offlineAlert(context.now - 60_000, true, context),
      reconnectAlert(context.now - 60_000, context.now, context),
      recoveryAlert({ key: 'g', stream: 'incident', site: null, from: '2026-11-28T09:00:00.000Z', to: '2026-11-28T09:05:00.000Z' }, [event], ['door_left_open'], context),
    ];
    for (const alert of alerts) {
      pseudo(alert.title);
      pseudo(alert.body);
    }
    pseudo(describeCategory('incident', 'intrusion', null));
    pseudo(describeCategory('entry', null, null));
  });

  it('switches back: English again once the English catalog is active', () => {
    useCatalog(pseudoCatalog(), PSEUDO_LOCALE);
    useCatalog(en, 'en');
    expect(eventAlert(event, false, context).title).toBe('Door left open');
  });
});
