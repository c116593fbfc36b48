/**
 * The incidents ticked in the History list for "Acknowledge selected": one click or Space ticks one,
 * shift-click a range from the anchor, Ctrl+A everything on screen. One note goes with all of them.
 */
import type { ClayApi } from '../../app/common/ipc-contract';
import { t } from '../../app/common/messages/catalog';
import { isAcknowledgeable } from '../../app/common/stream-kinds';
import { settle } from '../bridge';
import { button } from '../dom';
import type { AcknowledgeDialog } from './acknowledge-dialog';
import type { PageCache } from './page-cache';
import type { VirtualList } from './virtual-list';

/** Main takes at most this many keys per request (app/common/ipc-schemas.ts LIMITS.keysPerRequest). */
const ACKNOWLEDGE_BATCH = 10_000;

export class IncidentSelection {
  /** Ticked keys; the list's rows read it to draw their boxes. */
  readonly checked = new Set<string>();
  readonly acknowledgeButton = button(t('history.acknowledgeSelected'), () => void this.acknowledge());
  readonly clearButton = button(t('history.clearSelection'), () => this.clear(), 'btn btn-quiet');
  readonly selectVisibleButton = button(t('history.selectVisible'), () => this.checkVisible());
  /** Where a shift-click range starts. */
  private anchor: number | null = null;

  constructor(
    private readonly clay: ClayApi,
    private readonly dialog: AcknowledgeDialog,
    private readonly cache: PageCache,
    /** The list whose rows show the boxes (built after the selection, which its rows read). */
    private readonly list: () => VirtualList,
    private readonly say: (text: string) => void,
  ) {
    this.update();
  }

  get hasAnchor(): boolean {
    return this.anchor !== null;
  }

  /** Ticks or unticks one incident, or with `range` every incident from the anchor to here, like the anchor's new state. */
  toggle(index: number, range: boolean): void {
    const key = this.checkableKey(index);
    const on = key === null ? true : !this.checked.has(key);
    if (range && this.anchor !== null) {
      const [from, to] = this.anchor <= index ? [this.anchor, index] : [index, this.anchor];
      for (let i = from; i <= to; i += 1) this.set(this.checkableKey(i), on);
    } else {
      if (key === null) return this.say(t('history.onlyIncidents'));
      this.set(key, on);
    }
    this.anchor = index;
    this.update();
    this.list().render();
  }

  /** Every incident on screen that needs acknowledgement is ticked. */
  checkVisible(): void {
    const first = this.list().firstVisible;
    const last = Math.min(this.cache.total, first + this.list().visibleRows) - 1;
    for (let i = first; i <= last; i += 1) this.set(this.checkableKey(i), true);
    this.update();
    this.list().render();
    if (this.checked.size === 0) this.say(t('history.noneOnScreen'));
  }

  clear(): void {
    this.checked.clear();
    this.anchor = null;
    this.update();
    this.list().render();
  }

  private set(key: string | null, on: boolean): void {
    if (key === null) return;
    if (on) this.checked.add(key);
    else this.checked.delete(key);
  }

  /** The key of the incident at `index` if it can still be acknowledged, else null. */
  private checkableKey(index: number): string | null {
    const item = this.cache.item(index);
    return item?.kind === 'event' && isAcknowledgeable(item.event.stream) && item.ack === null ? item.event.key : null;
  }

  private update(): void {
    const n = this.checked.size;
    this.acknowledgeButton.disabled = n === 0;
    this.acknowledgeButton.textContent = n === 0 ? t('history.acknowledgeSelected') : t('history.acknowledgeSelectedCount', { count: n });
    this.clearButton.hidden = n === 0;
  }

  /** The ticked incidents, with one note; sent in pieces main accepts. */
  private async acknowledge(): Promise<void> {
    const keys = [...this.checked];
    if (keys.length === 0) return;
    const count = keys.length;
    const note = await this.dialog.ask({
      title: t('ack.manyTitle', { count }),
      text: t('ack.selectedText', { count }),
      confirm: t('ack.manyConfirm', { count }),
    });
    if (note === null) return this.acknowledgeButton.focus();
    let done = 0;
    for (let at = 0; at < keys.length; at += ACKNOWLEDGE_BATCH) {
      const result = await settle(this.clay.history.acknowledge({ keys: keys.slice(at, at + ACKNOWLEDGE_BATCH), note: note === '' ? null : note }));
      if (!result.ok) return this.say(done > 0 ? t('ack.manyFailedPartly', { reason: result.error.message, count: done }) : t('ack.manyFailed', { reason: result.error.message }));
      done += result.value;
    }
    this.clear();
    this.say(t('ack.manyDone', { count: done }));
    this.list().viewport.focus();
  }
}
