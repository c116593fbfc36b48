/**
 * Versioned settings migrations. Each step takes the stored body of one version, as untrusted
 * data, and returns the body of the next; values it does not understand pass through unchanged so
 * that validation afterwards names them instead of a migration guessing.
 *
 * Version 1, the first release, stored one flat object with no version:
 *   environment, baseUrl ('' for none), streams ('incident' | 'entry' | 'all'), siteIds (string[],
 *   no friendly names), authMode, clientId, scope, identityUrl ('' for none), notifyEntries (one
 *   switch for every entry category), quietHoursEnabled, quietHoursStart, quietHoursEnd,
 *   historyLimit, historyDays, openAtLogin.
 * Version 2 stores `{ version, settings }` with `settings` shaped like `Settings`.
 */
import { KNOWN_ENTRY_CATEGORIES } from '../../common/category-names';
import { isStreamKind, perStreamKind } from '../../common/stream-kinds';
import { isGroup, own } from '../../common/settings-checker';

type Body = Readonly<Record<string, unknown>>;

/** `MIGRATIONS[n]` turns a version-n body into a version-(n+1) body. */
export const MIGRATIONS: Readonly<Record<number, (body: Body) => Body>> = {
  1: fromFlatLayout,
};

function fromFlatLayout(flat: Body): Body {
  const value = (key: string): unknown => own(flat, key);
  return {
    connection: defined({
      environment: value('environment'),
      baseUrl: emptyAsNull(value('baseUrl')),
      streams: streamsFromV1(value('streams')),
      sites: sitesFromV1(value('siteIds')),
    }),
    auth: defined({
      mode: value('authMode'),
      clientId: value('clientId'),
      scope: value('scope'),
      identityUrl: emptyAsNull(value('identityUrl')),
    }),
    notifications: defined({
      entryCategories: entriesFromV1(value('notifyEntries')),
      quietHours: defined({
        enabled: value('quietHoursEnabled'),
        start: value('quietHoursStart'),
        end: value('quietHoursEnd'),
      }),
    }),
    history: defined({ maxEvents: value('historyLimit'), maxDays: value('historyDays') }),
    general: defined({ startAtLogin: value('openAtLogin') }),
  };
}

function streamsFromV1(streams: unknown): unknown {
  if (streams === 'all') return perStreamKind(() => true);
  if (isStreamKind(streams)) return perStreamKind((kind) => kind === streams);
  return streams;
}

function sitesFromV1(siteIds: unknown): unknown {
  if (!Array.isArray(siteIds)) return siteIds;
  // Version 1 had no friendly names; an empty name means "show the service's name or the id".
  return siteIds.map((id: unknown) => (typeof id === 'string' ? { id, name: '' } : id));
}

function entriesFromV1(notifyEntries: unknown): unknown {
  if (typeof notifyEntries !== 'boolean') return notifyEntries;
  return Object.fromEntries(KNOWN_ENTRY_CATEGORIES.map((category) => [category, notifyEntries]));
}

function emptyAsNull(url: unknown): unknown {
  return url === '' ? null : url;
}

/** Leaves out what version 1 did not store, so the current defaults fill it in. */
function defined(group: Body): Body | undefined {
  const entries = Object.entries(group).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** Paths whose value is a map of arbitrary category names: taken whole, never merged key by key. */
const WHOLE_VALUES = new Set(['notifications.incidentCategories', 'notifications.entryCategories']);

/**
 * Lays a stored (or patched) value over a base of the same shape: known keys only, groups merged
 * key by key, anything else taken as it is so that validation can judge it.
 */
export function overlay(base: unknown, over: unknown, path = ''): unknown {
  if (over === undefined) return base;
  if (!isGroup(base) || !isGroup(over) || WHOLE_VALUES.has(path)) return over;
  return Object.fromEntries(
    Object.entries(base).map(([key, inner]) => [key, overlay(inner, own(over, key), path === '' ? key : `${path}.${key}`)]),
  );
}
