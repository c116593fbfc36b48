/**
 * `--smoke` (run by `npm run smoke` with `--demo`): the real app proves, in order, that its tray
 * exists, its window loaded the page without a Content-Security-Policy violation, the first demo
 * incident was handed to the OS notifier, and a clean quit finished; then it exits 0. The first step
 * that fails ends the run: one line naming the step and why, exit 1. A watchdog started with the
 * process fails the step in progress once SMOKE_LIMIT_MS has passed.
 *
 * Electron APIs relied on, each step: `Tray` construction and `isDestroyed()` (tray);
 * `webContents` 'did-finish-load' / 'did-fail-load' and 'console-message' (`details.message`
 * carries Chromium's "Refused to … Content Security Policy" report) (window);
 * `Notification.isSupported()` and `Notification.show()` (notification); `app.quit()` →
 * 'before-quit' → the clean stop → `app.exit(code)` (quit).
 */
import type { MainWindow } from './windows';

export type SmokeStep = 'start' | 'tray' | 'window' | 'notification' | 'quit';

/** Below `npm run smoke`'s 60 s, so the app reports its own failing step before the script gives up. */
export const SMOKE_LIMIT_MS = 50_000;
/** Late CSP reports (a style or script added after load) still count. */
export const PAGE_SETTLE_MS = 1_000;
const POLL_MS = 100;

export interface SmokeSubject {
  readonly tray: { exists(): boolean };
  readonly window: Pick<MainWindow, 'show' | 'current' | 'whenLoaded'>;
  readonly notifier: { handedToOs(): number; permission(): string };
  quit(): void;
  readonly stopped: Promise<{ readonly clean: boolean }>;
}

export interface SmokeIo {
  out(line: string): void;
  exit(code: number): void;
}

const CSP_REPORT = /Content[ -]Security[ -]Policy/i;

export class SmokeRun {
  private step: SmokeStep = 'start';
  private finished = false;
  private readonly watchdog: ReturnType<typeof setTimeout>;

  constructor(
    private readonly io: SmokeIo,
    private readonly limitMs = SMOKE_LIMIT_MS,
  ) {
    this.watchdog = setTimeout(() => this.fail(`did not finish within ${limitMs / 1000} s`), limitMs);
  }

  /** Ends the run at the current step. */
  fail(why: string): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.watchdog);
    this.io.out(`clay-tray smoke: FAILED at step "${this.step}": ${why}`);
    this.io.exit(1);
  }

  async run(subject: SmokeSubject): Promise<void> {
    try {
      this.step = 'tray';
      if (!subject.tray.exists()) return this.fail('the tray icon was not created');

      this.step = 'window';
      subject.window.show('history');
      const contents = subject.window.current()?.webContents;
      if (!contents) return this.fail('no window was created');
      const violations: string[] = [];
      contents.on('console-message', (details) => {
        const message = (details as { message?: string }).message ?? '';
        if (CSP_REPORT.test(message)) violations.push(message);
      });
      await subject.window.whenLoaded();
      await delay(PAGE_SETTLE_MS);
      if (violations.length > 0) return this.fail(`the page broke its Content-Security-Policy: ${violations[0]!.slice(0, 300)}`);

      this.step = 'notification';
      while (subject.notifier.handedToOs() === 0) {
        if (this.finished) return;
        if (subject.notifier.permission() === 'unsupported') return this.fail('this system offers no notifications (Notification.isSupported() is false)');
        await delay(POLL_MS);
      }

      this.step = 'quit';
      subject.quit();
      const { clean } = await subject.stopped;
      if (!clean) return this.fail('the clean stop did not finish (the log says which part)');
      if (violations.length > 0) return this.fail(`the page broke its Content-Security-Policy: ${violations[0]!.slice(0, 300)}`);
      if (this.finished) return;
      this.finished = true;
      clearTimeout(this.watchdog);
      this.io.out('clay-tray smoke: passed: tray, window without CSP violations, notification, clean quit');
      this.io.exit(0);
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
