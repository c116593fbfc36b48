/**
 * Expected failures are data, not exceptions: wrong secret, unreachable identity server, bad site
 * id. Bugs still throw. Every `code` has a human `message` that is safe to show (no secrets).
 */
export type Result<T, C extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Failure<C> };

export interface Failure<C extends string = string> {
  readonly code: C;
  readonly message: string;
}

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function fail<C extends string>(code: C, message: string): Result<never, C> {
  return { ok: false, error: { code, message } };
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
