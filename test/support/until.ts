/**
 * Waits until `probe` returns something truthy and returns it, polling every `stepMs`; fails with
 * `what` after `timeoutMs`. Generous by default: these tests run real sockets on a loaded machine.
 */
export async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 20_000, stepMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
