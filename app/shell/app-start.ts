/** Starting the app with a last-resort error box when the start fails. */
import path from 'node:path';
import { app } from 'electron';
import type { AppHost, RunningApp } from './app-host';

/**
 * `compose(host)` (the composition root, app/compose-app.ts), and if it fails anyway, a native
 * error box saying so before the process exits: a start must never end with nothing on screen.
 * (The error box works before the app is ready.)
 */
export async function startApp(host: AppHost, compose: (host: AppHost) => Promise<RunningApp | null>): Promise<RunningApp | null> {
  try {
    return await compose(host);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    let logs = "the logs folder in Clay Tray's user-data folder";
    try {
      logs = path.join(app.getPath('userData'), 'logs');
    } catch {
      // The path itself may be what failed; the generic words stay.
    }
    process.stderr.write(`clay-tray: could not start: ${error instanceof Error ? (error.stack ?? reason) : reason}\n`);
    if (!host.headless) host.ports.dialogs.showErrorBox('Clay Tray could not start', `Clay Tray could not start: ${reason.slice(0, 500)}\n\nDetails are in the log files in ${logs}. Quit other copies of Clay Tray, then start it again; if this keeps happening, send the log files to your administrator.`);
    app.exit(1);
    return null;
  }
}
