/**
 * What the core needs from its host. Each host (Electron shell, CLI, tests) passes its own
 * implementation to constructors; the core never reaches for a global.
 */
import type { SecretLocation } from '../common/models';

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer): void;
}

/** Opaque timer handle. */
export type ClockTimer = { readonly __timer: unique symbol } | NodeJS.Timeout | number;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A scoped logger. Implementations redact secrets before anything is written. */
export interface Logger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
  child(scope: string): Logger;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** Where secrets live: keytar, a safeStorage-encrypted file, or memory for this session. */
export interface SecretStore {
  readonly location: SecretLocation;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** A native notification to show. `tag` groups: a new alert replaces the shown one with the same tag. */
export interface Alert {
  readonly tag: string;
  readonly title: string;
  readonly body: string;
  /** The event to open when clicked, if any. */
  readonly eventKey: string | null;
  /** Shown even in quiet hours, with the OS's urgent style where it has one. */
  readonly urgent: boolean;
}

export interface Notifier {
  show(alert: Alert): void;
}
