/**
 * The screen's sound: a two-tone chime made with the Web Audio API (no audio files) and the
 * browser's speech synthesis in Spanish. Browsers keep both silent until the page has been
 * touched once (autoplay policy), unless the kiosk browser is set to allow it; `unlocked` tells.
 */
export class ScreenSound {
  private context: AudioContext | null = null;
  private listeners = new Set<(unlocked: boolean) => void>();
  private state = false;
  /** The page has been touched: the browser allows sound from now on. */
  private gestured = false;

  constructor() {
    const Context = audioContextClass();
    if (!Context) return;
    try {
      this.context = new Context();
      // A kiosk browser allowed to autoplay starts running: nothing to touch.
      this.setUnlocked(this.context.state === 'running');
      this.context.addEventListener('statechange', () => this.setUnlocked(this.gestured || this.context?.state === 'running'));
    } catch {
      this.context = null;
    }
  }

  get unlocked(): boolean {
    return this.state;
  }

  /** Notified when the sound is unlocked (or locked again by the browser); returns the unsubscriber. */
  subscribe(listener: (unlocked: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * From a user gesture (a touch, a click, a key): lets the page make sound from now on. The gesture
   * is what the browser asked for, so speech is on even where the audio context cannot run (no
   * audio device): the chime is then skipped, the voice still speaks.
   */
  async unlock(): Promise<void> {
    const Context = audioContextClass();
    try {
      if (!this.context && Context) this.context = new Context();
      if (this.context && this.context.state === 'suspended') {
        await Promise.race([this.context.resume(), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      }
    } catch {
      // no Web Audio: the voice alone
    }
    this.gestured = true;
    this.setUnlocked(true);
  }

  /** "Ding-dong": two soft sine tones, about a second. Resolves once it has sounded (at once without audio). */
  chime(): Promise<void> {
    const context = this.context;
    if (!context || context.state !== 'running') return Promise.resolve();
    const start = context.currentTime + 0.05;
    const tones: [frequency: number, at: number, length: number][] = [
      [880, 0, 0.5],
      [659.25, 0.35, 0.7],
    ];
    for (const [frequency, at, length] of tones) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + at);
      gain.gain.exponentialRampToValueAtTime(0.4, start + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + at + length);
      oscillator.connect(gain).connect(context.destination);
      // Nodes are freed once played: the screen runs for days.
      oscillator.addEventListener('ended', () => {
        oscillator.disconnect();
        gain.disconnect();
      });
      oscillator.start(start + at);
      oscillator.stop(start + at + length + 0.05);
    }
    return new Promise((resolve) => setTimeout(resolve, 1_100));
  }

  /**
   * Says `text` in Chilean Spanish (a Spanish voice if the system has one). Resolves when the voice
   * ends, or after a while if the engine never says so (some never fire `end`).
   */
  speak(text: string): Promise<void> {
    const synth = typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return Promise.resolve();
    return new Promise((resolve) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = 'es-CL';
      utterance.rate = 0.9;
      const voices = synth.getVoices?.() ?? [];
      const voice = voices.find((v) => v.lang === 'es-CL') ?? voices.find((v) => v.lang.toLowerCase().startsWith('es'));
      if (voice) utterance.voice = voice;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timeout);
        utterance.onend = null;
        utterance.onerror = null;
        resolve();
      };
      const timeout = setTimeout(() => {
        synth.cancel();
        finish();
      }, 3_000 + text.length * 150);
      utterance.onend = finish;
      utterance.onerror = finish;
      synth.speak(utterance);
    });
  }

  /** Stops any voice and closes the audio context. */
  close(): void {
    this.listeners.clear();
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private setUnlocked(unlocked: boolean): void {
    if (unlocked === this.state) return;
    this.state = unlocked;
    for (const listener of this.listeners) listener(unlocked);
  }
}

/** The Web Audio API, where the browser has it. */
function audioContextClass(): typeof AudioContext | undefined {
  return typeof AudioContext === 'undefined' ? undefined : AudioContext;
}
