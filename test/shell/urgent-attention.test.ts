import { beforeEach, describe, expect, it } from 'vitest';
import type { AlarmRing } from '../../app/common/models';
import { UrgentAttention } from '../../app/shell/urgent-attention';
import { app, BrowserWindow, resetElectronFake } from '../support/electron';

beforeEach(() => {
  resetElectronFake();
});

const ring = (over: Partial<AlarmRing> = {}): AlarmRing => ({ sound: 'alarm', volume: 0.8, repeat: 0, bringToFront: false, flashTaskbar: true, bounceDock: true, open: 1, ...over });

describe('asking for attention on an urgent incident', () => {
  it('flashes the taskbar button on Windows until nothing urgent waits for acknowledgement', () => {
    const win = new BrowserWindow();
    const attention = new UrgentAttention({ platform: 'win32', window: () => win as unknown as Electron.BrowserWindow });
    attention.ring(ring());
    attention.ring(ring({ repeat: 1, flashTaskbar: false }));
    expect(win.flashes).toEqual([true]);
    attention.update(1);
    expect(win.flashes).toEqual([true]);
    attention.update(0);
    expect(win.flashes).toEqual([true, false]);
    expect(app.fake.dockBounces).toEqual([]);
  });

  it('bounces the Dock icon on macOS (critical: until the app is looked at) and cancels that bounce on acknowledge', () => {
    const attention = new UrgentAttention({ platform: 'darwin', window: () => null });
    attention.ring(ring());
    attention.ring(ring({ open: 2 }));
    expect(app.fake.dockBounces).toEqual(['critical']);
    attention.update(0);
    expect(app.fake.cancelledBounces).toEqual([1]);
    attention.update(0);
    expect(app.fake.cancelledBounces).toEqual([1]);
  });

  it('does neither when switched off in Settings, nor anything on Linux', () => {
    const win = new BrowserWindow();
    new UrgentAttention({ platform: 'win32', window: () => win as unknown as Electron.BrowserWindow }).ring(ring({ flashTaskbar: false }));
    new UrgentAttention({ platform: 'darwin', window: () => null }).ring(ring({ bounceDock: false }));
    const linux = new UrgentAttention({ platform: 'linux', window: () => win as unknown as Electron.BrowserWindow });
    linux.ring(ring());
    linux.update(0);
    expect(win.flashes).toEqual([]);
    expect(app.fake.dockBounces).toEqual([]);
  });
});
