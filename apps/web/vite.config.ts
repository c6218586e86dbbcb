import { defineConfig } from 'vite';
import { frontEndConfig } from '../../tools/vite-front-end.js';

/** Applicants' booking site and staff console: one SPA at `/` (create-app.ts falls back to index.html). */
export default defineConfig(({ command }) => frontEndConfig({ app: 'web', base: '/', pages: { index: 'index.html' }, port: 4200 }, command));
