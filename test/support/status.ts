import type { StatusSnapshot } from '../../app/common/models';

/** A healthy, empty status: tests override only what they are about. */
export function statusSnapshot(overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    aggregate: 'connected',
    setupProblem: null,
    startupNotices: [],
    subscriptions: [],
    paused: null,
    unread: 0,
    unacknowledgedUrgent: 0,
    lastEvent: null,
    notifications: 'granted',
    secret: { location: 'keychain', tokenValidUntil: null },
    ...overrides,
  };
}
