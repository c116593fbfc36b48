/**
 * The one list of stream kinds: every SignalR hub the app listens to, with everything that differs
 * per kind. Everything that iterates streams reads it, through app/common/stream-kinds.ts (endpoints,
 * subscriptions, recovery, settings defaults, alerts, history filters, the window, the CLI, the dev
 * hub). Adding a hub is an entry here, its category names (category-names.ts) and the simulator's
 * content (app/dev-hub/hub-content.ts). Where behaviour differs per kind it is a property here, never
 * a test of the kind's name. Pure data, so a test can swap in a longer list.
 */

export interface StreamKindInfo {
  readonly kind: string;
  /** The hub's path on the Core API host, e.g. `/hub/incident`. */
  readonly hubPath: string;
  /** The Core REST collection that holds the same events, for recovering a gap (`GET {api}/incidents`). */
  readonly restCollection: string;
  /** Lower-case nouns for one event and many: "1 incident", "3 incidents". */
  readonly singular: string;
  readonly plural: string;
  /** Subscribed to in fresh settings. */
  readonly onByDefault: boolean;
  /** Its categories notify unless switched off (true), or stay silent unless switched on (false). */
  readonly notifyByDefault: boolean;
  /**
   * Its events are alarms someone answers: they can be acknowledged, count as urgent, always-notify
   * and repeat-offender rules apply to them, and a category the app does not know is named as such.
   */
  readonly acknowledgeable: boolean;
  /** Its events say whether a door let someone in (granted or rejected), in words and a mark. */
  readonly accessOutcomes: boolean;
}

export const STREAM_KIND_LIST = [
  {
    kind: 'incident',
    hubPath: '/hub/incident',
    restCollection: 'incidents',
    singular: 'incident',
    plural: 'incidents',
    onByDefault: true,
    notifyByDefault: true,
    acknowledgeable: true,
    accessOutcomes: false,
  },
  {
    kind: 'entry',
    hubPath: '/hub/entry',
    restCollection: 'entries',
    singular: 'entry',
    plural: 'entries',
    onByDefault: true,
    notifyByDefault: false,
    acknowledgeable: false,
    accessOutcomes: true,
  },
] as const satisfies readonly StreamKindInfo[];
