/**
 * The details pane: every field of the selected event, and the raw payload exactly as received,
 * pretty-printed when it is JSON. All of it goes in as text.
 */
import type { Acknowledgement, ClayEvent, HistoryItem, OfflineGap } from '../../app/common/models';
import { el, replaceChildren } from '../dom';
import { categoryWords, entryOutcome, fullTime, gapText, streamWords, words } from '../format';
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
  readonly heading = el('h2', { attrs: { tabindex: '-1' }, text: 'Details' });
  private readonly body = el('div', { className: 'details-body' });
  readonly actions = el('div', { className: 'details-actions' });

  constructor() {
    this.root = el('section', { className: 'details', attrs: { 'aria-label': 'Event details' } }, this.heading, this.actions, this.body);
    this.show(null, () => null);
  }

  show(item: HistoryItem | null, siteName: (id: string) => string | null): void {
    if (item === null) {
      this.heading.textContent = 'Details';
      replaceChildren(this.body, el('p', { className: 'muted', text: 'Select an event to see everything that was received.' }));
      return;
    }
    if (item.kind === 'gap') {
      const { gap } = item;
      this.heading.textContent = 'Offline';
      replaceChildren(
        this.body,
        el('p', { text: gapText(gap) }),
        list([
          ['Stream', streamWords(gap.stream)],
          ['Site', gap.site === null ? 'All sites' : `${siteName(gap.site) ?? gap.site} (${gap.site})`],
          ['From', fullTime(gap.from)],
          ['To', fullTime(gap.to)],
        ]),
        el('p', { className: 'muted', text: gapAdvice(gap) }),
      );
      return;
    }
    const { event } = item;
    this.heading.textContent = `${streamWords(event.stream)}: ${categoryWords(event.category)}`;
    const friendly = event.site === null ? null : siteName(event.site);
    replaceChildren(
      this.body,
      list([
        ['Stream', streamWords(event.stream)],
        ['Outcome', outcomeWords(event)],
        ['State', item.read ? 'Read' : 'Unread'],
        ...(isAcknowledgeable(event.stream) ? [['Acknowledgement', acknowledgementWords(item.ack)] as const] : []),
        ['How it arrived', event.recovered ? 'Recovered from the Core REST API after the app was offline' : 'Received live'],
        ['Category', event.category === null ? 'Not understood (see the raw payload)' : `${categoryWords(event.category)} (${event.category})`],
        ['Detail', event.detail === null ? null : `${words(event.detail)} (${event.detail})`],
        ['Time', event.time === null ? null : `${fullTime(event.time)} (${event.time})`],
        ['Local time at the site', event.localTime],
        ['Site', event.site === null ? null : friendly === null ? event.site : `${friendly} (${event.site})`],
        ['Site reference', event.siteName],
        ['Lock', event.lock.name],
        ['Lock id', event.lock.id],
        ['Person', event.person ?? null],
        ['Accessor', event.accessor],
        ['Access by', event.accessBy === null ? null : `${words(event.accessBy)} (${event.accessBy})`],
        ['Credential', event.credential == null ? null : `Tag ${event.credential}`],
        ['Leaving', exitWords(event.exitRequested)],
        ['IQ', event.iq?.name ?? null],
        ['IQ id', event.iq?.id ?? null],
        ['Event id', event.id],
        ['Received', `${fullTime(event.receivedAt)} (${event.receivedAt})`],
        ['Key', event.key],
      ]),
      el('h3', { text: 'Raw payload' }),
      el('pre', { className: 'raw', attrs: { tabindex: '0', 'aria-label': 'Raw payload' }, text: prettyRaw(event.raw) }),
    );
  }
}

/** "Acknowledged by anna on 28 Nov 2026 09:30:12: Guard sent" or "Needs acknowledgement". */
export function acknowledgementWords(ack: Acknowledgement | null): string {
  if (ack === null) return 'Needs acknowledgement';
  return `Acknowledged by ${ack.by} on ${fullTime(ack.at)}${ack.note === null ? '' : `: ${ack.note}`}`;
}

function gapAdvice(gap: OfflineGap): string {
  const state = gap.recovery?.state;
  if (state === 'done') return 'Recovered events are in the list, marked "recovered".';
  if (state === 'checking') return 'The Core REST API lags behind the live stream, so the app asks again after 1 and 5 minutes.';
  return 'Events missed in this span are not in the list; check the SALTO KS portal for it.';
}

function outcomeWords(event: ClayEvent): string | null {
  const outcome = entryOutcome(event);
  return outcome === 'rejected' ? '✕ Entry rejected: the door stayed locked' : outcome === 'granted' ? '✓ Entry granted: the door opened' : null;
}

function exitWords(exitRequested: boolean | null | undefined): string | null {
  if (exitRequested === true) return 'Yes: opened from inside to leave';
  if (exitRequested === false) return 'No';
  return null;
}

function list(rows: readonly (readonly [string, string | null])[]): HTMLElement {
  const dl = el('dl', { className: 'fields' });
  for (const [name, value] of rows) {
    dl.append(el('dt', { text: name }), el('dd', { className: value === null ? 'muted' : '', text: value ?? '—' }));
  }
  return dl;
}
