/** How a report is grouped: `hour` is the office-local hour of arrival (or of the appointment). */
export const REPORT_GROUPINGS = ['day', 'service', 'counter', 'agent', 'hour'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/**
 * The figures of one group (or of the whole range). null: the figure does not apply to this
 * grouping (bookings have no counter, refusals have no hour…) or there is nothing to average.
 */
export interface ReportFigures {
  appointmentsBooked: number | null;
  appointmentsCancelled: number | null;
  appointmentsCheckedIn: number | null;
  appointmentsNoShow: number | null;
  appointmentsPending: number | null;
  arrivals: number | null;
  walkInsIssued: number | null;
  walkInsRefused: number | null;
  served: number | null;
  ticketNoShows: number | null;
  unserved: number | null;
  waitMeanMinutes: number | null;
  waitMedianMinutes: number | null;
  waitP90Minutes: number | null;
  waitWithinTargetShare: number | null;
  serviceMeanMinutes: number | null;
  serviceMedianMinutes: number | null;
  quotedWaitMeanMinutes: number | null;
  quotedActualWaitMeanMinutes: number | null;
  busyMinutes: number | null;
  staffedMinutes: number | null;
  utilisation: number | null;
  surveys: number | null;
  ratingMean: number | null;
}

export type ReportFigure = keyof ReportFigures;

/**
 * Every figure with its CSV header (Spanish: the CSV is opened by people) and its meaning (the
 * OpenAPI description). The order is the CSV's column order.
 */
export const FIGURES: { field: ReportFigure; header: string; description: string }[] = [
  { field: 'appointmentsBooked', header: 'Citas reservadas', description: 'Bookings whose appointment falls in the group, whatever became of them (day, service, hour of the slot)' },
  { field: 'appointmentsCancelled', header: 'Citas anuladas', description: 'Of those, cancelled (by the applicant or by a closure)' },
  { field: 'appointmentsCheckedIn', header: 'Citas presentadas', description: 'Of those, checked in' },
  { field: 'appointmentsNoShow', header: 'Citas no presentadas', description: 'Of those, never checked in and their day is over' },
  { field: 'appointmentsPending', header: 'Citas pendientes', description: 'Of those, still to come (today or later, not checked in)' },
  { field: 'arrivals', header: 'Llegadas', description: 'Tickets issued: check-ins and walk-ins (day, service, hour of issue)' },
  { field: 'walkInsIssued', header: 'Números sin cita', description: 'Walk-in tickets issued' },
  { field: 'walkInsRefused', header: 'Sin cita rechazados por cupo', description: "Walk-in requests refused because the day's cap was used up: unmet demand (day and service only)" },
  { field: 'served', header: 'Personas atendidas', description: 'Tickets completed' },
  { field: 'ticketNoShows', header: 'Llamados sin presentarse', description: 'Tickets called that nobody answered' },
  { field: 'unserved', header: 'Sin atender al cierre', description: 'Tickets still waiting at closing time' },
  {
    field: 'waitMeanMinutes',
    header: 'Espera media (min)',
    description: "Minutes from arrival (for an appointment checked in early, from its slot's start) to the call, over the tickets called",
  },
  { field: 'waitMedianMinutes', header: 'Espera mediana (min)', description: 'Median of the same waits (percentile_cont 0.5)' },
  { field: 'waitP90Minutes', header: 'Espera percentil 90 (min)', description: '90th percentile of the same waits (percentile_cont 0.9)' },
  { field: 'waitWithinTargetShare', header: 'Llamados dentro del estándar', description: "Share (0–1) of the tickets called whose wait was at most the office's waitTargetMinutes" },
  { field: 'serviceMeanMinutes', header: 'Atención media (min)', description: 'Minutes from start to completion of the tickets completed' },
  { field: 'serviceMedianMinutes', header: 'Atención mediana (min)', description: 'Median of the same' },
  { field: 'quotedWaitMeanMinutes', header: 'Espera anunciada media (min)', description: 'Mean wait quoted at issue, over the tickets called that had a quote' },
  { field: 'quotedActualWaitMeanMinutes', header: 'Espera real de los anunciados (min)', description: 'Mean minutes from issue to call of the same tickets: compare with the quote' },
  { field: 'busyMinutes', header: 'Minutos atendiendo', description: 'Minutes spent serving (start to completion) (day, counter, agent)' },
  {
    field: 'staffedMinutes',
    header: 'Minutos de módulo abierto',
    description:
      "Minutes each counter was open, staffed by an agent (for agent rows: the counters the agent opened or took over), from the counters' session log: " +
      "each session's overlap with each office-local day, a session still open counting up to now. Days before the log existed (no session of the office " +
      "logged that day) fall back to each counter's (agent's) span from its first call to its last completion (day, counter, agent)",
  },
  { field: 'utilisation', header: 'Ocupación', description: 'busyMinutes / staffedMinutes (0–1); null when staffedMinutes is 0' },
  { field: 'surveys', header: 'Encuestas respondidas', description: 'Satisfaction surveys answered for these tickets' },
  { field: 'ratingMean', header: 'Nota media (1–5)', description: 'Mean rating of those surveys' },
];

type FigureFamily = 'appointments' | 'arrivals' | 'refusals' | 'tickets' | 'unserved' | 'utilisation';

const FAMILY: Record<ReportFigure, FigureFamily> = {
  appointmentsBooked: 'appointments',
  appointmentsCancelled: 'appointments',
  appointmentsCheckedIn: 'appointments',
  appointmentsNoShow: 'appointments',
  appointmentsPending: 'appointments',
  arrivals: 'arrivals',
  walkInsIssued: 'arrivals',
  walkInsRefused: 'refusals',
  served: 'tickets',
  ticketNoShows: 'tickets',
  unserved: 'unserved',
  waitMeanMinutes: 'tickets',
  waitMedianMinutes: 'tickets',
  waitP90Minutes: 'tickets',
  waitWithinTargetShare: 'tickets',
  serviceMeanMinutes: 'tickets',
  serviceMedianMinutes: 'tickets',
  quotedWaitMeanMinutes: 'tickets',
  quotedActualWaitMeanMinutes: 'tickets',
  busyMinutes: 'utilisation',
  staffedMinutes: 'utilisation',
  utilisation: 'utilisation',
  surveys: 'tickets',
  ratingMean: 'tickets',
};

/** Which groupings each family of figures has a meaning for (the totals have them all). */
const APPLIES: Record<FigureFamily, readonly ReportGrouping[]> = {
  appointments: ['day', 'service', 'hour'],
  arrivals: ['day', 'service', 'hour'],
  refusals: ['day', 'service'],
  tickets: ['day', 'service', 'counter', 'agent', 'hour'],
  unserved: ['day', 'service', 'hour'],
  utilisation: ['day', 'counter', 'agent'],
};

export function figureApplies(field: ReportFigure, groupBy: ReportGrouping | 'total'): boolean {
  return groupBy === 'total' || APPLIES[FAMILY[field]].includes(groupBy);
}

/** Every figure null: the start of a row before the queries fill it. */
export function emptyFigures(): ReportFigures {
  return Object.fromEntries(FIGURES.map((f) => [f.field, null])) as unknown as ReportFigures;
}
