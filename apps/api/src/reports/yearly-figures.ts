/** The figures of the yearly public account, for the office or a service, the year or a month. */
export interface YearFigures {
  appointmentsBooked: number;
  appointmentsCheckedIn: number;
  appointmentsNoShow: number;
  appointmentsCancelled: number;
  walkInsIssued: number;
  walkInsRefused: number;
  served: number;
  servedByAppointment: number;
  servedWalkIns: number;
  waitMeanMinutes: number | null;
  waitMedianMinutes: number | null;
  waitP90Minutes: number | null;
  waitWithinTargetShare: number | null;
  surveys: number;
  ratingMean: number | null;
}

export const YEAR_FIGURES: { field: keyof YearFigures; nullable: boolean; description: string }[] = [
  { field: 'appointmentsBooked', nullable: false, description: 'Bookings for appointments in the period (any outcome)' },
  { field: 'appointmentsCheckedIn', nullable: false, description: 'Of those, checked in' },
  { field: 'appointmentsNoShow', nullable: false, description: 'Of those, never checked in (day over)' },
  { field: 'appointmentsCancelled', nullable: false, description: 'Of those, cancelled' },
  { field: 'walkInsIssued', nullable: false, description: 'Walk-in tickets issued' },
  { field: 'walkInsRefused', nullable: false, description: "Walk-in requests refused by the day's cap (unmet demand)" },
  { field: 'served', nullable: false, description: 'People served (tickets completed)' },
  { field: 'servedByAppointment', nullable: false, description: 'Of those, with an appointment' },
  { field: 'servedWalkIns', nullable: false, description: 'Of those, walk-ins' },
  { field: 'waitMeanMinutes', nullable: true, description: 'Mean wait to the call, in minutes (as in the reports)' },
  { field: 'waitMedianMinutes', nullable: true, description: 'Median wait' },
  { field: 'waitP90Minutes', nullable: true, description: '90th percentile of the wait' },
  { field: 'waitWithinTargetShare', nullable: true, description: "Share (0–1) of people called within the office's standard" },
  { field: 'surveys', nullable: false, description: 'Satisfaction surveys answered' },
  { field: 'ratingMean', nullable: true, description: 'Mean rating (1–5)' },
];

export function zeroYearFigures(): YearFigures {
  return {
    appointmentsBooked: 0,
    appointmentsCheckedIn: 0,
    appointmentsNoShow: 0,
    appointmentsCancelled: 0,
    walkInsIssued: 0,
    walkInsRefused: 0,
    served: 0,
    servedByAppointment: 0,
    servedWalkIns: 0,
    waitMeanMinutes: null,
    waitMedianMinutes: null,
    waitP90Minutes: null,
    waitWithinTargetShare: null,
    surveys: 0,
    ratingMean: null,
  };
}
