/** Spanish (Chile): the source of every text; other languages must have the same keys. */
export const es = {
  common: {
    language: 'Idioma',
    missingOffice: 'Falta la oficina: abra esta página con ?office=<identificador de la oficina>.',
    unknownOffice: 'Esta oficina no existe. Revise la dirección configurada en este equipo (?office=…).',
    connecting: 'Conectando…',
    connected: 'En línea',
    reconnecting: 'Sin conexión',
    refused: 'No se pudo conectar ({{error}}).',
  },
  display: {
    title: 'Llamados',
    calling: 'Llamando',
    goTo: 'Diríjase a',
    previous: 'Llamados anteriores',
    waiting: 'Personas en espera:',
    counter: 'Módulo',
    number: 'Número',
    noCalls: 'Aún no hay llamados.',
    offline: 'Sin conexión: reintentando…',
    soundHint: 'Toque la pantalla para activar el sonido',
    announcement: 'Número {{number}}, {{counter}}',
    recallAnnouncement: 'Llamado otra vez: número {{number}}, {{counter}}',
    clock: 'Hora actual',
  },
  kiosk: {
    title: 'Obtenga su número',
    intro: 'Elija una opción tocando la pantalla.',
    services: 'Trámites',
    loadError: 'No pudimos cargar los trámites. Pida ayuda en el mesón.',
    start: {
      haveBooking: 'Tengo una reserva',
      haveBookingHint: 'Ingrese el código de su reserva',
      noBooking: 'No tengo reserva',
      noBookingHint: 'Saque un número para un trámite sin hora',
      scanHint: '¿Trae el código QR de su reserva? Acérquelo al lector. ¿Ya fue atendido? Acerque el QR de su número para evaluar la atención.',
    },
    code: {
      title: 'Ingrese su código de reserva',
      hint: 'Son 9 letras y números, por ejemplo K7M-4QX-9PT. Lo encuentra en su comprobante o en el correo de su reserva.',
      label: 'Código de reserva',
      keyboard: 'Teclado',
      delete: 'Borrar',
      clear: 'Borrar todo',
      submit: 'Continuar',
      incomplete: 'Faltan {{missing}} caracteres.',
    },
    servicesScreen: {
      title: 'Elija su trámite',
      hint: 'Trámites que se atienden sin reserva, por orden de llegada.',
      none: 'Hoy esta oficina no atiende trámites sin reserva. Reserve una hora en línea o pregunte en el mesón.',
    },
    preferential: {
      title: '¿Necesita atención preferente?',
      explanation: 'Por ley, tienen atención preferente las personas mayores (60 años o más), las personas con discapacidad y las mujeres embarazadas. Se les llama antes, sin perder su lugar.',
      yes: 'Sí, atención preferente',
      no: 'No, atención normal',
      service: 'Trámite: {{service}}',
    },
    busy: 'Un momento, por favor…',
    ticket: {
      title: 'Su número es',
      service: 'Trámite',
      preferential: 'Atención preferente',
      appointment: 'Con reserva de las {{time}}',
      wait: 'Espera estimada: unos {{minutes}} minutos',
      waitSoon: 'Le llamarán en pocos minutos',
      waitUnknown: 'Le llamaremos por la pantalla',
      printing: 'Retire su número impreso.',
      watchScreen: 'Espere su llamado en la pantalla.',
      follow: 'Siga su turno desde su teléfono',
      qr: 'Código QR para seguir su turno desde el teléfono',
      issuedAt: 'Emitido a las {{time}}',
      done: 'Terminar',
    },
    rating: {
      title: '¿Cómo fue su atención?',
      hint: 'Toque una opción. Su respuesta es anónima y nos ayuda a mejorar.',
      labels: { 1: 'Muy mala', 2: 'Mala', 3: 'Regular', 4: 'Buena', 5: 'Muy buena' },
      thanks: '¡Gracias por su opinión!',
      thanksHint: 'La oficina revisa estas respuestas para mejorar la atención.',
    },
    back: 'Volver',
    home: 'Volver al inicio',
    retry: 'Intentar de nuevo',
    countdown: 'Volverá al inicio en {{seconds}} s',
    errors: {
      BOOKING_NOT_FOUND: {
        title: 'No encontramos esa reserva',
        action: 'Revise el código en su comprobante o correo e inténtelo de nuevo. Si el problema sigue, acérquese al mesón de atención.',
      },
      INVALID_CODE: {
        title: 'El código no es válido',
        action: 'El código tiene 9 letras y números, por ejemplo K7M-4QX-9PT. Revíselo e inténtelo de nuevo.',
      },
      TOO_EARLY: {
        title: 'Aún es temprano para registrar su llegada',
        action: 'Su hora es el {{date}} a las {{time}}. Puede registrar su llegada desde las {{from}}.',
      },
      TOO_LATE: {
        title: 'Ya pasó el plazo para registrar su llegada',
        action: 'Su hora era a las {{time}}. Acérquese al mesón de atención, o reserve una nueva hora en línea.',
      },
      ALREADY_CHECKED_IN: {
        title: 'Esta reserva ya registró su llegada',
        action: 'Ya tiene su número: espere su llamado en la pantalla. Si lo perdió, acérquese al mesón de atención.',
      },
      BOOKING_NOT_ACTIVE: {
        title: 'Esta reserva ya no está vigente',
        action: 'Fue anulada o ya fue atendida. Reserve una nueva hora en línea o acérquese al mesón de atención.',
      },
      WALK_IN_CAP_REACHED: {
        title: 'Se acabaron los números de hoy para este trámite',
        action: 'Puede reservar una hora en línea, o volver otro día, temprano.',
      },
      OFFICE_CLOSED: {
        title: 'La oficina está cerrada en este momento',
        action: 'Vuelva dentro del horario de atención.',
      },
      SERVICE_NOT_AVAILABLE: {
        title: 'Este trámite no se atiende sin reserva',
        action: 'Reserve una hora en línea o pregunte en el mesón de atención.',
      },
      RATE_LIMITED: {
        title: 'Hay muchas solicitudes en este momento',
        action: 'Espere un minuto e inténtelo de nuevo.',
      },
      SURVEY_ALREADY_ANSWERED: {
        title: 'Este número ya fue evaluado',
        action: 'Cada atención se evalúa una sola vez. ¡Gracias!',
      },
      SURVEY_NOT_AVAILABLE: {
        title: 'Aún no puede evaluar esta atención',
        action: 'Podrá hacerlo cuando termine su trámite en el módulo.',
      },
      SURVEY_EXPIRED: {
        title: 'Ya pasó el plazo para evaluar esta atención',
        action: 'Las atenciones se evalúan dentro de los 7 días siguientes.',
      },
      TICKET_NOT_FOUND: {
        title: 'No reconocemos este número',
        action: 'Acerque el código QR impreso en su número de atención.',
      },
      GENERIC: {
        title: 'No pudimos completar su solicitud',
        action: 'Inténtelo de nuevo. Si el problema sigue, pida ayuda en el mesón de atención.',
      },
    },
  },
};

export type Messages = typeof es;
