/** The figures of a group of requests, as served (rounded). */
export interface RequestsFiguresDtoShape {
  received: number;
  answered: number;
  open: number;
  answeredOnTime: number;
  onTimeShare: number | null;
  medianWorkingDays: number | null;
  ratings: number;
  ratingMean: number | null;
}

/**
 * What each figure of the requests report means, written once: the OpenAPI description, the CSV
 * header. Every figure is over the requests filed in the range (office-local days): what became of
 * them so far.
 */
export const REQUEST_FIGURES: { field: keyof RequestsFiguresDtoShape; header: string; nullable: boolean; integer: boolean; description: string }[] = [
  { field: 'received', header: 'Recibidas', nullable: false, integer: true, description: 'Requests filed in the range (per staff member: answered by them)' },
  { field: 'answered', header: 'Respondidas', nullable: false, integer: true, description: 'Of those, answered (so far)' },
  { field: 'open', header: 'Abiertas', nullable: false, integer: true, description: 'Of those, still open (received, in progress or waiting for the person)' },
  { field: 'answeredOnTime', header: 'Respondidas en plazo', nullable: false, integer: true, description: 'Of the answered, answered by their due date' },
  { field: 'onTimeShare', header: 'Proporción en plazo', nullable: true, integer: false, description: 'Share (0–1) of the answered that were answered by their due date' },
  {
    field: 'medianWorkingDays',
    header: 'Mediana días hábiles',
    nullable: true,
    integer: false,
    description: 'Median working days from filing to the answer, pauses waiting for the person left out',
  },
  { field: 'ratings', header: 'Calificaciones', nullable: false, integer: true, description: 'Answers rated by the person' },
  { field: 'ratingMean', header: 'Calificación promedio', nullable: true, integer: false, description: 'Mean rating (1–5)' },
];
