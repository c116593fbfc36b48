/**
 * The notification policy: which events become native notifications, and what they say. Pure and
 * driven by a Clock, so every rule (storms, quiet hours, pause, the offline notice) is tested on a
 * manual clock; the shell's notifier only shows what this hands it.
 *
 * - The first alert rule matching an event decides (notify, urgent, silent, ignore); with none
 *   matching, the Notifications settings do, as follows.
 * - Incidents notify unless their category is switched off; entries only when switched on.
 * - Quiet hours and pause hold back everything except `alwaysNotify` categories, which are urgent.
 *   The per-category switch still decides first: "always" means "through quiet hours", so a
 *   category the user switched off stays silent.
 * - More than `storm.maxCount` alerts in `storm.windowSeconds`, or a burst just after reconnecting,
 *   become one summary with a stable tag, refreshed while the storm lasts.
 * - Offline (every active subscription not connected) for `offlineNoticeMinutes`: one notice. When
 *   that notice was shown, coming back says which span was missed. Short drops stay silent: the
 *   history records their gaps, and 130 drops a fortnight would otherwise mean 130 notices.
 */
import { decideAlert, decidesUrgent } from '../../common/alert-decision';
import type { AlertDecision, RuleContext } from '../../common/alert-decision';
import type { AlertRulesSettings } from '../../common/alert-rules';
import { DEFAULT_ALERT_RULES } from '../../common/alert-rules';
import type { ClayEvent, OfflineGap, PauseState, SubscriptionState } from '../../common/models';
import type { NotificationSettings } from '../../common/settings';
import {
  doorName,
  eventAlert,
  offlineAlert,
  reconnectAlert,
  recoveryAlert,
  stormAlert,
  windowWords,
} from './alerts-content';
import type { AlertContext } from './alerts-content';
import { checkTimeZone, minuteOfDay, parseClockTime, withinDailySpan } from '../wall-clock';
import { RecentAlerts } from './alerts-window';
import type { Alert, Clock, ClockTimer } from '../ports';

export { pauseUntilMorning } from '../wall-clock';
export { isUrgentIncident, switchedOn } from '../../common/alert-decision';
export { CONNECTION_TAG, STORM_TAG } from './alerts-content';

export interface AlertPolicyOptions {
  clock: Clock;
  settings: () => NotificationSettings;
  /** The alert rules; none (today's behaviour from `settings` alone) when absent. */
  rules?: () => AlertRulesSettings;
  siteName: (siteId: string | null) => string | null;
  notify: (alert: Alert) => void;
  /** IANA zone for quiet hours and shown times; the system's when absent. */
  timeZone?: string;
  /** Told whenever pause starts, ends or expires on its own (the tray shows it). */
  onDidChangePause?: (state: PauseState | null) => void;
}

/** After a reconnect, this many alerts in the grace span already count as a burst. */
const RECONNECT_BURST_COUNT = 2;
const RECONNECT_GRACE_MS = 10_000;
/** A storm summary is refreshed at most this often, so a flood does not re-alert every event. */
const STORM_REFRESH_MS = 5_000;

/** A storm summary waiting for its refresh: the alerts after `cutoff`, described as `span`. */
interface StormView {
  readonly cutoff: number;
  readonly span: string;
}

export class AlertPolicy {
  private readonly clock: Clock;
  private readonly options: AlertPolicyOptions;
  /** Site names and zone for rule matching: fixed for the policy's life, so made once. */
  private readonly ruleContext: RuleContext;
  private disposed = false;

  private paused: { readonly until: number | null } | null = null;
  private pauseTimer: ClockTimer | null = null;

  private readonly recent = new RecentAlerts();
  private stormShownAt: number | null = null;
  private stormPending: StormView | null = null;
  private stormTimer: ClockTimer | null = null;

  private offlineSince: number | null = null;
  private offlineTimer: ClockTimer | null = null;
  private offlineNoticeShown = false;
  private signInRefused = false;
  private reconnectedAt: number | null = null;

  constructor(options: AlertPolicyOptions) {
    checkTimeZone(options.timeZone);
    this.options = options;
    this.clock = options.clock;
    this.ruleContext = { siteName: options.siteName, timeZone: options.timeZone };
  }

  /** What the rules, else the Notifications settings, say should happen to the event. */
  decide(event: ClayEvent): AlertDecision {
    return decideAlert(event, this.options.settings(), this.rules(), this.ruleContext);
  }

  /** decide(event).urgent, for counting many events: the rest of the decision is not worked out. */
  isUrgent(event: ClayEvent): boolean {
    return decidesUrgent(event, this.options.settings(), this.rules(), this.ruleContext);
  }

  private rules(): AlertRulesSettings {
    return this.options.rules?.() ?? DEFAULT_ALERT_RULES;
  }


  /** `decision` when the caller already made it (it also decides on history and the alarm). */
  handleEvent(event: ClayEvent, decision: AlertDecision = this.decide(event)): void {
    if (this.disposed) return;
    const settings = this.options.settings();
    if (!decision.notify) return;
    const { urgent } = decision;
    if (!urgent && this.isQuiet(settings)) return;

    const now = this.clock.now();
    const windowMs = settings.storm.windowSeconds * 1000;
    this.recent.dropUntil(now - Math.max(windowMs, RECONNECT_GRACE_MS));
    this.recent.push({ at: now, stream: event.stream, door: doorName(event), urgent });

    const reconnected = this.reconnectedAt;
    const inGrace = reconnected !== null && now - reconnected < RECONNECT_GRACE_MS;
    if (inGrace && this.recent.countAfter(reconnected - 1) > RECONNECT_BURST_COUNT) {
      this.showStorm({ cutoff: reconnected - 1, span: 'just after reconnecting' });
    } else if (this.recent.countAfter(now - windowMs) > settings.storm.maxCount) {
      this.showStorm({ cutoff: now - windowMs, span: windowWords(settings.storm.windowSeconds) });
    } else {
      this.options.notify(eventAlert(event, urgent, this.context()));
    }
  }

  /**
   * Events fetched after a gap (all of them so far, for this gap): one summary that replaces the
   * last for the same gap. Only what would have notified live counts; quiet hours and pause hold it
   * back unless an always-notify category is among them.
   */
  handleRecovered(gap: OfflineGap, events: readonly ClayEvent[]): void {
    if (this.disposed) return;
    const settings = this.options.settings();
    const decided = events.map((event) => ({ event, decision: this.decide(event) })).filter(({ decision }) => decision.notify);
    if (decided.length === 0) return;
    const shown = decided.map(({ event }) => event);
    const urgent = decided.some(({ decision }) => decision.urgent);
    if (!urgent && this.isQuiet(settings)) return;
    this.options.notify(recoveryAlert(gap, shown, settings.alwaysNotify, this.context()));
  }

  handleStates(states: readonly SubscriptionState[]): void {
    if (this.disposed) return;
    const active = states.filter((s) => s.status.phase !== 'stopped');
    const connected = active.some((s) => s.status.phase === 'connected');
    const offline = active.length > 0 && !connected;
    this.signInRefused = active.some((s) => s.status.phase === 'auth-failed');
    const now = this.clock.now();
    if (offline && this.offlineSince === null) {
      this.offlineSince = now;
      const minutes = this.options.settings().offlineNoticeMinutes;
      if (minutes > 0) this.offlineTimer = this.clock.setTimeout(() => this.offlineNoticeDue(), minutes * 60_000);
    } else if (!offline && this.offlineSince !== null) {
      const from = this.offlineSince;
      this.clearTimer(this.offlineTimer);
      this.offlineTimer = null;
      this.offlineSince = null;
      if (connected) {
        this.reconnectedAt = now;
        if (this.offlineNoticeShown) this.options.notify(reconnectAlert(from, now, this.context()));
      }
      this.offlineNoticeShown = false;
    }
  }

  /** `until` in epoch ms, or null for "until resumed". Replaces any earlier pause. */
  pause(until: number | null): PauseState {
    if (until !== null && !Number.isFinite(until)) throw new RangeError(`AlertPolicy.pause: bad time ${until}`);
    this.clearTimer(this.pauseTimer);
    this.pauseTimer = null;
    this.paused = { until };
    if (until !== null && !this.disposed) {
      this.pauseTimer = this.clock.setTimeout(() => this.resume(), Math.max(0, until - this.clock.now()));
    }
    const state = pauseStateOf(until);
    this.options.onDidChangePause?.(state);
    return state;
  }

  resume(): void {
    this.clearTimer(this.pauseTimer);
    this.pauseTimer = null;
    if (this.paused === null) return;
    this.paused = null;
    this.options.onDidChangePause?.(null);
  }

  pauseState(): PauseState | null {
    const paused = this.paused;
    if (paused === null) return null;
    if (paused.until !== null && this.clock.now() >= paused.until) {
      this.resume();
      return null;
    }
    return pauseStateOf(paused.until);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of [this.pauseTimer, this.stormTimer, this.offlineTimer]) this.clearTimer(timer);
    this.pauseTimer = this.stormTimer = this.offlineTimer = null;
    this.recent.clear();
  }

  private isQuiet(settings: NotificationSettings): boolean {
    if (this.pauseState() !== null) return true;
    const { enabled, start, end } = settings.quietHours;
    if (!enabled) return false;
    return withinDailySpan(minuteOfDay(this.clock.now(), this.options.timeZone), parseClockTime(start), parseClockTime(end));
  }

  /** The summary is built only when shown: building it walks every alert in the storm. */
  private showStorm(view: StormView): void {
    const now = this.clock.now();
    if (this.stormShownAt === null || now - this.stormShownAt >= STORM_REFRESH_MS) {
      this.clearTimer(this.stormTimer);
      this.stormTimer = null;
      this.stormPending = null;
      this.stormShownAt = now;
      this.options.notify(stormAlert(this.recent.after(view.cutoff), view.span));
      return;
    }
    this.stormPending = view;
    this.stormTimer ??= this.clock.setTimeout(() => this.flushStorm(), this.stormShownAt + STORM_REFRESH_MS - now);
  }

  private flushStorm(): void {
    this.stormTimer = null;
    const pending = this.stormPending;
    if (pending === null) return;
    this.stormPending = null;
    this.stormShownAt = this.clock.now();
    this.options.notify(stormAlert(this.recent.after(pending.cutoff), pending.span));
  }

  private offlineNoticeDue(): void {
    this.offlineTimer = null;
    const since = this.offlineSince;
    // Quiet hours and pause hold this back too; then there is no "back online" either.
    if (since === null || this.isQuiet(this.options.settings())) return;
    this.offlineNoticeShown = true;
    this.options.notify(offlineAlert(since, this.signInRefused, this.context()));
  }

  private context(): AlertContext {
    return { now: this.clock.now(), timeZone: this.options.timeZone, siteName: this.options.siteName };
  }

  private clearTimer(timer: ClockTimer | null): void {
    if (timer !== null) this.clock.clearTimeout(timer);
  }
}

function pauseStateOf(until: number | null): PauseState {
  return { until: until === null ? null : new Date(until).toISOString() };
}
