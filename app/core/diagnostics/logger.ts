/**
 * The one Logger implementation: scoped, levelled, and redacting every message and field before
 * the host's sink sees it (stderr for the CLI, the rotating file in the shell).
 */
import type { LogLevel, Logger } from '../ports';
import { escapeJsonText, SHOWN_TEXT_MAX, safeLine } from '../../common/safe-text';
import { redact, redactValue } from './redact';

export interface LogRecord {
  readonly level: LogLevel;
  readonly scope: string;
  readonly message: string;
  readonly time: string;
  readonly fields?: Record<string, unknown>;
}

export interface LoggerOptions {
  readonly scope?: string;
  readonly level?: LogLevel;
  /** The secrets in use right now; asked on every record so a changed secret is covered at once. */
  readonly secrets?: () => readonly string[];
  readonly now?: () => number;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(sink: (record: LogRecord) => void, options: LoggerOptions = {}): Logger {
  const minimum = RANK[options.level ?? 'info'];
  const secrets = options.secrets ?? (() => []);
  const now = options.now ?? Date.now;
  const make = (scope: string): Logger => {
    const write = (level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void => {
      if (RANK[level] < minimum) return;
      const known = secrets();
      const record: LogRecord = {
        level,
        scope,
        message: redact(message, known),
        time: new Date(now()).toISOString(),
        ...(fields ? { fields: redactFields(fields, known) } : {}),
      };
      try {
        sink(record);
      } catch {
        // A broken sink (closed pipe, full disk) must not take the caller down with it.
      }
    };
    return {
      debug: (message, fields) => write('debug', message, fields),
      info: (message, fields) => write('info', message, fields),
      warn: (message, fields) => write('warn', message, fields),
      error: (message, fields) => write('error', message, fields),
      child: (child) => make(scope ? `${scope}.${child}` : child),
    };
  };
  return make(options.scope ?? '');
}

function redactFields(fields: Readonly<Record<string, unknown>>, secrets: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = redactValue(value, secrets);
  return out;
}

/** Longer than any message of ours, so only text from outside (a server's error, a payload) is ever cut. */
const LOG_PART_MAX = 4 * SHOWN_TEXT_MAX;

/**
 * One line of text for a record: what the CLI writes to stderr and the app to its log file. Messages
 * and fields may carry text from the network, so control and bidi characters are escaped and each
 * part is capped: a line in a log never moves the cursor, clears a terminal or runs on for 100 KB.
 */
export function formatLogLine(record: LogRecord): string {
  const fields = record.fields && Object.keys(record.fields).length > 0 ? ` ${safeLine(escapeJsonText(JSON.stringify(record.fields)), LOG_PART_MAX)}` : '';
  const scope = record.scope ? ` ${record.scope}:` : '';
  return `${record.time} ${record.level.toUpperCase()}${scope} ${safeLine(record.message, LOG_PART_MAX)}${fields}`;
}
