import type { StreamKindInfo } from '../../app/common/stream-kind-list';

/**
 * A third stream kind, `alarm` at /hub/alarm, for the tests that show adding a hub is an entry in
 * the stream-kind list: test/core/services/third-stream-kind.test.ts and the window's.
 */
export const ALARM_KIND: StreamKindInfo = {
  kind: 'alarm',
  hubPath: '/hub/alarm',
  restCollection: 'alarms',
  singular: 'alarm',
  plural: 'alarms',
  onByDefault: true,
  notifyByDefault: true,
  acknowledgeable: true,
  accessOutcomes: false,
};
