import { beforeEach, describe, expect, it } from 'vitest';
import type { NotificationPermission } from '../../app/common/models';
import type { Alert } from '../../app/core/ports';
import { silentLogger } from '../../app/core/ports';
import { ShellNotifier } from '../../app/shell/notifier';
import { TestNotifications, type TestNotification } from '../support/notifications';

let notifications = new TestNotifications();
const clicks: (string | null)[] = [];
const permissions: NotificationPermission[] = [];

function alert(overrides: Partial<Alert> = {}): Alert {
  return { tag: 'incident:lock-1:door_left_open', title: 'Door left open', body: 'Main entrance, Harbour Office, 10:02', eventKey: 'incident:1', urgent: false, ...overrides };
}

function notifier(platform: NodeJS.Platform = 'linux'): ShellNotifier {
  return new ShellNotifier({ notifications, logger: silentLogger, platform, onClick: (key) => clicks.push(key), onDidChangePermission: (p) => permissions.push(p) });
}

beforeEach(() => {
  notifications = new TestNotifications();
  clicks.length = 0;
  permissions.length = 0;
});

describe('ShellNotifier', () => {
  const hostile = 'Door <b>A</b> & <a href="https://evil.example/">"B"</a> \'C\'';

  it('escapes markup in the body on Linux, where notification servers render it', () => {
    notifier('linux').show(alert({ title: 'Tamper <i>alarm</i> & more', body: hostile }));
    const [shown] = notifications.shown();
    expect(shown?.options.body).toBe('Door &lt;b&gt;A&lt;/b&gt; &amp; &lt;a href=&quot;https://evil.example/&quot;&gt;&quot;B&quot;&lt;/a&gt; &#39;C&#39;');
    // The summary is plain text in the freedesktop spec: escaping it would show "&amp;" literally.
    expect(shown?.options.title).toBe('Tamper <i>alarm</i> & more');
  });

  it.each(['win32', 'darwin'] as const)('leaves the body as typed on %s, which shows plain text', (platform) => {
    notifier(platform).show(alert({ body: hostile }));
    expect(notifications.shown()[0]?.options.body).toBe(hostile);
  });

  it('shows an alert with its title, body and urgency', () => {
    notifier().show(alert({ urgent: true }));
    const [shown] = notifications.shown();
    expect(shown?.options).toMatchObject({ title: 'Door left open', body: 'Main entrance, Harbour Office, 10:02', urgency: 'critical', timeoutType: 'never' });
    expect(shown?.visible).toBe(true);
  });

  it('replaces the shown notification with the same tag, and keeps other tags', () => {
    const n = notifier();
    n.show(alert({ eventKey: 'incident:1' }));
    n.show(alert({ tag: 'incident:lock-2:tamper', eventKey: 'incident:2' }));
    n.show(alert({ eventKey: 'incident:3' }));
    const [first, other, third] = notifications.shown();
    expect(first?.closed).toBe(true);
    expect(other?.visible).toBe(true);
    expect(third?.visible).toBe(true);
  });

  it('opens the event on click, also for a replaced one still on screen elsewhere', () => {
    const n = notifier();
    n.show(alert({ eventKey: 'incident:7' }));
    n.show(alert({ tag: 'clay:storm', eventKey: null }));
    notifications.shown()[0]!.click();
    notifications.shown()[1]!.click();
    expect(clicks).toEqual(['incident:7', null]);
  });

  it('reports unsupported notifications and shows nothing', () => {
    notifications.supported = false;
    const n = notifier();
    expect(n.permission()).toBe('unsupported');
    n.show(alert());
    expect(notifications.shown()).toHaveLength(0);
  });

  it('reports denied when the OS refuses one, and granted once one shows again', () => {
    const n = notifier();
    n.show(alert());
    notifications.shown()[0]!.emit('failed', {}, 'Notifications are disabled for this app');
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
    expect(notifications.shown().every((x) => x.closed)).toBe(true);
  });
});

describe('notification actions', () => {
  function withActions(platform: NodeJS.Platform): { acknowledged: string[]; shown: () => TestNotification } {
    const acknowledged: string[] = [];
    const n = new ShellNotifier({ notifications, logger: silentLogger, platform, onClick: (key) => clicks.push(key), onAcknowledge: (key) => acknowledged.push(key) });
    n.show(alert({ eventKey: 'incident:7', tag: 'incident:lock-7:intrusion', urgent: true }));
    n.show(alert({ eventKey: 'entry:8', tag: 'entry:lock-8:lock_rejected' }));
    n.show(alert({ eventKey: null, tag: 'storm' }));
    return { acknowledged, shown: () => notifications.shown()[0] as TestNotification };
  }

  it.each(['darwin', 'win32'] as const)('on %s, an incident offers "Acknowledge" and "Open"; entries and summaries offer none', (platform) => {
    const { acknowledged, shown } = withActions(platform);
    expect(notifications.shown().map((n) => n.options.actions)).toEqual([
      [
        { type: 'button', text: 'Acknowledge' },
        { type: 'button', text: 'Open' },
      ],
      undefined,
      undefined,
    ]);
    shown().chooseAction(0);
    expect(acknowledged).toEqual(['incident:7']);
    expect(clicks).toEqual([]);
    shown().chooseAction(1);
    shown().click();
    expect(clicks).toEqual(['incident:7', 'incident:7']);
    expect(acknowledged).toEqual(['incident:7']);
  });

  it('on Linux, offers no buttons: a click opens the event as before', () => {
    const { acknowledged, shown } = withActions('linux');
    expect(notifications.shown().map((n) => n.options.actions)).toEqual([undefined, undefined, undefined]);
    shown().click();
    expect(clicks).toEqual(['incident:7']);
    expect(acknowledged).toEqual([]);
  });
});
