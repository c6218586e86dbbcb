/** The figures of a procedure's waitlist over a range of days, as served. */
export interface WaitlistFiguresShape {
  joins: number;
  offers: number;
  accepted: number;
  declined: number;
  expired: number;
  removed: number;
  left: number;
  seatsReused: number;
  medianMinutesToAccept: number | null;
}

/**
 * What each figure of the waitlist report means, written once: the OpenAPI description and the CSV
 * header. Days are office-local; each figure counts what happened on the days of the range, the
 * offers' outcomes as they stand now (an offer made on the last day may still be held).
 */
export const WAITLIST_FIGURES: { field: keyof WaitlistFiguresShape; header: string; nullable: boolean; integer: boolean; description: string }[] = [
  { field: 'joins', header: 'Inscripciones', nullable: false, integer: true, description: 'People who joined the waitlist on a day of the range' },
  { field: 'offers', header: 'Ofertas', nullable: false, integer: true, description: 'Seats offered (held for a waiting person) on a day of the range' },
  { field: 'accepted', header: 'Aceptadas', nullable: false, integer: true, description: 'Of those offers, confirmed by the person (each became a booking)' },
  { field: 'declined', header: 'Rechazadas', nullable: false, integer: true, description: 'Of those offers, declined by the person ("No me sirve")' },
  { field: 'expired', header: 'Vencidas', nullable: false, integer: true, description: 'Of those offers, left unconfirmed until the hold ended' },
  { field: 'removed', header: 'Retiradas', nullable: false, integer: true, description: 'Entries taken off the list on a day of the range after two offers declined or left to expire' },
  { field: 'left', header: 'Salidas', nullable: false, integer: true, description: 'Entries whose person left the list on a day of the range' },
  {
    field: 'seatsReused',
    header: 'Cupos reutilizados',
    nullable: false,
    integer: true,
    description:
      'Accepted offers whose booking still stands or was attended (confirmed or checked in): seats given up or left free that a waiting person took instead of their going empty; ' +
      'a booking cancelled again or missed is not counted',
  },
  {
    field: 'medianMinutesToAccept',
    header: 'Mediana minutos hasta aceptar',
    nullable: true,
    integer: false,
    description: 'Median minutes from the offer to its confirmation, over the accepted offers; null when none',
  },
];
