/**
 * The bundled alarm sounds, synthesised at build time (scripts/alarm-sound.ts), and where the window
 * finds each one, relative to its page; the renderer's build writes them there.
 */
export const ALARM_SOUND_IDS = ['alarm', 'chime', 'siren'] as const;
export type AlarmSoundId = (typeof ALARM_SOUND_IDS)[number];
/** What an alarm plays: one of the bundled sounds, or nothing. */
export type AlarmSoundChoice = AlarmSoundId | 'silent';

export const ALARM_SOUND_WORDS: Readonly<Record<AlarmSoundChoice, string>> = {
  alarm: 'Beeps (two tones)',
  chime: 'Chime (soft, rising)',
  siren: 'Siren (sweeping)',
  silent: 'Silent',
};

export function alarmSoundPath(sound: AlarmSoundId): string {
  return `sounds/${sound}.wav`;
}

/** The first bundled sound, kept at the path earlier builds used. */
export const ALARM_SOUND_PATH = alarmSoundPath('alarm');
