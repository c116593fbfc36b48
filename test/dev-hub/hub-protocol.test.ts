import { describe, expect, it } from 'vitest';
import { checkHandshake, frame, parseClientMessage, RecordReader } from '../../app/dev-hub/hub-protocol';

describe('hub protocol', () => {
  it('frames a record with the record separator', () => {
    expect(frame({ type: 6 })).toBe('{"type":6}\x1e');
  });

  it('reads whole records and keeps a cut one until the rest arrives', () => {
    const reader = new RecordReader();
    expect(reader.push('{"a":1}\x1e{"b"')).toEqual(['{"a":1}']);
    expect(reader.pending).toBe(4);
    expect(reader.push(':2}\x1e\x1e')).toEqual(['{"b":2}', '']);
    expect(reader.pending).toBe(0);
  });

  it.each([
    ['{"protocol":"json","version":1}', { ok: true }],
    ['{"protocol":"messagepack","version":1}', { ok: false, error: "The protocol 'messagepack' is not supported." }],
    ['{"protocol":"json","version":3}', { ok: false, error: "The server does not support version 3 of the 'json' protocol." }],
    ['{"version":1}', { ok: false, error: expect.stringContaining("'protocol'") }],
    ['{"protocol":"json"}', { ok: false, error: expect.stringContaining("'version'") }],
    ['[1]', { ok: false, error: expect.stringContaining('Unexpected JSON Token') }],
    ['{', { ok: false, error: expect.stringContaining('Error reading JSON') }],
  ])('checks the handshake %s', (record, outcome) => {
    expect(checkHandshake(record)).toEqual(outcome);
  });

  it.each([
    ['{"type":1,"target":"Go","arguments":[]}', { kind: 'invocation', target: 'Go', invocationId: null }],
    ['{"type":4,"target":"Go","invocationId":"2","arguments":[]}', { kind: 'invocation', target: 'Go', invocationId: '2' }],
    ['{"type":7}', { kind: 'close' }],
    ['{"type":6}', { kind: 'ignored' }],
    ['{"type":3,"invocationId":"1","result":null}', { kind: 'ignored' }],
    ['{"type":99}', { kind: 'ignored' }],
    ['{"type":1}', { kind: 'invalid', reason: expect.stringContaining('target') }],
    ['{"target":"x"}', { kind: 'invalid', reason: expect.stringContaining('type') }],
    ['"text"', { kind: 'invalid', reason: expect.any(String) }],
    ['nope', { kind: 'invalid', reason: 'Error reading JSON.' }],
  ])('reads the client message %s', (record, message) => {
    expect(parseClientMessage(record)).toEqual(message);
  });
});
