/**
 * The History view: filters, the virtual list, the details pane and the actions. Live additions
 * never move what the user is reading: when scrolled down, the scroll position shifts by exactly
 * the rows added above it and an "N new" pill offers the way back to the top.
 */
import type { ClayApi, ExportFormat } from '../../app/common/ipc-contract';
import type { HistoryFilter, HistoryItem } from '../../app/common/models';
import { settle } from '../bridge';
import { button, el } from '../dom';
import { AcknowledgeDialog } from './acknowledge-dialog';
import { clearHistoryDialog } from './clear-dialog';
import { DetailsPane } from './details';
import { FilterBar } from './filters';
import { IncidentSelection } from './incident-selection';
import { itemKey, PageCache } from './page-cache';
import { createRow, fillRow, ROW_HEIGHT } from './row';
import { VirtualList } from './virtual-list';
import { isAcknowledgeable } from '../../app/common/stream-kinds';
import { t } from '../../app/common/messages/catalog';

type RefreshReason = 'filter' | 'added' | 'changed';

export class HistoryView {
  readonly root: HTMLElement;
  readonly filters: FilterBar;
  private readonly list: VirtualList;
  private readonly cache: PageCache;
  private readonly details = new DetailsPane();
  private readonly counts = el('p', { className: 'counts', attrs: { 'aria-live': 'polite' } });
  private readonly message = el('p', { className: 'message', attrs: { role: 'status' } });
  private readonly pill: HTMLButtonElement;
  private readonly markReadButton: HTMLButtonElement;
  private readonly acknowledgeButton: HTMLButtonElement;
  private readonly acknowledgeDialog = new AcknowledgeDialog();
  private readonly selection: IncidentSelection;
  private readonly confirm: HTMLDialogElement;
  private filter: HistoryFilter = {};
  private selectedKey: string | null = null;
  private activeIndex = -1;
  private pendingNew = 0;
  private refreshing = false;
  private queued: RefreshReason | null = null;

  constructor(
    private readonly clay: ClayApi,
    private readonly siteName: (id: string) => string | null,
  ) {
    this.cache = new PageCache(
      (offset, limit) => settle(this.clay.history.query({ ...this.filter, offset, limit })),
      { onUpdate: () => this.onPagesUpdated(), onError: (text) => this.say(t('history.loadFailed', { reason: text })) },
    );
    this.selection = new IncidentSelection(this.clay, this.acknowledgeDialog, this.cache, () => this.list, (text) => this.say(text));
    this.list = new VirtualList({
      rowHeight: ROW_HEIGHT,
      overscan: 8,
      createRow,
      renderRow: (row, index) =>
        fillRow(row, this.cache.item(index), index, {
          total: this.cache.total,
          selectedKey: this.selectedKey,
          activeIndex: this.activeIndex,
          checked: this.selection.checked,
          siteName: this.siteName,
          now: new Date(),
        }),
      onRender: (from, to, scrollTop) => {
        void this.cache.ensure(from, to);
        if (scrollTop < ROW_HEIGHT / 2 && this.pendingNew > 0) {
          this.pendingNew = 0;
          this.updatePill();
        }
      },
    });
    const listbox = this.list.viewport;
    listbox.id = 'history-list';
    listbox.setAttribute('role', 'listbox');
    listbox.setAttribute('tabindex', '0');
    listbox.setAttribute('aria-label', t('history.listLabel'));
    listbox.addEventListener('keydown', (event) => this.onListKey(event));
    listbox.addEventListener('click', (event) => this.onListClick(event));

    this.pill = button('', () => {
      this.pendingNew = 0;
      this.updatePill();
      this.list.scrollTop = 0;
      listbox.focus();
    }, 'pill');
    this.pill.hidden = true;

    this.markReadButton = button(t('history.markRead'), () => void this.markSelectedRead());
    this.acknowledgeButton = button(t('history.acknowledge'), () => void this.acknowledgeSelected());
    this.details.actions.append(this.acknowledgeButton, this.markReadButton);
    this.details.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        listbox.focus();
      }
    });

    this.confirm = clearHistoryDialog(() => void this.clearHistory());
    this.filters = new FilterBar((filter) => {
      this.filter = filter;
      // A selection made under another filter could hold incidents this list no longer shows.
      this.selection.clear();
      this.pendingNew = 0;
      this.activeIndex = -1;
      this.list.scrollTop = 0;
      void this.refresh('filter');
    });

    const toolbar = el(
      'div',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': t('history.actions') } },
      this.counts,
      button(t('history.markAllRead'), () => void this.markAllRead()),
      this.selection.selectVisibleButton,
      this.selection.acknowledgeButton,
      this.selection.clearButton,
      button(t('history.acknowledgeShown'), () => void this.acknowledgeShown()),
      button(t('history.exportCsv'), () => void this.exportAs('csv')),
      button(t('history.exportJson'), () => void this.exportAs('json')),
      button(t('history.clear'), () => this.confirm.showModal(), 'btn btn-danger'),
    );
    this.root = el(
      'section',
      { className: 'view view-history', attrs: { 'aria-label': t('tabs.history') } },
      this.filters.root,
      toolbar,
      this.message,
      el('div', { className: 'history-split' }, el('div', { className: 'list-wrap' }, listbox, this.pill), this.details.root),
      this.confirm,
      this.acknowledgeDialog.root,
    );
    this.updateMarkRead();
  }

  start(): void {
    this.clay.history.onDidAdd(() => void this.refresh('added'));
    this.clay.history.onDidChange(() => void this.refresh('changed'));
    this.clay.history.onExportProgress(({ format, written, total }) => {
      if (written < total) this.say(t('history.exporting', { format: format.toUpperCase(), written, count: total }));
    });
    void this.refresh('filter');
  }

  focusList(): void {
    this.list.viewport.focus();
  }

  /** A notification was clicked: show that event whether or not it is in the loaded pages. */
  async reveal(key: string): Promise<void> {
    const result = await settle(this.clay.history.get(key));
    if (!result.ok) return this.say(t('history.openFailed', { reason: result.error.message }));
    if (result.value === null) return this.say(t('history.gone'));
    this.selectedKey = key;
    this.details.show(result.value, this.siteName);
    this.updateMarkRead(result.value);
    const index = this.cache.indexOfKey(key);
    if (index !== null) {
      this.activeIndex = index;
      this.list.reveal(index);
      this.syncActiveDescendant();
    } else this.list.render();
  }

  /** Serialised so that each refresh sees the total the previous one left; bursts coalesce. */
  private async refresh(reason: RefreshReason): Promise<void> {
    if (this.refreshing) {
      // A pending filter change outranks a live addition: its scroll reset must not be lost.
      if (this.queued !== 'filter') this.queued = reason;
      return;
    }
    this.refreshing = true;
    try {
      let next: RefreshReason | null = reason;
      while (next !== null) {
        this.queued = null;
        await this.reloadPages(next);
        next = this.queued;
      }
    } finally {
      this.refreshing = false;
    }
  }

  private async reloadPages(reason: RefreshReason): Promise<void> {
    const before = this.cache.total;
    const result = await this.cache.reload();
    if (!result.ok) return;
    const added = reason === 'added' ? Math.max(0, this.cache.total - before) : 0;
    this.list.setCount(this.cache.total);
    if (added > 0) {
      if (this.activeIndex >= 0) this.activeIndex += added;
      if (this.list.scrollTop > ROW_HEIGHT / 2) {
        this.list.scrollTop += added * ROW_HEIGHT;
        this.pendingNew += added;
      }
    }
    if (this.activeIndex >= this.cache.total) this.activeIndex = this.cache.total - 1;
    this.updatePill();
    this.list.render();
    this.refreshSelection();
  }

  private onPagesUpdated(): void {
    const counts = t('history.counts', { count: this.cache.total, unread: this.cache.unread });
    if (this.counts.textContent !== counts) this.counts.textContent = counts;
    this.list.render();
    this.refreshSelection();
  }

  /** Keeps the details pane in step with the cached copy (read state) and with keyboard moves into unloaded pages. */
  private refreshSelection(): void {
    const item = this.activeIndex >= 0 ? this.cache.item(this.activeIndex) : undefined;
    if (item !== undefined && (this.selectedKey === null || itemKey(item) === this.selectedKey)) {
      this.selectedKey = itemKey(item);
      this.details.show(item, this.siteName);
      this.updateMarkRead(item);
    }
    this.syncActiveDescendant();
  }

  private select(index: number): void {
    if (this.cache.total === 0) return;
    this.activeIndex = Math.max(0, Math.min(this.cache.total - 1, index));
    const item = this.cache.item(this.activeIndex);
    this.selectedKey = item === undefined ? null : itemKey(item);
    if (item !== undefined) {
      this.details.show(item, this.siteName);
      this.updateMarkRead(item);
    }
    this.list.reveal(this.activeIndex);
    this.syncActiveDescendant();
  }

  private syncActiveDescendant(): void {
    const row = this.activeIndex >= 0 ? this.list.rowElement(this.activeIndex) : undefined;
    if (row === undefined) this.list.viewport.removeAttribute('aria-activedescendant');
    else this.list.viewport.setAttribute('aria-activedescendant', row.id);
  }

  private onListKey(event: KeyboardEvent): void {
    const page = Math.max(1, this.list.visibleRows - 1);
    const from = this.activeIndex < 0 ? this.list.firstVisible - 1 : this.activeIndex;
    const moves: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: Math.max(0, from - 1),
      PageDown: from + page,
      PageUp: Math.max(0, from - page),
      Home: 0,
      End: this.cache.total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      this.select(target);
    } else if (event.key === ' ' && this.activeIndex >= 0) {
      event.preventDefault();
      this.selection.toggle(this.activeIndex, event.shiftKey);
    } else if ((event.key === 'a' || event.key === 'A') && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.selection.checkVisible();
    } else if (event.key === 'Enter' && this.selectedKey !== null) {
      event.preventDefault();
      this.details.heading.focus();
    }
  }

  private onListClick(event: MouseEvent): void {
    const target = event.target as Element | null;
    const row = target?.closest<HTMLElement>('.row');
    const index = Number(row?.dataset['index']);
    if (!row || !Number.isInteger(index) || row.dataset['index'] === '') return;
    if (target instanceof HTMLInputElement && target.classList.contains('row-check')) {
      // The box has toggled itself already, to the state the set now takes (render then agrees).
      this.selection.toggle(index, event.shiftKey);
      this.list.viewport.focus();
      this.activeIndex = index;
      this.syncActiveDescendant();
      return;
    }
    if (event.shiftKey && this.selection.hasAnchor) {
      this.selection.toggle(index, true);
      return;
    }
    this.select(index);
  }

  private selectedItem(): HistoryItem | undefined {
    const item = this.activeIndex >= 0 ? this.cache.item(this.activeIndex) : undefined;
    return item !== undefined && itemKey(item) === this.selectedKey ? item : undefined;
  }

  private updateMarkRead(item: HistoryItem | undefined = this.selectedItem()): void {
    const unread = item?.kind === 'event' && !item.read;
    this.markReadButton.disabled = !unread;
    this.markReadButton.hidden = item?.kind !== 'event';
    const incident = item?.kind === 'event' && isAcknowledgeable(item.event.stream);
    this.acknowledgeButton.hidden = !incident;
    this.acknowledgeButton.disabled = !(incident && item.ack === null);
  }

  private async acknowledgeSelected(): Promise<void> {
    const key = this.selectedKey;
    if (key === null) return;
    const note = await this.acknowledgeDialog.ask({
      title: t('ack.oneTitle'),
      text: t('ack.oneText'),
      confirm: t('ack.oneConfirm'),
    });
    if (note === null) return this.acknowledgeButton.focus();
    const result = await settle(this.clay.history.acknowledge({ keys: [key], note: note === '' ? null : note }));
    if (!result.ok) return this.say(t('ack.oneFailed', { reason: result.error.message }));
    this.say(t(result.value === 1 ? 'ack.done' : 'ack.already'));
    const current = await settle(this.clay.history.get(key));
    if (current.ok && current.value !== null && this.selectedKey === key) {
      this.details.show(current.value, this.siteName);
      this.updateMarkRead(current.value);
      this.details.heading.focus();
    }
  }

  /** Every incident the list shows now (its filter) that still needs acknowledging, with one note. */
  private async acknowledgeShown(): Promise<void> {
    const filter = this.filter;
    if (filter.acknowledgement === 'done') return this.say(t('ack.nothing'));
    const pending = await settle(this.clay.history.query({ ...filter, acknowledgement: 'needed', offset: 0, limit: 1 }));
    if (!pending.ok) return this.say(t('ack.countFailed', { reason: pending.error.message }));
    const count = pending.value.total;
    if (count === 0) return this.say(t('ack.nothing'));
    const note = await this.acknowledgeDialog.ask({
      title: t('ack.manyTitle', { count }),
      text: t('ack.manyText', { count }),
      confirm: t('ack.manyConfirm', { count }),
    });
    if (note === null) return;
    const result = await settle(this.clay.history.acknowledge({ filter, note: note === '' ? null : note }));
    if (!result.ok) return this.say(t('ack.manyFailed', { reason: result.error.message }));
    this.say(t('ack.manyDone', { count: result.value }));
  }

  private async markSelectedRead(): Promise<void> {
    const key = this.selectedKey;
    if (key === null) return;
    // Taken now: main's change push can arrive before its answer and disable the button first.
    const hadFocus = document.activeElement === this.markReadButton;
    const result = await settle(this.clay.history.markRead([key]));
    if (!result.ok) return this.say(t('history.markReadFailed', { reason: result.error.message }));
    this.cache.unread = Math.max(0, this.cache.unread - result.value);
    this.cache.patch((item) => (item.kind === 'event' && item.event.key === key ? { ...item, read: true } : item));
    const current = await settle(this.clay.history.get(key));
    if (current.ok && current.value !== null && this.selectedKey === key) {
      this.details.show(current.value, this.siteName);
      this.updateMarkRead(current.value);
      // A disabled button drops focus to <body>; keep the keyboard user where they were.
      const lost = document.activeElement === this.markReadButton || document.activeElement === document.body;
      if (hadFocus && lost) this.details.heading.focus();
    }
  }

  private async markAllRead(): Promise<void> {
    const result = await settle(this.clay.history.markAllRead());
    if (!result.ok) return this.say(t('history.markAllReadFailed', { reason: result.error.message }));
    this.cache.unread = 0;
    this.cache.patch((item) => (item.kind === 'event' && !item.read ? { ...item, read: true } : item));
    this.say(t('history.markedRead', { count: result.value }));
  }

  private async exportAs(format: ExportFormat): Promise<void> {
    this.say(t('history.chooseFile', { format: format.toUpperCase() }));
    const result = await settle(this.clay.history.export({ format, filter: this.filter }));
    if (!result.ok) return this.say(result.error.code === 'export-busy' ? result.error.message : t('history.exportFailed', { reason: result.error.message }));
    const outcome = result.value;
    this.say(outcome.saved ? t('history.saved', { count: outcome.count, path: outcome.path }) : t('history.exportCancelled'));
  }

  private async clearHistory(): Promise<void> {
    const result = await settle(this.clay.history.clear());
    if (!result.ok) return this.say(t('history.clearFailed', { reason: result.error.message }));
    this.selectedKey = null;
    this.activeIndex = -1;
    this.details.show(null, this.siteName);
    this.updateMarkRead();
    this.say(t('history.deleted', { count: result.value }));
    await this.refresh('changed');
  }

  private updatePill(): void {
    this.pill.hidden = this.pendingNew === 0;
    this.pill.textContent = t('history.pill', { count: this.pendingNew });
    this.pill.setAttribute('aria-label', t('history.pillLabel', { count: this.pendingNew }));
  }

  private say(text: string): void {
    this.message.textContent = text;
  }
}
