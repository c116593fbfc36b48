import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeTray, resetElectronFake } from '../support/electron';
import type { PauseRequest } from '../../app/common/ipc-contract';
import type { ClayEvent, SubscriptionState } from '../../app/common/models';
import { TrayIcon, trayIconPath, trayState, trayTooltip, type TrayPlatform, type TrayState } from '../../app/shell/tray';
import { statusSnapshot as status } from '../support/status';

const ICONS = path.resolve('build/tray');
const formatTime = (iso: string): string => iso.slice(11, 16);


const event: ClayEvent = {
  key: 'incident:1',
  stream: 'incident',
  site: 's1',
  siteName: 'Harbour Office',
  id: '1',
  category: 'door_left_open',
  detail: null,
  time: '2026-01-15T10:02:00.000Z',
  localTime: null,
  lock: { id: 'l1', name: 'Main entrance' },
  accessor: null,
  accessBy: null,
  receivedAt: '2026-01-15T10:02:01.000Z',
  raw: '{}',
};

beforeEach(() => resetElectronFake());

describe('tray state and icons', () => {
  it.each([
    ['connected', null, 'connected'],
    ['connecting', null, 'connecting'],
    ['offline', null, 'offline'],
    ['stopped', null, 'offline'],
    ['auth-failed', null, 'auth-failed'],
    ['connected', { until: null }, 'paused'],
    ['connecting', { until: null }, 'paused'],
    ['offline', { until: null }, 'offline'],
    ['auth-failed', { until: null }, 'auth-failed'],
  ] as const)('%s with pause %j shows %s', (aggregate, paused, expected) => {
    expect(trayState({ aggregate, paused })).toBe(expected);
  });

  const states: TrayState[] = ['connected', 'connecting', 'offline', 'auth-failed', 'paused'];
  const platforms: TrayPlatform[] = ['linux', 'darwin', 'win32'];

  it('names the per-OS files', () => {
    expect(trayIconPath('/i', 'linux', 'offline', true)).toBe('/i/linux/tray-offline-unread.png');
    expect(trayIconPath('/i', 'win32', 'connected', false)).toBe('/i/win/tray-connected.ico');
    expect(trayIconPath('/i', 'darwin', 'paused', false)).toBe('/i/mac/tray-pausedTemplate.png');
  });

  it('finds an icon in build/tray for every state, marker and OS that is there', () => {
    const missing: string[] = [];
    for (const platform of platforms) {
      if (!existsSync(path.join(ICONS, platform === 'win32' ? 'win' : platform === 'darwin' ? 'mac' : 'linux'))) continue;
      for (const state of states) for (const unread of [false, true]) {
        const file = trayIconPath(ICONS, platform, state, unread);
        if (!existsSync(file)) missing.push(file);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('tray tooltip', () => {
  it('says the state, unread count and last event', () => {
    const text = trayTooltip(status({ unread: 3, lastEvent: event }), formatTime);
    expect(text).toBe('Clay Tray: Connected\n3 unread events\nLast: Door left open, Main entrance at 10:02');
  });

  it('says why the app is not connecting, and that it is starting when there is no reason yet', () => {
    const problem = 'No client id is set. Enter the client id and secret in Settings.';
    expect(trayTooltip(status({ aggregate: 'stopped', setupProblem: problem }), formatTime)).toBe(`Clay Tray: Not connecting\n${problem}\nNo unread events`);
    expect(trayTooltip(status({ aggregate: 'stopped' }), formatTime)).toBe('Clay Tray: Starting…\nNo unread events');
  });

  it('keeps the setup problem and cuts the last event when the text is too long for Windows', () => {
    const problem = `The Core API address "${'h'.repeat(30)}" is not a URL.`;
    const text = trayTooltip(status({ aggregate: 'stopped', setupProblem: problem, unread: 2, lastEvent: event }), formatTime);
    expect(text.length).toBeLessThanOrEqual(127);
    expect(text.split('\n').slice(0, 3)).toEqual(['Clay Tray: Not connecting', problem, '2 unread events']);
    expect(text.endsWith('…')).toBe(true);
  });

  it('puts urgent incidents nobody acknowledged right after the state', () => {
    const text = trayTooltip(status({ unread: 3, unacknowledgedUrgent: 2, lastEvent: event }), formatTime);
    expect(text.split('\n').slice(0, 3)).toEqual(['Clay Tray: Connected', '2 urgent incidents not acknowledged', '3 unread events']);
    expect(trayTooltip(status({ unacknowledgedUrgent: 1 }), formatTime)).toBe('Clay Tray: Connected\n1 urgent incident not acknowledged\nNo unread events');
  });

  it('says how many streams are connected while the rest reconnect, never plain "Connecting"', () => {
    const sub = (stream: 'incident' | 'entry', phase: 'connected' | 'connecting'): SubscriptionState => ({
      id: `${stream}:all`,
      stream,
      site: null,
      status: phase === 'connected' ? { phase, since: '2026-11-27T11:00:00.000Z' } : { phase, attempt: 1 },
      lastError: null,
      lastEventAt: null,
      offlineSince: null,
    });
    const some = status({ aggregate: 'connecting', subscriptions: [sub('incident', 'connected'), sub('entry', 'connecting')] });
    expect(trayTooltip(some, formatTime)).toBe('Clay Tray: Connected (1 of 2), reconnecting the rest\nNo unread events');
    const none = status({ aggregate: 'connecting', subscriptions: [sub('incident', 'connecting'), sub('entry', 'connecting')] });
    expect(trayTooltip(none, formatTime)).toBe('Clay Tray: Connecting…\nNo unread events');
  });

  it('stays within 127 characters', () => {
    const long = trayTooltip(status({ unread: 1, lastEvent: { ...event, lock: { id: null, name: 'x'.repeat(300) } } }), formatTime);
    expect(long.length).toBeLessThanOrEqual(127);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('TrayIcon', () => {
  function setup(initial = status()) {
    const calls: string[] = [];
    const pauses: PauseRequest[] = [];
    const icon = new TrayIcon(
      {
        iconDirectory: '/icons',
        platform: 'linux',
        formatTime,
        actions: {
          openHistory: () => calls.push('history'),
          openSettings: () => calls.push('settings'),
          pause: (r) => pauses.push(r),
          resume: () => calls.push('resume'),
          reconnectNow: () => calls.push('reconnect'),
          restartToUpdate: () => calls.push('restart-to-update'),
          quit: () => calls.push('quit'),
        },
      },
      initial,
    );
    const tray = FakeTray.all()[0]!;
    return { icon, tray, calls, pauses };
  }

  it('creates one tray with icon, tooltip and a context menu', () => {
    const { tray } = setup(status({ aggregate: 'connecting' }));
    expect(FakeTray.all()).toHaveLength(1);
    expect(tray.image.path).toBe('/icons/linux/tray-connecting.png');
    expect(tray.tooltip).toContain('Connecting');
    expect(tray.contextMenu?.items.map((i) => i.label ?? i.type)).toEqual([
      'Open history',
      'Settings',
      'separator',
      'Pause notifications',
      'Reconnect now',
      'separator',
      'Quit',
    ]);
  });

  it('runs the menu actions', () => {
    const { tray, calls, pauses } = setup();
    const menu = tray.contextMenu!;
    for (const label of ['Open history', 'Settings', 'Reconnect now', 'Quit']) menu.click(label);
    for (const label of ['For 1 hour', 'Until tomorrow morning', 'Until resumed']) menu.click(label);
    expect(calls).toEqual(['history', 'settings', 'reconnect', 'quit']);
    expect(pauses).toEqual([{ for: 'one-hour' }, { for: 'until-morning' }, { for: 'until-resumed' }]);
  });

  it('follows state changes: icon, unread marker, pause menu', () => {
    const { icon, tray, calls } = setup();
    icon.update(status({ aggregate: 'offline', unread: 2 }));
    expect(tray.image.path).toBe('/icons/linux/tray-offline-unread.png');
    icon.update(status({ paused: { until: '2026-01-15T11:00:00.000Z' } }));
    expect(tray.image.path).toBe('/icons/linux/tray-paused.png');
    expect(tray.contextMenu?.find('Notifications paused until 11:00')?.enabled).toBe(false);
    expect(tray.contextMenu?.find('Pause notifications')).toBeUndefined();
    tray.contextMenu!.click('Resume notifications');
    expect(calls).toEqual(['resume']);
  });

  it('shows a setup problem in the tooltip while it lasts', () => {
    const { icon, tray } = setup(status({ aggregate: 'stopped' }));
    icon.update(status({ aggregate: 'stopped', setupProblem: 'No client secret is stored. Enter it in Settings.' }));
    expect(tray.tooltip).toContain('\nNo client secret is stored. Enter it in Settings.\n');
    expect(tray.image.path).toBe('/icons/linux/tray-offline.png');
    icon.update(status());
    expect(tray.tooltip).not.toContain('client secret');
    expect(tray.tooltip).toMatch(/^Clay Tray: Connected\n/);
  });

  it('disables Reconnect now when nothing is set up', () => {
    const { tray } = setup(status({ aggregate: 'stopped' }));
    expect(tray.contextMenu?.find('Reconnect now')?.enabled).toBe(false);
    expect(() => tray.contextMenu!.click('Reconnect now')).toThrow(/disabled/);
  });

  it('offers "Restart to update" once an update is downloaded, and only then', () => {
    const { icon, tray, calls } = setup();
    const ready = { phase: 'ready', message: 'ready', version: '1.2.0', checkedAt: null } as const;
    icon.showUpdate({ ...ready, phase: 'downloading' });
    expect(tray.contextMenu?.find('Restart to update (Clay Tray 1.2.0)')).toBeUndefined();
    icon.showUpdate(ready);
    tray.contextMenu!.click('Restart to update (Clay Tray 1.2.0)');
    expect(calls).toEqual(['restart-to-update']);
    icon.update(status({ aggregate: 'offline' }));
    expect(tray.contextMenu?.find('Restart to update (Clay Tray 1.2.0)')).toBeDefined();
  });

  it('uses template images on macOS', () => {
    resetElectronFake();
    const icon = new TrayIcon({ iconDirectory: '/icons', platform: 'darwin', actions: { openHistory() {}, openSettings() {}, pause() {}, resume() {}, reconnectNow() {}, restartToUpdate() {}, quit() {} } }, status());
    const tray = FakeTray.all()[0]!;
    expect(tray.image.path).toBe('/icons/mac/tray-connectedTemplate.png');
    expect(tray.image.isTemplateImage()).toBe(true);
    icon.destroy();
    expect(tray.isDestroyed()).toBe(true);
    expect(() => icon.update(status())).not.toThrow();
  });
});
