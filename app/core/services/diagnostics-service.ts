/** The diagnostics area: the text a user copies for support, with every known secret redacted. */
import { ok, type Result } from '../../common/result';
import { buildDiagnostics } from '../diagnostics/diagnostics';
import type { HistoryStore } from '../history';
import type { Clock } from '../ports';
import type { AppCoreOptions } from './core-options';
import type { NotificationService } from './notification-service';
import type { SecretsService } from './secrets';
import type { StatusService } from './status-service';
import type { UpdatesService } from './updates-service';

export interface DiagnosticsServiceOptions {
  readonly core: Pick<AppCoreOptions, 'settings' | 'versions' | 'secretNote' | 'recentProblems' | 'crashReports' | 'updateFeed'>;
  readonly clock: Clock;
  readonly status: StatusService;
  readonly history: HistoryStore;
  readonly secrets: SecretsService;
  readonly notifications: NotificationService;
  readonly updates: UpdatesService;
}

export class DiagnosticsService {
  constructor(private readonly options: DiagnosticsServiceOptions) {}

  text(): Result<string> {
    const { core, clock, status, history, secrets, notifications, updates } = this.options;
    return ok(
      buildDiagnostics({
        generatedAt: new Date(clock.now()).toISOString(),
        versions: core.versions ?? {},
        status: status.get(),
        settings: core.settings.get(),
        secretNote: core.secretNote ?? null,
        historyError: history.lastWriteError,
        recentProblems: core.recentProblems?.() ?? [],
        secrets: secrets.known,
        payloadSamples: notifications.samples.lines(secrets.known),
        crashReports: core.crashReports?.() ?? ['none'],
        // A copy without an update feed (tests, the command line) has no update line.
        update: core.updateFeed ? updates.current().message : null,
      }),
    );
  }
}
