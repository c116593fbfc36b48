/**
 * Connection status, always on screen: one line per subscription in words (state, next retry, last
 * error, last event) and "Reconnect now". When main is not connecting at all (nothing set up yet,
 * a bad address), that reason and a way to Settings take their place, so a new user sees what to
 * do rather than a bare "stopped". What went wrong at start-up (a settings field reset, history or
 * secrets that could not be opened, where the bad file was copied) is listed above it until quit.
 * Relative retry times tick once a second only while a retry is pending.
 */
import type { ClayApi } from '../app/common/ipc-contract';
import type { AggregatePhase, StatusSnapshot } from '../app/common/models';
import { assertNever } from '../app/common/result';
import { settle } from './bridge';
import { button, el, replaceChildren } from './dom';
import { shortTime, subscriptionName, subscriptionState } from './format';

export function aggregateWords(phase: AggregatePhase): string {
  switch (phase) {
    case 'connected':
      return 'Connected';
    case 'connecting':
      return 'Connecting';
    case 'offline':
      return 'Offline';
    case 'auth-failed':
      return 'Sign-in refused';
    case 'stopped':
      // Main reports why it is not connecting as a setup problem; stopped without one is start-up.
      return 'Starting…';
    default:
      return assertNever(phase, 'aggregate phase');
  }
}

export class StatusPanel {
  readonly root: HTMLElement;
  private readonly summary = el('p', { className: 'status-summary' });
  private readonly lines = el('ul', { className: 'status-lines' });
  private readonly note = el('p', { className: 'status-note', attrs: { role: 'status' } });
  private readonly problemText = el('p', { className: 'status-problem-text', attrs: { role: 'status' } });
  private readonly problem: HTMLElement;
  private readonly notices = el('ul', { className: 'startup-notices', attrs: { 'aria-label': 'Problems at start-up' } });
  private readonly reconnectButton: HTMLButtonElement;
  private snapshot: StatusSnapshot | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly clay: ClayApi,
    private readonly siteName: (id: string) => string | null,
    openSettings: () => void,
  ) {
    this.reconnectButton = button('Reconnect now', () => void this.reconnect());
    this.problem = el('div', { className: 'status-problem' }, this.problemText, button('Open Settings', openSettings));
    this.problem.hidden = true;
    this.notices.hidden = true;
    this.root = el(
      'section',
      { className: 'status', attrs: { 'aria-label': 'Connection status' } },
      this.notices,
      el('div', { className: 'status-head' }, this.summary, this.reconnectButton, this.note),
      this.problem,
      this.lines,
    );
    this.summary.textContent = 'Asking the app for the connection state…';
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
    const paused = snapshot.paused === null ? '' : snapshot.paused.until === null ? ' · notifications paused until resumed' : ` · notifications paused until ${shortTime(snapshot.paused.until, now)}`;
    const last = snapshot.lastEvent === null ? '' : ` · last event ${shortTime(snapshot.lastEvent.time ?? snapshot.lastEvent.receivedAt, now)}`;
    const problem = snapshot.setupProblem;
    this.summary.textContent = `${problem === null ? aggregateWords(snapshot.aggregate) : 'Not connecting'}${last}${paused}`;
    // Reconnecting cannot help until the setup is fixed; main would only refuse with the same reason.
    this.reconnectButton.hidden = problem !== null;
    this.problem.hidden = problem === null;
    this.problemText.textContent = problem ?? '';
    this.notices.hidden = snapshot.startupNotices.length === 0;
    replaceChildren(this.notices, ...snapshot.startupNotices.map((notice) => el('li', { className: 'startup-notice', text: notice })));
    replaceChildren(
      this.lines,
      ...snapshot.subscriptions.map((sub) =>
        el(
          'li',
          { className: `status-line phase-${sub.status.phase}` },
          el('span', { className: 'status-dot', attrs: { 'aria-hidden': 'true' } }),
          el('strong', { text: subscriptionName(sub, this.siteName) }),
          `: ${subscriptionState(sub, now)}`,
          sub.lastEventAt === null ? null : ` · last event ${shortTime(sub.lastEventAt, now)}`,
          sub.lastError === null ? null : el('span', { className: 'status-error', text: ` · last error: ${sub.lastError}` }),
        ),
      ),
    );
  }

  private async reconnect(): Promise<void> {
    this.note.textContent = 'Reconnecting…';
    const result = await settle(this.clay.connection.reconnectNow());
    this.note.textContent = result.ok ? 'Reconnect requested.' : `Could not reconnect: ${result.error.message}`;
  }
}
