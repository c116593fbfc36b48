/**
 * The window's frame: tabs for History and Settings (a real tablist: arrow keys move between tabs),
 * the OS-blocked-notifications notice, and the connection status that stays visible in both views.
 * Main can ask for a view or an event (a clicked notification) at any time.
 */
import type { MessageKey } from '../app/common/messages/catalog';
import type { ClayApi, View } from '../app/common/ipc-contract';
import type { AboutInfo, StatusSnapshot } from '../app/common/models';
import type { Settings, SiteSetting } from '../app/common/settings';
import { categorySwitchesKey, STREAM_KINDS } from '../app/common/stream-kinds';
import { AlarmPlayer } from './alarm-player';
import { settle } from './bridge';
import { AboutView } from './about/about-view';
import { button, el } from './dom';
import { crashNote } from './format';
import { HandoverView } from './handover/handover-view';
import { HistoryView } from './history/history-view';
import { SettingsView } from './settings/settings-view';
import { StatusPanel } from './status-panel';
import { t } from '../app/common/messages/catalog';

const VIEWS: readonly View[] = ['history', 'handover', 'settings', 'about'];
const VIEW_LABELS: Readonly<Record<View, MessageKey>> = { history: 'tabs.history', handover: 'tabs.handover', settings: 'tabs.settings', about: 'tabs.about' };

export class App {
  private readonly history: HistoryView;
  private readonly handover: HandoverView;
  private readonly settings: SettingsView;
  private readonly status: StatusPanel;
  private readonly tabs = new Map<View, HTMLButtonElement>();
  private readonly panels = new Map<View, HTMLElement>();
  private readonly about: AboutView;
  private readonly banner = el('p', { className: 'notice banner', attrs: { role: 'alert' } });
  private readonly alarmProblem = el('p', { className: 'notice alarm-problem', attrs: { role: 'alert' } });
  private readonly alarm = new AlarmPlayer((message) => {
    this.alarmProblem.textContent = message;
    this.alarmProblem.hidden = false;
  });
  private readonly crashText = el('span');
  private readonly crashBanner = el('p', { className: 'notice crash-note', attrs: { role: 'status' } }, this.crashText);
  private crashedAt: string | null = null;
  private connected = false;
  private sites: readonly SiteSetting[] = [];

  constructor(
    private readonly clay: ClayApi,
    host: HTMLElement,
  ) {
    const siteName = (id: string): string | null => {
      const site = this.sites.find((s) => s.id.toLowerCase() === id.toLowerCase());
      return site === undefined || site.name === '' ? null : site.name;
    };
    this.history = new HistoryView(clay, siteName);
    this.handover = new HandoverView(clay, siteName);
    this.settings = new SettingsView(clay);
    this.status = new StatusPanel(clay, siteName, () => this.show('settings'));
    this.about = new AboutView(clay);
    this.banner.hidden = true;
    this.alarmProblem.hidden = true;
    this.crashBanner.hidden = true;
    this.crashBanner.append(' ', button(t('app.dismiss'), () => (this.crashBanner.hidden = true), 'btn btn-quiet'));

    const tablist = el('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': t('tabs.label') } });
    for (const view of VIEWS) {
      const label = t(VIEW_LABELS[view]);
      const tab = el('button', { className: 'tab', attrs: { type: 'button', role: 'tab', id: `tab-${view}`, 'aria-controls': `panel-${view}` }, text: label });
      tab.addEventListener('click', () => this.show(view));
      tab.addEventListener('keydown', (event) => this.onTabKey(event, view));
      tablist.append(tab);
      this.tabs.set(view, tab);
    }
    const historyPanel = el('div', { className: 'panel', attrs: { role: 'tabpanel', id: 'panel-history', 'aria-labelledby': 'tab-history' } }, this.history.root);
    const handoverPanel = el('div', { className: 'panel', attrs: { role: 'tabpanel', id: 'panel-handover', 'aria-labelledby': 'tab-handover' } }, this.handover.root);
    const settingsPanel = el('div', { className: 'panel', attrs: { role: 'tabpanel', id: 'panel-settings', 'aria-labelledby': 'tab-settings' } }, this.settings.root);
    const aboutPanel = el('div', { className: 'panel', attrs: { role: 'tabpanel', id: 'panel-about', 'aria-labelledby': 'tab-about' } }, this.about.root);
    this.panels.set('history', historyPanel);
    this.panels.set('handover', handoverPanel);
    this.panels.set('settings', settingsPanel);
    this.panels.set('about', aboutPanel);

    host.replaceChildren(
      el('header', { className: 'app-header' }, el('h1', { className: 'app-title', text: t('app.title') }), tablist),
      this.banner,
      this.alarmProblem,
      this.alarm.root,
      this.crashBanner,
      el('main', { className: 'app-main' }, historyPanel, handoverPanel, settingsPanel, aboutPanel),
      el('footer', { className: 'app-footer' }, this.status.root),
    );
    this.show('history', false);
  }

  start(): void {
    // History first: its first page is what the user opened the window for.
    this.history.start();
    this.handover.start();
    this.clay.status.onDidChange((snapshot) => this.showStatus(snapshot));
    this.clay.settings.onDidChange((settings) => {
      this.setSites(settings.connection.sites, switchedCategories(settings));
      this.handover.setShiftStarts(settings.general.shiftStarts);
    });
    this.clay.navigation.onDidRequestView((view) => this.show(view));
    this.clay.alarm.onDidRing((ring) => this.alarm.play(ring));
    this.clay.navigation.onDidRequestEvent((key) => {
      this.show('history', false);
      void this.history.reveal(key);
    });
    void settle(this.clay.settings.get()).then((result) => {
      if (!result.ok) return;
      this.setSites(result.value.connection.sites, switchedCategories(result.value));
      this.handover.setShiftStarts(result.value.general.shiftStarts);
    });
    void settle(this.clay.status.get()).then((result) => {
      if (result.ok) this.showStatus(result.value);
    });
    this.settings.start();
    this.about.start();
    void settle(this.clay.about.get()).then((result) => {
      if (result.ok) this.showAbout(result.value);
      else this.about.showError(result.error.message);
    });
  }

  show(view: View, focus = true): void {
    for (const name of VIEWS) {
      const selected = name === view;
      const tab = this.tabs.get(name);
      tab?.setAttribute('aria-selected', String(selected));
      tab?.setAttribute('tabindex', selected ? '0' : '-1');
      const panel = this.panels.get(name);
      if (panel) panel.hidden = !selected;
    }
    this.settings.setVisible(view === 'settings');
    this.handover.setVisible(view === 'handover');
    document.body.dataset['view'] = view;
    if (focus) this.tabs.get(view)?.focus();
  }

  private onTabKey(event: KeyboardEvent, view: View): void {
    const at = VIEWS.indexOf(view);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: VIEWS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.show(VIEWS[(next + VIEWS.length) % VIEWS.length] as View);
  }

  private setSites(sites: readonly SiteSetting[], categories: readonly string[]): void {
    this.sites = sites;
    this.history.filters.setSites(sites);
    this.history.filters.setExtraCategories(categories);
  }

  /** The About page, and the crash note when the last run ended without a clean quit. */
  private showAbout(info: AboutInfo): void {
    this.about.show(info);
    this.crashedAt = info.crashedAt;
    this.crashBanner.hidden = info.crashedAt === null;
    this.showCrashNote();
  }

  private showCrashNote(): void {
    if (this.crashedAt !== null) this.crashText.textContent = crashNote(this.crashedAt, this.connected);
  }

  private showStatus(snapshot: StatusSnapshot): void {
    this.connected = snapshot.aggregate === 'connected';
    this.showCrashNote();
    this.status.show(snapshot);
    this.settings.showStatus(snapshot);
    this.banner.hidden = snapshot.notifications !== 'denied';
    this.banner.textContent = t('app.notificationsBlocked');
  }
}

/** Every category the user has a notification switch for, across the stream kinds. */
function switchedCategories(settings: Settings): string[] {
  return STREAM_KINDS.flatMap((kind) => Object.keys(settings.notifications[categorySwitchesKey(kind)] ?? {}));
}
