/**
 * The core's outgoing events. History additions and status changes are coalesced here so a burst of
 * events is one push to the renderer and tray, and a state change still reaches the tray well within
 * a second. Kept apart from AppCore so the timing rules live in one small place.
 */
import { CONTRACT, type EventChannel, type IpcEventMap } from '../../common/ipc-contract';
import type { HistoryItem, StatusSnapshot } from '../../common/models';
import type { Clock, ClockTimer, Logger } from '../ports';

export type CoreEvent = { [C in EventChannel]: { readonly channel: C; readonly payload: IpcEventMap[C] } }[EventChannel];

/** Status pushes are coalesced over this span: bursts become one push, the tray still updates within a second. */
export const STATUS_PUSH_DELAY_MS = 200;
/** History additions are batched over this span. */
export const HISTORY_PUSH_DELAY_MS = 100;
/** Beyond this many additions in one batch the renderer is told to re-query instead. */
export const HISTORY_PUSH_MAX_ITEMS = 500;

export interface CorePushesOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The snapshot to push when a status change is due. */
  readonly status: () => StatusSnapshot;
  /** Once the core stopped, no status is scheduled or pushed. */
  readonly stopped: () => boolean;
}

export class CorePushes {
  private readonly listeners = new Set<(event: CoreEvent) => void>();
  private pendingAdds: HistoryItem[] = [];
  private addsOverflowed = false;
  private addTimer: ClockTimer | null = null;
  private statusTimer: ClockTimer | null = null;

  constructor(private readonly options: CorePushesOptions) {}

  onDidEmit(listener: (event: CoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Pending pushes are dropped on a clean stop. */
  cancelTimers(): void {
    for (const timer of [this.addTimer, this.statusTimer]) if (timer !== null) this.options.clock.clearTimeout(timer);
    this.addTimer = this.statusTimer = null;
  }

  clearListeners(): void {
    this.listeners.clear();
  }

  historyChanged(): void {
    this.emit({ channel: CONTRACT.history.onDidChange.channel, payload: null });
    this.scheduleStatus();
  }

  queueAdd(item: HistoryItem): void {
    if (this.pendingAdds.length >= HISTORY_PUSH_MAX_ITEMS) this.addsOverflowed = true;
    else this.pendingAdds.push(item);
    if (this.addTimer !== null) return;
    this.addTimer = this.options.clock.setTimeout(() => {
      this.addTimer = null;
      const items = this.pendingAdds;
      const overflowed = this.addsOverflowed;
      this.pendingAdds = [];
      this.addsOverflowed = false;
      if (overflowed) this.emit({ channel: CONTRACT.history.onDidChange.channel, payload: null });
      else this.emit({ channel: CONTRACT.history.onDidAdd.channel, payload: items });
    }, HISTORY_PUSH_DELAY_MS);
  }

  scheduleStatus(): void {
    if (this.options.stopped() || this.statusTimer !== null) return;
    this.statusTimer = this.options.clock.setTimeout(() => {
      this.statusTimer = null;
      if (!this.options.stopped()) this.emit({ channel: CONTRACT.status.onDidChange.channel, payload: this.options.status() });
    }, STATUS_PUSH_DELAY_MS);
  }

  emit(event: CoreEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error('A core event listener failed', { channel: event.channel, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
