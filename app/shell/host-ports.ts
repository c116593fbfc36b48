/**
 * The few machine facts the shell's adapters need, as small ports instead of Electron globals:
 * app/main.ts builds them from Electron (electron-ports.ts) and passes them in, and tests pass
 * plain objects, so the Electron fake does not have to model them.
 */

import type {
  BaseWindow,
  CrashReporterStartOptions,
  MessageBoxOptions,
  MessageBoxReturnValue,
  NotificationConstructorOptions,
  SaveDialogOptions,
  SaveDialogReturnValue,
} from 'electron';

export type PowerEvent = 'suspend' | 'resume' | 'unlock-screen';

/** Sleep, wake and screen unlock (Electron's powerMonitor), and whether the network is up (net). */
export interface PowerPort {
  on(event: PowerEvent, listener: () => void): void;
  off(event: PowerEvent, listener: () => void): void;
  isOnline(): boolean;
}

/** Chromium's proxy answer for a URL, PAC style: "PROXY proxy.corp:3128; DIRECT". */
export type ResolveProxy = (url: string) => Promise<string>;

/** One OS notification as the notifier uses it: Electron's Notification, or a test's stand-in. */
export interface NativeNotification {
  on(event: 'click', listener: () => void): void;
  on(event: 'close', listener: () => void): void;
  on(event: 'show', listener: () => void): void;
  on(event: 'action', listener: (details: { readonly actionIndex: number }) => void): void;
  on(event: 'failed', listener: (event: unknown, error: string) => void): void;
  show(): void;
  close(): void;
}

/** Whether the system shows notifications at all, and making one (Electron's Notification). */
export interface NotificationPort {
  isSupported(): boolean;
  create(options: NotificationConstructorOptions): NativeNotification;
}

/** Native dialogs (Electron's dialog), modal to `parent` when there is one. */
export interface DialogPort {
  showMessageBox(parent: BaseWindow | null, options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
  showSaveDialog(parent: BaseWindow | null, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  /** Works before the app is ready: the last resort when the start fails. */
  showErrorBox(title: string, content: string): void;
}

/** Electron 45's clipboard writes asynchronously and can refuse (no clipboard owner on a bare X session). */
export interface ClipboardPort {
  writeText(text: string): Promise<void>;
}

/** macOS and Windows "open at login" (Electron's app.setLoginItemSettings); Linux writes an autostart file instead. */
export type SetLoginItem = (settings: { readonly openAtLogin: boolean }) => void;

/** Electron's crashReporter.start: local minidumps, before the app is ready. */
export type StartCrashReporter = (options: CrashReporterStartOptions) => void;

export interface HostPorts {
  readonly power: PowerPort;
  readonly resolveProxy: ResolveProxy;
  readonly notifications: NotificationPort;
  readonly dialogs: DialogPort;
  readonly clipboard: ClipboardPort;
  readonly setLoginItem: SetLoginItem;
  readonly startCrashReporter: StartCrashReporter;
}
