/**
 * The details pane: every field of the selected event, and the raw payload exactly as received,
 * pretty-printed when it is JSON. All of it goes in as text.
 */
import type { Acknowledgement, ClayEvent, HistoryItem, OfflineGap } from '../../app/common/models';
import { t } from '../../app/common/messages/catalog';
import { el, replaceChildren } from '../dom';
import { categoryWords, entryOutcome, fullTime, gapText, siteTimeInWords, streamWords, timeInWords, words } from '../format';
import { fieldList, technicalDetails } from '../technical-details';
import { isAcknowledgeable } from '../../app/common/stream-kinds';

/** Pretty JSON when the payload parses, else the text unchanged: what was received is never lost. */
export function prettyRaw(raw: string): string {
  const trimmed = raw.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return raw;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return raw;
  }
}

export class DetailsPane {
  readonly root: HTMLElement;
  readonly heading = el('h2', { attrs: { tabindex: '-1' }, text: t('details.heading') });
  private readonly body = el('div', { className: 'details-body' });
  readonly actions = el('div', { className: 'details-actions' });

  constructor() {
    this.root = el('section', { className: 'details', attrs: { 'aria-label': t('details.label') } }, this.heading, this.actions, this.body);
    this.show(null, () => null);
  }

  show(item: HistoryItem | null, siteName: (id: string) => string | null): void {
    if (item === null) {
      this.heading.textContent = t('details.heading');
      replaceChildren(this.body, el('p', { className: 'muted', text: t('details.selectPrompt') }));
      return;
    }
    if (item.kind === 'gap') {
      const { gap } = item;
      this.heading.textContent = t('details.offlineHeading');
      replaceChildren(
        this.body,
        el('p', { text: gapText(gap) }),
        fieldList([
          [t('details.stream'), streamWords(gap.stream)],
          [t('details.site'), gap.site === null ? t('details.allSites') : (siteName(gap.site) ?? gap.site)],
          [t('details.from'), timeInWords(gap.from)],
          [t('details.to'), timeInWords(gap.to)],
        ]),
        el('p', { className: 'muted', text: gapAdvice(gap) }),
        technicalDetails([
          [t('details.key'), gap.key],
          [t('details.siteId'), gap.site],
          [t('details.fromIso'), gap.from],
          [t('details.toIso'), gap.to],
        ]),
      );
      return;
    }
    const { event } = item;
    this.heading.textContent = t('details.eventHeading', { stream: streamWords(event.stream), category: categoryWords(event.category) });
    const friendly = event.site === null ? null : siteName(event.site);
    replaceChildren(
      this.body,
      outcomeBadge(event),
      fieldList([
        [t('details.stream'), streamWords(event.stream)],
        [t('details.state'), item.read ? t('details.read') : t('details.unread')],
        ...(isAcknowledgeable(event.stream) ? [[t('details.acknowledgement'), acknowledgementWords(item.ack)] as const] : []),
        [t('details.howItArrived'), event.recovered ? t('details.recovered') : t('details.live')],
        [t('details.category'), event.category === null ? t('details.notUnderstood') : categoryWords(event.category)],
        [t('details.detail'), event.detail === null ? null : words(event.detail)],
        [t('details.time'), timeInWords(event.time)],
        [t('details.siteTime'), siteTimeInWords(event.localTime, event.time)],
        [t('details.site'), event.site === null ? null : (friendly ?? event.site)],
        [t('details.siteReference'), event.siteName],
        [t('details.lock'), event.lock.name ?? event.lock.id],
        [t('details.person'), event.person ?? null],
        [t('details.accessBy'), event.accessBy === null ? null : words(event.accessBy)],
        [t('details.credential'), event.credential == null ? null : t('details.tag', { tag: event.credential })],
        [t('details.leaving'), exitWords(event.exitRequested)],
        [t('details.iq'), event.iq?.name ?? null],
        [t('details.received'), timeInWords(event.receivedAt)],
      ]),
      technicalDetails(
        [
          [t('details.key'), event.key],
          [t('details.eventId'), event.id],
          [t('details.categoryCode'), event.category],
          [t('details.detailCode'), event.detail],
          [t('details.siteId'), event.site],
          [t('details.lockId'), event.lock.id],
          [t('details.accessor'), event.accessor],
          [t('details.accessByCode'), event.accessBy],
          [t('details.iqId'), event.iq?.id ?? null],
          [t('details.timeIso'), event.time],
          [t('details.siteTimeAsSent'), event.localTime],
          [t('details.receivedIso'), event.receivedAt],
        ],
        el('h3', { text: t('details.rawPayload') }),
        el('pre', { className: 'raw', attrs: { tabindex: '0', 'aria-label': t('details.rawPayload') }, text: prettyRaw(event.raw) }),
      ),
    );
  }
}

/** "Acknowledged by anna on 28 Nov 2026 09:30:12: Guard sent" or "Needs acknowledgement". */
export function acknowledgementWords(ack: Acknowledgement | null): string {
  if (ack === null) return t('ack.needed');
  const by = { by: ack.by, time: fullTime(ack.at) };
  return ack.note === null ? t('ack.by', by) : t('ack.byWithNote', { ...by, note: ack.note });
}

function gapAdvice(gap: OfflineGap): string {
  const state = gap.recovery?.state;
  if (state === 'done') return t('gap.adviceDone');
  if (state === 'checking') return t('gap.adviceChecking');
  return t('gap.adviceMissing');
}

/** Granted and rejected differ by a mark and words as well as colour: "✕ Entry rejected: …". */
function outcomeBadge(event: ClayEvent): HTMLElement | null {
  const outcome = entryOutcome(event);
  if (outcome === null) return null;
  return el(
    'p',
    { className: `outcome outcome-${outcome}` },
    el('span', { className: 'outcome-mark', attrs: { 'aria-hidden': 'true' }, text: outcome === 'rejected' ? '✕' : '✓' }),
    ' ',
    t(outcome === 'rejected' ? 'details.rejected' : 'details.granted'),
  );
}

function exitWords(exitRequested: boolean | null | undefined): string | null {
  if (exitRequested === true) return t('details.leavingYes');
  if (exitRequested === false) return t('details.leavingNo');
  return null;
}
