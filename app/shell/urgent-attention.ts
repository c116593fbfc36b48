/**
 * Asking for attention on an urgent incident beyond the sound: the taskbar button flashes
 * (Windows) or the Dock icon bounces (macOS, "critical": until the app is activated or the bounce
 * is cancelled), and both stop once no urgent incident waits for acknowledgement. Linux desktops
 * have no common equivalent; the tray and the sound carry it there.
 */
import { app, type BrowserWindow } from 'electron';
import type { AlarmRing } from '../common/models';
import type { TrayPlatform } from './tray';

export interface UrgentAttentionOptions {
  readonly platform: TrayPlatform;
  /** The window whose taskbar button flashes; created on the ring, so it exists by then. */
  readonly window: () => BrowserWindow | null;
}

export class UrgentAttention {
  private flashing: BrowserWindow | null = null;
  private bounceId: number | null = null;

  constructor(private readonly options: UrgentAttentionOptions) {}

  /** The alarm rang; only its first sound asks (later repeats would restart a bounce the user saw). */
  ring(ring: AlarmRing): void {
    if (this.options.platform === 'win32' && ring.flashTaskbar) {
      const win = this.options.window();
      if (win === null || win.isDestroyed()) return;
      win.flashFrame(true);
      this.flashing = win;
    } else if (this.options.platform === 'darwin' && ring.bounceDock && this.bounceId === null) {
      this.bounceId = app.dock?.bounce('critical') ?? null;
    }
  }

  /** The count of urgent incidents nobody acknowledged: at zero the flashing and bouncing stop. */
  update(unacknowledgedUrgent: number): void {
    if (unacknowledgedUrgent > 0) return;
    if (this.flashing !== null && !this.flashing.isDestroyed()) this.flashing.flashFrame(false);
    this.flashing = null;
    if (this.bounceId !== null) app.dock?.cancelBounce(this.bounceId);
    this.bounceId = null;
  }
}
