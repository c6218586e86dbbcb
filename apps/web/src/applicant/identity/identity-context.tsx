import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { serverClock } from '../../server-clock.js';
import type { Problem } from '../common/api-call.js';
import { useLoad } from '../common/use-load.js';
import { loadMe, type Me, type SignedInApplicant, signOut as postSignOut } from './identity-api.js';

export interface Identity {
  /** GET /me has answered (until then nothing about ClaveÚnica is shown either way). */
  ready: boolean;
  /** ClaveÚnica is configured on this deployment; when false nothing about it shows anywhere. */
  enabled: boolean;
  /** The signed-in person (name and RUT from ClaveÚnica), or null. */
  applicant: SignedInApplicant | null;
  /** Reads GET /me again (after a refusal that says the session ended, at its expiry). */
  reload(): void;
  /** POST logout; then `signedOut` holds the provider's logout link to offer. */
  signOut(): Promise<Problem | null>;
  /** Set by a sign-out on this page load: "Cerró su sesión en Turnero." and the provider's logout. */
  signedOut: { providerLogoutUrl: string | null } | null;
  dismissSignedOut(): void;
}

const NOBODY: Identity = {
  ready: false,
  enabled: false,
  applicant: null,
  reload: () => undefined,
  signOut: async () => null,
  signedOut: null,
  dismissSignedOut: () => undefined,
};

const IdentityContext = createContext<Identity>(NOBODY);

/** Who is signed in, for every applicant page (read once per page load, and after a sign-out). */
export const useIdentity = (): Identity => useContext(IdentityContext);

/** Longest setTimeout delay browsers honour (about 24.8 days). */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Reads GET /api/v1/me once when the applicant pages load (a "mucha demanda" answer is asked again
 * by itself), again after a sign-out, when a page says the session ended, and at the session's
 * expiry (then the pages show the document fields again instead of a stale "Ingresó como").
 * A failed read shows nothing about ClaveÚnica: the site works as without it.
 */
export function IdentityProvider({ children }: { children: ReactNode }) {
  const [round, setRound] = useState(0);
  const me = useLoad(`me:${round}`, loadMe);
  const [signedOut, setSignedOut] = useState<Identity['signedOut']>(null);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  // The last answer stays while /me is read again (no flicker of "Ingresó como"); a failure keeps it too.
  const [known, setKnown] = useState<{ me: Me | null } | null>(null);
  const answer = me.state === 'ready' ? me.data : null;
  // A /me the API sheds ("mucha demanda") is asked again by itself; meanwhile the pages go on as
  // without ClaveÚnica rather than wait (the booking form must not hang on it at opening time).
  const shed = me.overload.state.phase !== 'idle';
  useEffect(() => {
    if (answer) setKnown({ me: answer });
    else if (me.state === 'error' || shed) setKnown((previous) => previous ?? { me: null });
  }, [answer, me.state, shed]);
  const data = known?.me ?? null;
  const applicant = data?.applicant ?? null;

  // The session's end, measured as a duration from the server's clock (its expiresAt is the server's).
  const expiresAt = applicant?.expiresAt;
  useEffect(() => {
    if (!expiresAt) return undefined;
    const delay = Math.min(MAX_DELAY, Math.max(0, Date.parse(expiresAt) - serverClock.now()) + 1000);
    const timer = setTimeout(reload, delay);
    return () => clearTimeout(timer);
  }, [expiresAt, reload]);

  const signOut = useCallback(async () => {
    const outcome = await postSignOut();
    if (!outcome.ok) return outcome.problem;
    setSignedOut({ providerLogoutUrl: outcome.data.providerLogoutUrl });
    reload();
    return null;
  }, [reload]);

  const identity = useMemo<Identity>(
    () => ({
      ready: known !== null,
      enabled: data?.claveUnica.enabled ?? false,
      applicant,
      reload,
      signOut,
      signedOut,
      dismissSignedOut: () => setSignedOut(null),
    }),
    [known, data, applicant, reload, signOut, signedOut],
  );
  return <IdentityContext.Provider value={identity}>{children}</IdentityContext.Provider>;
}
