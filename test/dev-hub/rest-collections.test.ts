import { afterEach, describe, expect, it } from 'vitest';
import { startDevHub, type DevHub } from '../../app/dev-hub/dev-hub';

let hub: DevHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});

const SITE = '3f1c9a52-7d4e-4b8a-9c61-2e5f0a8d7b14';
const OTHER = '8b2e6d10-4c7a-4f3b-a5d9-0e1f2a3b4c56';

interface Page {
  readonly items: Record<string, unknown>[];
  readonly continuation_token: string | null;
}

function item(id: string, utc: string, site = SITE): Record<string, unknown> {
  return { id, event_category: 'intrusion', event_detail: null, utc_date_time: utc, local_date_time: utc.slice(0, 19), collection_id: site };
}

async function get(path: string, token: string | null, headers: Record<string, string> = {}): Promise<{ status: number; body: Page & { message?: string }; headers: Headers }> {
  const response = await fetch(`${hub!.restUrl}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  return { status: response.status, body: (await response.json()) as Page, headers: response.headers };
}

function filterQuery(parts: string[], extra = ''): string {
  return `?$filter=${encodeURIComponent(parts.map((p) => `(${p})`).join(' and '))}${extra}`;
}

describe('simulated Core REST collections', () => {
  it('filters by site and time span, orders, pages by $top and follows continuation tokens', async () => {
    hub = await startDevHub();
    const token = hub.issueToken();
    for (let i = 0; i < 7; i += 1) hub.rest.record('incident', item(`i-${i}`, `2026-11-27T10:0${i}:00Z`));
    hub.rest.record('incident', item('other-site', '2026-11-27T10:03:30Z', OTHER));
    hub.rest.record('entry', item('an-entry', '2026-11-27T10:03:30Z'));
    const query = filterQuery([`collection_id eq '${SITE}'`, `utc_date_time ge DateTime'2026-11-27T10:01:00Z'`, `utc_date_time le DateTime'2026-11-27T10:05:00Z'`], '&$orderby=local_date_time%20desc&$top=2');
    const ids: string[] = [];
    let continuation: string | null = null;
    let pages = 0;
    do {
      const page = await get(`/incidents${query}`, token, continuation ? { 'CLP-Continuation-Token': continuation } : {});
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((i) => i.id as string));
      continuation = page.body.continuation_token;
      pages += 1;
    } while (continuation && pages < 10);
    expect(ids).toEqual(['i-5', 'i-4', 'i-3', 'i-2', 'i-1']);
    expect(pages).toBe(3);
    const entries = await get(`/entries${filterQuery([`collection_id eq '${SITE}'`])}`, token);
    expect(entries.body.items.map((i) => i.id)).toEqual(['an-entry']);
  });

  it('keeps generated events, with the payload fields the hub sent', async () => {
    hub = await startDevHub({ seed: 5 });
    const sent = hub.emitGenerated('entry', SITE);
    const page = await get(`/entries${filterQuery([`collection_id eq '${SITE}'`])}`, hub.issueToken());
    expect(page.body.items).toEqual([sent]);
  });

  it('serves empty pages that still carry a token before the items', async () => {
    hub = await startDevHub();
    hub.rest.record('incident', item('only', '2026-11-27T10:00:00Z'));
    hub.rest.faults.emptyPages = 2;
    const token = hub.issueToken();
    const first = await get('/incidents', token);
    expect(first.body.items).toEqual([]);
    expect(typeof first.body.continuation_token).toBe('string');
    const second = await get('/incidents', token, { 'CLP-Continuation-Token': String(first.body.continuation_token) });
    expect(second.body.items).toEqual([]);
    const third = await get('/incidents', token, { 'CLP-Continuation-Token': String(second.body.continuation_token) });
    expect(third.body).toEqual({ items: [item('only', '2026-11-27T10:00:00Z')], continuation_token: null });
  });

  it('makes an event queryable only after the configured lag', async () => {
    let now = Date.UTC(2026, 10, 27, 10, 0, 0);
    hub = await startDevHub({ restLagMs: 60_000, now: () => now });
    hub.emitGenerated('incident', SITE);
    const token = hub.issueToken();
    expect((await get('/incidents', token)).body.items).toHaveLength(0);
    now += 60_000;
    expect((await get('/incidents', token)).body.items).toHaveLength(1);
  });

  it('refuses a missing token, answers injected faults, and says what is wrong with a bad query', async () => {
    hub = await startDevHub();
    const token = hub.issueToken();
    expect((await get('/incidents', null)).status).toBe(401);
    expect((await get('/nothing-here', token)).status).toBe(404);
    expect((await get('/incidents?$filter=(lock_id%20eq%20%27x%27)', token)).body.message).toMatch(/not supported/);
    expect((await get('/incidents', token, { 'CLP-Continuation-Token': 'garbage' })).status).toBe(400);
    hub.rest.faults.status = 401;
    const refused = await get('/incidents', token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain(`error_description="The audience 'user_api' is invalid"`);
    hub.rest.faults.status = 500;
    expect((await get('/incidents', token)).status).toBe(500);
    hub.rest.faults.status = 404;
    expect((await get('/incidents', token)).status).toBe(404);
    hub.rest.faults.status = null;
    hub.rest.faults.slowMs = 300;
    const started = Date.now();
    expect((await get('/incidents', token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
