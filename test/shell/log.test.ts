import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppLog, RotatingLogFile } from '../../app/shell/log';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clay-log-'));
  dirs.push(dir);
  return dir;
}

describe('RotatingLogFile', () => {
  it('rotates at the size limit and keeps only the configured number of files', () => {
    const dir = tempDir();
    const file = new RotatingLogFile({ directory: dir, maxBytes: 100, files: 3 });
    for (let i = 0; i < 20; i += 1) file.write(`line ${String(i).padStart(2, '0')} ${'x'.repeat(30)}`);
    expect(readdirSync(dir).sort()).toEqual(['clay-tray.1.log', 'clay-tray.2.log', 'clay-tray.log']);
    for (const name of readdirSync(dir)) expect(readFileSync(path.join(dir, name)).length).toBeLessThanOrEqual(100);
    const newest = readFileSync(path.join(dir, 'clay-tray.log'), 'utf8');
    expect(newest).toContain('line 19');
    const oldestKept = readFileSync(path.join(dir, 'clay-tray.2.log'), 'utf8');
    expect(oldestKept).not.toContain('line 00');
  });

  it('continues an existing file and counts its size', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'clay-tray.log'), 'y'.repeat(90));
    const file = new RotatingLogFile({ directory: dir, maxBytes: 100, files: 2 });
    file.write('z'.repeat(20));
    expect(readFileSync(path.join(dir, 'clay-tray.1.log'), 'utf8')).toBe('y'.repeat(90));
    expect(readFileSync(path.join(dir, 'clay-tray.log'), 'utf8')).toBe(`${'z'.repeat(20)}\n`);
  });

  it('keeps running when the file cannot be written', () => {
    const dir = tempDir();
    const file = new RotatingLogFile({ directory: dir });
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a folder');
    dirs.push(dir);
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(() => file.write('hello')).not.toThrow();
    } finally {
      process.stderr.write = stderr;
      rmSync(dir, { force: true });
    }
  });
});

describe('createAppLog', () => {
  it('redacts secrets and tokens before anything reaches the file', () => {
    const dir = tempDir();
    const secrets = ['client-secret-value-123'];
    const log = createAppLog({ directory: dir, secrets: () => secrets });
    log.logger.info('Token request with client-secret-value-123', { header: 'Bearer eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl' });
    log.logger.child('auth').error('Failed: client_secret=client-secret-value-123&x=1');
    secrets.push('rotated-secret-456');
    log.logger.warn('now rotated-secret-456');
    const text = readFileSync(log.file.path, 'utf8');
    expect(text).not.toContain('client-secret-value-123');
    expect(text).not.toContain('rotated-secret-456');
    expect(text).not.toContain('eyJzdWIiOiIx');
    expect(text).toContain('[redacted]');
    expect(text.trim().split('\n')).toHaveLength(3);
  });

  it('keeps recent warnings and errors for diagnostics, redacted', () => {
    const dir = tempDir();
    const log = createAppLog({ directory: dir, secrets: () => ['hunter2-secret'] });
    log.logger.info('fine');
    log.logger.warn('offline with hunter2-secret');
    log.logger.error('broken');
    const recent = log.recentProblems();
    expect(recent).toHaveLength(2);
    expect(recent.join('\n')).not.toContain('hunter2-secret');
    expect(recent[1]).toContain('broken');
  });

  it('writes below the level only when asked', () => {
    const dir = tempDir();
    const log = createAppLog({ directory: dir, secrets: () => [], level: 'warn' });
    log.logger.info('quiet');
    log.logger.debug('quieter');
    log.logger.warn('loud');
    expect(readFileSync(log.file.path, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
