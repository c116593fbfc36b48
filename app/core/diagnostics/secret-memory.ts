/**
 * The literal secrets seen this session (read from the store or entered), newest last and at most a
 * few, so the log, diagnostics and error messages can redact them. The composition root makes one
 * and gives it to both the log and the core, so neither has to be built before the other.
 */
const MAX_KNOWN_SECRETS = 8;

export class SecretMemory {
  private readonly known: string[] = [];

  remember(value: string): void {
    if (value === '' || this.known.includes(value)) return;
    this.known.push(value);
    if (this.known.length > MAX_KNOWN_SECRETS) this.known.shift();
  }

  values(): readonly string[] {
    return this.known;
  }
}
