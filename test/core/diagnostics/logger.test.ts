import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../app/core/diagnostics/logger';
import { createLogger, formatLogLine } from '../../../app/core/diagnostics/logger';

describe('createLogger', () => {
  it('redacts messages and fields, scopes children, and filters by level', () => {
    const records: LogRecord[] = [];
    let secret = 'first-secret';
    const logger = createLogger((r) => records.push(r), { scope: 'core', level: 'info', secrets: () => [secret], now: () => 0 });
    logger.debug('hidden');
    logger.child('auth').warn('sent first-secret', { header: 'Bearer abc', error: new Error('x first-secret') });
    secret = 'second-secret';
    logger.error('now second-secret');
    expect(records).toEqual([
      {
        level: 'warn',
        scope: 'core.auth',
        message: 'sent [redacted]',
        time: '1970-01-01T00:00:00.000Z',
        fields: { header: 'Bearer [redacted]', error: 'x [redacted]' },
      },
      { level: 'error', scope: 'core', message: 'now [redacted]', time: '1970-01-01T00:00:00.000Z' },
    ]);
    expect(formatLogLine(records[0]!)).toBe('1970-01-01T00:00:00.000Z WARN core.auth: sent [redacted] {"header":"Bearer [redacted]","error":"x [redacted]"}');
  });

  it('survives a throwing sink', () => {
    const logger = createLogger(() => {
      throw new Error('EPIPE');
    });
    expect(() => logger.info('x')).not.toThrow();
  });
});
