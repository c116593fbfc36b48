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
import { DetailsPane } from './details';
import { FilterBar } from './filters';
import { itemKey, PageCache } from './page-cache';
import { createRow, fillRow, ROW_HEIGHT } from './row';
import { VirtualList } from './virtual-list';
import { acknowledgeableCount, isAcknowledgeable } from '../../app/common/stream-kinds';
import { t } from '../../app/common/messages/catalog';

type RefreshReason = 'filter' | 'added' | 'changed';

/** Main takes at most this many keys per request (app/common/ipc-schemas.ts LIMITS.keysPerRequest). */
const ACKNOWLEDGE_BATCH = 10_000;

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
  private readonly acknowledgeCheckedButton: HTMLButtonElement;
  private readonly clearCheckedButton: HTMLButtonElement;
  /** Incidents ticked in the list, for "Acknowledge selected"; the anchor is where a shift-click range starts. */
  private readonly checked = new Set<string>();
  private anchor: number | null = null;
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
    this.list = new VirtualList({
      rowHeight: ROW_HEIGHT,
      overscan: 8,
      createRow,
      renderRow: (row, index) =>
        fillRow(row, this.cache.item(index), index, {
          total: this.cache.total,
          selectedKey: this.selectedKey,
          activeIndex: this.activeIndex,
          checked: this.checked,
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

    this.acknowledgeCheckedButton = button('Acknowledge selected…', () => void this.acknowledgeChecked());
    this.clearCheckedButton = button('Clear selection', () => this.clearChecked(), 'btn btn-quiet');
    this.confirm = this.buildConfirm();
    this.filters = new FilterBar((filter) => {
      this.filter = filter;
      // A selection made under another filter could hold incidents this list no longer shows.
      this.clearChecked();
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
      button('Select all visible', () => this.checkVisible()),
      this.acknowledgeCheckedButton,
      this.clearCheckedButton,
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
    this.updateChecked();
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
      this.toggleChecked(this.activeIndex, event.shiftKey);
    } else if ((event.key === 'a' || event.key === 'A') && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.checkVisible();
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
      this.toggleChecked(index, event.shiftKey);
      this.list.viewport.focus();
      this.activeIndex = index;
      this.syncActiveDescendant();
      return;
    }
    if (event.shiftKey && this.anchor !== null) {
      this.toggleChecked(index, true);
      return;
    }
    this.select(index);
  }

  /** Ticks or unticks one incident, or with `range` every incident from the anchor to here, like the anchor's new state. */
  private toggleChecked(index: number, range: boolean): void {
    const key = this.checkableKey(index);
    const on = key === null ? true : !this.checked.has(key);
    if (range && this.anchor !== null) {
      const [from, to] = this.anchor <= index ? [this.anchor, index] : [index, this.anchor];
      for (let i = from; i <= to; i += 1) this.setChecked(this.checkableKey(i), on);
    } else {
      if (key === null) return this.say('Only incidents that still need acknowledgement can be selected.');
      this.setChecked(key, on);
    }
    this.anchor = index;
    this.updateChecked();
    this.list.render();
  }

  private setChecked(key: string | null, on: boolean): void {
    if (key === null) return;
    if (on) this.checked.add(key);
    else this.checked.delete(key);
  }

  /** The key of the incident at `index` if it can still be acknowledged, else null. */
  private checkableKey(index: number): string | null {
    const item = this.cache.item(index);
    return item?.kind === 'event' && isAcknowledgeable(item.event.stream) && item.ack === null ? item.event.key : null;
  }

  /** Every incident on screen that needs acknowledgement is ticked. */
  private checkVisible(): void {
    const first = this.list.firstVisible;
    const last = Math.min(this.cache.total, first + this.list.visibleRows) - 1;
    for (let i = first; i <= last; i += 1) this.setChecked(this.checkableKey(i), true);
    this.updateChecked();
    this.list.render();
    if (this.checked.size === 0) this.say('No incident on screen needs acknowledgement.');
  }

  private clearChecked(): void {
    this.checked.clear();
    this.anchor = null;
    this.updateChecked();
    this.list.render();
  }

  private updateChecked(): void {
    const n = this.checked.size;
    this.acknowledgeCheckedButton.disabled = n === 0;
    this.acknowledgeCheckedButton.textContent = n === 0 ? 'Acknowledge selected…' : `Acknowledge ${n.toLocaleString('en')} selected…`;
    this.clearCheckedButton.hidden = n === 0;
  }

  /** The ticked incidents, with one note; sent in pieces main accepts (LIMITS.keysPerRequest). */
  private async acknowledgeChecked(): Promise<void> {
    const keys = [...this.checked];
    if (keys.length === 0) return;
    const incidents = acknowledgeableCount(keys.length, keys.length.toLocaleString('en'));
    const note = await this.acknowledgeDialog.ask({
      title: `Acknowledge ${incidents}?`,
      text: `The ${incidents} you selected all get the same note, your name and the time.`,
      confirm: `Acknowledge ${incidents}`,
    });
    if (note === null) return this.acknowledgeCheckedButton.focus();
    let done = 0;
    for (let at = 0; at < keys.length; at += ACKNOWLEDGE_BATCH) {
      const result = await settle(this.clay.history.acknowledge({ keys: keys.slice(at, at + ACKNOWLEDGE_BATCH), note: note === '' ? null : note }));
      if (!result.ok) return this.say(`Could not acknowledge them: ${result.error.message}${done > 0 ? ` (${done.toLocaleString('en')} were acknowledged)` : ''}`);
      done += result.value;
    }
    this.clearChecked();
    this.say(`Acknowledged ${acknowledgeableCount(done, done.toLocaleString('en'))}.`);
    this.list.viewport.focus();
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

  private buildConfirm(): HTMLDialogElement {
    const cancel = button(t('dialog.cancel'), () => dialog.close('cancel'));
    const confirmButton = button(t('history.clearConfirm'), () => dialog.close('clear'), 'btn btn-danger');
    const dialog = el(
      'dialog',
      { className: 'confirm', attrs: { 'aria-labelledby': 'confirm-clear-title', 'aria-describedby': 'confirm-clear-text' } },
      el('h2', { attrs: { id: 'confirm-clear-title' }, text: t('history.clearTitle') }),
      el('p', { attrs: { id: 'confirm-clear-text' }, text: t('history.clearText') }),
      el('div', { className: 'dialog-buttons' }, cancel, confirmButton),
    );
    // showModal focuses the first button: the safe choice, so Enter alone never deletes.
    dialog.addEventListener('close', () => {
      if (dialog.returnValue === 'clear') void this.clearHistory();
      dialog.returnValue = '';
    });
    return dialog;
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
