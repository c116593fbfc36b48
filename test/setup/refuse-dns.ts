/**
 * Name lookups refused and recorded, so a test can prove the code under test never tries to reach
 * a real host (such as *.my-clay.com) without contacting it: every lookup fails with ENOTFOUND
 * before any packet leaves the machine. Loopback IP literals need no lookup and keep working.
 */
import dns from 'node:dns';

export function refuseDns(onLookup: (hostname: string) => void): () => void {
  const { lookup } = dns;
  const promisesLookup = dns.promises.lookup;
  const refusal = (hostname: string): Error =>
    Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (lookups are refused in this test)`), { code: 'ENOTFOUND', hostname });
  const patched = (hostname: string, options: unknown, callback?: (error: Error) => void): void => {
    onLookup(hostname);
    const done = typeof options === 'function' ? (options as (error: Error) => void) : callback;
    process.nextTick(() => done?.(refusal(hostname)));
  };
  dns.lookup = patched as typeof dns.lookup;
  dns.promises.lookup = (async (hostname: string) => {
    onLookup(hostname);
    throw refusal(hostname);
  }) as typeof dns.promises.lookup;
  return () => {
    dns.lookup = lookup;
    dns.promises.lookup = promisesLookup;
  };
}
