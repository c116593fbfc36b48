/**
 * Plays the alarm for urgent incidents when main rings it. The page plays it, not main, so it
 * sounds with the window hidden; the file comes from the app's own origin (CSP: media-src 'self').
 * The one <audio> element stays in the page, so a repeat restarts it rather than stacking sounds; it
 * switches to the sound the ring names (a rule's or an incident family's choice).
 */
import { ALARM_SOUND_PATH, alarmSoundPath } from '../app/common/alarm';
import type { AlarmRing } from '../app/common/models';
import { el } from './dom';
import { t } from '../app/common/messages/catalog';

export class AlarmPlayer {
  readonly root = el('audio', { className: 'alarm-audio', attrs: { preload: 'auto', src: ALARM_SOUND_PATH } });

  constructor(private readonly onProblem: (message: string) => void) {
    this.root.hidden = true;
  }

  play(ring: AlarmRing): void {
    if (ring.sound === 'silent' || ring.volume <= 0) return;
    const source = alarmSoundPath(ring.sound);
    if (this.root.getAttribute('src') !== source) this.root.setAttribute('src', source);
    this.root.volume = Math.min(1, ring.volume);
    this.root.currentTime = 0;
    this.root.play().catch(() => {
      this.onProblem(t('alarm.couldNotPlay'));
    });
  }
}
