/**
 * Whole lines gathered and handed on in one write per turn of the event loop (or per 64 KB), so a
 * flood of events costs a few large writes to a pipe rather than one small write each. A line
 * waits at most until the current batch of socket messages has been handled.
 */
const FLUSH_AT = 64 * 1024;

export class BufferedLines {
  private pending = '';
  private scheduled = false;

  constructor(private readonly write: (text: string) => void) {}

  /** `line` ends in "\n". */
  add(line: string): void {
    this.pending += line;
    if (this.pending.length >= FLUSH_AT) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.write(text);
  }
}
