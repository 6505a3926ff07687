/** A soft two-note chime for "time is up": gentle on purpose (a mediation, not an alarm). The
 * mediator's alert (knock, hand, arrival) is a shorter rising pair, so the two are told apart. */
export function playChime(kind: 'timer' | 'alert' = 'timer'): void {
  try {
    const Ctx = window.AudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const notes = kind === 'alert' ? [587.33, 880] : [659.25, 523.25];
    notes.forEach((freq, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const start = ctx.currentTime + i * 0.35;
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(0.08, start + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.6);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.65);
    });
    window.setTimeout(() => void ctx.close().catch(() => undefined), 1500);
  } catch {
    // Sound is a nicety; the visual signal is always shown.
  }
}

const SOUND_KEY = 'mediation.alertSound';

/** Whether the mediator's alerts make a sound (on unless turned off; remembered in this browser). */
export function alertSoundOn(): boolean {
  try {
    return window.localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function setAlertSound(on: boolean): void {
  try {
    window.localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}
