/**
 * Reading settings with the schema (app/common/settings.ts), once for both sides: main reads an
 * untrusted value (a settings file, a patch from the window) into `Settings`, and the window runs
 * the same reader on its draft to show what is wrong while the user types.
 */
import * as v from 'valibot';
import { SETTINGS_SCHEMA } from './settings';
import type { Settings } from './settings';
import { settingsProblemsOf } from './settings-checker';
import type { SettingsProblem } from './settings-checker';

/** Reads a complete settings value; `settings` is null whenever `problems` is not empty. */
export function readSettings(raw: unknown): { settings: Settings | null; problems: readonly SettingsProblem[] } {
  const result = v.safeParse(SETTINGS_SCHEMA.schema, raw);
  return result.success ? { settings: result.output, problems: [] } : { settings: null, problems: settingsProblemsOf(result.issues) };
}
