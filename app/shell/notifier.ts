/**
 * The one owner of OS notifications. A new alert replaces the shown one with the same tag (same
 * lock and category), clicking one asks the app to open that event, and when the OS turns
 * notifications away the status says so, so the window can tell the user.
 * Shown notifications are kept in a map: Electron drops the click handler of a notification
 * object that has been garbage-collected.
 */
import type { NotificationPermission } from '../common/models';
import type { Alert, Logger, Notifier } from '../core/ports';
import type { NativeNotification, NotificationPort } from './host-ports';

export interface ShellNotifierOptions {
  /** The OS's notifications (Electron's Notification, through app/shell/electron-ports.ts). */
  readonly notifications: NotificationPort;
  readonly logger: Logger;
  /** Linux notification servers read the body as markup; other systems show it as typed. */
  readonly platform: NodeJS.Platform;
  /** The user clicked a notification (or its "Open"); `eventKey` is null for summaries and connection notices. */
  readonly onClick: (eventKey: string | null) => void;
  /** The user chose "Acknowledge" on an incident's notification (macOS and Windows). */
  readonly onAcknowledge?: (eventKey: string) => void;
  /** Whether notifications show changed (e.g. the OS refused one). */
  readonly onDidChangePermission?: (permission: NotificationPermission) => void;
}

/** Keep the most recent few per tag-less flood from growing without bound. */
const MAX_TRACKED = 50;

/** In the order the OS shows them; the index comes back in the `action` event. */
const INCIDENT_ACTIONS = ['Acknowledge', 'Open'] as const;

/**
 * Buttons on an incident's notification where the OS has them (macOS, Windows). Linux notification
 * servers differ too much in what they do with actions: there a click opens the event, as always.
 * History keys are `stream:id` (app/common/models.ts), so an incident's key starts with `incident:`.
 */
export function notificationActions(platform: NodeJS.Platform, eventKey: string | null): readonly string[] {
  if (platform !== 'darwin' && platform !== 'win32') return [];
  return eventKey?.startsWith('incident:') ? INCIDENT_ACTIONS : [];
}

export class ShellNotifier implements Notifier {
  private readonly shown = new Map<string, NativeNotification>();
  private permissionState: NotificationPermission;
  private handed = 0;

  constructor(private readonly options: ShellNotifierOptions) {
    this.permissionState = options.notifications.isSupported() ? 'granted' : 'unsupported';
  }

  permission(): NotificationPermission {
    return this.permissionState;
  }

  show(alert: Alert): void {
    if (!this.options.notifications.isSupported()) {
      this.setPermission('unsupported');
      return;
    }
    this.shown.get(alert.tag)?.close();
    const actions = notificationActions(this.options.platform, alert.eventKey);
    const notification = this.options.notifications.create({
      title: alert.title,
      body: this.options.platform === 'linux' ? escapeMarkup(alert.body) : alert.body,
      urgency: alert.urgent ? 'critical' : 'normal',
      timeoutType: alert.urgent ? 'never' : 'default',
      ...(actions.length > 0 ? { actions: actions.map((text) => ({ type: 'button' as const, text })) } : {}),
    });
    notification.on('click', () => {
      this.options.onClick(alert.eventKey);
    });
    notification.on('action', (details) => {
      const key = alert.eventKey;
      if (key === null) return;
      if (actions[details.actionIndex] === 'Acknowledge') this.options.onAcknowledge?.(key);
      else this.options.onClick(key);
    });
    notification.on('close', () => {
      if (this.shown.get(alert.tag) === notification) this.shown.delete(alert.tag);
    });
    notification.on('failed', (_event, error) => {
      this.options.logger.warn('The OS refused a notification', { error });
      this.setPermission('denied');
    });
    notification.on('show', () => this.setPermission('granted'));
    this.shown.delete(alert.tag);
    this.shown.set(alert.tag, notification);
    if (this.shown.size > MAX_TRACKED) {
      const oldest = this.shown.keys().next().value;
      if (oldest !== undefined) this.shown.delete(oldest);
    }
    notification.show();
    this.handed += 1;
  }

  /** Notifications handed to the OS so far (the smoke run waits for the first). */
  handedToOs(): number {
    return this.handed;
  }

  /** Closes every notification this app still shows (on quit). */
  closeAll(): void {
    for (const notification of this.shown.values()) notification.close();
    this.shown.clear();
  }

  private setPermission(permission: NotificationPermission): void {
    if (permission === this.permissionState) return;
    this.permissionState = permission;
    this.options.onDidChangePermission?.(permission);
  }
}

const MARKUP_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The freedesktop notification spec lets the body carry markup (`<b>`, `<a href>`, `<img>`), and
 * libnotify servers (GNOME, KDE, dunst) render it, so text from the hub would be read as markup.
 * The summary (title) is plain text in the spec; escaping it would show a literal `&amp;`.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => MARKUP_ENTITIES[c] ?? c);
}
