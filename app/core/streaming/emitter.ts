/** Fan-out of one kind of supervisor news to every listener, isolating a failing one. */
import type { Logger } from '../ports';

type Listener<T> = (value: T) => void;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  constructor(private readonly logger: Logger) {}

  on(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        // One failing consumer (history, alerts, UI) must not stop the stream for the others.
        this.logger.error(`A listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
