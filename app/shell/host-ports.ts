/**
 * The few machine facts the shell's adapters need, as small ports instead of Electron globals:
 * app/main.ts builds them from Electron (electron-ports.ts) and passes them in, and tests pass
 * plain objects, so the Electron fake does not have to model them.
 */

export type PowerEvent = 'suspend' | 'resume' | 'unlock-screen';

/** Sleep, wake and screen unlock (Electron's powerMonitor), and whether the network is up (net). */
export interface PowerPort {
  on(event: PowerEvent, listener: () => void): void;
  off(event: PowerEvent, listener: () => void): void;
  isOnline(): boolean;
}

/** Chromium's proxy answer for a URL, PAC style: "PROXY proxy.corp:3128; DIRECT". */
export type ResolveProxy = (url: string) => Promise<string>;

export interface HostPorts {
  readonly power: PowerPort;
  readonly resolveProxy: ResolveProxy;
}
