/**
 * Capped exponential backoff with jitter: about `base` doubling to `max`, never giving up.
 * Jitter keeps many subscriptions (and many users after a server restart) from retrying in step.
 */
export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The wait before retry number `failures` (1 = after the first failure). Between half and all of the capped delay. */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const capped = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  return Math.round(capped / 2 + (random() * capped) / 2);
}
