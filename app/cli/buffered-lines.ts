/**
 * Whole lines gathered and handed on in one write per turn of the event loop (or per 64 KB), so a
 * flood of events costs a few large writes to a pipe rather than one small write each. A line
 * waits at most until the current batch of socket messages has been handled.
 *
 * Each line is encoded as UTF-8 straight into the batch's buffer, rather than joined into one
 * text that is then encoded: one copy of each line less. A line the caller knows to be ASCII is
 * copied as Latin-1, which gives the same bytes and skips the UTF-8 encoder (a little faster for
 * an event line built by concatenation, measured).
 */
const FLUSH_AT = 64 * 1024;
/** Room for the batch plus one more line of up to LONG_LINE code units (UTF-8: at most 3 bytes each). */
const LONG_LINE = 16 * 1024;
const BATCH_BYTES = FLUSH_AT + 3 * LONG_LINE;

export class BufferedLines {
  private buffer = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
  private scheduled = false;

  constructor(private readonly write: (bytes: Uint8Array) => void) {}

  /** `line` ends in "\n". `ascii`: every character of it is below U+0080, so Latin-1 and UTF-8 write the same bytes. */
  add(line: string, ascii = false): void {
    if (line.length > LONG_LINE) {
      // Rare (a huge payload): its own write, after the lines before it.
      this.flush();
      this.write(Buffer.from(line, 'utf8'));
      return;
    }
    this.used += this.buffer.write(line, this.used, ascii ? 'latin1' : 'utf8');
    if (this.used >= FLUSH_AT) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  flush(): void {
    if (this.used === 0) return;
    const bytes = this.buffer.subarray(0, this.used);
    // The writer may hold on to the bytes until the pipe takes them, so the next lines get a new buffer.
    this.buffer = Buffer.allocUnsafe(BATCH_BYTES);
    this.used = 0;
    this.write(bytes);
  }
}
