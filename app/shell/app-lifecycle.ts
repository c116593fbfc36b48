/**
 * The behaviour around the app's life that is more than wiring: staying alive through stray
 * errors, and a quit that stops connections and flushes history before the process goes (or
 * gives up after QUIT_TIMEOUT_MS). The composition root (app/compose-app.ts) uses both.
 */
import { app } from 'electron';
import type { Clock, Logger } from '../core/ports';

export const APP_USER_MODEL_ID = 'dev.claytray.app';
/** A quit waits this long for connections to close and history to flush, then goes anyway. */
export const QUIT_TIMEOUT_MS = 5_000;

/** Logged and survived: one bad event or callback must not take the tray away. */
export function keepAliveOnErrors(logger: Logger): void {
  process.on('uncaughtException', (error) => {
    logger.error('Uncaught exception', { error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) });
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('Unhandled promise rejection', { reason: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason) });
  });
}

export interface QuitSteps {
  /** The window hides on close; before a quit it must be allowed to close for real. */
  readonly allowWindowClose: () => void;
  /** Run at once, in order: watchers and timers that must not act during the stop. */
  readonly stopAtOnce: readonly (() => void)[];
  /** What may take time (connections closing, history flushing); given QUIT_TIMEOUT_MS. */
  readonly stopInTime: () => Promise<void>;
  /** Run last, in order, after the stop finished or timed out. */
  readonly takeDown: readonly (() => void)[];
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The Quit menu item: the window may close for real, then the quit goes through `handleQuit`. */
export function quitApp(window: { allowClose(): void }): void {
  window.allowClose();
  app.quit();
}

/**
 * Every quit (the menu, logout, Cmd+Q, the updater) goes through `before-quit`: the first one is
 * held until the steps have run, then the app quits for real. Resolves once that stop has
 * finished; `clean` is false when part of it failed or timed out.
 */
export function handleQuit(steps: QuitSteps): Promise<{ readonly clean: boolean }> {
  let cleanedUp = false;
  let cleaning = false;
  return new Promise<{ clean: boolean }>((resolve) => {
    app.on('before-quit', (event) => {
      // An OS-initiated quit (logout, Cmd+Q) must close the window for real, too.
      steps.allowWindowClose();
      if (cleanedUp) return;
      event.preventDefault();
      if (cleaning) return;
      cleaning = true;
      void cleanUp(steps).then((clean) => {
        cleanedUp = true;
        resolve({ clean });
        app.quit();
      });
    });
  });
}

async function cleanUp(steps: QuitSteps): Promise<boolean> {
  let clean = true;
  steps.logger.info('Quitting');
  for (const stop of steps.stopAtOnce) stop();
  await withTimeout(steps.stopInTime(), QUIT_TIMEOUT_MS, steps.clock).catch((error: unknown) => {
    clean = false;
    steps.logger.error('A clean stop failed', { reason: error instanceof Error ? error.message : String(error) });
  });
  for (const takeDown of steps.takeDown) takeDown();
  return clean;
}

function withTimeout(work: Promise<void>, ms: number, clock: Clock): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
    work.then(
      () => {
        clock.clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
