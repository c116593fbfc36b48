/**
 * The shift handover: since a chosen time (by default the start of this shift, from Settings), the
 * incidents nobody acknowledged, the offline gaps and what recovery made of them, and counts per
 * site and per door. Printable (the print stylesheet shows this view alone), saved as PDF by main
 * (webContents.printToPDF of this page) and exported as CSV or JSON. Event text goes in as text.
 */
import { currentShiftStart, DEFAULT_SHIFT_STARTS, type Handover, type HandoverCount } from '../../app/common/handover';
import type { ClayApi } from '../../app/common/ipc-contract';
import type { ClayEvent, OfflineGap } from '../../app/common/models';
import { acknowledgeableCount, isAcknowledgeable, STREAM_KINDS, streamCount, type StreamKind } from '../../app/common/stream-kinds';
import { settle } from '../bridge';
import { button, el, field, replaceChildren } from '../dom';
import { eventSummary, fullTime, gapOutcome, streamPlural } from '../format';

type HandoverExport = 'csv' | 'json' | 'pdf';

/** Rows of the open-incidents table built per task, so the window keeps answering while a full page fills in. */
const ROWS_PER_TASK = 25;

/** Changes arriving while the view is shown are gathered for this long, then shown at once: each showing walks the whole span in main. */
const REFRESH_DELAY_MS = 2_000;

export class HandoverView {
  readonly root: HTMLElement;
  private readonly since = el('input', { attrs: { type: 'datetime-local', step: '60' } });
  private readonly summary = el('p', { className: 'handover-summary', attrs: { 'aria-live': 'polite' } });
  private readonly message = el('p', { className: 'handover-message', attrs: { role: 'status' } });
  private readonly body = el('div', { className: 'handover-body' });
  private readonly printedAt = el('p', { className: 'print-only handover-printed' });
  private shiftStarts: readonly string[] = DEFAULT_SHIFT_STARTS;
  /** Null while the start follows the shift; set once the user picks a time of their own. */
  private chosen: Date | null = null;
  private visible = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private loading: Promise<void> | null = null;
  /** Which handover the rows being added belong to. */
  private generation = 0;

  constructor(
    private readonly clay: ClayApi,
    private readonly siteName: (id: string) => string | null,
  ) {
    const sinceField = field('Since', this.since, 'Your computer’s local time.');
    this.since.addEventListener('change', () => {
      const at = this.since.value === '' ? null : new Date(this.since.value);
      if (at === null || Number.isNaN(at.getTime())) return;
      this.chosen = at;
      void this.load();
    });
    const form = el(
      'div',
      { className: 'handover-controls no-print', attrs: { role: 'group', 'aria-label': 'Handover span' } },
      sinceField.root,
      button('Start of this shift', () => {
        this.chosen = null;
        void this.load();
      }),
      button('Refresh', () => void this.load()),
    );
    const actions = el(
      'div',
      { className: 'toolbar no-print', attrs: { role: 'toolbar', 'aria-label': 'Handover actions' } },
      button('Print…', () => this.print()),
      button('Save as PDF', () => void this.exportAs('pdf')),
      button('Export CSV', () => void this.exportAs('csv')),
      button('Export JSON', () => void this.exportAs('json')),
    );
    this.root = el(
      'section',
      { className: 'view view-handover', attrs: { 'aria-labelledby': 'handover-title' } },
      el('div', { className: 'handover-head' }, el('h2', { attrs: { id: 'handover-title', tabindex: '-1' }, text: 'Shift handover' }), form, actions),
      this.message,
      el('div', { className: 'handover-scroll' }, this.printedAt, this.summary, this.body),
    );
  }

  start(): void {
    const later = (): void => this.refreshSoon();
    this.clay.history.onDidAdd(later);
    this.clay.history.onDidChange(later);
  }

  setShiftStarts(starts: readonly string[]): void {
    this.shiftStarts = starts;
    if (this.visible && this.chosen === null) void this.load();
  }

  /** Shown: load now (the shift may have turned over since last time); hidden: stop listening. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) void this.load();
  }

  /** The handover since the chosen time, or since the start of the current shift. */
  sinceTime(now: Date = new Date()): Date {
    return this.chosen ?? currentShiftStart(now, this.shiftStarts);
  }

  private refreshSoon(): void {
    if (!this.visible || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.load();
    }, REFRESH_DELAY_MS);
  }

  /** One load at a time; a request while one runs loads again after it. */
  async load(): Promise<void> {
    if (this.loading !== null) {
      await this.loading;
      return this.load();
    }
    this.loading = this.fetchAndShow();
    try {
      await this.loading;
    } finally {
      this.loading = null;
    }
  }

  private async fetchAndShow(): Promise<void> {
    const since = this.sinceTime();
    this.since.value = localInputValue(since);
    const result = await settle(this.clay.handover.get({ since: since.toISOString() }));
    if (!result.ok) {
      this.say(`Could not put the handover together: ${result.error.message}`);
      return;
    }
    this.say('');
    this.show(result.value);
  }

  private show(handover: Handover): void {
    const { totals } = handover;
    this.printedAt.textContent = `Shift handover, printed ${fullTime(new Date().toISOString())}`;
    this.summary.textContent =
      `From ${fullTime(handover.since)} to ${fullTime(handover.until)}: ${acknowledgeableCount(totals.incidents, totals.incidents.toLocaleString('en'))}, ` +
      `${totals.unacknowledged.toLocaleString('en')} not acknowledged; ${otherCount(totals.entries)}; ` +
      `${count(totals.gaps, 'offline gap')}${totals.gapsNotRecovered > 0 ? `, ${totals.gapsNotRecovered.toLocaleString('en')} not recovered` : ''}.`;
    replaceChildren(
      this.body,
      this.unacknowledgedSection(handover),
      this.gapsSection(handover.gaps),
      countsSection('handover-sites', 'Per site', ['Site'], handover.sites, (c) => [this.siteLabel(c)]),
      countsSection('handover-doors', 'Per door', ['Door', 'Site'], handover.doors, (c) => [c.door ?? c.lockId ?? 'Unknown door', this.siteLabel(c)]),
    );
  }

  private unacknowledgedSection(handover: Handover): HTMLElement {
    const total = handover.totals.unacknowledged;
    const events = handover.unacknowledged;
    const row = (event: ClayEvent): HTMLElement =>
      el(
        'tr',
        {},
        el('td', { className: 'num', text: fullTime(event.time ?? event.receivedAt) }),
        el('td', { text: eventSummary(event) }),
        el('td', { text: event.lock.name ?? event.lock.id ?? '' }),
        el('td', { text: (event.site === null ? null : this.siteName(event.site)) ?? event.siteName ?? event.site ?? '' }),
      );
    const list = table('Incidents nobody has acknowledged, newest first', ['Time', 'Incident', 'Door', 'Site'], events.slice(0, ROWS_PER_TASK).map(row));
    this.appendLater(list.querySelector('tbody') as HTMLElement, events.slice(ROWS_PER_TASK), row);
    const more = total > events.length ? el('p', { className: 'muted', text: `Showing the newest ${events.length.toLocaleString('en')} of ${total.toLocaleString('en')}; the CSV and JSON exports list them all.` }) : null;
    return section(
      'handover-open',
      `Not acknowledged (${total.toLocaleString('en')})`,
      total === 0 ? el('p', { className: 'muted', text: 'Every incident in this span has been acknowledged.' }) : list,
      more,
    );
  }

  /**
   * Adds rows a task at a time: a full page of 500 rows built at once held the window for a few
   * hundred milliseconds (`npm run bench`, alarm desk window). A newer handover stops an older fill.
   */
  private appendLater<T>(body: HTMLElement, rest: readonly T[], row: (item: T) => HTMLElement): void {
    const generation = ++this.generation;
    const step = (from: number): void => {
      if (generation !== this.generation || from >= rest.length) return;
      body.append(...rest.slice(from, from + ROWS_PER_TASK).map(row));
      setTimeout(() => step(from + ROWS_PER_TASK), 0);
    };
    setTimeout(() => step(0), 0);
  }

  private gapsSection(gaps: readonly OfflineGap[]): HTMLElement {
    const rows = gaps.map((gap) =>
      el(
        'tr',
        { className: gap.recovery?.state === 'failed' || gap.recovery?.state === 'waiting' || gap.recovery === undefined ? 'is-missing' : '' },
        el('td', { className: 'num', text: `${fullTime(gap.from)} – ${fullTime(gap.to)}` }),
        el('td', { text: streamPlural(gap.stream) }),
        el('td', { text: gap.site === null ? 'All sites' : (this.siteName(gap.site) ?? gap.site) }),
        el('td', { text: gapOutcome(gap) }),
      ),
    );
    return section(
      'handover-gaps',
      `Offline gaps (${gaps.length.toLocaleString('en')})`,
      gaps.length === 0 ? el('p', { className: 'muted', text: 'The app was listening the whole time: no events were missed.' }) : table('Spans in which events were not received, and their recovery', ['Offline', 'Stream', 'Site', 'Recovery'], rows),
    );
  }

  private siteLabel(c: HandoverCount): string {
    if (c.site === null) return c.siteName ?? 'Unknown site';
    return this.siteName(c.site) ?? c.siteName ?? c.site;
  }

  private print(): void {
    this.say('');
    window.print();
  }

  private async exportAs(format: HandoverExport): Promise<void> {
    const since = this.sinceTime().toISOString();
    this.say(`Choose where to save the ${format.toUpperCase()} file…`);
    const result = await settle(this.clay.history.export({ format, handover: { since } }));
    if (!result.ok) return this.say(result.error.code === 'export-busy' ? result.error.message : `Could not save the handover: ${result.error.message}`);
    this.say(result.value.saved ? `Saved the handover to ${result.value.path}.` : 'Not saved.');
  }

  private say(text: string): void {
    this.message.textContent = text;
  }
}

/** "1 entry", "85,714 entries": the kinds nobody acknowledges, in their own words when there is one. */
function otherCount(n: number): string {
  const kinds = STREAM_KINDS.filter((kind) => !isAcknowledgeable(kind));
  const shown = n.toLocaleString('en');
  return kinds.length === 1 ? streamCount(kinds[0] as StreamKind, n, shown) : `${shown} other ${n === 1 ? 'event' : 'events'}`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function section(id: string, title: string, ...content: (HTMLElement | null)[]): HTMLElement {
  return el('section', { className: 'handover-section', attrs: { 'aria-labelledby': id } }, el('h3', { attrs: { id }, text: title }), ...content);
}

function table(caption: string, headers: readonly string[], rows: readonly HTMLElement[]): HTMLElement {
  return el(
    'table',
    { className: 'handover-table' },
    el('caption', { className: 'visually-hidden', text: caption }),
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { attrs: { scope: 'col' }, text: h })))),
    el('tbody', {}, ...rows),
  );
}

function countsSection(id: string, title: string, labels: readonly string[], counts: readonly HandoverCount[], label: (c: HandoverCount) => readonly string[]): HTMLElement {
  const rows = counts.map((c) =>
    el(
      'tr',
      { className: c.unacknowledged > 0 ? 'has-open' : '' },
      ...label(c).map((text) => el('td', { text })),
      el('td', { className: 'num', text: c.incidents.toLocaleString('en') }),
      el('td', { className: 'num', text: c.unacknowledged.toLocaleString('en') }),
      el('td', { className: 'num', text: c.entries.toLocaleString('en') }),
    ),
  );
  return section(
    id,
    title,
    counts.length === 0 ? el('p', { className: 'muted', text: 'No events in this span.' }) : table(`${title}: incidents, not acknowledged and entries`, [...labels, 'Incidents', 'Not acknowledged', 'Entries'], rows),
  );
}

/** "2026-11-28T14:00" on the local clock, what a datetime-local input holds. */
function localInputValue(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
