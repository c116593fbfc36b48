/**
 * The tray icon: one image per state (plus an unread marker), a tooltip with the state, unread
 * count and last event, and a context menu that always exists, because Linux AppIndicator ignores
 * clicks. The Tray object is held here for the app's lifetime so it is never garbage-collected.
 */
import path from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { PauseRequest } from '../common/ipc-contract';
import type { StatusSnapshot, UpdateState } from '../common/models';
import { describeCategory } from '../common/category-names';
import { urgentWords } from './urgent-badge';
import { t } from '../common/messages/catalog';
import type { MessageKey } from '../common/messages/catalog';

export type TrayState = 'connected' | 'connecting' | 'offline' | 'auth-failed' | 'paused';
export type TrayPlatform = 'linux' | 'win32' | 'darwin';

export interface TrayActions {
  openHistory(): void;
  openSettings(): void;
  pause(request: PauseRequest): void;
  resume(): void;
  reconnectNow(): void;
  restartToUpdate(): void;
  quit(): void;
}

/**
 * Connection trouble outranks pause: a paused app that is offline must still look offline.
 * "stopped" (not set up yet) shows as offline: no events can arrive.
 */
export function trayState(status: Pick<StatusSnapshot, 'aggregate' | 'paused'>): TrayState {
  switch (status.aggregate) {
    case 'auth-failed':
      return 'auth-failed';
    case 'offline':
    case 'stopped':
      return 'offline';
    case 'connecting':
      return status.paused ? 'paused' : 'connecting';
    case 'connected':
      return status.paused ? 'paused' : 'connected';
  }
}

/** `build/tray/<os>/tray-<state>[-unread]`: PNG on Linux, multi-size ICO on Windows, template PNG on macOS. */
export function trayIconPath(directory: string, platform: TrayPlatform, state: TrayState, unread: boolean): string {
  const name = `tray-${state}${unread ? '-unread' : ''}`;
  switch (platform) {
    case 'win32':
      return path.join(directory, 'win', `${name}.ico`);
    case 'darwin':
      return path.join(directory, 'mac', `${name}Template.png`);
    case 'linux':
      return path.join(directory, 'linux', `${name}.png`);
  }
}

const STATE_WORDS: Readonly<Record<TrayState, MessageKey>> = {
  connected: 'tray.connected',
  connecting: 'tray.connecting',
  offline: 'tray.offline',
  'auth-failed': 'tray.authFailed',
  paused: 'tray.paused',
};

/** Windows truncates tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;

/**
 * Urgent incidents nobody acknowledged and a setup problem come right after the state: past the
 * length limit, the last event is what gets cut.
 */
export function trayTooltip(status: StatusSnapshot, formatTime: (iso: string) => string): string {
  const lines = [t('tray.headline', { state: headline(status) })];
  if (status.unacknowledgedUrgent > 0) lines.push(urgentWords(status.unacknowledgedUrgent));
  if (status.setupProblem !== null) lines.push(status.setupProblem);
  lines.push(t('tray.unread', { count: status.unread }));
  const last = status.lastEvent;
  if (last) {
    const what = describeCategory(last.stream, last.category, last.detail);
    const where = last.lock.name ?? last.siteName;
    const time = formatTime(last.time ?? last.receivedAt);
    lines.push(where ? t('tray.lastAt', { what, where, time }) : t('tray.last', { what, time }));
  }
  const text = lines.join('\n');
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

function headline(status: StatusSnapshot): string {
  // The worst-of phase says "connecting" while one stream is up: say how many are, as the window's footer does.
  const connected = status.subscriptions.filter((sub) => sub.status.phase === 'connected').length;
  if (trayState(status) === 'connecting' && connected > 0) return t('tray.someConnected', { connected, total: status.subscriptions.length });
  if (status.aggregate !== 'stopped') return t(STATE_WORDS[trayState(status)]);
  // Stopped without a reason only happens while the app starts (the secret store may be asking).
  return t(status.setupProblem === null ? 'footer.starting' : 'footer.notConnecting');
}

/** `updateReady`: the version of a downloaded update waiting for a restart, if any. */
export function trayMenuTemplate(
  status: StatusSnapshot,
  actions: TrayActions,
  formatTime: (iso: string) => string,
  updateReady: string | null = null,
): MenuItemConstructorOptions[] {
  const pauseItems: MenuItemConstructorOptions[] = status.paused
    ? [
        { label: status.paused.until ? t('tray.pausedUntil', { time: formatTime(status.paused.until) }) : t('tray.pausedMenu'), enabled: false },
        { label: t('tray.resume'), click: () => actions.resume() },
      ]
    : [
        {
          label: t('tray.pause'),
          submenu: [
            { label: t('pause.oneHour'), click: () => actions.pause({ for: 'one-hour' }) },
            { label: t('pause.untilMorning'), click: () => actions.pause({ for: 'until-morning' }) },
            { label: t('pause.untilResumed'), click: () => actions.pause({ for: 'until-resumed' }) },
          ],
        },
      ];
  return [
    { label: t('tray.openHistory'), click: () => actions.openHistory() },
    { label: t('tabs.settings'), click: () => actions.openSettings() },
    { type: 'separator' },
    ...pauseItems,
    { label: t('footer.reconnectNow'), enabled: status.aggregate !== 'stopped', click: () => actions.reconnectNow() },
    { type: 'separator' },
    ...(updateReady === null ? [] : [{ label: t('tray.restartToUpdate', { version: updateReady }), click: () => actions.restartToUpdate() }]),
    { label: t('tray.quit'), click: () => actions.quit() },
  ];
}

export interface TrayOptions {
  readonly iconDirectory: string;
  readonly platform: TrayPlatform;
  readonly actions: TrayActions;
  readonly formatTime?: (iso: string) => string;
}

const defaultFormatTime = (iso: string): string => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export class TrayIcon {
  private readonly tray: Tray;
  private readonly formatTime: (iso: string) => string;
  private shownIcon: string | null = null;
  private menuKey: string | null = null;
  private status: StatusSnapshot;
  private updateReady: string | null = null;

  constructor(
    private readonly options: TrayOptions,
    initial: StatusSnapshot,
  ) {
    this.formatTime = options.formatTime ?? defaultFormatTime;
    this.status = initial;
    const icon = this.iconFor(initial);
    this.tray = new Tray(this.image(icon));
    this.shownIcon = icon;
    this.update(initial);
  }

  update(status: StatusSnapshot): void {
    this.status = status;
    if (this.tray.isDestroyed()) return;
    const icon = this.iconFor(status);
    if (icon !== this.shownIcon) {
      this.tray.setImage(this.image(icon));
      this.shownIcon = icon;
    }
    this.tray.setToolTip(trayTooltip(status, this.formatTime));
    // Rebuilding the menu while it is open closes it on some desktops, so only when it changes.
    const menuKey = JSON.stringify([status.paused, status.aggregate === 'stopped', this.updateReady]);
    if (menuKey !== this.menuKey) {
      this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(status, this.options.actions, this.formatTime, this.updateReady)));
      this.menuKey = menuKey;
    }
  }

  /** A downloaded update adds "Restart to update" to the menu. */
  showUpdate(state: UpdateState): void {
    this.updateReady = state.phase === 'ready' ? state.version : null;
    this.update(this.status);
  }

  /** Whether the OS tray icon exists (the smoke run's first check). */
  exists(): boolean {
    return !this.tray.isDestroyed();
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private iconFor(status: StatusSnapshot): string {
    return trayIconPath(this.options.iconDirectory, this.options.platform, trayState(status), status.unread > 0);
  }

  private image(file: string): Electron.NativeImage {
    const image = nativeImage.createFromPath(file);
    if (this.options.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }
}
