/** Spanish (Chile): the source of every text; other languages must have the same keys. */
export const es = {
  common: {
    language: 'Idioma',
    missingOffice: 'Falta la oficina: abra esta página con ?office=<identificador de la oficina>.',
    connecting: 'Conectando…',
    connected: 'En línea',
    reconnecting: 'Reconectando…',
    refused: 'No se pudo conectar ({{error}}).',
  },
  display: {
    title: 'Llamados',
    waiting: 'Personas en espera: {{count}}',
    counter: 'Módulo',
    number: 'Número',
    noCalls: 'Aún no hay llamados.',
  },
  kiosk: {
    title: 'Obtenga su número',
    intro: 'Toque el trámite que viene a realizar.',
    services: 'Trámites',
    loadError: 'No pudimos cargar los trámites. Pida ayuda en el mesón.',
  },
};

export type Messages = typeof es;
