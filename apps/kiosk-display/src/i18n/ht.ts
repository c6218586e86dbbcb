import type { Messages } from './es.js';

/** Haitian Creole, for the kiosk (a large share of the migration offices' applicants). */
export const ht: Messages = {
  common: {
    language: 'Lang',
    missingOffice: 'Biwo a manke: louvri paj sa a avèk ?office=<idantifyan biwo a>.',
    connecting: 'N ap konekte…',
    connected: 'Sou liy',
    reconnecting: 'N ap rekonekte…',
    refused: 'Nou pa t ka konekte ({{error}}).',
  },
  display: {
    title: 'Apèl yo',
    waiting: 'Moun k ap tann: {{count}}',
    counter: 'Guichè',
    number: 'Nimewo',
    noCalls: 'Poko gen apèl.',
  },
  kiosk: {
    title: 'Pran nimewo ou',
    intro: 'Touche demach ou vin fè a.',
    services: 'Demach yo',
    loadError: 'Nou pa t ka chaje demach yo. Mande èd nan kontwa a.',
  },
};
