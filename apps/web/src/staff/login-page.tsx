import { type ApiError, toApiError } from '@turnero/api-client';
import { LanguageSwitcher } from '@turnero/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { staffApi } from './api.js';
import { errorMessage } from './common/errors.js';
import { Notice } from './common/notice.js';
import { usePageTitle } from './common/page-title.js';
import { homeOf } from './navigation.js';
import { useSession } from './session.js';

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
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: ApiError; retryAfterSeconds: number | null } | null>(null);

  if (token && user) return <Navigate to={returnPath(location.state) ?? homeOf(user.role)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
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
        {endReason && !failure && <Notice kind="info">{t(`login.ended.${endReason}`)}</Notice>}
        {failure && (
          <Notice kind="error">
            {failure.error.code === 'TOO_MANY_LOGIN_ATTEMPTS' || failure.error.code === 'RATE_LIMITED'
              ? t(`login.${failure.error.code}`, { count: minutes })
              : errorMessage(t, failure.error)}
          </Notice>
        )}
        <form className="staff-form staff-login-form" onSubmit={(event) => void submit(event)}>
          <label>
            <span>{t('login.username')}</span>
            <input name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={username} onChange={(e) => setUsername(e.target.value)} />
          </label>
          <label>
            <span>{t('login.password')}</span>
            <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <button type="submit" className="t-primary" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p className="staff-hint">{t('login.hint')}</p>
      </main>
    </div>
  );
}
