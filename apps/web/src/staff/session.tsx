import { type Office, type StaffUser, toApiError } from '@turnero/api-client';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { staffApi } from './api.js';
import { accessToken as currentToken, endSession, onSessionChange, type SessionEndReason, saveSession, setTabPreference, storedSession, tabPreference } from './session-store.js';

export type Role = StaffUser['role'];

interface SessionValue {
  /** The logged-in user, once GET /auth/me answered; null when logged out. */
  user: StaffUser | null;
  token: string | null;
  /** Logged in but /auth/me not answered yet. */
  loading: boolean;
  /** Why the last session ended by itself (shown on the login page). */
  endReason: SessionEndReason | null;
  login(accessToken: string, expiresInSeconds: number): Promise<void>;
  logout(): void;
  /** Reads the user again (GET /auth/me): a permission a supervisor granted or withdrew meanwhile. Never throws. */
  reloadUser(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The staff session: the token (session-store.ts), the user it belongs to, its end. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState(() => {
    const stored = storedSession();
    return stored && stored.expiresAt > Date.now() ? stored.accessToken : null;
  });
  const [user, setUser] = useState<StaffUser | null>(null);
  const [endReason, setEndReason] = useState<SessionEndReason | null>(null);

  useEffect(
    () =>
      onSessionChange((reason) => {
        const stored = storedSession();
        setToken(stored?.accessToken ?? null);
        if (!stored) {
          setUser(null);
          setEndReason(reason);
        } else setEndReason(null);
      }),
    [],
  );

  // Who the token belongs to: role and office. A 401 ends the session (api.ts); anything else
  // (network, 5xx) is retried, since nothing can be shown without the role.
  const [meAttempt, setMeAttempt] = useState(0);
  useEffect(() => {
    if (!token) return undefined;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const again = () => {
      if (live) retry = setTimeout(() => setMeAttempt((n) => n + 1), 3_000);
    };
    staffApi.GET('/api/v1/auth/me').then(({ data, response }) => {
      if (!live) return;
      if (data) setUser(data);
      else if (response.status !== 401) again();
    }, again);
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, [token, meAttempt]);

  // The API refuses the token after expiresIn: end the session at that moment, with a message.
  useEffect(() => {
    const stored = storedSession();
    if (!token || !stored) return undefined;
    const timer = setTimeout(() => endSession('expired'), Math.max(0, Math.min(stored.expiresAt - Date.now(), 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [token]);

  const login = useCallback(async (accessToken: string, expiresInSeconds: number) => {
    setUser(null);
    saveSession({ accessToken, expiresAt: Date.now() + expiresInSeconds * 1000 });
  }, []);

  const reloadUser = useCallback(async () => {
    const asked = currentToken();
    if (!asked) return;
    try {
      const { data } = await staffApi.GET('/api/v1/auth/me');
      // Only if the session is still the one asked about (no logout or other login meanwhile).
      if (data && currentToken() === asked) setUser(data);
    } catch {
      // offline: the user stays as last read
    }
  }, []);

  const logout = useCallback(() => {
    setTabPreference('counter', null);
    setTabPreference('office', null);
    endSession(null);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({ user: token ? user : null, token, loading: Boolean(token) && !user, endReason, login, logout, reloadUser }),
    [user, token, endReason, login, logout, reloadUser],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

interface OfficeValue {
  /** The office the console works on: the user's own, or the admin's choice. */
  office: Office | null;
  officeId: string | null;
  /** Every office (admins choose among them). */
  offices: Office[];
  loadError: string | null;
  chooseOffice(officeId: string): void;
  reloadOffices(): Promise<void>;
}

const OfficeContext = createContext<OfficeValue | null>(null);

export function useOffice(): OfficeValue {
  const value = useContext(OfficeContext);
  if (!value) throw new Error('useOffice outside OfficeProvider');
  return value;
}

/** An office the page can rely on (rendered only under <RequireOffice>). */
export function useCurrentOffice(): Office {
  const { office } = useOffice();
  if (!office) throw new Error('useCurrentOffice without an office');
  return office;
}

export function OfficeProvider({ user, children }: { user: StaffUser; children: ReactNode }) {
  const [offices, setOffices] = useState<Office[]>([]);
  const [chosen, setChosen] = useState<string | null>(() => tabPreference('office'));
  const [loadError, setLoadError] = useState<string | null>(null);

  const reloadOffices = useCallback(async () => {
    const { data, error, response } = await staffApi.GET('/api/v1/offices');
    if (data) {
      setOffices(data);
      setLoadError(null);
    } else setLoadError(toApiError(error, response.status).code);
  }, []);

  useEffect(() => {
    void reloadOffices().catch(() => setLoadError('NETWORK_ERROR'));
  }, [reloadOffices]);

  const officeId = user.officeId ?? (chosen && offices.some((o) => o.id === chosen) ? chosen : (offices[0]?.id ?? null));
  const office = offices.find((o) => o.id === officeId) ?? null;

  const chooseOffice = useCallback((id: string) => {
    setTabPreference('office', id);
    setTabPreference('counter', null);
    setChosen(id);
  }, []);

  const value = useMemo<OfficeValue>(
    () => ({ office, officeId, offices, loadError, chooseOffice, reloadOffices }),
    [office, officeId, offices, loadError, chooseOffice, reloadOffices],
  );
  return <OfficeContext.Provider value={value}>{children}</OfficeContext.Provider>;
}
