/**
 * Whole lines gathered and handed on in one write per turn of the event loop (or per 64 KB), so a
 * flood of events costs a few large writes to a pipe rather than one small write each. A line
 * waits at most until the current batch of socket messages has been handled.
 */
const FLUSH_AT = 64 * 1024;

export class BufferedLines {
  // Joined once per write: measurably cheaper than growing one string, whose nested pieces the
  // UTF-8 encoder must first flatten.
  private pending: string[] = [];
  private length = 0;
  private scheduled = false;

  constructor(private readonly write: (text: string) => void) {}

  /** `line` ends in "\n". */
  add(line: string): void {
    this.pending.push(line);
    this.length += line.length;
    if (this.length >= FLUSH_AT) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  flush(): void {
    if (this.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.length = 0;
    this.write(text);
  }
}
