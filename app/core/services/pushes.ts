/**
 * The core's outgoing events. History additions and status changes are coalesced here so a burst of
 * events is one push to the renderer and tray, and a state change still reaches the tray well within
 * a second. Kept apart from AppCore so the timing rules live in one small place.
 */
import { CONTRACT, type EventChannel, type IpcEventMap } from '../../common/ipc-contract';
import type { HistoryItem, StatusSnapshot } from '../../common/models';
import { Emitter, type Event } from '../../common/event';
import { Batcher } from '../batcher';
import type { Clock, Logger } from '../ports';

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
  private readonly emitter: Emitter<CoreEvent>;
  private readonly adds: Batcher<HistoryItem>;
  private readonly statusChanges: Batcher<void>;
  /** Every push the core makes, in order; one failing listener does not keep it from the others. */
  readonly onDidEmit: Event<CoreEvent>;

  constructor(private readonly options: CorePushesOptions) {
    const { clock, logger } = options;
    this.emitter = new Emitter<CoreEvent>({
      onListenerError: (error) => logger.error('A core event listener failed', { reason: error instanceof Error ? error.message : String(error) }),
    });
    this.onDidEmit = this.emitter.event;
    this.adds = new Batcher<HistoryItem>({
      clock,
      delayMs: HISTORY_PUSH_DELAY_MS,
      maxItems: HISTORY_PUSH_MAX_ITEMS,
      flush: (items, overflowed) => {
        if (overflowed) this.emit({ channel: CONTRACT.history.onDidChange.channel, payload: null });
        else this.emit({ channel: CONTRACT.history.onDidAdd.channel, payload: items });
      },
    });
    this.statusChanges = new Batcher<void>({
      clock,
      delayMs: STATUS_PUSH_DELAY_MS,
      flush: () => {
        if (!this.options.stopped()) this.emit({ channel: CONTRACT.status.onDidChange.channel, payload: this.options.status() });
      },
    });
  }

  historyChanged(): void {
    this.emit({ channel: CONTRACT.history.onDidChange.channel, payload: null });
    this.scheduleStatus();
  }

  queueAdd(item: HistoryItem): void {
    this.adds.add(item);
  }

  scheduleStatus(): void {
    if (!this.options.stopped()) this.statusChanges.add();
  }

  emit(event: CoreEvent): void {
    this.emitter.fire(event);
  }

  /** Pending pushes are dropped on a clean stop. */
  cancelPending(): void {
    this.adds.cancel();
    this.statusChanges.cancel();
  }

  /** The end of a clean stop: nothing pending, nobody listening. */
  dispose(): void {
    this.cancelPending();
    this.emitter.dispose();
  }
}
