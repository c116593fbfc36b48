/** Where the window finds the alarm sound, relative to its page; the renderer's build writes it there. */
export const ALARM_SOUND_PATH = 'sounds/alarm.wav';
