/** What the About view shows: versions, the data folders, licences, the update and the last crash. */
import type { AboutInfo, UpdateState } from '../common/models';
import type { Notices } from '../core/diagnostics/notices';

export interface AboutFacts {
  readonly versions: Readonly<Record<string, string>>;
  readonly folders: { readonly userData: string; readonly logs: string; readonly crashReports: string };
  readonly notices: Notices;
  readonly update: UpdateState;
  /** From the run marker: when a run that never quit was last seen alive. */
  readonly crashedAt: string | null;
}

export function aboutInfo(facts: AboutFacts): AboutInfo {
  return {
    versions: facts.versions,
    dataFolders: [
      { label: 'Settings and history', path: facts.folders.userData },
      { label: 'Logs', path: facts.folders.logs },
      { label: 'Crash reports (kept on this computer, never sent)', path: facts.folders.crashReports },
    ],
    ...facts.notices,
    update: facts.update,
    crashedAt: facts.crashedAt,
  };
}
