/**
 * The count of urgent incidents nobody has acknowledged, where the OS has a place for it: the dock
 * badge on macOS and an overlay on the window's taskbar button on Windows (Linux desktops have no
 * common one; the tray tooltip says it everywhere). The overlay is drawn here, a red dot, so no
 * image file has to ship for it.
 */
import { app, nativeImage, type BrowserWindow } from 'electron';
import type { TrayPlatform } from './tray';
import { t } from '../common/messages/catalog';

const DOT_SIZE = 16;

export interface UrgentBadgeOptions {
  readonly platform: TrayPlatform;
  /** The window whose taskbar button carries the overlay, if it exists. */
  readonly window: () => BrowserWindow | null;
}

export function urgentWords(count: number): string {
  return t('tray.urgent', { count });
}

export class UrgentBadge {
  private count = 0;

  constructor(private readonly options: UrgentBadgeOptions) {}

  update(count: number): void {
    this.count = count;
    this.apply();
  }

  /** The window is created lazily and may be re-created: it gets the overlay when it appears. */
  apply(): void {
    const count = this.count;
    if (this.options.platform === 'darwin') {
      app.dock?.setBadge(count > 0 ? String(count) : '');
    } else if (this.options.platform === 'win32') {
      const win = this.options.window();
      if (win === null || win.isDestroyed()) return;
      win.setOverlayIcon(count > 0 ? redDot() : null, count > 0 ? urgentWords(count) : '');
    }
  }
}

/** A filled red circle, BGRA, with a soft edge. */
function redDot(): Electron.NativeImage {
  const pixels = Buffer.alloc(DOT_SIZE * DOT_SIZE * 4);
  const centre = (DOT_SIZE - 1) / 2;
  for (let y = 0; y < DOT_SIZE; y += 1) {
    for (let x = 0; x < DOT_SIZE; x += 1) {
      const distance = Math.hypot(x - centre, y - centre);
      const alpha = Math.round(255 * Math.max(0, Math.min(1, DOT_SIZE / 2 - distance)));
      pixels.set([0x26, 0x26, 0xd0, alpha], (y * DOT_SIZE + x) * 4);
    }
  }
  return nativeImage.createFromBitmap(pixels, { width: DOT_SIZE, height: DOT_SIZE });
}
