import { unwrap } from '@turnero/api-client';
import { ServerClock } from '@turnero/ui';
import { api } from './api.js';

/**
 * The office's clock for the display and the kiosk: the API's (GET /api/v1/time), so a TV or kiosk
 * whose own clock or time zone is wrong still shows the office's time (docs/frontend.md).
 */
export const serverClock = new ServerClock({ fetchNow: async () => (await unwrap(api.GET('/api/v1/time'))).now });
