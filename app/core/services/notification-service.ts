/**
 * The notification service: what happens to incoming events (history, alerts, escalation of urgent
 * incidents and repeat offenders) and pausing or resuming alerts. The alerting path reads in one place.
 */
import { isAcknowledgeable } from '../../common/stream-kinds';
import { CONTRACT, type PauseRequest } from '../../common/ipc-contract';
import type { ClayEvent, OfflineGap, PauseState, SubscriptionState } from '../../common/models';
import type { Settings } from '../../common/settings';
import { ok, type Result } from '../../common/result';
import { AlertPolicy, pauseUntilMorning } from '../alerts/alerts';
import { repeatAlert } from '../alerts/alerts-content';
import type { AppCoreOptions } from './core-options';
import type { CorePushes } from './pushes';
import { Escalation } from '../alerts/escalation';
import type { HistoryStore } from '../history';
import { PayloadSamples } from '../streaming/payload-samples';
import type { Clock, Logger } from '../ports';
import type { RecoveryProgress } from '../recovery/recovery';
import { RepeatOffenders } from '../alerts/repeat-offenders';
import { siteDisplayName } from '../settings/settings';

const ONE_HOUR_MS = 3_600_000;
/**
 * An event older than this when it arrives (a replay, a late delivery) never sounds the alarm: the
 * alarm is for what is happening now. It still notifies and waits in history for acknowledgement.
 */
export const STALE_ALARM_MS = 5 * 60_000;

export interface NotificationServiceOptions {
  /** The settings, notifier and time zone AppCore was given. */
  readonly core: Pick<AppCoreOptions, 'settings' | 'notifier' | 'timeZone'>;
  readonly history: HistoryStore;
  readonly pushes: CorePushes;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly stopped: () => boolean;
}

export class NotificationService {
  readonly alerts: AlertPolicy;
  readonly escalation: Escalation;
  private readonly repeatOffenders: RepeatOffenders;
  readonly samples = new PayloadSamples();
  lastEvent: ClayEvent | null;

  constructor(private readonly options: NotificationServiceOptions) {
    const { history, clock, pushes } = options;
    const { settings, notifier, timeZone } = options.core;
    this.lastEvent = newestEvent(history);
    this.alerts = new AlertPolicy({
      clock,
      settings: () => settings.get().notifications,
      rules: () => settings.get().alertRules,
      siteName: (site) => siteDisplayName(settings.get(), site),
      notify: (alert) => notifier.show(alert),
      ...(timeZone ? { timeZone } : {}),
      onDidChangePause: () => pushes.scheduleStatus(),
    });
    this.escalation = new Escalation({
      clock,
      settings: () => settings.get().notifications.escalation,
      isOpen: (key) => {
        const item = history.get(key);
        // Only acknowledgeable kinds (incidents) wait for someone: an entry made urgent by a rule sounds once.
        return item?.kind === 'event' && isAcknowledgeable(item.event.stream) && item.ack === null;
      },
      ring: (ring) => pushes.emit({ channel: CONTRACT.alarm.onDidRing.channel, payload: ring }),
    });
    this.repeatOffenders = new RepeatOffenders({
      clock,
      settings: () => settings.get().notifications.repeatOffender,
      onRepeat: (event, count, minutes) => {
        const context = { now: clock.now(), timeZone, siteName: (site: string | null) => siteDisplayName(settings.get(), site) };
        notifier.show(repeatAlert(event, count, minutes, context));
        this.escalation.raise(event.key, this.alerts.decide(event).sound);
      },
    });
  }

  /**
   * Whether an incident is urgent as the alert rules, else the Notifications settings, decide: what
   * the tray and the badge count while nobody has acknowledged it. The decision reads the event's
   * own time, never the clock, so it stays the same until the settings change; the same function is
   * handed out until then, and history keeps its count for it.
   */
  urgentTest(): (event: ClayEvent) => boolean {
    const settings = this.options.core.settings.get();
    const known = this.urgent;
    if (known !== null && known.settings === settings) return known.test;
    const basis = urgencyBasis(settings);
    // A change elsewhere (a volume, the retention) keeps the test, so history does not count again.
    const test = known?.basis === basis ? known.test : (event: ClayEvent) => this.alerts.isUrgent(event);
    this.urgent = { settings, basis, test };
    return test;
  }

  private urgent: { readonly settings: Settings; readonly basis: string; readonly test: (event: ClayEvent) => boolean } | null = null;

  pause(request: PauseRequest): Result<PauseState> {
    const now = this.options.clock.now();
    const until =
      request.for === 'one-hour' ? now + ONE_HOUR_MS : request.for === 'until-morning' ? pauseUntilMorning(now, this.options.core.timeZone) : null;
    return ok(this.alerts.pause(until));
  }

  resume(): Result<null> {
    this.alerts.resume();
    return ok(null);
  }

  /** Stops every timer (storm summaries, pauses, escalation). */
  dispose(): void {
    this.alerts.dispose();
    this.escalation.dispose();
  }

  received(event: ClayEvent): void {
    if (this.options.stopped()) return;
    this.samples.add(event);
    const decision = this.alerts.decide(event);
    if (!decision.keep) return;
    let added: boolean;
    try {
      added = this.options.history.append(event);
    } catch (error) {
      this.options.logger.error('An event could not be added to history', { key: event.key, reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (!added) return;
    this.lastEvent = event;
    this.alerts.handleEvent(event, decision);
    if (decision.escalate && !this.stale(event)) this.escalation.raise(event.key, decision.sound);
    if (decision.notify) this.repeatOffenders.handle(event);
    this.options.pushes.queueAdd({ kind: 'event', event, read: false, ack: null });
    this.options.pushes.scheduleStatus();
  }

  private stale(event: ClayEvent): boolean {
    const time = event.time === null ? Number.NaN : Date.parse(event.time);
    return Number.isFinite(time) && this.options.clock.now() - time > STALE_ALARM_MS;
  }

  gapRecorded(gap: OfflineGap): void {
    this.options.history.appendGap(gap);
    this.options.pushes.queueAdd({ kind: 'gap', gap });
  }

  /**
   * A recovered event goes to history only (unless a rule ignores it): never a notification of its
   * own, never the alarm (it is minutes old at best), and never the "last event".
   */
  storeRecovered(event: ClayEvent): boolean {
    if (this.options.stopped() || !this.alerts.decide(event).keep) return false;
    try {
      return this.options.history.append(event);
    } catch (error) {
      this.options.logger.error('A recovered event could not be added to history', { key: event.key, reason: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  recoveryProgressed({ gap, recovered, added }: RecoveryProgress): void {
    if (this.options.stopped()) return;
    this.options.history.appendGap(gap);
    // The gap row changed in place and events went in among older ones: the window re-reads.
    this.options.pushes.historyChanged();
    if (added > 0) this.alerts.handleRecovered(gap, recovered);
  }

  /** Alerts hear about connection states after recovery has (AppCore calls recovery first). */
  statesChanged(states: readonly SubscriptionState[]): void {
    this.alerts.handleStates(states);
    this.options.pushes.scheduleStatus();
  }
}

/** What decidesUrgent reads of the settings: always-notify, the rules, and the site names rules may name. */
function urgencyBasis(settings: Settings): string {
  return JSON.stringify([settings.notifications.alwaysNotify, settings.alertRules.rules, settings.connection.sites]);
}

function newestEvent(history: HistoryStore): ClayEvent | null {
  const page = history.query({ offset: 0, limit: 20 });
  for (const item of page.items) if (item.kind === 'event') return item.event;
  return null;
}
