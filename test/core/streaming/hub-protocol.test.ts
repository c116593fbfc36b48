/**
 * The protocol's fast path for `ReceiveMessage` with one string argument, and that everything else
 * reaches the client exactly as the official JsonHubProtocol parses it, in order.
 */
import type { ILogger } from '@microsoft/signalr';
import { JsonHubProtocol, LogLevel, MessageType } from '@microsoft/signalr';
import { describe, expect, it } from 'vitest';
import { ReceivingJsonProtocol } from '../../../app/core/streaming/hub-protocol';
import { rawJson } from '../../../app/core/streaming/raw-json';

const RS = '\u001e';
const invocation = (argumentsJson: string, target = 'ReceiveMessage'): string => `{"type":1,"target":"${target}","arguments":[${argumentsJson}]}${RS}`;

function protocol(onReceive: (argument: string) => void = () => undefined): { protocol: ReceivingJsonProtocol; closes: unknown[]; logged: string[]; logger: ILogger } {
  const closes: unknown[] = [];
  const logged: string[] = [];
  const logger: ILogger = { log: (level, message) => void (level >= LogLevel.Error && logged.push(message)) };
  return { protocol: new ReceivingJsonProtocol('ReceiveMessage', onReceive, (message) => closes.push(message)), closes, logged, logger };
}

describe('ReceivingJsonProtocol', () => {
  it('hands one string argument to the receiver itself, in order, and keeps the hub’s JSON text of it', () => {
    const received: string[] = [];
    const { protocol: p, logger } = protocol((argument) => received.push(argument));
    // The hub's own spelling: an escaped slash and é, which JSON.stringify would write differently.
    const literal = '"{\\"id\\":\\"b\\",\\"path\\":\\"a\\/b caf\\u00e9\\"}"';
    const messages = p.parseMessages(invocation('"{\\"id\\":\\"a\\"}"') + invocation(literal), logger);
    expect(messages).toEqual([]);
    expect(received).toEqual(['{"id":"a"}', '{"id":"b","path":"a/b café"}']);
    expect(rawJson(received[1]!)).toBe(literal);
    expect(JSON.parse(rawJson(received[1]!))).toBe(received[1]);
    // Any other text is written by JSON.stringify.
    expect(rawJson('{"id":"c/é"}')).toBe(JSON.stringify('{"id":"c/é"}'));
  });

  it('passes every other record to the client as JsonHubProtocol parses it, after the ones received before it', () => {
    const received: string[] = [];
    const { protocol: p, closes, logger } = protocol((argument) => received.push(argument));
    const others = [
      `{"type":1,"invocationId":"7","target":"ReceiveMessage","arguments":["with id"]}${RS}`,
      invocation('"a","b"'),
      invocation('{"id":"object"}'),
      invocation('"x"', 'SomethingElse'),
      invocation('"spaced" '),
      invocation(''),
      `{"type":6}${RS}`,
      `{"type":7,"error":"bye","allowReconnect":true}${RS}`,
    ].join('');
    const input = invocation('"first"') + others + invocation('"after the others"');
    const messages = p.parseMessages(input, logger);
    expect(received).toEqual(['first']);
    expect(messages).toEqual(new JsonHubProtocol().parseMessages(others + invocation('"after the others"'), logger));
    expect(messages.at(-1)).toMatchObject({ type: MessageType.Invocation, arguments: ['after the others'] });
    expect(closes).toEqual([{ type: 7, error: 'bye', allowReconnect: true }]);
  });

  it('logs a receiver that throws and goes on with the next record; refuses incomplete input like the client', () => {
    const received: string[] = [];
    const { protocol: p, logged, logger } = protocol((argument) => {
      if (argument === 'bad') throw new Error('boom');
      received.push(argument);
    });
    expect(p.parseMessages(invocation('"bad"') + invocation('"good"'), logger)).toEqual([]);
    expect(received).toEqual(['good']);
    expect(logged.join('\n')).toContain('boom');
    expect(() => p.parseMessages(invocation('"cut"').slice(0, -1), logger)).toThrow('Message is incomplete.');
    expect(received).toEqual(['good']);
  });
});
