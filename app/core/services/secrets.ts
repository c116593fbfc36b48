/**
 * The secrets area: setting the stored secret, binding it to servers, forgetting it, and the
 * literal values seen this session (for redaction). The secret rules read in one place.
 */
import type { SecretInput } from '../../common/ipc-contract';
import type { SecretStatus } from '../../common/models';
import { fail, ok, type Result } from '../../common/result';
import type { Settings } from '../../common/settings';
import { secretKindFor } from './connection-config';
import type { SettingsSource } from './settings-access';
import { tokenExpiry } from '../streaming/auth';
import type { Logger, SecretStore } from '../ports';
import { redact } from '../diagnostics/redact';
import { SecretMemory } from '../diagnostics/secret-memory';
import { bindSecret, describeServers, forgetSecretBinding, readSecretBinding, sameServers, secretDestinations } from '../settings/secret-binding';

export const NO_SECRET: SecretStatus = { location: 'none', tokenValidUntil: null };

export interface SecretsServiceOptions {
  readonly settings: SettingsSource;
  readonly secrets: SecretStore;
  readonly logger: Logger;
  /** Re-applies the connection after a secret changed; resolves once applied. */
  readonly reconfigure: () => Promise<void>;
  /** The secret status last applied by the connection set-up. */
  readonly status: () => SecretStatus;
  /** Where the secrets seen are remembered for redaction; shared with the log when given. */
  readonly memory?: SecretMemory;
}

export class SecretsService {
  private readonly memory: SecretMemory;

  constructor(private readonly options: SecretsServiceOptions) {
    this.memory = options.memory ?? new SecretMemory();
  }

  /** Literal secrets read or set in this session, for redaction. */
  get known(): readonly string[] {
    return this.memory.values();
  }

  async set(input: SecretInput): Promise<Result<SecretStatus>> {
    const value = input.value.trim();
    this.remember(value);
    try {
      await this.options.secrets.set(input.kind, value);
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error), [value]);
      this.options.logger.error('Storing a secret failed', { kind: input.kind, reason });
      return fail('secret-store-failed', `The secret could not be stored: ${reason}`);
    }
    // Entered now, for where the settings point now: that is where it may go.
    const servers = secretDestinations(this.options.settings.get(), input.kind);
    try {
      if (servers.ok) await bindSecret(this.options.secrets, input.kind, servers.value);
      else await forgetSecretBinding(this.options.secrets, input.kind);
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error), [value]);
      this.options.logger.error('Recording where a secret may be sent failed', { kind: input.kind, reason });
      return fail('secret-store-failed', `The secret could not be stored: ${reason}`);
    }
    this.options.logger.info('Stored a secret', { kind: input.kind, location: this.options.secrets.location, servers: servers.ok ? servers.value : null });
    await this.options.reconfigure();
    const status: SecretStatus = {
      location: this.options.secrets.location,
      tokenValidUntil: input.kind === 'token' ? tokenExpiry(value) : null,
    };
    return ok(status);
  }

  /** When the settings now point at other servers than the stored secret was entered for: which, in words. */
  async serverChange(): Promise<{ readonly savedFor: string; readonly nowFor: string } | null> {
    const settings = this.options.settings.get();
    const kind = secretKindFor(settings);
    const wanted = secretDestinations(settings, kind);
    if (!wanted.ok) return null;
    try {
      const stored = await this.options.secrets.get(kind);
      if (stored === null || stored.trim() === '') return null;
      const saved = await readSecretBinding(this.options.secrets, kind);
      if (saved === null || sameServers(saved, wanted.value)) return null;
      return { savedFor: describeServers(saved), nowFor: describeServers(wanted.value) };
    } catch {
      return null;
    }
  }

  /**
   * Lets the stored secret go where the settings point now. Only the shell calls this, after the
   * user confirmed in a native dialog; the window cannot reach it on its own.
   */
  async allowOnCurrentServers(): Promise<Result<SecretStatus>> {
    const settings = this.options.settings.get();
    const kind = secretKindFor(settings);
    const wanted = secretDestinations(settings, kind);
    if (!wanted.ok) return wanted;
    try {
      await bindSecret(this.options.secrets, kind, wanted.value);
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error), this.known);
      return fail('secret-store-failed', `The change could not be saved: ${reason}`);
    }
    this.options.logger.info('The user confirmed sending the stored secret to new servers', { kind, servers: wanted.value });
    await this.options.reconfigure();
    return ok(this.options.status());
  }

  /** Forgets both secrets: the window shows one "remove" button, and a stale one must not linger. */
  async clear(): Promise<Result<SecretStatus>> {
    try {
      for (const kind of ['client-secret', 'token'] as const) {
        await this.options.secrets.delete(kind);
        await forgetSecretBinding(this.options.secrets, kind);
      }
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error), this.known);
      this.options.logger.error('Removing a secret failed', { reason });
      return fail('secret-store-failed', `The secret could not be removed: ${reason}`);
    }
    this.options.logger.info('Removed the stored secrets');
    await this.options.reconfigure();
    return ok(NO_SECRET);
  }

  async readStatus(settings: Settings): Promise<SecretStatus> {
    const kind = secretKindFor(settings);
    try {
      const value = await this.options.secrets.get(kind);
      if (value === null || value.trim() === '') return NO_SECRET;
      this.remember(value.trim());
      const status: SecretStatus = { location: this.options.secrets.location, tokenValidUntil: kind === 'token' ? tokenExpiry(value.trim()) : null };
      const serverChange = await this.serverChange();
      return serverChange === null ? status : { ...status, serverChange };
    } catch (error) {
      this.options.logger.warn('The secret store could not be read', { reason: error instanceof Error ? error.message : String(error) });
      return NO_SECRET;
    }
  }

  private remember(value: string): void {
    this.memory.remember(value);
  }
}
