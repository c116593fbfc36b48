/**
 * The desktop app's entry: picks the real host pieces (electron-store settings, keytar/safeStorage
 * secrets, Electron's power, network and proxy ports, file paths next to this bundle) and runs the
 * composition root, `composeApp` (app/compose-app.ts), which wires core and shell in the order
 * they start. The shell tests run that same function against the Electron fake.
 */
import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, safeStorage } from 'electron';
import { composeApp } from './compose-app';
import { startApp } from './shell/app-start';
import { electronHostPorts } from './shell/electron-ports';
import { createSecretStore, loadKeytar } from './shell/secrets';
import { SettingsStore } from './shell/settings-store';
import { SmokeRun } from './shell/smoke';
import { createUpdateFeed } from './shell/updater';

// dist/main.js sits beside dist/preload.cjs and dist/renderer/.
const here = path.dirname(fileURLToPath(import.meta.url));
// `--smoke` (npm run smoke) checks the real app end to end in demo mode, in a throwaway user-data
// folder so it neither meets a running Clay Tray's single-instance lock nor touches its data.
const smoke = process.argv.includes('--smoke') ? new SmokeRun({ out: (line) => process.stdout.write(`${line}\n`), exit: (code) => app.exit(code) }) : null;
if (smoke) app.setPath('userData', mkdtempSync(path.join(tmpdir(), 'clay-tray-smoke-')));
const demo = smoke !== null || process.argv.includes('--demo') || process.env.CLAY_TRAY_DEMO === '1';

void startApp({
  paths: {
    preload: path.join(here, 'preload.cjs'),
    renderer: path.join(here, 'renderer'),
    trayIcons: app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.join(here, '..', 'build', 'tray'),
    notices: path.join(here, 'notices.json'),
  },
  platform: process.platform,
  demo,
  versions: {
    'Clay Tray': app.getVersion(),
    Electron: process.versions.electron ?? 'unknown',
    Chrome: process.versions.chrome ?? 'unknown',
    Node: process.versions.node,
    OS: `${process.platform} ${process.arch}`,
  },
  openSettings: (logger) => SettingsStore.open({ directory: app.getPath('userData'), logger }),
  openSecrets: (logger) => createSecretStore({ keytar: loadKeytar, safeStorage, directory: app.getPath('userData'), logger }),
  ports: electronHostPorts(),
  autostart: {
    directory: path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'), 'autostart'),
    executable: process.env.APPIMAGE ?? process.execPath,
  },
  updateFeed: (logger) =>
    createUpdateFeed({ platform: process.platform, isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appImage: process.env.APPIMAGE, demo, logger }),
  ...(app.isPackaged ? {} : { echoLog: (line: string) => process.stderr.write(`${line}\n`) }),
  headless: smoke !== null,
}, composeApp).then((running) => {
  // startApp has already said why and exited when the start failed; the smoke run names the step too.
  if (!smoke) return;
  if (running) void smoke.run(running);
  else smoke.fail('the app did not start (another Clay Tray holds the single-instance lock, or the start failed: see above)');
});
