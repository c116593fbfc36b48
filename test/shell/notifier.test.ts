import { beforeEach, describe, expect, it } from 'vitest';
import { fakeEvent, FakeNotification, resetElectronFake } from '../fakes/electron';
import type { NotificationPermission } from '../../app/common/models';
import type { Alert } from '../../app/core/ports';
import { silentLogger } from '../../app/core/ports';
import { ShellNotifier } from '../../app/shell/notifier';

const clicks: (string | null)[] = [];
const permissions: NotificationPermission[] = [];

function alert(overrides: Partial<Alert> = {}): Alert {
  return { tag: 'incident:lock-1:door_left_open', title: 'Door left open', body: 'Main entrance, Harbour Office, 10:02', eventKey: 'incident:1', urgent: false, ...overrides };
}

function notifier(): ShellNotifier {
  return new ShellNotifier({ logger: silentLogger, onClick: (key) => clicks.push(key), onDidChangePermission: (p) => permissions.push(p) });
}

beforeEach(() => {
  resetElectronFake();
  clicks.length = 0;
  permissions.length = 0;
});

describe('ShellNotifier', () => {
  it('shows an alert with its title, body and urgency', () => {
    notifier().show(alert({ urgent: true }));
    const [shown] = FakeNotification.shown();
    expect(shown?.options).toMatchObject({ title: 'Door left open', body: 'Main entrance, Harbour Office, 10:02', urgency: 'critical', timeoutType: 'never' });
    expect(shown?.visible).toBe(true);
  });

  it('replaces the shown notification with the same tag, and keeps other tags', () => {
    const n = notifier();
    n.show(alert({ eventKey: 'incident:1' }));
    n.show(alert({ tag: 'incident:lock-2:tamper', eventKey: 'incident:2' }));
    n.show(alert({ eventKey: 'incident:3' }));
    const [first, other, third] = FakeNotification.shown();
    expect(first?.closed).toBe(true);
    expect(other?.visible).toBe(true);
    expect(third?.visible).toBe(true);
  });

  it('opens the event on click, also for a replaced one still on screen elsewhere', () => {
    const n = notifier();
    n.show(alert({ eventKey: 'incident:7' }));
    n.show(alert({ tag: 'clay:storm', eventKey: null }));
    FakeNotification.shown()[0]!.click();
    FakeNotification.shown()[1]!.click();
    expect(clicks).toEqual(['incident:7', null]);
  });

  it('reports unsupported notifications and shows nothing', () => {
    FakeNotification.setSupported(false);
    const n = notifier();
    expect(n.permission()).toBe('unsupported');
    n.show(alert());
    expect(FakeNotification.shown()).toHaveLength(0);
  });

  it('reports denied when the OS refuses one, and granted once one shows again', () => {
    const n = notifier();
    n.show(alert());
    FakeNotification.shown()[0]!.emit('failed', fakeEvent(), 'Notifications are disabled for this app');
    expect(n.permission()).toBe('denied');
    n.show(alert({ tag: 'other' }));
    expect(n.permission()).toBe('granted');
    expect(permissions).toEqual(['denied', 'granted']);
  });

  it('closes everything it shows on quit', () => {
    const n = notifier();
    n.show(alert());
    n.show(alert({ tag: 'b' }));
    n.closeAll();
    expect(FakeNotification.shown().every((x) => x.closed)).toBe(true);
  });
});
