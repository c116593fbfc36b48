/**
 * The incidents in history nobody has acknowledged yet, and how many of them pass a test (the
 * tray's urgent count: urgent as the alert rules and settings decide). The count is made once per
 * test, then kept as incidents come, are acknowledged and leave, so a status refresh costs nothing;
 * a new test (the settings it reads changed) counts again.
 */
import type { ClayEvent } from '../../common/models';
import { isAcknowledgeable } from '../../common/stream-kinds';
import type { EventEntry } from './history-entries';

export type IncidentTest = (event: ClayEvent) => boolean;

export class UnacknowledgedIncidents {
  private readonly open = new Set<EventEntry>();
  private counted: { readonly test: IncidentTest; count: number } | null = null;

  /** How many open incidents pass `test`; pass the same function while its answers stay the same. */
  countWhere(test: IncidentTest): number {
    if (this.counted?.test !== test) {
      let count = 0;
      for (const entry of this.open) if (test(entry.event)) count += 1;
      this.counted = { test, count };
    }
    return this.counted.count;
  }

  /** An entry came into history: counted if it is an incident nobody acknowledged. */
  added(entry: EventEntry): void {
    if (!isAcknowledgeable(entry.event.stream) || entry.ack !== null || this.open.has(entry)) return;
    this.open.add(entry);
    this.recount(entry, 1);
  }

  /** An entry is being acknowledged or left history. */
  removed(entry: EventEntry): void {
    if (this.open.delete(entry)) this.recount(entry, -1);
  }

  clear(): void {
    this.open.clear();
    this.counted = null;
  }

  private recount(entry: EventEntry, delta: 1 | -1): void {
    if (this.counted !== null && this.counted.test(entry.event)) this.counted.count += delta;
  }
}
