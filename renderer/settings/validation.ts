/**
 * Inline validation for the settings form. The rules and messages are main's own
 * (app/common/settings-rules.ts), run on the draft, so the user learns what is wrong while typing;
 * main still validates every patch, and its message is shown when it disagrees.
 */
import type { Settings } from '../../app/common/settings';
import { hasControlCharacters } from '../../app/common/settings-checker';
import { readSettings } from '../../app/common/settings-rules';
import type { SettingsProblem } from '../../app/common/settings-checker';
import { t } from '../../app/common/messages/catalog';

/** Paths as main reports them: `connection.baseUrl`, `connection.sites[2].id`, … */
export function validateSettings(draft: Settings): readonly SettingsProblem[] {
  return readSettings(draft).problems;
}

/** Secrets are checked here only for shape; main decides whether they work (Test connection). */
export function secretProblem(kind: 'client-secret' | 'token', value: string): string | null {
  // Outer whitespace is a paste artefact and is trimmed before saving; anything inside is not.
  const trimmed = value.trim();
  if (trimmed === '') return t(kind === 'token' ? 'auth.tokenEmpty' : 'auth.secretEmpty');
  if (kind === 'token' && /\s/u.test(trimmed)) return t('auth.tokenSpaces');
  if (hasControlCharacters(trimmed)) return t('auth.secretControl');
  return null;
}
