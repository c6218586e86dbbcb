/** Spanish (Chile): the source of every text; other languages must have the same keys. */
export const es = {
  app: {
    title: 'Turnero',
    tagline: 'Reserve su hora para trámites en oficinas públicas.',
    language: 'Idioma',
    offices: 'Oficinas',
    loading: 'Cargando…',
    loadError: 'No pudimos cargar las oficinas. Intente de nuevo en un momento.',
    noOffices: 'Aún no hay oficinas disponibles.',
    apiDocs: 'Documentación de la API',
  },
};

export type Messages = typeof es;
