/**
 * Demo mode (`npm run demo`, `--demo` or CLAY_TRAY_DEMO=1): the app runs against the built-in hub
 * simulator on loopback, with no credentials from the user. Settings and the token live in memory
 * and history in its own folder, so a demo never touches the user's real setup. One incident is
 * sent as soon as the incident hub is connected, so something shows within seconds.
 */
import type { Settings } from '../common/settings';
import { MemorySettings } from '../core/app-core-settings';
import type { Clock, ClockTimer, Logger, SecretStore } from '../core/ports';
import { DEFAULT_SETTINGS } from '../core/settings';
import { startDevHub, type DevHub } from '../dev-hub/dev-hub';
import { SessionSecretStore } from './secrets-session';

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

export function demoSettings(hub: DevHub): Settings {
  return {
    ...DEFAULT_SETTINGS,
    connection: {
      ...DEFAULT_SETTINGS.connection,
      baseUrl: hub.url,
      streams: { incident: true, entry: true },
      sites: hub.sites.map((s) => ({ id: s.id, name: s.name })),
    },
    auth: { ...DEFAULT_SETTINGS.auth, mode: 'token', identityUrl: hub.identityUrl },
  };
}

export async function startDemo(options: { readonly logger: Logger; readonly clock: Clock; readonly ratePerSecond?: number }): Promise<Demo> {
  const { logger, clock } = options;
  const hub = await startDevHub({ port: 0, ratePerSecond: options.ratePerSecond ?? DEMO_RATE_PER_SECOND, logger });
  const secrets = new SessionSecretStore();
  await secrets.set('token', hub.issueToken(DEMO_TOKEN_LIFETIME_SECONDS));
  logger.info('Demo mode: using the built-in hub simulator', { url: hub.url });

  let timer: ClockTimer | null = null;
  const started = clock.now();
  const sendFirstIncident = (): void => {
    timer = null;
    const connected = hub.connections().find((c) => c.stream === 'incident');
    if (connected) {
      hub.emitGenerated('incident', connected.site ?? undefined);
      return;
    }
    if (clock.now() - started < FIRST_INCIDENT_GIVE_UP_MS) timer = clock.setTimeout(sendFirstIncident, FIRST_INCIDENT_POLL_MS);
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
