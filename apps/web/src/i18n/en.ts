import type { Messages } from './es.js';

export const en: Messages = {
  app: {
    title: 'Turnero',
    tagline: 'Book an appointment at public offices.',
    language: 'Language',
    offices: 'Offices',
    loading: 'Loading…',
    loadError: 'We could not load the offices. Please try again in a moment.',
    noOffices: 'No offices are available yet.',
    apiDocs: 'API documentation',
  },
};
