import { defineConfig } from 'vite';
import { frontEndConfig } from '../../tools/vite-front-end.js';

/**
 * Two pages: the waiting-room screen (`/display?office=<id>`, display.html) and the self-service
 * kiosk (`/kiosk?office=<id>`, kiosk.html). Built assets are served under /display/assets/.
 */
export default defineConfig(({ command }) =>
  frontEndConfig({ app: 'kiosk-display', base: '/display/', pages: { display: 'display.html', kiosk: 'kiosk.html' }, port: 4300 }, command),
);
