/**
 * Settings › Network in a real Chromium over the test bridge: the proxy choice, the proxy sign-in
 * (its password write-only), the extra CA certificate and where the token goes; screenshots of
 * the section in light and dark.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkSettings } from '../../app/common/settings';
import { openWindow, startHarness } from './harness';
import type { Harness, PageProbe } from './harness';
import { calls, expectClean } from './page-checks';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function openNetwork(colorScheme: 'light' | 'dark' = 'light'): Promise<PageProbe> {
  const probe = await openWindow(harness, undefined, undefined, { colorScheme });
  await probe.page.getByRole('tab', { name: 'Settings' }).click();
  await probe.page.getByRole('heading', { name: 'Network' }).waitFor();
  return probe;
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleCorpRoot\n-----END CERTIFICATE-----';

describe('Settings › Network', () => {
  it('shows the manual proxy fields only for a manual proxy, validates them and saves the network section', async () => {
    const probe = await openNetwork();
    const { page } = probe;
    const address = page.getByLabel('Proxy address');
    expect(await address.isVisible()).toBe(false);
    await page.getByRole('radio', { name: 'Use this proxy:' }).check();
    expect(await address.isVisible()).toBe(true);
    await address.fill('http://desk:hunter2pw@proxy.example:3128');
    await address.blur();
    await expect.poll(() => page.locator('.field-error', { hasText: 'remove the user name and password' }).count()).toBe(1);
    expect(await page.locator('body').textContent()).not.toContain('hunter2pw@');

    await address.fill('http://proxy.example:3128/');
    await page.getByLabel('No proxy for').fill('localhost, .corp.example');
    await page.getByLabel('Proxy user name (optional)').fill('CORP\\desk');
    const pem = page.getByLabel('Extra CA certificate (PEM)');
    await pem.fill('not a certificate');
    await pem.blur();
    await expect.poll(() => page.locator('.field-error', { hasText: 'paste one or more certificates in PEM form' }).count()).toBe(1);
    expect(await pem.getAttribute('aria-invalid')).toBe('true');
    await pem.fill(PEM);
    await page.getByRole('radio', { name: /The address, as access_token=/ }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.form-message').textContent()).toBe('Saved.');
    const patch = (await calls(page, 'settings.update')).at(-1)?.args[0] as { network: NetworkSettings; connection?: unknown };
    expect(patch.network).toEqual({ proxyMode: 'manual', proxyUrl: 'http://proxy.example:3128/', proxyUsername: 'CORP\\desk', noProxy: 'localhost, .corp.example', extraCaPem: PEM, tokenIn: 'query' });
    expect(patch.connection).toBeUndefined();
    await expectClean(probe);
  });

  it('keeps the proxy password write-only: sent as its own secret kind, the field emptied, only where it is kept shown', async () => {
    const probe = await openNetwork();
    const { page } = probe;
    const password = page.getByLabel('Proxy password');
    await page.getByRole('button', { name: 'Save proxy password' }).click();
    await expect.poll(() => page.locator('.field-error', { hasText: 'Enter the proxy password first.' }).count()).toBe(1);
    await password.fill('pr0xy-VERY-SECRET');
    await page.getByRole('button', { name: 'Save proxy password' }).click();
    await expect.poll(() => page.locator('.proxy-password-status').textContent()).toBe('Proxy password saved. Stored in the system keychain.');
    expect(await password.inputValue()).toBe('');
    expect((await calls(page, 'secrets.set')).map((c) => c.args[0])).toEqual([{ kind: 'proxy-password', length: 'pr0xy-VERY-SECRET'.length }]);
    const everything = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join('\n'));
    expect(everything).not.toContain('VERY-SECRET');
    await expectClean(probe);
  });

  it('writes the section in light and dark to test-output/screenshots', async () => {
    const dir = path.resolve('test-output/screenshots');
    mkdirSync(dir, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await openNetwork(colorScheme);
      const { page } = probe;
      await page.getByRole('radio', { name: 'Use this proxy:' }).check();
      await page.getByLabel('Proxy address').fill('http://proxy.example:3128');
      await page.getByLabel('Extra CA certificate (PEM)').fill(PEM);
      await page.getByRole('heading', { name: 'Network' }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: path.join(dir, `settings-network-${colorScheme}.png`) });
      await expectClean(probe);
      expect(statSync(path.join(dir, `settings-network-${colorScheme}.png`)).size).toBeGreaterThan(10_000);
    }
  });
});
