import { createApiClient } from '@turnero/api-client';

/** This app's one API client (same origin; the kiosk and the screen never log in). */
export const api = createApiClient();
