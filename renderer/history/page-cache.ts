/**
 * The history list's window onto main: pages fetched on demand as the user scrolls, kept in a small
 * LRU so scrolling back is instant and memory stays bounded however long the history is.
 * A generation counter drops answers that arrive after the filter changed.
 */
import type { HistoryItem, HistoryPage } from '../../app/common/models';
import type { Result } from '../../app/common/result';

export type PageFetcher = (offset: number, limit: number) => Promise<Result<HistoryPage>>;

export interface PageCacheEvents {
  /** Rows arrived or the total changed: re-render what is visible. */
  readonly onUpdate: () => void;
  readonly onError: (message: string) => void;
}

export class PageCache {
  private readonly pages = new Map<number, HistoryItem[]>();
  private readonly inflight = new Set<number>();
  private generation = 0;
  total = 0;
  unread = 0;

  constructor(
    private readonly fetchPage: PageFetcher,
    private readonly events: PageCacheEvents,
    readonly pageSize = 200,
    private readonly maxPages = 40,
  ) {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`Page size must be a positive integer, got ${pageSize}.`);
  }

  item(index: number): HistoryItem | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Fetches whatever pages of [from, to) are missing; resolves when they are in (or failed). */
  async ensure(from: number, to: number): Promise<void> {
    const last = Math.min(to, this.total) - 1;
    if (last < from) return;
    const wanted: number[] = [];
    for (let page = Math.floor(Math.max(0, from) / this.pageSize); page <= Math.floor(last / this.pageSize); page += 1) {
      const cached = this.pages.get(page);
      if (cached !== undefined) {
        // Touch for LRU order.
        this.pages.delete(page);
        this.pages.set(page, cached);
      } else if (!this.inflight.has(page)) wanted.push(page);
    }
    await Promise.all(wanted.map((page) => this.load(page, this.generation)));
  }

  /** Drops every page and fetches the first one again: the filter changed or main said so. */
  async reload(): Promise<Result<HistoryPage>> {
    this.generation += 1;
    this.pages.clear();
    this.inflight.clear();
    return this.load(0, this.generation);
  }

  /** Applies a local change (e.g. marked read) to cached rows without a round trip. */
  patch(update: (item: HistoryItem) => HistoryItem): void {
    for (const items of this.pages.values()) {
      for (let i = 0; i < items.length; i += 1) items[i] = update(items[i] as HistoryItem);
    }
    this.events.onUpdate();
  }

  indexOfKey(key: string): number | null {
    for (const [page, items] of this.pages) {
      const at = items.findIndex((item) => itemKey(item) === key);
      if (at >= 0) return page * this.pageSize + at;
    }
    return null;
  }

  private async load(page: number, generation: number): Promise<Result<HistoryPage>> {
    this.inflight.add(page);
    const result = await this.fetchPage(page * this.pageSize, this.pageSize);
    if (generation !== this.generation) return result;
    this.inflight.delete(page);
    if (!result.ok) {
      this.events.onError(result.error.message);
      return result;
    }
    this.pages.set(page, [...result.value.items]);
    this.total = result.value.total;
    this.unread = result.value.unread;
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined || oldest === page) break;
      this.pages.delete(oldest);
    }
    this.events.onUpdate();
    return result;
  }
}

export function itemKey(item: HistoryItem): string {
  return item.kind === 'event' ? item.event.key : item.gap.key;
}
