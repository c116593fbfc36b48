/**
 * Doors that keep raising the same incident: `count` incidents of one category from one door
 * within `minutes` escalate once, with the count ("Door left open 4 times in 20 min"). The door is
 * escalated again only after a quiet spell in which its count fell back below `count`. Pure and
 * driven by a Clock, like the alert policy.
 */
import type { ClayEvent } from '../../common/models';
import type { NotificationSettings } from '../../common/settings';
import { eventTag } from './alerts-content';
import type { Clock } from '../ports';
import { isAcknowledgeable } from '../../common/stream-kinds';

export interface RepeatOffendersOptions {
  readonly clock: Clock;
  readonly settings: () => NotificationSettings['repeatOffender'];
  /** This incident made its door a repeat offender; `count` incidents within `minutes`. */
  readonly onRepeat: (event: ClayEvent, count: number, minutes: number) => void;
}

/** Beyond this many doors tracked at once, the one quiet longest is forgotten first. */
const MAX_DOORS = 5_000;

interface DoorRecord {
  times: number[];
  escalated: boolean;
}

export class RepeatOffenders {
  private readonly doors = new Map<string, DoorRecord>();

  constructor(private readonly options: RepeatOffendersOptions) {}

  handle(event: ClayEvent): void {
    const settings = this.options.settings();
    if (!settings.enabled || !isAcknowledgeable(event.stream) || event.category === null) return;
    if (event.lock.id === null && event.lock.name === null) return;
    const now = this.options.clock.now();
    const since = now - settings.minutes * 60_000;
    const key = `${event.site ?? ''}:${eventTag(event)}`;
    const door = this.doors.get(key) ?? { times: [], escalated: false };
    door.times = door.times.filter((at) => at > since);
    if (door.times.length < settings.count - 1) door.escalated = false;
    door.times.push(now);
    // Re-inserted so the map's order is "quiet longest first".
    this.doors.delete(key);
    this.doors.set(key, door);
    if (this.doors.size > MAX_DOORS) {
      const oldest = this.doors.keys().next().value;
      if (oldest !== undefined) this.doors.delete(oldest);
    }
    if (door.times.length >= settings.count && !door.escalated) {
      door.escalated = true;
      this.options.onRepeat(event, door.times.length, settings.minutes);
    }
  }
}
