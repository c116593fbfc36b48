/**
 * The alarm for urgent incidents: the first urgent incident sounds at once, and the sound repeats
 * every `repeatSeconds` while any urgent incident is still unacknowledged, until `maxRepeats`
 * repeats have sounded. One alarm serves every open incident, so a storm of twenty urgent
 * incidents is one alarm (and, from the alert policy, one summary notification), not twenty.
 * A new urgent incident while the alarm runs starts the repeat count again: it is news.
 * The alarm plays the sound of the latest urgent incident (its rule's or family's), else the
 * alarm setting's. Pure and driven by a Clock; the shell and the window only play what `ring` hands them.
 */
import type { AlarmSoundChoice } from '../../common/alarm';
import type { AlarmRing } from '../../common/models';
import type { EscalationSettings } from '../../common/settings';
import type { Clock, ClockTimer } from '../ports';


export interface EscalationOptions {
  readonly clock: Clock;
  readonly settings: () => EscalationSettings;
  /** Whether the incident still needs acknowledging (it may also have left the history). */
  readonly isOpen: (key: string) => boolean;
  readonly ring: (ring: AlarmRing) => void;
}

export class Escalation {
  private readonly open = new Set<string>();
  private timer: ClockTimer | null = null;
  private repeats = 0;
  private chosenSound: AlarmSoundChoice | null = null;
  private disposed = false;

  constructor(private readonly options: EscalationOptions) {}

  /** Whether the alarm is running (sounding or waiting for its next repeat). */
  get running(): boolean {
    return this.timer !== null;
  }

  /** An urgent incident arrived; `sound` when its rule or family chose one. */
  raise(key: string, sound?: AlarmSoundChoice): void {
    if (this.disposed) return;
    this.open.add(key);
    this.repeats = 0;
    this.chosenSound = sound ?? null;
    if (this.timer !== null) return;
    this.sound(true);
  }

  /** Something was acknowledged (or cleared): the alarm stops once nothing is open. */
  recheck(): void {
    for (const key of [...this.open]) if (!this.options.isOpen(key)) this.open.delete(key);
    if (this.open.size === 0) this.stop();
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.open.clear();
  }

  private sound(first: boolean): void {
    const settings = this.options.settings();
    this.options.ring({
      sound: this.chosenSound ?? settings.sound,
      volume: settings.volume / 100,
      repeat: this.repeats,
      bringToFront: first && settings.bringToFront,
      flashTaskbar: first && settings.flashTaskbar,
      bounceDock: first && settings.bounceDock,
      open: this.open.size,
    });
    this.timer = this.options.clock.setTimeout(() => this.due(), settings.repeatSeconds * 1000);
  }

  private due(): void {
    this.timer = null;
    this.recheck();
    if (this.open.size === 0) return;
    if (this.repeats >= this.options.settings().maxRepeats) {
      // The limit: stay quiet until the next urgent incident; the open ones stay in the tray count.
      this.open.clear();
      return;
    }
    this.repeats += 1;
    this.sound(false);
  }

  private stop(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    this.repeats = 0;
  }
}
