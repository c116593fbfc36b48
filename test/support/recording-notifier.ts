import type { Alert, Notifier } from '../../app/core/ports';

/** A notifier for core tests: keeps every alert it was asked to show, in order. */
export class RecordingNotifier implements Notifier {
  readonly shown: Alert[] = [];

  show(alert: Alert): void {
    this.shown.push(alert);
  }
}
