/** What both `clay-tray` commands share: usage errors and the request to stop. */

/** A mistake in the command line: reported with the usage text, exit code 2. */
export class UsageError extends Error {}

export function nonEmpty(name: string, text: string | undefined): string | undefined {
  if (text !== undefined && text.trim() === '') throw new UsageError(`--${name} must not be empty.`);
  return text?.trim();
}

/** Resolves with the reason when SIGINT, SIGTERM or the abort signal (for hosts and tests) asks the command to stop. */
export function stopRequested(signal: AbortSignal | undefined): { promise: Promise<string>; dispose: () => void } {
  let dispose = (): void => undefined;
  const promise = new Promise<string>((resolve) => {
    const onSignal = (name: NodeJS.Signals): void => resolve(name);
    const onAbort = (): void => resolve('abort');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) resolve('abort');
    dispose = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      signal?.removeEventListener('abort', onAbort);
    };
  });
  return { promise, dispose };
}
