/**
 * The staff session outside React: the access token in sessionStorage (per tab, gone when the tab
 * closes; never in a URL or localStorage), read by the API client on every request.
 */

const TOKEN_KEY = 'turnero.staff.session';

export interface StoredSession {
  accessToken: string;
  /** Epoch milliseconds after which the API will refuse the token. */
  expiresAt: number;
}

/** Why the last session ended without the user logging out: the login page says so. */
export type SessionEndReason = 'expired' | 'unauthorized';

type Listener = (reason: SessionEndReason | null) => void;
const listeners = new Set<Listener>();

function read(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(TOKEN_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.expiresAt !== 'number') return null;
    return { accessToken: parsed.accessToken, expiresAt: parsed.expiresAt };
  } catch {
    return null;
  }
}

let current: StoredSession | null = read();

export function storedSession(): StoredSession | null {
  return current;
}

export function accessToken(): string | null {
  return current?.accessToken ?? null;
}

export function saveSession(session: StoredSession): void {
  current = session;
  try {
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify(session));
  } catch {
    // storage blocked: the session lasts as long as the page
  }
  for (const listener of listeners) listener(null);
}

/** Forgets the token; `reason` when the API ended the session (401) rather than the user. */
export function endSession(reason: SessionEndReason | null = null): void {
  if (current === null && reason !== null) return;
  current = null;
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // nothing stored
  }
  for (const listener of listeners) listener(reason);
}

/** Called on every login and every end of session. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Remembered per tab: a small convenience, not a secret (ids only). */
export function tabPreference(key: string): string | null {
  try {
    return sessionStorage.getItem(`turnero.staff.${key}`);
  } catch {
    return null;
  }
}

export function setTabPreference(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(`turnero.staff.${key}`);
    else sessionStorage.setItem(`turnero.staff.${key}`, value);
  } catch {
    // not kept
  }
}
