/**
 * The one window (history and settings). `getWindowOptions()` is pure so a test can pin the
 * security defaults; `MainWindow` keeps the only reference to the BrowserWindow, hides it on close
 * (the app lives in the tray) and knows which webContents are ours for the IPC sender check.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { CONTRACT, type EventChannel, type IpcEventMap, type View } from '../common/ipc-contract';

export interface WindowPaths {
  /** The bundled, sandboxed preload (dist/preload.cjs). */
  readonly preload: string;
  /** The page, served by the app:// scheme (see app-protocol.ts). */
  readonly pageUrl: string;
  /** Called after each show: the taskbar overlay needs a window that is on the taskbar. */
  readonly onDidShow?: () => void;
}

/**
 * Caller overrides come first and the security settings last, so no override can weaken them;
 * `sandbox` is the very last key for the same reason.
 */
export function getWindowOptions(preload: string, overrides: BrowserWindowConstructorOptions = {}): BrowserWindowConstructorOptions {
  const { sandbox: _overriddenSandbox, ...callerPreferences } = overrides.webPreferences ?? {};
  return {
    width: 980,
    height: 700,
    minWidth: 640,
    minHeight: 420,
    title: 'Clay Tray',
    show: false,
    autoHideMenuBar: true,
    ...overrides,
    webPreferences: {
      ...callerPreferences,
      preload,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // The alarm for urgent incidents must sound without anyone having clicked in the window first.
      autoplayPolicy: 'no-user-gesture-required',
      sandbox: true,
    },
  };
}

const MAX_QUEUED = 100;

export class MainWindow {
  private window: BrowserWindow | null = null;
  private quitting = false;
  /** Until the page has loaded it has no listeners, so events wait here (a notification click opening the window). */
  private loaded = false;
  private queued: { channel: EventChannel; payload: unknown }[] = [];

  constructor(private readonly paths: WindowPaths) {}

  /** From now on closing really closes: the app is quitting. */
  allowClose(): void {
    this.quitting = true;
  }

  isOwnContents(contents: WebContents): boolean {
    return this.window !== null && !this.window.isDestroyed() && this.window.webContents.id === contents.id;
  }

  /** Shows (creating on first use), restores and focuses the window. */
  show(view?: View): void {
    const win = this.ensure();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    this.paths.onDidShow?.();
    if (view) this.send(CONTRACT.navigation.onDidRequestView.channel, view);
  }

  /** Creates the window hidden if it does not exist yet, so its page can play the alarm sound. */
  prepare(): void {
    this.ensure();
  }

  /** Sends an event to the page if the window exists; a hidden window still receives it. */
  send<C extends EventChannel>(channel: C, payload: IpcEventMap[C]): void {
    const win = this.window;
    if (win === null || win.isDestroyed() || win.webContents.isDestroyed()) return;
    if (!this.loaded) {
      if (this.queued.length < MAX_QUEUED) this.queued.push({ channel, payload });
      return;
    }
    win.webContents.send(channel, payload);
  }

  /** Resolves once the page has loaded (at once if it has); rejects when loading failed. */
  whenLoaded(): Promise<void> {
    const win = this.ensure();
    if (this.loaded) return Promise.resolve();
    return new Promise((resolve, reject) => {
      win.webContents.once('did-finish-load', () => resolve());
      win.webContents.once('did-fail-load', (_event, code, description, url) => reject(new Error(`the page did not load: ${description} (${code}) at ${url}`)));
    });
  }

  /** The window to parent dialogs on, if it is open. */
  current(): BrowserWindow | null {
    return this.window && !this.window.isDestroyed() ? this.window : null;
  }

  destroy(): void {
    this.quitting = true;
    if (this.window && !this.window.isDestroyed()) this.window.destroy();
    this.window = null;
  }

  private ensure(): BrowserWindow {
    if (this.window && !this.window.isDestroyed()) return this.window;
    const win = new BrowserWindow(getWindowOptions(this.paths.preload));
    win.setMenuBarVisibility(false);
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (this.window === win) this.window = null;
    });
    this.loaded = false;
    this.queued = [];
    win.webContents.on('did-finish-load', () => {
      this.loaded = true;
      for (const { channel, payload } of this.queued.splice(0)) win.webContents.send(channel, payload);
    });
    void win.loadURL(this.paths.pageUrl);
    this.window = win;
    return win;
  }
}
