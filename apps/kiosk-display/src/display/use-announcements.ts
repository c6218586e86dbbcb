import type { TicketCalledEvent } from '@turnero/api-client';
import { useEffect, useRef, useState } from 'react';
import { type Announcement, Announcer } from './announcer.js';
import type { Call } from './call-board.js';
import { ScreenSound } from './sound.js';
import { spokenCall } from './spoken-call.js';

export interface Announcements {
  /** The call being announced now (flashing, in the live region), or null. */
  current: Announcement | null;
  /** Announcements started since the screen opened: a recall or a new call adds one. */
  count: number;
  /** Whether the browser lets the screen make sound (else: "touch the screen"). */
  soundOn: boolean;
  announce(event: TicketCalledEvent): void;
}

/**
 * The screen's announcements: the queue (one at a time, none lost), its sound, and the one-touch
 * unlock browsers require. Everything is released when the screen unmounts.
 */
export function useAnnouncements(): Announcements {
  const [current, setCurrent] = useState<Announcement | null>(null);
  const [count, setCount] = useState(0);
  const [soundOn, setSoundOn] = useState(false);
  const announcerRef = useRef<Announcer | null>(null);

  useEffect(() => {
    const sound = new ScreenSound();
    setSoundOn(sound.unlocked);
    const unsubscribe = sound.subscribe(setSoundOn);
    const announcer = new Announcer(
      {
        soundOn: () => sound.unlocked,
        chime: () => sound.chime(),
        speak: (text) => sound.speak(text),
        onStart: (announcement) => {
          setCurrent(announcement);
          setCount((n) => n + 1);
        },
        onIdle: () => setCurrent(null),
      },
      // A recall is said the same way: the person may not have heard it the first time.
      { words: (call: Call) => spokenCall(call.number, call.counter, call) },
    );
    announcerRef.current = announcer;

    const unlock = () => void sound.unlock();
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
      unsubscribe();
      announcer.dispose();
      sound.close();
      announcerRef.current = null;
    };
  }, []);

  const announce = (event: TicketCalledEvent) =>
    announcerRef.current?.enqueue(
      {
        number: event.number,
        counter: event.counter,
        calledAt: event.calledAt,
        // A group's size and numbers, so that it is said as one call (spokenCall).
        ...(event.partySize !== undefined ? { partySize: event.partySize } : {}),
        ...(event.numbers !== undefined ? { numbers: event.numbers } : {}),
      },
      event.recall,
    );
  return { current, count, soundOn, announce };
}
