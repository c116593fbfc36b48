/**
 * Demo mode (`npm run demo`, `--demo` or CLAY_TRAY_DEMO=1): the app runs against the built-in hub
 * simulator on loopback, with no credentials from the user. Settings and the token live in memory
 * and history in its own folder, so a demo never touches the user's real setup. One incident is
 * sent as soon as the incident hub is connected, so something shows within seconds. Then the hubs
 * go down for a few seconds while events go on, so the user sees a gap recovered from the simulated
 * Core REST API within a minute (with its lag, the re-check a minute later finds the last ones).
 */
import type { Settings } from '../common/settings';
import { MemorySettings } from '../core/services/settings-access';
import type { Clock, ClockTimer, Logger, SecretStore } from '../core/ports';
import { DEFAULT_SETTINGS } from '../core/settings/settings';
import { startDevHub, type DevHub } from '../dev-hub/dev-hub';
import { SessionSecretStore } from './secrets-session';
import { isAcknowledgeable, perStreamKind } from '../common/stream-kinds';

export interface Demo {
  readonly hub: DevHub;
  readonly settings: MemorySettings;
  readonly secrets: SecretStore;
  stop(): Promise<void>;
}

/** About one event every three seconds per stream. */
export const DEMO_RATE_PER_SECOND = 0.3;
const DEMO_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;
const FIRST_INCIDENT_POLL_MS = 200;
const FIRST_INCIDENT_GIVE_UP_MS = 60_000;
/** When, after the first incident, the demo's hubs go down, and for how long. */
export const DEMO_OUTAGE = { afterMs: 20_000, forMs: 12_000 } as const;
/** The simulated REST side lags a little, as the real one does. */
const DEMO_REST_LAG_MS = 5_000;

export function demoSettings(hub: DevHub): Settings {
  return {
    ...DEFAULT_SETTINGS,
    connection: {
      ...DEFAULT_SETTINGS.connection,
      baseUrl: hub.url,
      streams: perStreamKind(() => true),
      sites: hub.sites.map((s) => ({ id: s.id, name: s.name })),
    },
    auth: { ...DEFAULT_SETTINGS.auth, mode: 'token', identityUrl: hub.identityUrl },
  };
}

export interface DemoOptions {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ratePerSecond?: number;
  readonly outage?: { readonly afterMs: number; readonly forMs: number };
  readonly restLagMs?: number;
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const { logger, clock } = options;
  const outage = options.outage ?? DEMO_OUTAGE;
  const hub = await startDevHub({ port: 0, ratePerSecond: options.ratePerSecond ?? DEMO_RATE_PER_SECOND, logger, restLagMs: options.restLagMs ?? DEMO_REST_LAG_MS });
  const secrets = new SessionSecretStore();
  await secrets.set('token', hub.issueToken(DEMO_TOKEN_LIFETIME_SECONDS));
  logger.info('Demo mode: using the built-in hub simulator', { url: hub.url });

  let timer: ClockTimer | null = null;
  const started = clock.now();
  const sendFirstIncident = (): void => {
    timer = null;
    // The first alarm kind's hub (incidents): an event there notifies by default.
    const connected = hub.connections().find((c) => isAcknowledgeable(c.stream));
    if (connected) {
      hub.emitGenerated(connected.stream, connected.site ?? undefined);
      timer = clock.setTimeout(goDown, outage.afterMs);
      return;
    }
    if (clock.now() - started < FIRST_INCIDENT_GIVE_UP_MS) timer = clock.setTimeout(sendFirstIncident, FIRST_INCIDENT_POLL_MS);
  };
  const goDown = (): void => {
    logger.info('Demo mode: the hubs go down for a moment, to show a gap being recovered', { seconds: outage.forMs / 1000 });
    hub.faults.hubsDown(true);
    timer = clock.setTimeout(() => {
      timer = null;
      hub.faults.hubsDown(false);
    }, outage.forMs);
  };
  timer = clock.setTimeout(sendFirstIncident, FIRST_INCIDENT_POLL_MS);

  return {
    hub,
    settings: new MemorySettings(demoSettings(hub)),
    secrets,
    async stop() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      await hub.stop();
    },
  };
}
