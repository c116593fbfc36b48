/**
 * Opening settings and secrets at start-up, falling back to defaults or a session-only store
 * with a notice when either cannot be opened: a broken file must not stop the app starting.
 */
import { MemorySettings, type SettingsSource } from '../core/services/settings-access';
import { DEFAULT_SETTINGS } from '../core/settings/settings';
import type { Logger } from '../core/ports';
import type { AppHost } from './app-lifecycle';
import { SessionSecretStore } from './secrets-session';
import { t } from '../common/messages/catalog';

/** The settings file, or defaults with a notice when opening it failed outright. */
export function openSettingsOrDefaults(host: AppHost, logger: Logger): { readonly settings: SettingsSource; readonly notice: string | null } {
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
export async function openSecretsOrSession(host: AppHost, logger: Logger): Promise<{ readonly secrets: OpenedSecrets; readonly notice: string | null }> {
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
