/**
 * The filter bar: stream, site, category, free text (debounced, Enter applies at once), a date range
 * and "unread only". It emits a HistoryFilter only when the inputs make sense; a start date after the
 * end date gets a message and leaves the last good filter in place.
 */
import { knownCategories } from '../../app/common/category-names';
import { STREAM_KINDS, streamTitlePlural } from '../../app/common/stream-kinds';
import type { AcknowledgementFilter, HistoryFilter, StreamKind } from '../../app/common/models';
import type { SiteSetting } from '../../app/common/settings';
import { button, el, field, replaceChildren, showFieldError } from '../dom';
import { categoryWords } from '../format';

const SEARCH_DEBOUNCE_MS = 250;

/** Local calendar day → inclusive ISO bounds. */
export function dayBounds(day: string, edge: 'start' | 'end'): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = edge === 'start' ? new Date(y, m - 1, d, 0, 0, 0, 0) : new Date(y, m - 1, d, 23, 59, 59, 999);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export class FilterBar {
  readonly root: HTMLElement;
  private readonly stream = el('select');
  private readonly site = el('select');
  private readonly category = el('select');
  private readonly acknowledgement = el('select');
  private readonly search = el('input', { attrs: { type: 'search', placeholder: 'Door, site, person, text…', autocomplete: 'off', spellcheck: 'false' } });
  private readonly from = el('input', { attrs: { type: 'date' } });
  private readonly to = el('input', { attrs: { type: 'date' } });
  private readonly unread = el('input', { attrs: { type: 'checkbox' } });
  private readonly rangeError: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sites: readonly SiteSetting[] = [];
  private extraCategories: readonly string[] = [];

  constructor(private readonly onChange: (filter: HistoryFilter) => void) {
    replaceChildren(
      this.stream,
      el('option', { attrs: { value: '' }, text: 'All streams' }),
      ...STREAM_KINDS.map((kind) => el('option', { attrs: { value: kind }, text: streamTitlePlural(kind) })),
    );
    replaceChildren(
      this.acknowledgement,
      el('option', { attrs: { value: '' }, text: 'Any' }),
      el('option', { attrs: { value: 'needed' }, text: 'Needs acknowledgement' }),
      el('option', { attrs: { value: 'done' }, text: 'Acknowledged' }),
    );
    this.fillSites();
    this.fillCategories();

    const rangeField = field('To', this.to);
    this.rangeError = rangeField.error;
    const unreadLabel = el('label', { className: 'check' }, this.unread, ' Unread only');
    this.root = el(
      'form',
      { className: 'filters', attrs: { role: 'search', 'aria-label': 'Filter history' } },
      field('Search', this.search).root,
      field('Stream', this.stream).root,
      field('Site', this.site).root,
      field('Category', this.category).root,
      field('Acknowledgement', this.acknowledgement).root,
      field('From', this.from).root,
      rangeField.root,
      el('div', { className: 'field field-inline' }, unreadLabel),
      el('div', { className: 'field field-inline' }, button('Clear filters', () => this.clear(), 'btn btn-quiet')),
    );
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      this.apply();
    });
    this.search.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.apply(), SEARCH_DEBOUNCE_MS);
    });
    this.search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.apply();
      }
    });
    this.stream.addEventListener('change', () => {
      this.fillCategories();
      this.apply();
    });
    for (const control of [this.site, this.category, this.acknowledgement, this.from, this.to, this.unread]) control.addEventListener('change', () => this.apply());
  }

  setSites(sites: readonly SiteSetting[]): void {
    this.sites = sites;
    this.fillSites();
  }

  /** Categories named in the notification settings, so custom ones can be filtered too. */
  setExtraCategories(categories: readonly string[]): void {
    this.extraCategories = categories;
    this.fillCategories();
  }

  focusSearch(): void {
    this.search.focus();
  }

  current(): HistoryFilter | null {
    const fromIso = this.from.value === '' ? undefined : dayBounds(this.from.value, 'start');
    const toIso = this.to.value === '' ? undefined : dayBounds(this.to.value, 'end');
    if (fromIso === null || toIso === null) {
      showFieldError(this.to, this.rangeError, 'Enter dates as year-month-day.');
      return null;
    }
    if (fromIso !== undefined && toIso !== undefined && fromIso > toIso) {
      showFieldError(this.to, this.rangeError, 'The end date is before the start date.');
      return null;
    }
    showFieldError(this.to, this.rangeError, null);
    const text = this.search.value.trim();
    return {
      ...(this.stream.value === '' ? {} : { streams: [this.stream.value as StreamKind] }),
      ...(this.site.value === '' ? {} : { sites: [this.site.value] }),
      ...(this.category.value === '' ? {} : { categories: [this.category.value] }),
      ...(text === '' ? {} : { text }),
      ...(fromIso === undefined ? {} : { from: fromIso }),
      ...(toIso === undefined ? {} : { to: toIso }),
      ...(this.unread.checked ? { unreadOnly: true } : {}),
      ...(this.acknowledgement.value === '' ? {} : { acknowledgement: this.acknowledgement.value as AcknowledgementFilter }),
    };
  }

  private apply(): void {
    clearTimeout(this.timer);
    const filter = this.current();
    if (filter !== null) this.onChange(filter);
  }

  private clear(): void {
    this.stream.value = '';
    this.site.value = '';
    this.search.value = '';
    this.from.value = '';
    this.to.value = '';
    this.unread.checked = false;
    this.acknowledgement.value = '';
    this.fillCategories();
    this.category.value = '';
    this.apply();
  }

  private fillSites(): void {
    const chosen = this.site.value;
    replaceChildren(
      this.site,
      el('option', { attrs: { value: '' }, text: 'All sites' }),
      ...this.sites.map((site) => el('option', { attrs: { value: site.id }, text: site.name === '' ? site.id : site.name })),
    );
    this.site.value = this.sites.some((site) => site.id === chosen) ? chosen : '';
  }

  private fillCategories(): void {
    const chosen = this.category.value;
    const streams: readonly StreamKind[] = this.stream.value === '' ? STREAM_KINDS : [this.stream.value as StreamKind];
    const names = new Set<string>(streams.flatMap((stream) => knownCategories(stream)));
    if (this.stream.value === '') for (const extra of this.extraCategories) names.add(extra);
    replaceChildren(
      this.category,
      el('option', { attrs: { value: '' }, text: 'All categories' }),
      ...[...names].map((name) => el('option', { attrs: { value: name }, text: categoryWords(name) })),
    );
    this.category.value = names.has(chosen) ? chosen : '';
  }
}
