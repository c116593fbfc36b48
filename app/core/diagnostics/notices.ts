/**
 * Reads dist/notices.json, which scripts/notices.mjs writes at build time from the production
 * dependency tree, for the About view. A missing or damaged file (a build that skipped it) must not
 * break About: it then says where the notices can be found instead.
 */
import { readFileSync } from 'node:fs';
import type { AboutInfo, ThirdPartyNotice } from '../../common/models';

export type Notices = Pick<AboutInfo, 'license' | 'notices'>;

const UNREADABLE: Notices = {
  license: 'MIT',
  notices: [{ name: 'Third-party notices', version: '', license: 'see the app folder', text: 'The list of third-party licences was not found in this build.' }],
};

export function readNotices(file: string): Notices {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return UNREADABLE;
    const { license, notices } = parsed as { license?: unknown; notices?: unknown };
    if (typeof license !== 'string' || !Array.isArray(notices) || !notices.every(isNotice)) return UNREADABLE;
    return { license, notices };
  } catch {
    return UNREADABLE;
  }
}

function isNotice(value: unknown): value is ThirdPartyNotice {
  if (typeof value !== 'object' || value === null) return false;
  const n = value as Record<string, unknown>;
  return typeof n.name === 'string' && typeof n.version === 'string' && typeof n.license === 'string' && (n.text === null || typeof n.text === 'string');
}
