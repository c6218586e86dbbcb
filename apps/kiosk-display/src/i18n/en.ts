import type { Messages } from './es.js';

export const en: Messages = {
  common: {
    language: 'Language',
    missingOffice: 'The office is missing: open this page with ?office=<office id>.',
    connecting: 'Connecting…',
    connected: 'Online',
    reconnecting: 'Reconnecting…',
    refused: 'Could not connect ({{error}}).',
  },
  display: {
    title: 'Now serving',
    waiting: 'People waiting: {{count}}',
    counter: 'Counter',
    number: 'Number',
    noCalls: 'No calls yet.',
  },
  kiosk: {
    title: 'Get your number',
    intro: 'Tap the procedure you came for.',
    services: 'Procedures',
    loadError: 'We could not load the procedures. Please ask at the front desk.',
  },
};
