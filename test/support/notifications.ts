/**
 * The notification port (app/shell/host-ports.ts) for shell tests: records every notification
 * shown, and lets a test click one, choose one of its buttons, or say the system has none.
 */
import { EventEmitter } from 'node:events';
import type { NotificationConstructorOptions } from 'electron';
import type { NativeNotification, NotificationPort } from '../../app/shell/host-ports';

export class TestNotification extends EventEmitter implements NativeNotification {
  /** Where it stands on screen. */
  visible = false;
  closed = false;

  constructor(
    readonly options: NotificationConstructorOptions,
    private readonly onShow: (notification: TestNotification) => void,
  ) {
    super();
  }

  show(): void {
    this.visible = true;
    this.onShow(this);
    this.emit('show');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.visible = false;
    this.emit('close');
  }

  /** The user clicks it. */
  click(): void {
    this.emit('click');
  }

  /** The user chooses one of its buttons (macOS, Windows). */
  chooseAction(actionIndex: number): void {
    this.emit('action', { actionIndex, selectionIndex: -1 }, actionIndex);
  }
}

export class TestNotifications implements NotificationPort {
  /** What `isSupported()` answers. */
  supported = true;
  private readonly shownSoFar: TestNotification[] = [];

  isSupported(): boolean {
    return this.supported;
  }

  create(options: NotificationConstructorOptions): TestNotification {
    return new TestNotification(options, (notification) => this.shownSoFar.push(notification));
  }

  /** Every notification shown, oldest first. */
  shown(): readonly TestNotification[] {
    return this.shownSoFar;
  }
}
