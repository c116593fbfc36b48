/** A realistic About answer for the shell's handler tests and the window's test bridge. */
import type { AboutInfo } from '../../app/common/models';

export const STUB_ABOUT: AboutInfo = {
  versions: { 'Clay Tray': '0.1.0', Electron: '45.5.0', Chrome: '146.0.7680.80', Node: '24.11.1', OS: 'linux x64' },
  dataFolders: [
    { label: 'Settings and history', path: '/home/desk/.config/Clay Tray' },
    { label: 'Logs', path: '/home/desk/.config/Clay Tray/logs' },
    { label: 'Crash reports (kept on this computer, never sent)', path: '/home/desk/.config/Clay Tray/crash-reports' },
  ],
  license: 'MIT',
  notices: [
    { name: '@microsoft/signalr', version: '10.0.11', license: 'MIT', text: null },
    { name: 'electron-updater', version: '6.8.10', license: 'MIT', text: 'Copyright (c) 2015 Loopline Systems\n\nPermission is hereby granted, free of charge, …' },
    { name: 'ws', version: '8.23.0', license: 'MIT', text: 'Copyright (c) 2011 Einar Otto Stangvik\n\nPermission is hereby granted, free of charge, …' },
  ],
  update: { phase: 'idle', message: 'Clay Tray is up to date.', version: null, checkedAt: '2026-11-30T09:00:00.000Z' },
  crashedAt: null,
};
