import { unwrap } from '@turnero/api-client';
import { ServerClock } from '@turnero/ui';
import { api } from './api.js';

/** The office's clock for this app: the API's (GET /api/v1/time), never the browser's (docs/frontend.md). */
export const serverClock = new ServerClock({ fetchNow: async () => (await unwrap(api.GET('/api/v1/time'))).now });
