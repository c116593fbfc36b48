/**
 * How the core reads and changes settings. The desktop app passes its electron-store backed
 * SettingsStore; demo mode and tests pass `MemorySettings`, which applies the same validation.
 */
import type { Result } from '../../common/result';
import type { Settings } from '../../common/settings';
import { applySettingsPatch } from '../settings/settings';

export interface SettingsSource {
  get(): Settings;
  update(patch: unknown): Result<Settings> | Promise<Result<Settings>>;
  /** Changes from anywhere (another update, a file edited on disk); returns an unsubscribe. */
  onDidChange(listener: (settings: Settings) => void): () => void;
}

export class MemorySettings implements SettingsSource {
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(private current: Settings) {}

  get(): Settings {
    return this.current;
  }

  update(patch: unknown): Result<Settings> {
    const next = applySettingsPatch(this.current, patch);
    if (!next.ok) return next;
    this.current = next.value;
    for (const listener of [...this.listeners]) listener(next.value);
    return next;
  }

  onDidChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
