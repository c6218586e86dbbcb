import type { Messages } from './es.js';

export const en: Messages = {
  app: {
    title: 'Turnero',
    loading: 'Loading…',
  },
};
