import './staff.css';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useInRouterContext, useLocation } from 'react-router';
import { AccountsPage } from './config/accounts-page.js';
import { OfficeSettingsPage } from './config/office-settings-page.js';
import { ServicesPage } from './config/services-page.js';
import { CountersPage } from './config/counters-page.js';
import { ClosuresPage } from './closures/closures-page.js';
import { NoticesPage } from './notices/notices-page.js';
import { RequestsPage } from './requests/requests-page.js';
import { RequestDetailPage } from './requests/request-detail-page.js';
import { RegisterRequestPage } from './requests/register-request-page.js';
import { RequestSettingsPage } from './requests/request-settings-page.js';
import { BoardPage } from './board/board-page.js';
import { BookingsPage } from './bookings/bookings-page.js';
import { WaitlistPage } from './waitlist/waitlist-page.js';
import { DeskPage } from './desk/desk-page.js';
import { FrontDeskPage } from './front-desk/front-desk-page.js';
import { OfficesPage } from './admin/offices-page.js';
import { addStaffResources } from './i18n/index.js';
import { StaffLayout } from './layout.js';
import { LoginPage } from './login-page.js';
import { homeOf, staffPath } from './navigation.js';
import { OfficeProvider, type Role, SessionProvider, useSession } from './session.js';

// Charts (recharts) only for those who open the reports.
const ReportsPage = lazy(() => import('./reports/reports-page.js').then((m) => ({ default: m.ReportsPage })));
const PublicAccountPage = lazy(() => import('./reports/public-account-page.js').then((m) => ({ default: m.PublicAccountPage })));

/** Logged in, with the user known: the console's frame; otherwise the login page. */
function RequireSession() {
  const { t } = useTranslation('staff');
  const { token, user } = useSession();
  const location = useLocation();
  if (!token) return <Navigate to={staffPath('login')} replace state={{ from: location.pathname + location.search }} />;
  if (!user) {
    return (
      <p className="staff-main" role="status">
        {t('common.loading')}
      </p>
    );
  }
  return (
    <OfficeProvider user={user}>
      <StaffLayout />
    </OfficeProvider>
  );
}

function RequireRole({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation('staff');
  const { user } = useSession();
  if (!user || !roles.includes(user.role)) return <p role="alert">{t('common.notAllowed')}</p>;
  return <Outlet />;
}

function Home() {
  const { user } = useSession();
  return user ? <Navigate to={homeOf(user.role)} replace /> : null;
}

function NotFound() {
  const { t } = useTranslation('staff');
  return (
    <>
      <h1>{t('common.notFoundTitle')}</h1>
      <p>{t('common.notFound')}</p>
    </>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useTranslation('staff');
  return <Suspense fallback={<p role="status">{t('common.loading')}</p>}>{children}</Suspense>;
}

const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];

/** The console's routes, relative to where the shell mounts it (`/staff/*`). */
function StaffRoutes() {
  return (
    <SessionProvider>
      <Routes>
        <Route path="login" element={<LoginPage />} />
        <Route element={<RequireSession />}>
          <Route index element={<Home />} />
          <Route path="desk" element={<DeskPage />} />
          <Route path="front-desk" element={<FrontDeskPage />} />
          <Route path="bookings" element={<BookingsPage />} />
          <Route path="waitlist" element={<WaitlistPage />} />
          <Route path="requests" element={<RequestsPage />} />
          <Route path="requests/new" element={<RegisterRequestPage />} />
          <Route path="requests/:id" element={<RequestDetailPage />} />
          <Route element={<RequireRole roles={SUPERVISORS} />}>
            <Route path="board" element={<BoardPage />} />
            <Route path="services" element={<ServicesPage />} />
            <Route path="counters" element={<CountersPage />} />
            <Route path="office" element={<OfficeSettingsPage />} />
            <Route path="closures" element={<ClosuresPage />} />
            <Route path="notices" element={<NoticesPage />} />
            <Route path="requests/settings" element={<RequestSettingsPage />} />
            <Route path="accounts" element={<AccountsPage />} />
            <Route
              path="reports"
              element={
                <Lazy>
                  <ReportsPage />
                </Lazy>
              }
            />
            <Route
              path="reports/cuenta-publica"
              element={
                <Lazy>
                  <PublicAccountPage />
                </Lazy>
              }
            />
          </Route>
          <Route element={<RequireRole roles={['admin']} />}>
            <Route path="offices" element={<OfficesPage />} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}

/**
 * The staff console (issue #8): login, the counter desk, the front desk, the supervisor's board,
 * configuration, closures and reports. The shell mounts it at `/staff/*` inside its router; its
 * texts are the `staff` i18next namespace, added to the app's instance here.
 */
export function StaffApp() {
  const { i18n } = useTranslation();
  addStaffResources(i18n);
  // Mounted by the shell inside its router; alone (no router yet) it brings its own.
  if (useInRouterContext()) return <StaffRoutes />;
  return (
    <BrowserRouter>
      <Routes>
        <Route path={`${staffPath()}/*`} element={<StaffRoutes />} />
      </Routes>
    </BrowserRouter>
  );
}

export default StaffApp;
