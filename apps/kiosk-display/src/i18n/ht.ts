import type { Messages } from './es.js';

/** Haitian Creole, for the kiosk (a large share of the migration offices' applicants). */
export const ht: Messages = {
  common: {
    language: 'Lang',
    missingOffice: 'Biwo a manke: louvri paj sa a avèk ?office=<idantifyan biwo a>.',
    unknownOffice: 'Biwo sa a pa egziste. Verifye adrès ki konfigire sou aparèy sa a (?office=…).',
    connecting: 'N ap konekte…',
    connected: 'Sou liy',
    reconnecting: 'Pa gen koneksyon',
    refused: 'Nou pa t ka konekte ({{error}}).',
  },
  display: {
    title: 'Apèl yo',
    calling: 'N ap rele',
    goTo: 'Ale nan',
    previous: 'Apèl anvan yo',
    waiting: 'Moun k ap tann:',
    counter: 'Guichè',
    number: 'Nimewo',
    noCalls: 'Poko gen apèl.',
    offline: 'Pa gen koneksyon: n ap eseye ankò…',
    soundHint: 'Touche ekran an pou mete son an',
    announcement: 'Nimewo {{number}}, {{counter}}',
    recallAnnouncement: 'Yo rele ankò: nimewo {{number}}, {{counter}}',
    clock: 'Lè kounye a',
  },
  kiosk: {
    title: 'Pran nimewo ou',
    intro: 'Touche ekran an pou w chwazi.',
    services: 'Demach yo',
    loadError: 'Nou pa t ka chaje demach yo. Mande èd nan kontwa akèy la.',
    start: {
      haveBooking: 'Mwen gen yon randevou',
      haveBookingHint: 'Tape kòd randevou w la',
      noBooking: 'Mwen pa gen randevou',
      noBookingHint: 'Pran yon nimewo pou yon demach san randevou',
      scanHint: 'Ou gen kòd QR randevou w la? Mete l devan lektè a. Yo fin sèvi w? Mete kòd QR nimewo w la devan lektè a pou evalye sèvis la.',
    },
    code: {
      title: 'Tape kòd randevou w la',
      hint: 'Se 9 lèt ak chif, pa egzanp K7M-4QX-9PT. W ap jwenn li sou resi a oswa nan imèl randevou a.',
      label: 'Kòd randevou',
      keyboard: 'Klavye',
      delete: 'Efase',
      clear: 'Efase tout',
      submit: 'Kontinye',
      incomplete: 'Manke {{missing}} karaktè ankò.',
    },
    servicesScreen: {
      title: 'Chwazi demach ou a',
      hint: 'Demach yo fè san randevou, dapre lòd moun yo rive.',
      none: 'Jodi a, biwo sa a pa fè okenn demach san randevou. Pran yon randevou sou entènèt oswa mande nan kontwa akèy la.',
    },
    preferential: {
      title: 'Èske w bezwen atansyon priyorite?',
      explanation: 'Dapre lalwa, moun ki gen 60 an oswa plis, moun ki gen yon andikap ak fanm ansent gen dwa pou yo sèvi yo an priyorite. Yo rele yo anvan, san yo pa pèdi plas yo.',
      yes: 'Wi, atansyon priyorite',
      no: 'Non, atansyon nòmal',
      service: 'Demach: {{service}}',
    },
    busy: 'Tann yon ti moman, tanpri…',
    ticket: {
      title: 'Nimewo ou se',
      service: 'Demach',
      preferential: 'Atansyon priyorite',
      appointment: 'Randevou a {{time}}',
      wait: 'Tan pou w tann: anviwon {{minutes}} minit',
      waitSoon: 'Y ap rele w nan kèk minit',
      waitUnknown: 'N ap rele w sou ekran an',
      printing: 'Pran tikè enprime w la.',
      watchScreen: 'Tann yo rele nimewo w sou ekran an.',
      follow: 'Swiv tou w sou telefòn ou',
      qr: 'Kòd QR pou swiv tou w sou telefòn ou',
      issuedAt: 'Bay a {{time}}',
      done: 'Fini',
    },
    rating: {
      title: 'Kijan yo te sèvi w?',
      hint: 'Touche yon chwa. Repons ou an pa gen non ou, epi li ede nou amelyore.',
      labels: { 1: 'Trè move', 2: 'Move', 3: 'Mwayen', 4: 'Bon', 5: 'Trè bon' },
      thanks: 'Mèsi pou opinyon ou!',
      thanksHint: 'Biwo a li repons sa yo pou l amelyore sèvis la.',
    },
    back: 'Retounen',
    home: 'Retounen nan kòmansman',
    retry: 'Eseye ankò',
    countdown: 'N ap retounen nan kòmansman nan {{seconds}} s',
    errors: {
      BOOKING_NOT_FOUND: {
        title: 'Nou pa jwenn randevou sa a',
        action: 'Verifye kòd ki sou resi a oswa nan imèl ou a, epi eseye ankò. Si pwoblèm nan kontinye, ale nan kontwa akèy la.',
      },
      INVALID_CODE: {
        title: 'Kòd sa a pa bon',
        action: 'Kòd la gen 9 lèt ak chif, pa egzanp K7M-4QX-9PT. Verifye l epi eseye ankò.',
      },
      TOO_EARLY: {
        title: 'Li twò bonè pou w anrejistre arive w',
        action: 'Randevou w la se {{date}} a {{time}}. Ou ka anrejistre arive w apati {{from}}.',
      },
      TOO_LATE: {
        title: 'Lè pou w anrejistre arive w la pase',
        action: 'Randevou w la te a {{time}}. Ale nan kontwa akèy la, oswa pran yon nouvo randevou sou entènèt.',
      },
      ALREADY_CHECKED_IN: {
        title: 'Randevou sa a deja anrejistre',
        action: 'Ou deja gen nimewo w: tann yo rele w sou ekran an. Si w pèdi l, ale nan kontwa akèy la.',
      },
      BOOKING_NOT_ACTIVE: {
        title: 'Randevou sa a pa valab ankò',
        action: 'Yo anile l, oswa yo te deja sèvi w. Pran yon nouvo randevou sou entènèt oswa ale nan kontwa akèy la.',
      },
      WALK_IN_CAP_REACHED: {
        title: 'Pa gen nimewo ankò jodi a pou demach sa a',
        action: 'Ou ka pran yon randevou sou entènèt, oswa tounen yon lòt jou, bonè.',
      },
      OFFICE_CLOSED: {
        title: 'Biwo a fèmen kounye a',
        action: 'Tanpri tounen pandan lè biwo a ouvè.',
      },
      SERVICE_NOT_AVAILABLE: {
        title: 'Demach sa a mande yon randevou',
        action: 'Pran yon randevou sou entènèt oswa mande nan kontwa akèy la.',
      },
      RATE_LIMITED: {
        title: 'Gen twòp demann kounye a',
        action: 'Tann yon minit epi eseye ankò.',
      },
      SURVEY_ALREADY_ANSWERED: {
        title: 'Yo deja evalye nimewo sa a',
        action: 'Chak sèvis evalye yon sèl fwa. Mèsi!',
      },
      SURVEY_NOT_AVAILABLE: {
        title: 'Ou poko ka evalye sèvis sa a',
        action: 'W ap ka fè l lè demach ou fini nan kontwa a.',
      },
      SURVEY_EXPIRED: {
        title: 'Delè pou evalye sèvis sa a pase',
        action: 'Ou ka evalye yon sèvis nan 7 jou apre.',
      },
      TICKET_NOT_FOUND: {
        title: 'Nou pa rekonèt nimewo sa a',
        action: 'Mete kòd QR ki enprime sou nimewo ou a devan lektè a.',
      },
      GENERIC: {
        title: 'Nou pa t ka fini demann ou an',
        action: 'Eseye ankò. Si pwoblèm nan kontinye, mande èd nan kontwa akèy la.',
      },
    },
  },
};
