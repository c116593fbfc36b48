/**
 * The filter bar: stream, site, category, free text (debounced, Enter applies at once), a date range
 * and "unread only". It emits a HistoryFilter only when the inputs make sense; a start date after the
 * end date gets a message and leaves the last good filter in place.
 */
import { knownCategories } from '../../app/common/category-names';
import { STREAM_KINDS } from '../../app/common/stream-kinds';
import type { AcknowledgementFilter, HistoryFilter, StreamKind } from '../../app/common/models';
import type { SiteSetting } from '../../app/common/settings';
import { button, el, field, replaceChildren, showFieldError } from '../dom';
import { categoryWords, streamPlural } from '../format';
import { t } from '../../app/common/messages/catalog';

const SEARCH_DEBOUNCE_MS = 250;

/** Local calendar day → inclusive ISO bounds. */
export function dayBounds(day: string, edge: 'start' | 'end'): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = edge === 'start' ? new Date(y, m - 1, d, 0, 0, 0, 0) : new Date(y, m - 1, d, 23, 59, 59, 999);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

type DatePart = 'day' | 'month' | 'year';

/**
 * How `locale` writes a date in numbers: en-GB "dd/mm/yyyy", en-US "mm/dd/yyyy", de "dd.mm.yyyy".
 * The window's locale is the operating system's (Electron passes it to Chromium), so the filter's
 * dates read the way the user's other programs write them.
 */
export function datePattern(locale: string): { readonly order: readonly DatePart[]; readonly separator: string } {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(new Date(2026, 10, 27));
  const order = parts.map((part) => part.type).filter((type): type is DatePart => type === 'day' || type === 'month' || type === 'year');
  const separator = parts.find((part) => part.type === 'literal')?.value ?? '/';
  return order.length === 3 ? { order, separator } : { order: ['year', 'month', 'day'], separator: '-' };
}

/** The placeholder: "dd/mm/yyyy" in the locale's order, with the catalog's letters. */
export function datePlaceholder(locale: string): string {
  const { order, separator } = datePattern(locale);
  const letters: Readonly<Record<DatePart, string>> = { day: t('filter.dateDay'), month: t('filter.dateMonth'), year: t('filter.dateYear') };
  return order.map((part) => letters[part]).join(separator);
}

/** A typed date in the locale's order (any separator), or year-month-day, as "2026-11-27"; null if not a date. */
export function parseDay(text: string, locale: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const numbers = (iso === null ? trimmed.split(/[^\d]+/).filter((n) => n !== '') : iso.slice(1)).map(Number);
  if (numbers.length !== 3) return null;
  const order: readonly DatePart[] = iso === null ? datePattern(locale).order : ['year', 'month', 'day'];
  const value = (part: DatePart): number => numbers[order.indexOf(part)] ?? Number.NaN;
  let year = value('year');
  if (year < 100) year += 2000;
  const month = value('month');
  const day = value('day');
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export class FilterBar {
  readonly root: HTMLElement;
  private readonly stream = el('select');
  private readonly site = el('select');
  private readonly category = el('select');
  private readonly acknowledgement = el('select');
  private readonly search = el('input', { attrs: { type: 'search', placeholder: t('filter.searchPlaceholder'), autocomplete: 'off', spellcheck: 'false' } });
  private readonly locale = navigator.language;
  private readonly from = this.dateInput();
  private readonly to = this.dateInput();
  private readonly unread = el('input', { attrs: { type: 'checkbox' } });
  private readonly rangeError: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sites: readonly SiteSetting[] = [];
  private extraCategories: readonly string[] = [];

  constructor(private readonly onChange: (filter: HistoryFilter) => void) {
    replaceChildren(
      this.stream,
      el('option', { attrs: { value: '' }, text: t('filter.allStreams') }),
      ...STREAM_KINDS.map((kind) => el('option', { attrs: { value: kind }, text: streamPlural(kind) })),
    );
    replaceChildren(
      this.acknowledgement,
      el('option', { attrs: { value: '' }, text: t('filter.any') }),
      el('option', { attrs: { value: 'needed' }, text: t('ack.needed') }),
      el('option', { attrs: { value: 'done' }, text: t('filter.acknowledged') }),
    );
    this.fillSites();
    this.fillCategories();

    const rangeField = field(t('filter.to'), this.to);
    this.rangeError = rangeField.error;
    const unreadLabel = el('label', { className: 'check' }, this.unread, ` ${t('filter.unreadOnly')}`);
    this.root = el(
      'form',
      { className: 'filters', attrs: { role: 'search', 'aria-label': t('filter.label') } },
      field(t('filter.search'), this.search).root,
      field(t('filter.stream'), this.stream).root,
      field(t('filter.site'), this.site).root,
      field(t('filter.category'), this.category).root,
      field(t('filter.acknowledgement'), this.acknowledgement).root,
      field(t('filter.from'), this.from).root,
      rangeField.root,
      el('div', { className: 'field field-inline' }, unreadLabel),
      el('div', { className: 'field field-inline' }, button(t('filter.clear'), () => this.clear(), 'btn btn-quiet')),
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
    for (const input of [this.from, this.to]) input.addEventListener('input', () => this.onDateInput());
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
    const fromIso = this.bound(this.from, 'start');
    const toIso = this.bound(this.to, 'end');
    this.from.removeAttribute('aria-invalid');
    this.to.removeAttribute('aria-invalid');
    if (fromIso === null || toIso === null) {
      showFieldError(fromIso === null ? this.from : this.to, this.rangeError, t('filter.badDate', { pattern: datePlaceholder(this.locale) }));
      return null;
    }
    if (fromIso !== undefined && toIso !== undefined && fromIso > toIso) {
      showFieldError(this.to, this.rangeError, t('filter.backwards'));
      return null;
    }
    this.from.removeAttribute('aria-invalid');
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

  private dateInput(): HTMLInputElement {
    return el('input', { className: 'date-input', attrs: { type: 'text', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', placeholder: datePlaceholder(this.locale) } });
  }

  /** undefined for an empty field, null for one that is not a date. */
  private bound(input: HTMLInputElement, edge: 'start' | 'end'): string | null | undefined {
    if (input.value.trim() === '') return undefined;
    const day = parseDay(input.value, this.locale);
    return day === null ? null : dayBounds(day, edge);
  }

  /** While typing, a date applies as soon as it is whole; a half-typed one waits for the user to leave the field. */
  private onDateInput(): void {
    clearTimeout(this.timer);
    if ([this.from, this.to].every((input) => input.value.trim() === '' || parseDay(input.value, this.locale) !== null)) {
      this.timer = setTimeout(() => this.apply(), SEARCH_DEBOUNCE_MS);
    }
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
      el('option', { attrs: { value: '' }, text: t('filter.allSites') }),
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
      el('option', { attrs: { value: '' }, text: t('filter.allCategories') }),
      ...[...names].map((name) => el('option', { attrs: { value: name }, text: categoryWords(name) })),
    );
    this.category.value = names.has(chosen) ? chosen : '';
  }
}
