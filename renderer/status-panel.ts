/**
 * Connection status, always on screen: one line per subscription in words (state, next retry, last
 * error, last event) and "Reconnect now". When main is not connecting at all (nothing set up yet,
 * a bad address), that reason and a way to Settings take their place, so a new user sees what to
 * do rather than a bare "stopped". What went wrong at start-up (a settings field reset, history or
 * secrets that could not be opened, where the bad file was copied) is listed above it until quit.
 * Relative retry times tick once a second only while a retry is pending.
 */
import type { ClayApi } from '../app/common/ipc-contract';
import { t } from '../app/common/messages/catalog';
import type { AggregatePhase, StatusSnapshot, SubscriptionState } from '../app/common/models';
import { assertNever } from '../app/common/result';
import { settle } from './bridge';
import { button, el, replaceChildren } from './dom';
import { connectionErrorWords, phaseWord, shortTime, streamPlural, subscriptionName, subscriptionState } from './format';
import { technicalDetails } from './technical-details';

export function aggregateWords(phase: AggregatePhase): string {
  switch (phase) {
    case 'connected':
      return t('footer.connected');
    case 'connecting':
      return t('footer.connecting');
    case 'offline':
      return t('footer.offline');
    case 'auth-failed':
      return t('footer.authFailed');
    case 'stopped':
      // Main reports why it is not connecting as a setup problem; stopped without one is start-up.
      return t('footer.starting');
    default:
      return assertNever(phase, 'aggregate phase');
  }
}

/**
 * The footer's headline from the subscriptions themselves: "Connected" when all are, "Connected
 * (1 of 2) · Entries reconnecting" when some are, and what each of the others is doing otherwise.
 * Never "Connecting" while a stream is connected: the tray's worst-of phase would say so.
 */
export function statusHeadline(snapshot: StatusSnapshot, siteName: (id: string) => string | null): string {
  if (snapshot.setupProblem !== null) return t('footer.notConnecting');
  const subs = snapshot.subscriptions;
  if (subs.length === 0) return aggregateWords(snapshot.aggregate);
  const connected = subs.filter((sub) => sub.status.phase === 'connected').length;
  if (connected === subs.length) return t('footer.connected');
  // One subscription per stream is the common case: "Entries"; several sites need the site too.
  const perStream = new Set(subs.map((sub) => sub.stream)).size === subs.length;
  const name = (sub: SubscriptionState): string => (perStream ? streamPlural(sub.stream) : subscriptionName(sub, siteName));
  const others = subs
    .filter((sub) => sub.status.phase !== 'connected')
    .map((sub) => t('footer.subscriptionPhase', { name: name(sub), phase: phaseWord(sub.status.phase) }))
    .join(' · ');
  return connected === 0 ? others : t('footer.someConnected', { connected, total: subs.length, others });
}

export class StatusPanel {
  readonly root: HTMLElement;
  private readonly summary = el('p', { className: 'status-summary' });
  private readonly lines = el('ul', { className: 'status-lines' });
  private readonly note = el('p', { className: 'status-note', attrs: { role: 'status' } });
  private readonly problemText = el('p', { className: 'status-problem-text', attrs: { role: 'status' } });
  private readonly problem: HTMLElement;
  private readonly notices = el('ul', { className: 'startup-notices', attrs: { 'aria-label': t('footer.startupProblems') } });
  private readonly reconnectButton: HTMLButtonElement;
  private snapshot: StatusSnapshot | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly clay: ClayApi,
    private readonly siteName: (id: string) => string | null,
    openSettings: () => void,
  ) {
    this.reconnectButton = button(t('footer.reconnectNow'), () => void this.reconnect());
    this.problem = el('div', { className: 'status-problem' }, this.problemText, button(t('footer.openSettings'), openSettings));
    this.problem.hidden = true;
    this.notices.hidden = true;
    this.root = el(
      'section',
      { className: 'status', attrs: { 'aria-label': t('footer.label') } },
      this.notices,
      el('div', { className: 'status-head' }, this.summary, this.reconnectButton, this.note),
      this.problem,
      this.lines,
    );
    this.summary.textContent = t('footer.asking');
  }

  show(snapshot: StatusSnapshot): void {
    this.snapshot = snapshot;
    this.render();
    const retrying = snapshot.subscriptions.some((sub) => 'nextRetryAt' in sub.status && sub.status.nextRetryAt !== null);
    if (retrying && this.ticker === undefined) this.ticker = setInterval(() => this.render(), 1000);
    if (!retrying && this.ticker !== undefined) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private render(): void {
    const snapshot = this.snapshot;
    if (snapshot === null) return;
    const now = new Date();
    this.root.dataset['phase'] = snapshot.aggregate;
    const paused = snapshot.paused === null ? '' : snapshot.paused.until === null ? t('footer.pausedUntilResumed') : t('footer.pausedUntil', { time: shortTime(snapshot.paused.until, now) });
    const last = snapshot.lastEvent === null ? '' : t('footer.lastEvent', { time: shortTime(snapshot.lastEvent.time ?? snapshot.lastEvent.receivedAt, now) });
    const problem = snapshot.setupProblem;
    this.summary.textContent = `${statusHeadline(snapshot, this.siteName)}${last}${paused}`;
    // Reconnecting cannot help until the setup is fixed; main would only refuse with the same reason.
    this.reconnectButton.hidden = problem !== null;
    this.problem.hidden = problem === null;
    this.problemText.textContent = problem ?? '';
    this.notices.hidden = snapshot.startupNotices.length === 0;
    replaceChildren(this.notices, ...snapshot.startupNotices.map((notice) => el('li', { className: 'startup-notice', text: notice })));
    // An open "Technical details" stays open across the once-a-second refresh.
    const open = new Set(Array.from(this.lines.querySelectorAll<HTMLDetailsElement>('details[open]'), (node) => node.dataset['sub']));
    replaceChildren(
      this.lines,
      ...snapshot.subscriptions.map((sub) =>
        el(
          'li',
          { className: `status-line phase-${sub.status.phase}` },
          el('span', { className: 'status-dot', attrs: { 'aria-hidden': 'true' } }),
          el('strong', { text: subscriptionName(sub, this.siteName) }),
          `: ${subscriptionState(sub, now)}`,
          sub.lastEventAt === null ? null : t('footer.lastEvent', { time: shortTime(sub.lastEventAt, now) }),
          sub.lastError === null ? null : this.errorPart(sub, sub.lastError, open.has(sub.id)),
        ),
      ),
    );
  }

  /** "· last error: the connection dropped (network)", the technical text folded under it. */
  private errorPart(sub: SubscriptionState, error: string, open: boolean): HTMLElement {
    const inWords = connectionErrorWords(error);
    const part = el('span', { className: 'status-error', text: t('footer.lastError', { error: inWords ?? error }) });
    if (inWords === null) return part;
    const details = technicalDetails([[t('footer.errorAsReported'), error]]);
    details.dataset['sub'] = sub.id;
    details.open = open;
    return el('span', { className: 'status-error-wrap' }, part, details);
  }

  private async reconnect(): Promise<void> {
    this.note.textContent = t('footer.reconnecting');
    const result = await settle(this.clay.connection.reconnectNow());
    this.note.textContent = result.ok ? t('footer.reconnectRequested') : t('footer.reconnectFailed', { reason: result.error.message });
  }
}
