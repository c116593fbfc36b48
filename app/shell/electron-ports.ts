/** The host ports (host-ports.ts) over Electron's own modules; built once by app/main.ts. */
import { app, clipboard, crashReporter, dialog, net, Notification, powerMonitor, session } from 'electron';
import type { HostPorts, PowerEvent } from './host-ports';

export function electronHostPorts(): HostPorts {
  return {
    power: {
      // Electron types each event with its own overload; these three all pass no arguments.
      on: (event: PowerEvent, listener: () => void) => void powerMonitor.on(event as 'resume', listener),
      off: (event: PowerEvent, listener: () => void) => void powerMonitor.removeListener(event as 'resume', listener),
      isOnline: () => net.isOnline(),
    },
    resolveProxy: (url) => session.defaultSession.resolveProxy(url),
    notifications: {
      isSupported: () => Notification.isSupported(),
      create: (options) => new Notification(options),
    },
    dialogs: {
      showMessageBox: (parent, options) => (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options)),
      showSaveDialog: (parent, options) => (parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options)),
      showErrorBox: (title, content) => dialog.showErrorBox(title, content),
    },
    clipboard: {
      writeText: (text) => clipboard.writeText(text),
    },
    setLoginItem: (settings) => app.setLoginItemSettings(settings),
    startCrashReporter: (options) => crashReporter.start(options),
  };
}
