/**
 * One history row. Built once per pooled element and refilled as the list scrolls; every value is
 * set through textContent, so a payload full of markup stays text.
 */
import type { HistoryItem } from '../../app/common/models';
import { t } from '../../app/common/messages/catalog';
import { isAcknowledgeable } from '../../app/common/stream-kinds';
import { el } from '../dom';
import { entryOutcome, eventSummary, gapText, shortTime, streamWords } from '../format';

export const ROW_HEIGHT = 36;

export interface RowContext {
  readonly total: number;
  readonly selectedKey: string | null;
  readonly activeIndex: number;
  /** Incidents ticked for "Acknowledge selected". */
  readonly checked: ReadonlySet<string>;
  /** The friendly name from Settings, if the user gave one. */
  readonly siteName: (id: string) => string | null;
  readonly now: Date;
}

export function createRow(): HTMLElement {
  return el(
    'div',
    { className: 'row', attrs: { role: 'option', 'aria-selected': 'false' } },
    // Out of the tab order: the list is one tab stop, and Space ticks the active row.
    el('input', { className: 'row-check', attrs: { type: 'checkbox', tabindex: '-1' } }),
    el('span', { className: 'row-unread', attrs: { 'aria-hidden': 'true' } }),
    el('span', { className: 'row-kind' }),
    el('span', { className: 'row-time' }),
    el('span', { className: 'row-summary' }),
    el('span', { className: 'row-place' }),
  );
}

function setText(node: ChildNode | null | undefined, text: string): void {
  if (node && node.textContent !== text) node.textContent = text;
}

export function fillRow(row: HTMLElement, item: HistoryItem | undefined, index: number, ctx: RowContext): void {
  const [checkNode, , kind, time, summary, place] = Array.from(row.children);
  const check = checkNode as HTMLInputElement;
  row.id = `history-row-${index}`;
  row.setAttribute('aria-posinset', String(index + 1));
  row.setAttribute('aria-setsize', String(ctx.total));

  if (item === undefined) {
    row.className = `row is-loading${index === ctx.activeIndex ? ' is-active' : ''}`;
    row.setAttribute('aria-selected', 'false');
    row.setAttribute('aria-label', t('row.loading'));
    setCheck(check, null, false);
    setText(kind, '');
    setText(time, '');
    setText(summary, t('row.loadingText'));
    setText(place, '');
    return;
  }

  if (item.kind === 'gap') {
    const text = gapText(item.gap, ctx.now);
    const where = item.gap.site === null ? '' : (ctx.siteName(item.gap.site) ?? item.gap.site);
    row.className = `row is-gap${index === ctx.activeIndex ? ' is-active' : ''}`;
    row.setAttribute('aria-selected', String(ctx.selectedKey === item.gap.key));
    row.setAttribute('aria-label', where ? t('row.gapLabelAt', { text, where }) : t('row.gapLabel', { text }));
    setCheck(check, null, false);
    setText(kind, t('row.gap'));
    setText(time, shortTime(item.gap.to, ctx.now));
    setText(summary, where ? `${text} · ${where}` : text);
    setText(place, '');
    return;
  }

  const { event } = item;
  const selected = ctx.selectedKey === event.key;
  const outcome = entryOutcome(event);
  row.className = [
    'row',
    `is-${event.stream}`,
    outcome === null ? '' : `is-${outcome}`,
    item.read ? 'is-read' : 'is-unread',
    event.recovered ? 'is-recovered' : '',
    selected ? 'is-selected' : '',
    index === ctx.activeIndex ? 'is-active' : '',
  ].join(' ');
  const siteLabel = (event.site === null ? null : ctx.siteName(event.site)) ?? event.siteName ?? event.site ?? '';
  const where = [event.lock.name ?? event.lock.id, siteLabel].filter((part) => part !== null && part !== '').join(' · ');
  const when = shortTime(event.time ?? event.receivedAt, ctx.now);
  const summaryText = event.recovered ? t('row.recovered', { summary: eventSummary(event) }) : eventSummary(event);
  const what = `${outcome === 'rejected' ? '✕ ' : outcome === 'granted' ? '✓ ' : ''}${summaryText}`;
  row.setAttribute('aria-selected', String(selected));
  const acknowledged = item.ack !== null;
  const checkable = isAcknowledgeable(event.stream) && !acknowledged;
  const checked = checkable && ctx.checked.has(event.key);
  if (checked) row.classList.add('is-checked');
  setCheck(check, checkable ? `Select to acknowledge: ${eventSummary(event)}, ${when}` : null, checked);
  const labelKey = item.read ? (event.recovered ? 'row.labelRecovered' : 'row.label') : event.recovered ? 'row.labelUnreadRecovered' : 'row.labelUnread';
  row.setAttribute(
    'aria-label',
    (checked ? 'Selected, ' : '') + t(labelKey, {
      stream: streamWords(event.stream).toLowerCase(),
      ack: acknowledged ? t('row.acknowledged') : '',
      summary: eventSummary(event),
      where: where ? `, ${where}` : '',
      when,
    }),
  );
  setText(kind, acknowledged ? `${streamWords(event.stream)} ✓` : streamWords(event.stream));
  setText(time, when);
  setText(summary, what);
  setText(place, where);
}

/** Only incidents still waiting for acknowledgement can be ticked; on other rows the box is hidden. */
function setCheck(check: HTMLInputElement, label: string | null, checked: boolean): void {
  check.hidden = label === null;
  check.checked = checked;
  if (label === null) check.removeAttribute('aria-label');
  else if (check.getAttribute('aria-label') !== label) check.setAttribute('aria-label', label);
}
