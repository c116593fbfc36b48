/**
 * Electron's crash reporter, local only: minidumps go to `crash-reports/` in the user-data folder
 * and are never uploaded (there is no crash server, and a dump may hold event text). They are
 * listed in "Copy diagnostics" for someone to send on purpose. Must run before the app is ready so
 * that a crash during start is caught too.
 */
import path from 'node:path';
import { app } from 'electron';
import type { StartCrashReporter } from './host-ports';

export const CRASH_REPORTS_FOLDER = 'crash-reports';

/** Starts the reporter; returns the folder the minidumps go to. */
export function startCrashReporting(startCrashReporter: StartCrashReporter): string {
  const directory = path.join(app.getPath('userData'), CRASH_REPORTS_FOLDER);
  app.setPath('crashDumps', directory);
  startCrashReporter({ uploadToServer: false, productName: 'Clay Tray', compress: true });
  return directory;
}
