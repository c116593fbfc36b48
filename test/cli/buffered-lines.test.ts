/** The CLI's stdout batching: order, encoding, and that a batch handed out is never written over. */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BufferedLines } from '../../app/cli/buffered-lines';

function recorder(): { readonly writes: Uint8Array[]; readonly text: () => string; readonly out: BufferedLines } {
  const writes: Uint8Array[] = [];
  return { writes, text: () => writes.map((w) => Buffer.from(w).toString('utf8')).join(''), out: new BufferedLines((bytes) => void writes.push(bytes)) };
}

describe('BufferedLines', () => {
  it('hands the lines of one turn over in one write, in order, as UTF-8', async () => {
    const { writes, text, out } = recorder();
    const lines = ['{"a":1}\n', 'Tür geöffnet 🚪 門\n', '\u2028 stays as it is\n'];
    for (const line of lines) out.add(line);
    expect(writes).toHaveLength(0);
    await nextTurn();
    expect(writes).toHaveLength(1);
    expect(text()).toBe(lines.join(''));
  });

  it('writes at once past 64 KB, and the bytes it handed out stay as they were while later lines arrive', () => {
    const { writes, out } = recorder();
    const line = `${'x'.repeat(999)}\n`;
    for (let i = 0; i < 66; i++) out.add(line);
    expect(writes).toHaveLength(1);
    const first = Buffer.from(writes[0]!).toString('latin1');
    expect(first).toBe(line.repeat(66));
    for (let i = 0; i < 70; i++) out.add(`${'y'.repeat(999)}\n`);
    expect(Buffer.from(writes[0]!).toString('latin1')).toBe(first);
    out.flush();
    expect(writes.map((w) => w.length)).toEqual([66_000, 66_000, 4_000]);
  });

  it('writes a line too long for a batch on its own, after the lines before it and before those after it', () => {
    const { writes, text, out } = recorder();
    const long = `${'€'.repeat(40_000)}\n`;
    out.add('before\n');
    out.add(long);
    out.add('after\n');
    out.flush();
    expect(writes).toHaveLength(3);
    expect(text()).toBe(`before\n${long}after\n`);
  });

  it('writes a line said to be ASCII byte for byte, in order with the UTF-8 lines around it', () => {
    const { writes, text, out } = recorder();
    out.add('Tür\n');
    out.add('{"plain":"ascii"}\n', true);
    out.add('門\n');
    out.flush();
    expect(writes).toHaveLength(1);
    expect(text()).toBe('Tür\n{"plain":"ascii"}\n門\n');
  });

  it('writes nothing when there is nothing to write', () => {
    const { writes, out } = recorder();
    out.flush();
    expect(writes).toHaveLength(0);
  });
});
