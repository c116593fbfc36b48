/**
 * Opening settings and secrets at start-up, falling back to defaults or a session-only store
 * with a notice when either cannot be opened: a broken file must not stop the app starting.
 * Demo mode uses the simulator's stores instead (app/shell/demo.ts).
 */
import { MemorySettings, type SettingsSource } from '../core/services/settings-access';
import { DEFAULT_SETTINGS } from '../core/settings/settings';
import type { Logger, SecretStore } from '../core/ports';
import type { AppHost } from './app-host';
import { SessionSecretStore } from './secrets-session';
import { t } from '../common/messages/catalog';

export interface OpenedStores {
  readonly settings: SettingsSource;
  readonly secrets: SecretStore;
  /** Why secrets are kept where they are, when it is not the usual place (shown in the status). */
  readonly secretNote: string | null;
  /** What went wrong opening them, for the window's status area and a notification. */
  readonly startupNotices: readonly string[];
}

/** The real settings and secret stores, each with its fallback. */
export async function openStores(host: AppHost, logger: Logger): Promise<OpenedStores> {
  const settings = openSettingsOrDefaults(host, logger);
  const secrets = await openSecretsOrSession(host, logger);
  return {
    settings: settings.settings,
    secrets: secrets.secrets,
    secretNote: secrets.secrets.fallbackReason ?? null,
    startupNotices: [settings.notice, secrets.notice].filter((notice) => notice !== null),
  };
}

/** The settings file, or defaults with a notice when opening it failed outright. */
function openSettingsOrDefaults(host: AppHost, logger: Logger): { readonly settings: SettingsSource; readonly notice: string | null } {
  try {
    const opened = host.openSettings(logger.child('settings'));
    return { settings: opened, notice: opened.recovery?.message ?? null };
  } catch (error) {
    logger.error('Settings could not be opened; using defaults for this session', { reason: error instanceof Error ? error.message : String(error) });
    return {
      settings: new MemorySettings(DEFAULT_SETTINGS),
      notice: t('startup.settingsUnopened', { reason: describeError(error) }),
    };
  }
}

type OpenedSecrets = Awaited<ReturnType<AppHost['openSecrets']>>;

/** The secret store, or one that keeps secrets for this session only, with a notice. */
async function openSecretsOrSession(host: AppHost, logger: Logger): Promise<{ readonly secrets: OpenedSecrets; readonly notice: string | null }> {
  try {
    return { secrets: await host.openSecrets(logger.child('secrets')), notice: null };
  } catch (error) {
    logger.error('Secret store could not be opened; keeping secrets for this session only', { reason: error instanceof Error ? error.message : String(error) });
    return {
      secrets: new SessionSecretStore(),
      notice: t('startup.secretsUnopened', { reason: describeError(error) }),
    };
  }
}

function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}
