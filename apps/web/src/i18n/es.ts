/**
 * The shell's texts (default namespace `translation`), Spanish (Chile): the source of the keys.
 * Each area keeps its own namespace: `applicant` (applicant/i18n/), `staff` (staff/i18n/).
 */
export const es = {
  app: {
    title: 'Turnero',
    loading: 'Cargando…',
  },
};

export type Messages = typeof es;
