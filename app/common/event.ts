/**
 * Events the VS Code way: an `Emitter<T>` owns its listeners and exposes `event`, a function that
 * subscribes one and returns a `Disposable`. Everything that has listeners uses this pair, and
 * everything that holds subscriptions keeps them in a `DisposableStore`, so "stop listening" is
 * one `dispose()` call and never a hand-kept array of unsubscribe functions.
 */

export interface Disposable {
  dispose(): void;
}

/** Subscribes `listener`; dispose the result to unsubscribe. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

export function toDisposable(dispose: () => void): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

export interface EmitterOptions {
  /**
   * A listener threw. The others have been (or will be) called regardless. Without this handler
   * the first error is thrown again from `fire` once every listener has run.
   */
  readonly onListenerError?: (error: unknown) => void;
}

export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(value: T) => void>();
  // The listeners as an array, made once per change of subscriptions rather than once per fire:
  // the stream fires one event per message.
  private snapshot: readonly ((value: T) => void)[] | null = null;
  private disposed = false;

  constructor(private readonly options: EmitterOptions = {}) {}

  readonly event: Event<T> = (listener) => {
    if (this.disposed) return toDisposable(() => undefined);
    // Each subscription is its own entry, so one function subscribed twice is called twice.
    const entry = (value: T): void => listener(value);
    this.listeners.add(entry);
    this.snapshot = null;
    return toDisposable(() => {
      this.listeners.delete(entry);
      this.snapshot = null;
    });
  };

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  /** Calls every listener subscribed now; one that throws does not keep the value from the others. */
  fire(value: T): void {
    let firstError: { readonly error: unknown } | null = null;
    for (const listener of (this.snapshot ??= [...this.listeners])) {
      try {
        listener(value);
      } catch (error) {
        if (this.options.onListenerError) this.options.onListenerError(error);
        else firstError ??= { error };
      }
    }
    if (firstError !== null) throw firstError.error;
  }

  /** Drops every listener; later subscriptions are ignored. */
  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.snapshot = null;
  }
}

/** Holds subscriptions and other disposables; disposing it disposes them all, newest first. */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  add<D extends Disposable>(item: D): D {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  /** Disposes what it holds now and stays usable (for re-subscribing to a new source). */
  clear(): void {
    const items = this.items.reverse();
    this.items = [];
    let firstError: { readonly error: unknown } | null = null;
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        firstError ??= { error };
      }
    }
    if (firstError !== null) throw firstError.error;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}
