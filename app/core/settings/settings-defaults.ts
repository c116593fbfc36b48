import { SETTINGS_SCHEMA } from '../../common/settings';
import type { Settings } from '../../common/settings';

/** The schema version written with the settings. Version 1 was the flat layout (settings-migrations). */
export const SETTINGS_VERSION = 2;

/** Each setting's default, as the schema (app/common/settings.ts) gives it. */
export const DEFAULT_SETTINGS: Settings = deepFreeze(SETTINGS_SCHEMA.initial);

/** The defaults are shared by every caller, so nobody may change them in place. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
