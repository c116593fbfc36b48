/**
 * A hand-written fake of the `electron` module. No Electron binary runs here, so vitest aliases
 * `electron` to this file for every test. Each piece is checked against Electron's own
 * `electron.d.ts` (`implements Pick<Electron.X, …>` / `satisfies Pick<…>`): a fake whose signature
 * drifts from the real API fails `tsc`. Test-only hooks (`emit`, `fake`, `invokeHandler`…) record
 * what the code under test did and let a test drive events; `resetElectronFake()` restores a clean
 * module between tests.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as E from 'electron';

type PathName = Parameters<E.App['getPath']>[0];

/** A preventable event like the ones Electron passes to listeners. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent<T extends object>(extra?: T): FakeEvent & T {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
    ...extra,
  } as FakeEvent & T;
  return event;
}

// ---------------------------------------------------------------------------------------------
// app

interface AppState {
  userData: string;
  version: string;
  name: string;
  singleInstanceLock: boolean;
  ready: boolean;
  quitCalls: number;
  exitCodes: number[];
  sandboxEnabled: boolean;
  appUserModelId: string | null;
  isPackaged: boolean;
  /** Every text given to the macOS dock badge, in order. */
  dockBadges: string[];
  /** Dock bounces asked for (macOS), in order, and the ids cancelled. */
  dockBounces: ('critical' | 'informational')[];
  cancelledBounces: number[];
  /** Paths set with `setPath`. */
  paths: Partial<Record<PathName, string>>;
}

function initialAppState(): AppState {
  return {
    userData: '',
    version: '0.0.0-test',
    name: 'clay-tray',
    singleInstanceLock: true,
    ready: true,
    quitCalls: 0,
    exitCodes: [],
    sandboxEnabled: false,
    appUserModelId: null,
    isPackaged: false,
    dockBadges: [],
    dockBounces: [],
    cancelledBounces: [],
    paths: {},
  };
}

class FakeApp extends EventEmitter {
  /** Test hooks: what the code did and how the fake answers. */
  readonly fake: AppState = initialAppState();

  get isPackaged(): boolean {
    return this.fake.isPackaged;
  }

  /** Electron has it on macOS only; the fake always does and records what the code set. */
  readonly dock: Pick<E.Dock, 'setBadge' | 'bounce' | 'cancelBounce'> = {
    setBadge: (text: string) => {
      this.fake.dockBadges.push(text);
    },
    bounce: (type: 'critical' | 'informational' = 'informational') => {
      this.fake.dockBounces.push(type);
      // Electron answers an id for cancelBounce; ids start at 1.
      return this.fake.dockBounces.length;
    },
    cancelBounce: (id: number) => {
      this.fake.cancelledBounces.push(id);
    },
  };

  getPath(name: PathName): string {
    const set = this.fake.paths[name];
    if (set !== undefined) return set;
    if (!this.fake.userData) this.fake.userData = mkdtempSync(path.join(tmpdir(), 'clay-fake-userdata-'));
    return name === 'userData' || name === 'logs' ? this.fake.userData : path.join(this.fake.userData, name);
  }

  setPath(name: PathName, value: string): void {
    this.fake.paths[name] = value;
  }

  getVersion(): string {
    return this.fake.version;
  }

  getName(): string {
    return this.fake.name;
  }

  requestSingleInstanceLock(_additionalData?: Record<string, unknown>): boolean {
    return this.fake.singleInstanceLock;
  }

  whenReady(): Promise<void> {
    return this.fake.ready ? Promise.resolve() : new Promise((resolve) => this.once('ready', () => resolve()));
  }

  isReady(): boolean {
    return this.fake.ready;
  }

  quit(): void {
    this.fake.quitCalls += 1;
    // Electron emits before-quit first; a listener may prevent it and call quit() again later.
    const beforeQuit = fakeEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    const willQuit = fakeEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.emit('quit', fakeEvent(), 0);
  }

  exit(exitCode?: number): void {
    this.fake.exitCodes.push(exitCode ?? 0);
  }

  enableSandbox(): void {
    this.fake.sandboxEnabled = true;
  }

  setAppUserModelId(id: string): void {
    this.fake.appUserModelId = id;
  }
}

export const app = new FakeApp() satisfies Pick<
  E.App,
  | 'getPath'
  | 'setPath'
  | 'getVersion'
  | 'getName'
  | 'requestSingleInstanceLock'
  | 'whenReady'
  | 'isReady'
  | 'quit'
  | 'exit'
  | 'enableSandbox'
  | 'setAppUserModelId'
  | 'isPackaged'
>;

// ---------------------------------------------------------------------------------------------
// webContents, frames, sessions

export class FakeWebFrameMain {
  constructor(
    readonly url: string,
    readonly parent: FakeWebFrameMain | null,
  ) {}

  get top(): FakeWebFrameMain {
    return this.parent ? this.parent.top : this;
  }
}

let nextWebContentsId = 1;

export interface SentMessage {
  readonly channel: string;
  readonly args: readonly unknown[];
}

export class FakeWebContents extends EventEmitter implements Pick<E.WebContents, 'printToPDF'> {
  readonly id = nextWebContentsId++;
  readonly mainFrame = new FakeWebFrameMain('app://clay-tray/index.html', null);
  readonly session: FakeSession = session.defaultSession;
  /** Test hooks. */
  readonly sent: SentMessage[] = [];
  windowOpenHandler: ((details: E.HandlerDetails) => E.WindowOpenHandlerResponse) | null = null;
  /** Test hooks: the options of every printToPDF call, and what the next one answers (an Error rejects). */
  readonly pdfRequests: E.PrintToPDFOptions[] = [];
  nextPdf: Buffer | Error = Buffer.from('%PDF-1.7\n% fake page\n%%EOF\n');
  private destroyed = false;

  constructor() {
    super();
    app.emit('web-contents-created', fakeEvent(), this);
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }

  printToPDF(options: E.PrintToPDFOptions): Promise<Buffer> {
    if (this.destroyed) return Promise.reject(new Error('Object has been destroyed'));
    this.pdfRequests.push(options);
    const next = this.nextPdf;
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  }

  setWindowOpenHandler(handler: (details: E.HandlerDetails) => E.WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** Test hook: what `window.open(url)` in this page would get. */
  simulateWindowOpen(url: string): E.WindowOpenHandlerResponse {
    const details = { url, frameName: '', features: '', disposition: 'new-window', referrer: { url: '', policy: 'default' } };
    return this.windowOpenHandler ? this.windowOpenHandler(details as E.HandlerDetails) : { action: 'allow' };
  }
}

type PermissionRequestHandler = Parameters<E.Session['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<E.Session['setPermissionCheckHandler']>[0];

export class FakeSession extends EventEmitter implements Pick<E.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'resolveProxy'> {
  permissionRequestHandler: PermissionRequestHandler = null;
  permissionCheckHandler: PermissionCheckHandler = null;
  /** Only the bundled app calls it (through app/shell/electron-ports.ts); shell tests pass their own port. */
  resolveProxy(_url: string): Promise<string> {
    return Promise.resolve('DIRECT');
  }

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }
}

export const session = {
  defaultSession: new FakeSession(),
  fromPartition(_partition: string, _options?: E.FromPartitionOptions): FakeSession {
    return new FakeSession();
  },
};

// ---------------------------------------------------------------------------------------------
// BrowserWindow

const allWindows: FakeBrowserWindow[] = [];

export class FakeBrowserWindow
  extends EventEmitter
  implements
    Pick<
      E.BrowserWindow,
      | 'show'
      | 'hide'
      | 'focus'
      | 'restore'
      | 'isVisible'
      | 'isMinimized'
      | 'isDestroyed'
      | 'destroy'
      | 'close'
      | 'loadFile'
      | 'loadURL'
      | 'setMenuBarVisibility'
      | 'setOverlayIcon'
      | 'flashFrame'
    >
{
  readonly webContents = new FakeWebContents();
  /** Test hooks. */
  loaded: { readonly kind: 'file' | 'url'; readonly target: string } | null = null;
  focusCalls = 0;
  /** The taskbar overlay as last set (Windows). */
  overlay: { readonly image: FakeNativeImage | null; readonly description: string } | null = null;
  /** Every flashFrame call (Windows taskbar flashing), in order. */
  readonly flashes: boolean[] = [];
  private visible: boolean;
  private minimized = false;
  private destroyed = false;

  constructor(readonly options: E.BrowserWindowConstructorOptions = {}) {
    super();
    this.visible = options.show !== false;
    allWindows.push(this);
  }

  static getAllWindows(): FakeBrowserWindow[] {
    return allWindows.filter((w) => !w.isDestroyed());
  }

  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return allWindows.find((w) => w.webContents === contents && !w.isDestroyed()) ?? null;
  }

  show(): void {
    this.visible = true;
    this.minimized = false;
    this.emit('show');
  }

  flashFrame(flag: boolean): void {
    this.flashes.push(flag);
  }

  setOverlayIcon(image: E.NativeImage | null, description: string): void {
    this.overlay = { image: image as unknown as FakeNativeImage | null, description };
  }

  hide(): void {
    this.visible = false;
    this.emit('hide');
  }

  focus(): void {
    this.focusCalls += 1;
  }

  restore(): void {
    this.minimized = false;
  }

  minimize(): void {
    this.minimized = true;
  }

  isVisible(): boolean {
    return this.visible;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  setMenuBarVisibility(_visible: boolean): void {}

  /** Like Electron: emits a preventable `close`; if nobody prevents it the window is destroyed. */
  close(): void {
    const event = fakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroy();
    this.emit('closed');
  }

  loadFile(filePath: string): Promise<void> {
    this.loaded = { kind: 'file', target: filePath };
    return Promise.resolve();
  }

  loadURL(url: string): Promise<void> {
    this.loaded = { kind: 'url', target: url };
    return Promise.resolve();
  }
}

export { FakeBrowserWindow as BrowserWindow };

// ---------------------------------------------------------------------------------------------
// nativeImage, Menu, Tray

export class FakeNativeImage implements Pick<E.NativeImage, 'isEmpty' | 'setTemplateImage' | 'isTemplateImage'> {
  private template = false;

  constructor(readonly path: string | null) {}

  isEmpty(): boolean {
    return this.path === null;
  }

  setTemplateImage(option: boolean): void {
    this.template = option;
  }

  isTemplateImage(): boolean {
    return this.template;
  }
}

export const nativeImage = {
  createFromPath: (p: string): FakeNativeImage => new FakeNativeImage(p),
  createEmpty: (): FakeNativeImage => new FakeNativeImage(null),
  createFromBitmap: (buffer: Buffer, options: E.CreateFromBitmapOptions): FakeNativeImage => {
    if (buffer.length !== options.width * options.height * 4) throw new Error('createFromBitmap: the buffer does not match the size');
    return new FakeNativeImage(`bitmap:${options.width}x${options.height}`);
  },
};

export class FakeMenu {
  static applicationMenu: FakeMenu | null = null;

  constructor(readonly items: readonly E.MenuItemConstructorOptions[]) {}

  static buildFromTemplate(template: readonly E.MenuItemConstructorOptions[]): FakeMenu {
    return new FakeMenu(template);
  }

  static setApplicationMenu(menu: FakeMenu | null): void {
    FakeMenu.applicationMenu = menu;
  }

  /** Test hook: the item with this label, searching submenus. */
  find(label: string): E.MenuItemConstructorOptions | undefined {
    for (const item of this.items) {
      if (item.label === label) return item;
      const sub = item.submenu;
      if (Array.isArray(sub)) {
        const found = new FakeMenu(sub as E.MenuItemConstructorOptions[]).find(label);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** Test hook: clicks an item the way Electron calls `click(menuItem, window, event)`. */
  click(label: string): void {
    const item = this.find(label);
    if (!item) throw new Error(`No menu item "${label}"`);
    if (item.enabled === false) throw new Error(`Menu item "${label}" is disabled`);
    item.click?.(item as unknown as E.MenuItem, undefined, {} as E.KeyboardEvent);
  }
}

export { FakeMenu as Menu };

const allTrays: FakeTray[] = [];

export class FakeTray
  extends EventEmitter
  implements Pick<E.Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'destroy' | 'isDestroyed'>
{
  image: FakeNativeImage;
  tooltip = '';
  contextMenu: FakeMenu | null = null;
  private destroyed = false;

  constructor(image: E.NativeImage | string) {
    super();
    this.image = typeof image === 'string' ? nativeImage.createFromPath(image) : (image as unknown as FakeNativeImage);
    allTrays.push(this);
  }

  static all(): readonly FakeTray[] {
    return allTrays;
  }

  setImage(image: E.NativeImage | string): void {
    this.image = typeof image === 'string' ? nativeImage.createFromPath(image) : (image as unknown as FakeNativeImage);
  }

  setToolTip(toolTip: string): void {
    this.tooltip = toolTip;
  }

  setContextMenu(menu: E.Menu | null): void {
    this.contextMenu = menu as unknown as FakeMenu | null;
  }

  destroy(): void {
    this.destroyed = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export { FakeTray as Tray };

// ---------------------------------------------------------------------------------------------
// Notification

/** Only the bundled app shows notifications through it (app/shell/electron-ports.ts); shell tests pass their own port. */
export class FakeNotification extends EventEmitter implements Pick<E.Notification, 'show' | 'close'> {
  constructor(readonly options: E.NotificationConstructorOptions = {}) {
    super();
  }

  static isSupported(): boolean {
    return true;
  }

  show(): void {}

  close(): void {}
}

export { FakeNotification as Notification };

// ---------------------------------------------------------------------------------------------
// IPC

type InvokeHandler = (event: E.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

class FakeIpcMain extends EventEmitter implements Pick<E.IpcMain, 'handle' | 'removeHandler'> {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, listener: InvokeHandler): void {
    // Electron refuses a second handler for the same channel.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /**
   * Test hook: a renderer invoking `channel`. Like Electron, an unregistered channel rejects and a
   * throwing handler rejects with the error.
   */
  async invokeHandler(channel: string, event: FakeInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event as unknown as E.IpcMainInvokeEvent, ...args);
  }
}

export interface FakeInvokeEvent {
  readonly sender: FakeWebContents;
  readonly senderFrame: FakeWebFrameMain | null;
  readonly frameId: number;
  readonly processId: number;
}

/** Test hook: an invoke event from `contents`' main frame, or from a given frame. */
export function invokeEventFrom(contents: FakeWebContents, frame: FakeWebFrameMain | null = contents.mainFrame): FakeInvokeEvent {
  return { sender: contents, senderFrame: frame, frameId: 1, processId: 1 };
}

export const ipcMain = new FakeIpcMain();

class FakeIpcRenderer extends EventEmitter implements Pick<E.IpcRenderer, 'invoke' | 'send'> {
  readonly invocations: SentMessage[] = [];
  readonly sentMessages: SentMessage[] = [];
  /** Test hook: answers `invoke` (default: echo the channel back in an ok result). */
  respond: (channel: string, args: readonly unknown[]) => unknown = (channel) => ({ ok: true, value: channel });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return Promise.resolve(this.respond(channel, args));
  }

  send(channel: string, ...args: unknown[]): void {
    this.sentMessages.push({ channel, args });
  }
}

export const ipcRenderer = new FakeIpcRenderer();

class FakeContextBridge implements Pick<E.ContextBridge, 'exposeInMainWorld'> {
  readonly exposed = new Map<string, unknown>();

  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (this.exposed.has(apiKey)) throw new Error(`Cannot bind an API on top of an existing property: ${apiKey}`);
    this.exposed.set(apiKey, api);
  }
}

export const contextBridge = new FakeContextBridge();

// ---------------------------------------------------------------------------------------------
// powerMonitor, net, shell, dialog, clipboard, safeStorage

/** Only the bundled app listens (through app/shell/electron-ports.ts); shell tests pass their own power port. */
export const powerMonitor = new EventEmitter();

class FakeNet implements Pick<E.Net, 'isOnline'> {
  /** Test hook: every URL requested through `net.request`. */
  readonly requested: string[] = [];

  isOnline(): boolean {
    return true;
  }

  /**
   * Electron's ClientRequest is modelled on Node's (same events, `end`, `abort`), so the fake makes a
   * real Node request to the same place: electron-updater then talks to a real server in tests.
   * The Chromium-only options (`session`, `redirect`) have no Node meaning and are dropped.
   */
  request(options: E.ClientRequestConstructorOptions | string): http.ClientRequest {
    const target = typeof options === 'string' ? new URL(options) : options;
    const { protocol = 'http:', hostname, port, path: requestPath, method, headers } = target as E.ClientRequestConstructorOptions;
    const url = typeof options === 'string' ? options : `${protocol}//${hostname ?? 'localhost'}${port ? `:${port}` : ''}${requestPath ?? '/'}`;
    this.requested.push(url);
    const transport = protocol === 'https:' ? https : http;
    return transport.request(url, { method: method ?? 'GET', headers: headers as http.OutgoingHttpHeaders | undefined });
  }
}

export const net = new FakeNet();

/** Only the bundled app starts it (app/shell/electron-ports.ts); shell tests pass their own port. */
export const crashReporter = {
  start(_options: E.CrashReporterStartOptions): void {},
} satisfies Pick<E.CrashReporter, 'start'>;

class FakeShell implements Pick<E.Shell, 'openExternal' | 'openPath'> {
  readonly opened: string[] = [];
  readonly openedPaths: string[] = [];

  openExternal(url: string, _options?: E.OpenExternalOptions): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  }

  openPath(p: string): Promise<string> {
    this.openedPaths.push(p);
    return Promise.resolve('');
  }
}

export const shell = new FakeShell();

type ProtocolHandler = Parameters<E.Protocol['handle']>[1];

class FakeProtocol implements Pick<E.Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'isProtocolHandled'> {
  /** Test hooks: the privileged schemes (with whether the app was ready then) and the handlers. */
  readonly privileged: { readonly schemes: E.CustomScheme[]; readonly whenReady: boolean }[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();

  registerSchemesAsPrivileged(customSchemes: E.CustomScheme[]): void {
    // Electron throws once the app is ready; the fake records it so a test can say so.
    this.privileged.push({ schemes: customSchemes, whenReady: app.isReady() });
  }

  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }

  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }

  /** Test hook: what the page would get for `request`. */
  async fetch(request: Request): Promise<Response> {
    const handler = this.handlers.get(new URL(request.url).protocol.replace(/:$/, ''));
    if (!handler) throw new Error(`No handler for ${request.url}`);
    return handler(request);
  }
}

export const protocol = new FakeProtocol();

/** Only the bundled app reaches these (app/shell/electron-ports.ts); shell tests pass their own dialog and clipboard ports. */
export const dialog = {
  showErrorBox(_title: string, _content: string): void {},
} satisfies Pick<E.Dialog, 'showErrorBox'>;

export const clipboard = {
  writeText: (_text: string): Promise<void> => Promise.resolve(),
} satisfies Pick<E.Clipboard, 'writeText'>;

const SAFE_STORAGE_MAGIC = Buffer.from('FAKEv1:');
type StorageBackend = ReturnType<E.SafeStorage['getSelectedStorageBackend']>;

/** Reversible but not plain text, so a test can tell an encrypted file from a leaked secret. The app uses the asynchronous API (the synchronous one is deprecated in Electron 45). */
class FakeSafeStorage
  implements Pick<E.SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>
{
  available = true;
  backend: StorageBackend = 'gnome_libsecret';

  isAsyncEncryptionAvailable(): Promise<boolean> {
    return Promise.resolve(this.available);
  }

  async encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!this.available) throw new Error('Encryption is not available.');
    const bytes = Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a);
    return Buffer.concat([SAFE_STORAGE_MAGIC, bytes]);
  }

  async decryptStringAsync(encrypted: Buffer): Promise<E.DecryptStringAsyncReturnValue> {
    if (!this.available) throw new Error('Decryption is not available.');
    if (!encrypted.subarray(0, SAFE_STORAGE_MAGIC.length).equals(SAFE_STORAGE_MAGIC)) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.');
    }
    return { shouldReEncrypt: false, result: Buffer.from(encrypted.subarray(SAFE_STORAGE_MAGIC.length).map((b) => b ^ 0x5a)).toString('utf8') };
  }

  getSelectedStorageBackend(): StorageBackend {
    return this.backend;
  }
}

export const safeStorage = new FakeSafeStorage();

// ---------------------------------------------------------------------------------------------

/** Restores every piece to its initial state; call in `beforeEach`. */
export function resetElectronFake(): void {
  app.removeAllListeners();
  Object.assign(app.fake, initialAppState());
  for (const w of allWindows) if (!w.isDestroyed()) w.destroy();
  allWindows.length = 0;
  allTrays.length = 0;
  session.defaultSession.permissionRequestHandler = null;
  session.defaultSession.permissionCheckHandler = null;
  session.defaultSession.removeAllListeners();
  FakeMenu.applicationMenu = null;
  ipcMain.removeAllListeners();
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  ipcRenderer.sentMessages.length = 0;
  ipcRenderer.respond = (channel) => ({ ok: true, value: channel });
  contextBridge.exposed.clear();
  powerMonitor.removeAllListeners();
  net.requested.length = 0;
  shell.opened.length = 0;
  shell.openedPaths.length = 0;
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
}

const electron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  session,
  nativeImage,
  Menu: FakeMenu,
  Tray: FakeTray,
  Notification: FakeNotification,
  ipcMain,
  ipcRenderer,
  contextBridge,
  powerMonitor,
  net,
  shell,
  protocol,
  dialog,
  clipboard,
  safeStorage,
  crashReporter,
};

/** electron-store does `import electron from 'electron'`, so the fake has a default export too. */
export default electron;
