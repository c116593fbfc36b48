/**
 * The shift handover as a file. JSON: the handover with every unacknowledged incident (not only the
 * first page the window shows). CSV: one flat table a spreadsheet can filter by its `section`
 * column: `unacknowledged` incidents, offline `gap`s with their recovery, and `site` and `door` counts.
 */
import type { Handover, HandoverCount } from '../../common/handover';
import type { ClayEvent, OfflineGap } from '../../common/models';
import { csvCell, type ExportRow } from './history-export';

const COLUMNS = [
  'section', 'time', 'until', 'site', 'site_name', 'door', 'lock_id', 'category', 'detail',
  'recovery', 'recovered', 'reason', 'incidents', 'unacknowledged', 'entries', 'key',
] as const;
type Column = (typeof COLUMNS)[number];

function line(cells: Partial<Record<Column, string | number | null | undefined>>): string {
  return `${COLUMNS.map((c) => csvCell(cells[c] === undefined || cells[c] === null ? null : String(cells[c]))).join(',')}\r\n`;
}

function incidentLine(event: ClayEvent): string {
  return line({
    section: 'unacknowledged', time: event.time ?? event.receivedAt, site: event.site, site_name: event.siteName,
    door: event.lock.name, lock_id: event.lock.id, category: event.category, detail: event.detail, key: event.key,
  });
}

function gapLine(gap: OfflineGap): string {
  return line({
    section: 'gap', time: gap.from, until: gap.to, site: gap.site, category: gap.stream,
    recovery: gap.recovery?.state ?? 'not tried', recovered: gap.recovery?.recovered ?? null, reason: gap.recovery?.reason ?? null, key: gap.key,
  });
}

function countLine(section: 'site' | 'door', c: HandoverCount): string {
  return line({ section, site: c.site, site_name: c.siteName, door: c.door, lock_id: c.lockId, incidents: c.incidents, unacknowledged: c.unacknowledged, entries: c.entries });
}

/** `incidents`: every unacknowledged incident of the span, newest first (the handover itself lists a page). */
export function* handoverPieces(format: 'csv' | 'json', handover: Handover, incidents: Iterable<ExportRow>): Generator<string, void, undefined> {
  if (format === 'csv') {
    yield `${COLUMNS.join(',')}\r\n`;
    yield line({ section: 'span', time: handover.since, until: handover.until, incidents: handover.totals.incidents, unacknowledged: handover.totals.unacknowledged, entries: handover.totals.entries });
    for (const row of incidents) yield incidentLine(row.event);
    for (const gap of handover.gaps) yield gapLine(gap);
    for (const site of handover.sites) yield countLine('site', site);
    for (const door of handover.doors) yield countLine('door', door);
    return;
  }
  const { unacknowledged: _page, ...rest } = handover;
  const head = JSON.stringify(rest, null, 2);
  // The summary first, then the incidents streamed into the same object.
  yield `${head.slice(0, -2)},\n  "unacknowledged": [`;
  let first = true;
  for (const row of incidents) {
    yield `${first ? '\n' : ',\n'}    ${JSON.stringify({ ...row.event, read: row.read }, null, 2).replace(/\n/g, '\n    ')}`;
    first = false;
  }
  yield first ? ']\n}\n' : '\n  ]\n}\n';
}

/** e.g. `clay-tray-handover-2026-01-15-0600.pdf`, named for the start of the span on this computer's clock. */
export function handoverFileName(format: 'csv' | 'json' | 'pdf', since: string): string {
  const at = new Date(since);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `clay-tray-handover-${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}.${format}`;
}
