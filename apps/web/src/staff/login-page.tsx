import { type ApiError, toApiError } from '@turnero/api-client';
import { LanguageSwitcher } from '@turnero/ui';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { staffApi } from './api.js';
import { errorMessage } from './common/errors.js';
import { Notice } from './common/notice.js';
import { usePageTitle } from './common/page-title.js';
import { homeOf } from './navigation.js';
import { useSession } from './session.js';
import { SSO_LOGIN_PATH, type SsoFailure, ssoFailureOf, useAuthConfig } from './sso/auth-config.js';

/** Where the user was going when sent to log in (only paths of the console). */
function returnPath(state: unknown): string | null {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/staff/') && !from.startsWith('/staff/login') ? from : null;
}

export function LoginPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('login.title'));
  const { user, token, login, endReason } = useSession();
  const location = useLocation();
  const config = useAuthConfig();
  const [params, setParams] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: ApiError; retryAfterSeconds: number | null } | null>(null);
  // Back from the organisation's provider: ?sso=1 (a hand-off waits in an HttpOnly cookie) or ?sso=fallido&motivo=…
  const [collecting, setCollecting] = useState(params.get('sso') === '1');
  const [ssoFailure, setSsoFailure] = useState<SsoFailure | null>(params.get('sso') === 'fallido' ? ssoFailureOf(params.get('motivo')) : null);
  const collected = useRef(false);

  useEffect(() => {
    if (!collecting || collected.current) return;
    // The hand-off can be taken once: never ask twice (React runs effects twice in development).
    collected.current = true;
    void (async () => {
      try {
        const { data } = await staffApi.POST('/api/v1/auth/sso/session');
        if (data) await login(data.accessToken, data.expiresIn);
        else setSsoFailure('handoff');
      } catch {
        setSsoFailure('unavailable');
      } finally {
        setCollecting(false);
        setParams({}, { replace: true });
      }
    })();
  }, [collecting, login, setParams]);

  if (token && user) return <Navigate to={returnPath(location.state) ?? homeOf(user.role)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setSsoFailure(null);
    try {
      const { data, error, response } = await staffApi.POST('/api/v1/auth/login', { body: { username: username.trim(), password } });
      if (data) {
        setPassword('');
        await login(data.accessToken, data.expiresIn);
      } else {
        const retryAfter = Number(response.headers.get('retry-after'));
        setFailure({ error: toApiError(error, response.status), retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null });
      }
    } catch {
      setFailure({ error: toApiError('', 0), retryAfterSeconds: null });
    } finally {
      setBusy(false);
    }
  }

  const minutes = failure?.retryAfterSeconds ? Math.max(1, Math.ceil(failure.retryAfterSeconds / 60)) : 15;

  const passwordForm = (
    <form className="staff-form staff-login-form" onSubmit={(event) => void submit(event)}>
      <label>
        <span>{t('login.username')}</span>
        <input name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        <span>{t('login.password')}</span>
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button type="submit" className={config?.sso ? undefined : 't-primary'} disabled={busy}>
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  );

  return (
    <div className="staff-app staff-login">
      <header className="staff-login-header">
        <p className="staff-brand">
          <strong>{t('layout.brand')}</strong>
        </p>
        <LanguageSwitcher label={t('layout.language')} />
      </header>
      <main id="staff-main" className="staff-main">
        <h1>{t('login.title')}</h1>
        {endReason && !failure && !ssoFailure && <Notice kind="info">{t(`login.ended.${endReason}`)}</Notice>}
        {ssoFailure && <Notice kind="error">{t(`login.sso.failed.${ssoFailure}`)}</Notice>}
        {failure && (
          <Notice kind="error">
            {failure.error.code === 'TOO_MANY_LOGIN_ATTEMPTS' || failure.error.code === 'RATE_LIMITED'
              ? t(`login.${failure.error.code}`, { count: minutes })
              : errorMessage(t, failure.error)}
          </Notice>
        )}
        {collecting || !config ? (
          <p role="status">{collecting ? t('login.sso.collecting') : t('common.loading')}</p>
        ) : (
          <>
            {config.sso && (
              <p className="staff-login-sso">
                {/* A navigation, not a fetch: the API sends the browser on to the provider and back. */}
                <a className="staff-login-sso-button" href={SSO_LOGIN_PATH}>
                  {t('login.sso.button', { label: config.sso.label })}
                </a>
              </p>
            )}
            {config.passwordLogin ? (
              <>
                {config.sso && <h2 className="staff-login-or">{t('login.sso.orPassword')}</h2>}
                {passwordForm}
                <p className="staff-hint">{t('login.hint')}</p>
              </>
            ) : (
              <details className="staff-login-admin" open={failure !== null}>
                <summary>{t('login.sso.adminAccess')}</summary>
                <p className="staff-hint">{t('login.sso.adminHint')}</p>
                {passwordForm}
              </details>
            )}
          </>
        )}
      </main>
    </div>
  );
}
