/**
 * "Copy diagnostics": what a support person needs to see, as plain text. Built only from data that
 * holds no secrets (versions, settings, states, recent problems) and redacted once more on the way
 * out, so a secret that slipped into an error text still never reaches the clipboard.
 */
import type { StatusSnapshot } from '../../common/models';
import type { Settings } from '../../common/settings';
import { redact } from './redact';

export interface DiagnosticsInput {
  readonly generatedAt: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly status: StatusSnapshot;
  readonly settings: Settings;
  readonly secretNote: string | null;
  readonly historyError: string | null;
  /** Recent warnings and errors from the log, newest last. */
  readonly recentProblems: readonly string[];
  readonly secrets: readonly string[];
  /** The last raw payloads per stream, already redacted, one line each. */
  readonly payloadSamples?: readonly string[];
  /** Crash report lines (app/core/crash-reports.ts): named, never attached. */
  readonly crashReports: readonly string[];
  /** The update state in words. */
  readonly update: string | null;
}

const MAX_PROBLEMS = 30;

/** The proxy and certificate choices, never the proxy user's password nor the certificate itself. */
function networkLine(network: Settings['network']): string {
  const proxy = network.proxyMode === 'manual' ? `manual proxy ${network.proxyUrl ?? '(none)'}${network.noProxy ? ` (not for ${network.noProxy})` : ''}` : network.proxyMode === 'system' ? 'system proxy' : 'no proxy';
  const signIn = network.proxyUsername ? ', proxy sign-in set' : '';
  const ca = network.extraCaPem ? `, extra CA certificates: ${network.extraCaPem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0}` : '';
  return `${proxy}${signIn}${ca}; token sent in the ${network.tokenIn === 'query' ? 'address (access_token)' : 'Authorization header'}`;
}

export function buildDiagnostics(input: DiagnosticsInput): string {
  const { status, settings } = input;
  const lines: string[] = ['Clay Tray diagnostics', `Generated: ${input.generatedAt}`, ''];
  lines.push('Versions');
  for (const [name, version] of Object.entries(input.versions)) lines.push(`  ${name}: ${version}`);
  lines.push('', 'Connection');
  lines.push(`  Overall: ${status.aggregate}`);
  if (status.setupProblem) lines.push(`  Not connecting: ${status.setupProblem}`);
  for (const notice of status.startupNotices) lines.push(`  At start-up: ${notice}`);
  lines.push(`  Environment: ${settings.connection.environment}${settings.connection.baseUrl ? `, base URL ${settings.connection.baseUrl}` : ''}`);
  lines.push(`  Auth: ${settings.auth.mode}${settings.auth.mode === 'client-credentials' ? `, scope ${settings.auth.scope}` : ''}`);
  lines.push(`  Secret kept in: ${status.secret.location}${status.secret.tokenValidUntil ? `, token valid until ${status.secret.tokenValidUntil}` : ''}`);
  if (input.secretNote) lines.push(`  Secret store note: ${input.secretNote}`);
  lines.push(`  Network: ${networkLine(settings.network)}`);
  for (const sub of status.subscriptions) {
    const phase = sub.status.phase;
    const attempt = 'attempt' in sub.status ? `, attempt ${sub.status.attempt}` : '';
    lines.push(`  ${sub.id}: ${phase}${attempt}; last event ${sub.lastEventAt ?? 'none'}${sub.offlineSince ? `; offline since ${sub.offlineSince}` : ''}`);
    if (sub.lastError) lines.push(`    last error: ${sub.lastError}`);
  }
  lines.push('', 'Notifications');
  lines.push(`  OS permission: ${status.notifications}`);
  lines.push(`  Paused: ${status.paused ? (status.paused.until ?? 'until resumed') : 'no'}`);
  lines.push(`  Quiet hours: ${settings.notifications.quietHours.enabled ? `${settings.notifications.quietHours.start}–${settings.notifications.quietHours.end}` : 'off'}`);
  lines.push('', 'History');
  lines.push(`  Unread: ${status.unread}; retention ${settings.history.maxEvents} events / ${settings.history.maxDays} days`);
  if (input.historyError) lines.push(`  Last write error: ${input.historyError}`);
  if (input.update) lines.push('', 'Updates', `  ${input.update}`);
  lines.push('', 'Crash reports');
  for (const line of input.crashReports) lines.push(`  ${line}`);
  lines.push('', 'Recent problems');
  const problems = input.recentProblems.slice(-MAX_PROBLEMS);
  if (problems.length === 0) lines.push('  none');
  for (const problem of problems) lines.push(`  ${problem}`);
  if (input.payloadSamples) {
    lines.push('', 'Last raw payloads (secrets redacted, ids kept), oldest first', ...input.payloadSamples);
  }
  return `${redact(lines.join('\n'), input.secrets)}\n`;
}
