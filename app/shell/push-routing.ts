/**
 * Where the core's pushes go in the shell: every push to the window, and the few the shell acts
 * on itself (the alarm brings the window up or makes it ready to play the sound, the tray follows
 * the status and the update, the badge counts urgent incidents, start at login follows Settings).
 */
import type { Disposable } from '../common/event';
import { CONTRACT } from '../common/ipc-contract';
import type { AlarmRing, StatusSnapshot, UpdateState } from '../common/models';
import type { Settings } from '../common/settings';
import type { AppCore } from '../core/services/app-core';
import type { TrayIcon } from './tray';
import type { UrgentAttention } from './urgent-attention';
import type { UrgentBadge } from './urgent-badge';
import type { MainWindow } from './windows';

export interface PushTargets {
  readonly window: MainWindow;
  readonly tray: TrayIcon;
  readonly badge: UrgentBadge;
  /** Taskbar flash (Windows, Linux) and Dock bounce (macOS) while urgent incidents wait. */
  readonly attention: UrgentAttention;
  /** Start at login as the settings say now; called again only when that setting changes. */
  readonly startAtLogin: { readonly now: boolean; readonly apply: (enabled: boolean) => void };
}

export function routeCorePushes(core: Pick<AppCore, 'onDidEmit'>, targets: PushTargets): Disposable {
  const { window, tray, badge, attention } = targets;
  let startAtLogin = targets.startAtLogin.now;
  return core.onDidEmit((event) => {
    if (event.channel === CONTRACT.alarm.onDidRing.channel) {
      const ring = event.payload as AlarmRing;
      // The sound plays in the window's page: a hidden window plays it too, but it has to exist.
      if (ring.bringToFront) window.show('history');
      else window.prepare();
      attention.ring(ring);
    }
    window.send(event.channel, event.payload as never);
    if (event.channel === CONTRACT.updates.onDidChange.channel) tray.showUpdate(event.payload as UpdateState);
    if (event.channel === CONTRACT.status.onDidChange.channel) {
      tray.update(event.payload as StatusSnapshot);
      badge.update((event.payload as StatusSnapshot).unacknowledgedUrgent);
      attention.update((event.payload as StatusSnapshot).unacknowledgedUrgent);
    }
    if (event.channel === CONTRACT.settings.onDidChange.channel) {
      const enabled = (event.payload as Settings).general.startAtLogin;
      if (enabled !== startAtLogin) {
        startAtLogin = enabled;
        targets.startAtLogin.apply(enabled);
      }
    }
  });
}
