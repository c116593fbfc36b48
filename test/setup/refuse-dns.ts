/**
 * Name lookups refused and recorded, so a test can prove the code under test never tries to reach
 * a real host (such as *.my-clay.com) without contacting it: every lookup fails with ENOTFOUND
 * before any packet leaves the machine. IP literals (a server listening on 127.0.0.1) go through.
 */
import dns from 'node:dns';
import { isIP } from 'node:net';

export function refuseDns(onLookup: (hostname: string) => void): () => void {
  const { lookup } = dns;
  const promisesLookup = dns.promises.lookup;
  const refusal = (hostname: string): Error =>
    Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (lookups are refused in this test)`), { code: 'ENOTFOUND', hostname });
  const patched = (hostname: string, options: unknown, callback?: (error: Error) => void): void => {
    if (isIP(hostname) !== 0) {
      (lookup as (...args: unknown[]) => void)(hostname, options, callback);
      return;
    }
    onLookup(hostname);
    const done = typeof options === 'function' ? (options as (error: Error) => void) : callback;
    process.nextTick(() => done?.(refusal(hostname)));
  };
  dns.lookup = patched as typeof dns.lookup;
  dns.promises.lookup = (async (hostname: string, options?: unknown) => {
    if (isIP(hostname) !== 0) return (promisesLookup as (...args: unknown[]) => Promise<unknown>)(hostname, options);
    onLookup(hostname);
    throw refusal(hostname);
  }) as typeof dns.promises.lookup;
  return () => {
    dns.lookup = lookup;
    dns.promises.lookup = promisesLookup;
  };
}
