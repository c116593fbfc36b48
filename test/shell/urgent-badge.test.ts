import { beforeEach, describe, expect, it } from 'vitest';
import { app, BrowserWindow, resetElectronFake, type FakeBrowserWindow } from '../support/electron';
import { UrgentBadge } from '../../app/shell/urgent-badge';

beforeEach(() => {
  resetElectronFake();
});

describe('urgent badge', () => {
  it('sets the dock badge on macOS, and clears it at zero', () => {
    const badge = new UrgentBadge({ platform: 'darwin', window: () => null });
    badge.update(3);
    badge.update(0);
    expect(app.fake.dockBadges).toEqual(['3', '']);
  });

  it('puts a red dot with the count in words on the taskbar button on Windows, once the window exists', () => {
    let win: FakeBrowserWindow | null = null;
    const badge = new UrgentBadge({ platform: 'win32', window: () => win as unknown as Electron.BrowserWindow | null });
    badge.update(2);
    win = new BrowserWindow();
    expect(win.overlay).toBeNull();
    badge.apply();
    expect(win.overlay).toEqual({ image: expect.objectContaining({ path: 'bitmap:16x16' }), description: '2 urgent incidents not acknowledged' });
    badge.update(0);
    expect(win.overlay).toEqual({ image: null, description: '' });
    expect(app.fake.dockBadges).toEqual([]);
  });

  it('does nothing on Linux, where the tray tooltip carries the count', () => {
    const win = new BrowserWindow();
    const badge = new UrgentBadge({ platform: 'linux', window: () => win as unknown as Electron.BrowserWindow });
    badge.update(5);
    expect(win.overlay).toBeNull();
    expect(app.fake.dockBadges).toEqual([]);
  });
});
