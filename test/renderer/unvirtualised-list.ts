/**
 * The benchmark's baseline: the same rows (renderer/history/row.ts), styles, bridge and data as the
 * window, but every matching row is put in the DOM at once, as a list without virtualisation would.
 * It reuses the window's ids and classes so the benchmark drives both pages with the same code.
 */
import type { HistoryFilter } from '../../app/common/models';
import { el } from '../../renderer/dom';
import { createRow, fillRow } from '../../renderer/history/row';

async function show(list: HTMLElement, counts: HTMLElement, filter: HistoryFilter): Promise<void> {
  const result = await window.clay.history.query({ ...filter, offset: 0, limit: Number.MAX_SAFE_INTEGER });
  if (!result.ok) throw new Error(result.error.message);
  const { items, total, unread } = result.value;
  const ctx = { total, selectedKey: null, activeIndex: -1, checked: new Set<string>(), siteName: () => null, now: new Date() };
  const rows = items.map((item, index) => {
    const row = createRow();
    fillRow(row, item, index, ctx);
    return row;
  });
  list.replaceChildren(...rows);
  counts.textContent = `${total.toLocaleString('en')} events · ${unread.toLocaleString('en')} unread`;
}

function main(): void {
  const search = el('input', { attrs: { type: 'search', 'aria-label': 'Search' } });
  const counts = el('p', { className: 'counts' });
  const list = el('div', { className: 'vlist', attrs: { id: 'history-list', role: 'listbox', tabindex: '0' } });
  document.body.replaceChildren(
    el('main', { className: 'app-main' }, el('section', { className: 'view view-history' }, el('form', { className: 'filters' }, search), el('div', { className: 'toolbar' }, counts), el('div', { className: 'history-split' }, el('div', { className: 'list-wrap' }, list)))),
  );
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const text = search.value.trim();
      void show(list, counts, text === '' ? {} : { text });
    }
  });
  void show(list, counts, {});
}

main();
