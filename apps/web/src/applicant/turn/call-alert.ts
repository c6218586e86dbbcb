/**
 * The phone's ways to say "it is your turn": a short beep through Web Audio (browsers allow sound
 * only after the person touched the page, so `unlock` runs on the first touch or key) and a
 * vibration where the phone has one. Both fail silently where unavailable.
 */

let context: AudioContext | null = null;

/** Creates or resumes the audio context; call it from a touch, click or key handler. */
export function unlockSound(): boolean {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    return true;
  } catch {
    return false;
  }
}

export function soundReady(): boolean {
  return context !== null;
}

/** Two short tones (about half a second), loud enough to hear in a waiting room. */
export function beep(): void {
  if (!context) return;
  const start = context.currentTime + 0.01;
  for (const [offset, frequency] of [
    [0, 880],
    [0.25, 1175],
  ] as const) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.4, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.22);
  }
}

export function vibrate(): void {
  try {
    navigator.vibrate?.([300, 150, 300]);
  } catch {
    // not allowed here (a desktop, an iframe): the screen still shows the call
  }
}
