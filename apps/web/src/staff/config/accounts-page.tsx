import { type ApiError, type StaffUser, unwrap } from '@turnero/api-client';
import { formatDate, formatTime } from '@turnero/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage, isInvalid } from '../common/errors.js';
import { CheckField, Field, SelectField } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useApiData } from '../common/use-api-data.js';
import { useEditor } from '../common/use-editor.js';
import { type Role, useCurrentOffice, useSession } from '../session.js';

function AccountForm({ account, officeId, onSaved, onCancel }: { account: StaffUser | null; officeId: string; onSaved(user: StaffUser): void; onCancel(): void }) {
  const { t } = useTranslation('staff');
  const { user } = useSession();
  const [username, setUsername] = useState(account?.username ?? '');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState(account?.email ?? '');
  const [role, setRole] = useState<Role>(account?.role ?? 'agent');
  const [active, setActive] = useState(account?.active ?? true);
  const [canCallOutOfOrder, setCanCallOutOfOrder] = useState(account?.canCallOutOfOrder ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const roles: Role[] = user?.role === 'admin' ? ['agent', 'supervisor', 'admin'] : ['agent', 'supervisor'];
  const self = account?.id === user?.id;
  // Only agents need the grant (supervisors and admins may anyway); given once the account exists.
  const grantable = Boolean(account) && !self && role === 'agent';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const office = role === 'admin' ? null : officeId;
    try {
      if (!account) {
        onSaved(await unwrap(staffApi.POST('/api/v1/staff', { body: { username: username.trim(), password, role, officeId: office, email: email.trim() || null } })));
        return;
      }
      const saved = await unwrap(
        staffApi.PATCH('/api/v1/staff/{id}', {
          params: { path: { id: account.id } },
          body: { username: username.trim(), email: email.trim() || null, ...(self ? {} : { role, active, officeId: office }), ...(password ? { password } : {}) },
        }),
      );
      // A permission of its own endpoint (PUT …/permissions), sent only when it changed; both calls
      // are idempotent, so saving again after an error here is safe.
      if (grantable && canCallOutOfOrder !== account.canCallOutOfOrder) {
        const granted = await unwrap(staffApi.PUT('/api/v1/staff/{id}/permissions', { params: { path: { id: account.id } }, body: { canCallOutOfOrder } }));
        onSaved({ ...saved, canCallOutOfOrder: granted.canCallOutOfOrder });
      } else onSaved(saved);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="staff-form staff-grid-form" onSubmit={(event) => void submit(event)}>
      <Field
        label={t('accounts.username')}
        value={username}
        onChange={setUsername}
        required
        pattern="[a-z0-9._\-]{3,64}"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        invalid={isInvalid(error, 'username')}
        hint={t('accounts.usernameHint')}
      />
      <Field
        label={account ? t('accounts.newPassword') : t('accounts.password')}
        type="password"
        value={password}
        onChange={setPassword}
        required={!account}
        minLength={10}
        autoComplete="new-password"
        invalid={isInvalid(error, 'password')}
        hint={account ? t('accounts.newPasswordHint') : t('accounts.passwordHint')}
      />
      <Field
        label={t('accounts.email')}
        type="email"
        value={email}
        onChange={setEmail}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        invalid={isInvalid(error, 'email')}
        hint={t('accounts.emailHint')}
      />
      {!self && <SelectField label={t('accounts.role')} value={role} onChange={(value) => setRole(value as Role)} options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />}
      {account && !self && (
        <div className="staff-span">
          <CheckField label={t('accounts.activeLabel')} checked={active} onChange={setActive} hint={t('accounts.activeHint')} />
        </div>
      )}
      {grantable && (
        <div className="staff-span">
          <CheckField label={t('accounts.outOfOrderLabel')} checked={canCallOutOfOrder} onChange={setCanCallOutOfOrder} hint={t('accounts.outOfOrderHint')} />
        </div>
      )}
      {self && <p className="staff-hint staff-span">{t('accounts.selfHint')}</p>}
      {error && (
        <div className="staff-span">
          <Notice kind="error">{errorMessage(t, error)}</Notice>
        </div>
      )}
      <div className="staff-actions staff-span">
        <button type="submit" className="t-primary" aria-disabled={busy}>
          {account ? t('common.saveChanges') : t('accounts.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * Staff accounts of the office (`/staff/accounts`): create, change role or password, deactivate,
 * and let an agent call out of order.
 */
export function AccountsPage() {
  const { t, i18n } = useTranslation('staff');
  usePageTitle(t('accounts.title'));
  const office = useCurrentOffice();
  const accounts = useApiData(
    async () => (await unwrap(staffApi.GET('/api/v1/staff', { params: { query: { officeId: office.id } } }))).sort((a, b) => a.username.localeCompare(b.username)),
    [office.id],
  );
  const { editing, saved, formHeading, edit, done, cancel } = useEditor<StaffUser>();

  return (
    <>
      <div className="staff-page-head">
        <h1>{t('accounts.title')}</h1>
        <button type="button" className="t-primary" onClick={() => edit('new')}>
          {t('accounts.new')}
        </button>
      </div>
      {accounts.error && <Notice kind="error">{errorMessage(t, accounts.error)}</Notice>}
      {saved && <Notice kind="success">{t('common.savedNamed', { name: saved })}</Notice>}
      {editing && (
        <section className="staff-panel" aria-labelledby="account-form-title">
          <h2 id="account-form-title" ref={formHeading} tabIndex={-1}>
            {editing === 'new' ? t('accounts.new') : t('accounts.editTitle', { name: editing.username })}
          </h2>
          <AccountForm
            key={editing === 'new' ? 'new' : editing.id}
            account={editing === 'new' ? null : editing}
            officeId={office.id}
            onSaved={(account) => {
              done(account.username);
              void accounts.reload();
            }}
            onCancel={cancel}
          />
        </section>
      )}
      {accounts.data ? (
        <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={t('accounts.title')}>
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('accounts.username')}</th>
                <th scope="col">{t('accounts.role')}</th>
                <th scope="col">{t('queue.status')}</th>
                <th scope="col">{t('accounts.outOfOrderColumn')}</th>
                <th scope="col">{t('accounts.lastLogin')}</th>
                <th scope="col">
                  <span className="t-visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((account) => (
                <tr key={account.id} className={account.active ? undefined : 'staff-row-inactive'}>
                  <th scope="row">{account.username}</th>
                  <td>{t(`roles.${account.role}`)}</td>
                  <td>{account.active ? t('common.active') : t('common.inactive')}</td>
                  <td>{account.role !== 'agent' ? t('accounts.outOfOrderByRole') : account.canCallOutOfOrder ? t('accounts.outOfOrderYes') : t('accounts.outOfOrderNo')}</td>
                  <td>
                    {account.lastLoginAt
                      ? `${formatDate(account.lastLoginAt, office.timeZone, i18n.language, 'short')} ${formatTime(account.lastLoginAt, office.timeZone, i18n.language)}`
                      : '—'}
                  </td>
                  <td>
                    <button type="button" onClick={() => edit(account)} aria-label={t('common.editNamed', { name: account.username })}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        !accounts.error && <p role="status">{t('common.loading')}</p>
      )}
    </>
  );
}
