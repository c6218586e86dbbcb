import './applicant/applicant.css';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { ApplicantLayout, NotFoundPage } from './applicant/applicant-layout.js';
import { BookingPage } from './applicant/booking/booking-page.js';
import { ConfirmationPage } from './applicant/booking/confirmation-page.js';
import { HomePage } from './applicant/home-page.js';
import { MyProceduresPage } from './applicant/identity/my-procedures-page.js';
import { MyBookingPage } from './applicant/my-booking/my-booking-page.js';
import { FileRequestPage } from './applicant/requests/file-request-page.js';
import { TrackRequestPage } from './applicant/requests/track-request-page.js';
import { TurnPage } from './applicant/turn/turn-page.js';
import { WaitlistPage } from './applicant/waitlist/waitlist-page.js';

// The staff console (its own nested routes, texts and styles) loads only for those who open /staff.
const StaffApp = lazy(() => import('./staff/staff-app.js').then((module) => ({ default: module.StaffApp })));

/**
 * The web app's routes. Applicants: `/` home, `/reservar` booking, `/reserva/{code}` its
 * confirmation, `/mi-reserva` find/cancel/reschedule, `/turno/{trackingCode}` a live ticket,
 * `/solicitudes` file a request or complaint, `/solicitud/{code}` follow it, `/lista-espera/{code}`
 * a waitlist entry and the seat held for it (the offer's link; `/lista-espera` asks the code).
 * Staff: everything under `/staff/`. The API answers every other path with this app (SPA fallback).
 */
export function App() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route
        path="/staff/*"
        element={
          <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
            <StaffApp />
          </Suspense>
        }
      />
      <Route element={<ApplicantLayout />}>
        <Route index element={<HomePage />} />
        <Route path="reservar" element={<BookingPage />} />
        <Route path="reserva/:code" element={<ConfirmationPage />} />
        <Route path="mi-reserva" element={<MyBookingPage />} />
        <Route path="mis-tramites" element={<MyProceduresPage />} />
        <Route path="turno/:trackingCode" element={<TurnPage />} />
        <Route path="solicitudes" element={<FileRequestPage />} />
        <Route path="solicitud/:code" element={<TrackRequestPage />} />
        <Route path="lista-espera" element={<WaitlistPage />} />
        <Route path="lista-espera/:code" element={<WaitlistPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
