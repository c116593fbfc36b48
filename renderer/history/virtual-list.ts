/**
 * A fixed-row-height virtual list: the DOM holds only the rows in view plus a small overscan, so a
 * 100,000-event history costs the same to scroll as a 50-event one. Rows are recycled from a pool
 * and positioned with CSSOM transforms (allowed by the CSP, unlike style attributes).
 */
import { el } from '../dom';

export interface VirtualListOptions {
  readonly rowHeight: number;
  readonly overscan: number;
  readonly createRow: () => HTMLElement;
  readonly renderRow: (row: HTMLElement, index: number) => void;
  /**
   * After each render: the rows now needed (including overscan), so the owner can fetch their
   * pages, and the scroll offset read before any DOM write, so the owner never forces a layout.
   */
  readonly onRender: (from: number, to: number, scrollTop: number) => void;
}

export class VirtualList {
  readonly viewport: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private count = 0;
  private height = 0;

  constructor(private readonly options: VirtualListOptions) {
    this.canvas = el('div', { className: 'vlist-canvas' });
    this.viewport = el('div', { className: 'vlist' }, this.canvas);
    this.viewport.addEventListener('scroll', () => this.render(), { passive: true });
    new ResizeObserver(() => {
      this.height = this.viewport.clientHeight;
      this.render();
    }).observe(this.viewport);
  }

  get rowCount(): number {
    return this.count;
  }

  setCount(count: number): void {
    this.count = count;
    this.canvas.style.height = `${count * this.options.rowHeight}px`;
    this.render();
  }

  get scrollTop(): number {
    return this.viewport.scrollTop;
  }

  set scrollTop(value: number) {
    this.viewport.scrollTop = value;
    this.render();
  }

  /** The first row whose top is at or below the viewport's top edge. */
  get firstVisible(): number {
    return Math.floor(this.viewport.scrollTop / this.options.rowHeight);
  }

  get visibleRows(): number {
    return Math.max(1, Math.floor((this.height || this.viewport.clientHeight) / this.options.rowHeight));
  }

  /** Scrolls the least needed to show `index`. */
  reveal(index: number): void {
    const { rowHeight } = this.options;
    const top = index * rowHeight;
    const viewHeight = this.height || this.viewport.clientHeight;
    if (top < this.viewport.scrollTop) this.scrollTop = top;
    else if (top + rowHeight > this.viewport.scrollTop + viewHeight) this.scrollTop = top + rowHeight - viewHeight;
    else this.render();
  }

  rowElement(index: number): HTMLElement | undefined {
    return this.pool.find((row) => row.dataset['index'] === String(index) && row.isConnected);
  }

  render(): void {
    const { rowHeight, overscan } = this.options;
    // Layout is read once, before the writes below; reading it after them would force a reflow.
    const viewHeight = this.height || this.viewport.clientHeight;
    const top = this.viewport.scrollTop;
    const from = Math.max(0, Math.floor(top / rowHeight) - overscan);
    const to = Math.min(this.count, Math.ceil((top + viewHeight) / rowHeight) + overscan);
    const needed = Math.max(0, to - from);
    while (this.pool.length < needed) {
      const row = this.options.createRow();
      this.pool.push(row);
      this.canvas.appendChild(row);
    }
    for (let slot = 0; slot < this.pool.length; slot += 1) {
      const row = this.pool[slot] as HTMLElement;
      const index = from + slot;
      if (slot >= needed) {
        // Detached, not hidden: the DOM holds only rows in view.
        if (row.isConnected) row.remove();
        row.dataset['index'] = '';
        continue;
      }
      if (!row.isConnected) this.canvas.appendChild(row);
      row.dataset['index'] = String(index);
      row.style.transform = `translateY(${index * rowHeight}px)`;
      this.options.renderRow(row, index);
    }
    this.options.onRender(from, to, top);
  }
}
