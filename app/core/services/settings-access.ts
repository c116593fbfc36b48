/**
 * How the core reads and changes settings. The desktop app passes its electron-store backed
 * SettingsStore; demo mode and tests pass `MemorySettings`, which applies the same validation.
 */
import { Emitter, type Event } from '../../common/event';
import type { Result } from '../../common/result';
import type { Settings } from '../../common/settings';
import { applySettingsPatch } from '../settings/settings';

export interface SettingsSource {
  get(): Settings;
  update(patch: unknown): Result<Settings> | Promise<Result<Settings>>;
  /** Changes from anywhere (another update, a file edited on disk). */
  readonly onDidChange: Event<Settings>;
}

export class MemorySettings implements SettingsSource {
  private readonly changed = new Emitter<Settings>();
  readonly onDidChange = this.changed.event;

  constructor(private current: Settings) {}

  get(): Settings {
    return this.current;
  }

  update(patch: unknown): Result<Settings> {
    const next = applySettingsPatch(this.current, patch);
    if (!next.ok) return next;
    this.current = next.value;
    this.changed.fire(next.value);
    return next;
  }
}
