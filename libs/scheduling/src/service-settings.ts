/** How a service is delivered: by appointment, to walk-ins, or both. */
export const SERVICE_MODES = ['appointment', 'walk_in', 'both'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

/**
 * The capacity and booking settings of one service, as the scheduling rules read them.
 * Minutes and counts are whole numbers; `null` caps mean "no cap beyond the seats".
 */
export interface ServiceSettings {
  mode: ServiceMode;
  /** Length of one appointment slot. */
  slotMinutes: number;
  /** Applicants that can book the same slot. */
  seatsPerSlot: number;
  /** Most appointments in one local day, spread evenly over the slots when below the seats. */
  dailyAppointmentCap: number | null;
  /** How many days ahead a slot can be booked. */
  bookingHorizonDays: number;
  /** Local time ("HH:mm") at which a new day's slots are released. */
  bookingOpensAt: string;
  /** Booking closes this many minutes before the slot starts. */
  bookingLeadMinutes: number;
  /** Check-in opens this many minutes before the slot. */
  checkInBeforeMinutes: number;
  /** Check-in stays open this many minutes after the slot starts. */
  checkInGraceMinutes: number;
  /** Most walk-in tickets in one local day; `null` means no cap. */
  walkInDailyCap: number | null;
  /** Average minutes a counter spends on one person, for wait estimates. */
  averageServiceMinutes: number;
}

export const DEFAULT_SERVICE_SETTINGS: Omit<ServiceSettings, 'mode'> = {
  slotMinutes: 15,
  seatsPerSlot: 1,
  dailyAppointmentCap: null,
  bookingHorizonDays: 30,
  bookingOpensAt: '00:00',
  bookingLeadMinutes: 10,
  checkInBeforeMinutes: 30,
  checkInGraceMinutes: 15,
  walkInDailyCap: null,
  averageServiceMinutes: 15,
};

export function takesAppointments(mode: ServiceMode): boolean {
  return mode === 'appointment' || mode === 'both';
}

export function takesWalkIns(mode: ServiceMode): boolean {
  return mode === 'walk_in' || mode === 'both';
}
