/** The connection test and the diagnostics text, assembled from AppCore's parts; apart so AppCore stays about wiring. */
import type { ConnectionTestReport } from '../../common/ipc-contract';
import type { StatusSnapshot } from '../../common/models';
import { ok, type Result } from '../../common/result';
import { runConnectionTest } from './connection-test';
import type { AppCoreOptions } from './core-options';
import { buildDiagnostics } from '../diagnostics/diagnostics';
import type { PayloadSamples } from '../streaming/payload-samples';
import type { Clock, Logger } from '../ports';
import { siteDisplayName } from '../settings/settings';

export async function testConnection(options: AppCoreOptions, clock: Clock, logger: Logger): Promise<Result<ConnectionTestReport>> {
  const settings = options.settings.get();
  const report = await runConnectionTest({
    settings,
    secrets: options.secrets,
    clock,
    logger: logger.child('connection-test'),
    timeoutMs: options.connectionTestTimeoutMs ?? 10_000,
    siteName: (site) => siteDisplayName(settings, site),
    systemProxy: options.systemProxy ?? null,
  });
  return ok(report);
}

export interface DiagnosticsParts {
  readonly clock: Clock;
  readonly status: StatusSnapshot;
  readonly historyError: string | null;
  readonly knownSecrets: readonly string[];
  readonly samples: PayloadSamples;
}

export function diagnosticsText(options: AppCoreOptions, parts: DiagnosticsParts): Result<string> {
  return ok(
    buildDiagnostics({
      generatedAt: new Date(parts.clock.now()).toISOString(),
      versions: options.versions ?? {},
      status: parts.status,
      settings: options.settings.get(),
      secretNote: options.secretNote ?? null,
      historyError: parts.historyError,
      recentProblems: options.recentProblems?.() ?? [],
      secrets: parts.knownSecrets,
      payloadSamples: parts.samples.lines(parts.knownSecrets),
      crashReports: options.crashReports?.() ?? ['none'],
      update: options.updateState?.() ?? null,
    }),
  );
}
