import { EventEmitter } from 'node:events';
import type { CrashReporterStartOptions } from 'electron';
import type { HostPorts, PowerEvent, PowerPort } from '../../app/shell/host-ports';
import { TestClipboard, TestDialogs } from './dialogs';
import { TestNotifications } from './notifications';

/** The power port for shell tests: emit 'suspend', 'resume' or 'unlock-screen'; set `online`. */
export class TestPower implements PowerPort {
  online = true;
  private readonly events = new EventEmitter();

  on(event: PowerEvent, listener: () => void): void {
    this.events.on(event, listener);
  }

  off(event: PowerEvent, listener: () => void): void {
    this.events.off(event, listener);
  }

  isOnline(): boolean {
    return this.online;
  }

  emit(event: PowerEvent): void {
    this.events.emit(event);
  }

  listenerCount(event: PowerEvent): number {
    return this.events.listenerCount(event);
  }
}

/** Host ports for a whole-app test: always online, no proxy; notifications and dialogs recorded in the doubles passed in. */
export interface HostRecorders {
  readonly notifications?: TestNotifications;
  readonly dialogs?: TestDialogs;
  /** Every login item set (macOS, Windows). */
  readonly loginItems?: { readonly openAtLogin: boolean }[];
  /** Every crash reporter start's options. */
  readonly crashReporters?: CrashReporterStartOptions[];
}

export function testHostPorts(recorders: HostRecorders = {}): HostPorts {
  return {
    power: new TestPower(),
    resolveProxy: () => Promise.resolve('DIRECT'),
    notifications: recorders.notifications ?? new TestNotifications(),
    dialogs: recorders.dialogs ?? new TestDialogs(),
    clipboard: new TestClipboard(),
    setLoginItem: (settings) => void recorders.loginItems?.push(settings),
    startCrashReporter: (options) => void recorders.crashReporters?.push(options),
  };
}
